// Furigana markup {base|reading} (docs/japanese-text.md, "Furigana").
#include "madoguchi/text/ruby.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace madoguchi::text {
namespace {

using Readings = std::vector<Reading>;

TEST(Ruby, SplitsBasesFromTheirReadings) {
  const RubyText parsed = parse_ruby("{住民票|じゅうみんひょう}の{写|うつ}し");
  EXPECT_EQ(parsed.plain, "住民票の写し");
  EXPECT_EQ(parsed.rubies, (Readings{{0, 9, "じゅうみんひょう"}, {12, 15, "うつ"}}));
}

TEST(Ruby, PlainTextHasNoReadings) {
  EXPECT_EQ(parse_ruby("").plain, "");
  EXPECT_TRUE(parse_ruby("住民票の写し").rubies.empty());
  EXPECT_EQ(parse_ruby("住民票の写し").plain, "住民票の写し");
}

TEST(Ruby, KeepsWhatIsNotMarkupAsWritten) {
  // A placeholder, a brace without a reading, an empty base or reading: the rest is plain.
  EXPECT_EQ(parse_ruby("{count}通").plain, "{count}通");
  EXPECT_EQ(parse_ruby("{|よみ}と{漢字|かんじ}").plain, "{|よみ}と{漢字|かんじ}");
  EXPECT_EQ(parse_ruby("{漢字|}").plain, "{漢字|}");
  EXPECT_EQ(parse_ruby("{漢字|かんじ").plain, "{漢字|かんじ");
  const RubyText after = parse_ruby("{漢字|かんじ}と{name}");
  EXPECT_EQ(after.plain, "漢字と{name}");
  EXPECT_EQ(after.rubies.size(), 1u);
}

TEST(Ruby, StripGivesTheBaseText) {
  EXPECT_EQ(strip_ruby("{手数料|てすうりょう}は300{円|えん}です"), "手数料は300円です");
  EXPECT_EQ(strip_ruby("𠮷野"), "𠮷野");
}

}  // namespace
}  // namespace madoguchi::text
