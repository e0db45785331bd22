// Furigana markup in labels: ｜base《reading》 (docs/japanese-text.md).
#include "madoguchi/forms/ruby.hpp"

#include <gtest/gtest.h>

#include <ostream>

namespace madoguchi::forms {

void PrintTo(const RubySegment& segment, std::ostream* out) {
  *out << "{" << segment.base << "|" << segment.reading << "}";
}

namespace {

using Segments = std::vector<RubySegment>;

std::string error_of(std::string_view text) {
  const auto parsed = parse_ruby(text);
  return parsed ? "(parsed)" : parsed.error().message;
}

TEST(ParseRuby, ExplicitBase) {
  EXPECT_EQ(parse_ruby("｜住民票《じゅうみんひょう》の写し"),
            (Segments{{"住民票", "じゅうみんひょう"}, {"の写し", ""}}));
  EXPECT_EQ(parse_ruby("|住民票《じゅうみんひょう》の写し"),
            (Segments{{"住民票", "じゅうみんひょう"}, {"の写し", ""}}));
  EXPECT_EQ(parse_ruby("お｜ＡＴＭ《エーティーエム》で"),
            (Segments{{"お", ""}, {"ＡＴＭ", "エーティーエム"}, {"で", ""}}));
  // ｜ splits a run of kanji: only 写 gets the reading.
  EXPECT_EQ(parse_ruby("住民票｜写《うつ》し"),
            (Segments{{"住民票", ""}, {"写", "うつ"}, {"し", ""}}));
}

TEST(ParseRuby, ImplicitBaseIsTheRunOfKanjiBeforeTheReading) {
  EXPECT_EQ(parse_ruby("住民票《じゅうみんひょう》の写《うつ》し"),
            (Segments{{"住民票", "じゅうみんひょう"}, {"の", ""}, {"写", "うつ"}, {"し", ""}}));
  EXPECT_EQ(parse_ruby("この佐々木《ささき》さん"),
            (Segments{{"この", ""}, {"佐々木", "ささき"}, {"さん", ""}}));
  EXPECT_EQ(parse_ruby("𠮷野《よしの》"), (Segments{{"𠮷野", "よしの"}}));
  EXPECT_EQ(parse_ruby("葛\U000E0100城《かつらぎ》"), (Segments{{"葛\U000E0100城", "かつらぎ"}}));
}

TEST(ParseRuby, PlainTextAndEscapes) {
  EXPECT_EQ(parse_ruby(""), Segments{});
  EXPECT_EQ(parse_ruby("住民票の写し"), (Segments{{"住民票の写し", ""}}));
  EXPECT_EQ(parse_ruby("《《重要》》"), (Segments{{"《重要》", ""}}));
  EXPECT_EQ(parse_ruby("A||B｜｜C"), (Segments{{"A|B｜C", ""}}));
  EXPECT_EQ(parse_ruby("《《注》》｜注意《ちゅうい》"),
            (Segments{{"《注》", ""}, {"注意", "ちゅうい"}}));
  EXPECT_EQ(parse_ruby("一行目\n二行目《にぎょうめ》"),
            (Segments{{"一行目\n", ""}, {"二行目", "にぎょうめ"}}));
}

TEST(ParseRuby, ExplainsUnbalancedMarkup) {
  EXPECT_EQ(error_of("住民票《じゅうみんひょう"), "character 4: 《 is not closed by 》");
  EXPECT_EQ(error_of("住民票じゅうみんひょう》"),
            "character 12: 》 has no 《 before it (write 》》 for the mark itself)");
  EXPECT_EQ(error_of("住民票《じゅう《みんひょう》"),
            "character 8: 《 inside the reading that starts at character 4 (is the 》 missing?)");
  EXPECT_EQ(error_of("住民票《じゅう\nみん》"),
            "character 8: a line break inside the reading that starts at character 4 (is the 》 "
            "missing?)");
  EXPECT_EQ(error_of("｜住民票の写し"), "character 1: ｜ is not followed by a 《reading》");
  EXPECT_EQ(error_of("｜住民票\n《じゅうみんひょう》"),
            "character 1: ｜ is not followed by a 《reading》 on its line");
  EXPECT_EQ(error_of("｜住民｜票《ひょう》"),
            "character 4: ｜ comes before the 《reading》 of the ｜ at character 1 (write ｜｜ for "
            "the mark itself)");
  EXPECT_EQ(error_of("住民票《》"), "character 4: 《》 has no reading in it");
  EXPECT_EQ(error_of("｜《かな》"), "character 1: there is no text between ｜ and 《");
  EXPECT_EQ(error_of("ATM《エーティーエム》"),
            "character 4: 《reading》 has no kanji right before it; mark where its text begins "
            "with ｜, as in ｜ＡＴＭ《エーティーエム》");
  EXPECT_EQ(error_of("A|B"), "character 2: | is not followed by a 《reading》");
  const auto parsed = parse_ruby("住民票《");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().character, 4u);
}

TEST(StripRuby, KeepsTheBaseText) {
  EXPECT_EQ(strip_ruby("｜住民票《じゅうみんひょう》の写し"), "住民票の写し");
  EXPECT_EQ(strip_ruby("住民票《じゅうみんひょう》の写《うつ》し"), "住民票の写し");
  EXPECT_EQ(strip_ruby("《《重要》》"), "《重要》");
  EXPECT_EQ(strip_ruby(""), "");
  EXPECT_FALSE(strip_ruby("住民票《"));
  EXPECT_EQ(strip_ruby("住民票》").error().message,
            "character 4: 》 has no 《 before it (write 》》 for the mark itself)");
}

TEST(RubyInParentheses, PutsTheReadingAfterItsBase) {
  EXPECT_EQ(ruby_in_parentheses("｜住民票《じゅうみんひょう》の写し"),
            "住民票（じゅうみんひょう）の写し");
  EXPECT_EQ(ruby_in_parentheses("印鑑登録証明書"), "印鑑登録証明書");
}

}  // namespace
}  // namespace madoguchi::forms
