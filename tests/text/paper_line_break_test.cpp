// The line-breaking cases the printed forms were written against (they were the printer's own
// breaker's tests before text/ held the one breaker): the paper must keep breaking this way.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "madoguchi/text/line_break.hpp"
#include "madoguchi/text/utf8.hpp"

namespace madoguchi::text {
namespace {

// Full-width characters are 1 wide, ASCII half width, like BIZ UD Gothic (in ems).
double em(char32_t c) { return c < 0x80 ? 0.5 : 1.0; }

double line_width(std::u32string_view line, const MeasureFunction& width) {
  double total = 0;
  for (const char32_t c : line) total += width(c);
  return total;
}

std::vector<std::string> lines(std::u32string_view text, double max_width) {
  std::vector<std::string> out;
  for (const auto& line : break_lines(text, max_width, em)) out.push_back(encode_utf8(line));
  return out;
}

using Lines = std::vector<std::string>;

TEST(PaperKinsoku, KnowsTheProhibitedCharacters) {
  for (const char32_t c : std::u32string_view(U"、。）」』ーゃュっァ々？！・")) {
    EXPECT_TRUE(is_line_start_prohibited(c)) << encode_utf8(c);
  }
  for (const char32_t c : std::u32string_view(U"（「『【〔")) {
    EXPECT_TRUE(is_line_end_prohibited(c)) << encode_utf8(c);
  }
  for (const char32_t c : std::u32string_view(U"あア漢Ａ１")) {
    EXPECT_FALSE(is_line_start_prohibited(c)) << encode_utf8(c);
    EXPECT_FALSE(is_line_end_prohibited(c)) << encode_utf8(c);
  }
}

TEST(PaperBreakLines, KeepsTextThatFitsOnOneLine) {
  EXPECT_EQ(lines(U"東京都千代田区", 7), Lines{"東京都千代田区"});
  EXPECT_EQ(lines(U"", 7), Lines{""});
}

TEST(PaperBreakLines, BreaksJapaneseAnywhereWhenNoRuleApplies) {
  EXPECT_EQ(lines(U"あいうえおかきくけこさし", 5), (Lines{"あいうえお", "かきくけこ", "さし"}));
}

TEST(PaperBreakLines, PushesTheLastCharacterDownRatherThanStartALineWithPunctuation) {
  // 。 would start line 2: お goes down with it (追い出し).
  EXPECT_EQ(lines(U"あいうえお。かきく", 5), (Lines{"あいうえ", "お。かきく"}));
  // Several closing marks in a row move together.
  EXPECT_EQ(lines(U"あいう「えお」。かき", 6), (Lines{"あいう「え", "お」。かき"}));
}

TEST(PaperBreakLines, DoesNotSplitSmallKanaOrTheLongVowelMark) {
  EXPECT_EQ(lines(U"あいうきゃ", 4), (Lines{"あいう", "きゃ"}));
  for (const auto& line : break_lines(U"コンピューターとプリンター", 3, em)) {
    EXPECT_FALSE(is_line_start_prohibited(line.front())) << encode_utf8(line);
  }
}

TEST(PaperBreakLines, NeverEndsALineWithAnOpeningBracket) {
  EXPECT_EQ(lines(U"あいう「えお」", 4), (Lines{"あいう", "「えお」"}));
}

TEST(PaperBreakLines, KeepsNumbersAndWordsTogether) {
  EXPECT_EQ(lines(U"電話03-1234-5678です", 6), (Lines{"電話", "03-1234-5678", "です"}));
  EXPECT_EQ(lines(U"千代田１－２－３番地", 7), (Lines{"千代田", "１－２－３番地"}));
  EXPECT_EQ(lines(U"TAKASAKI TARO", 5), (Lines{"TAKASAKI", "TARO"}));
}

TEST(PaperBreakLines, SplitsAWordLongerThanTheLine) {
  EXPECT_EQ(lines(U"ABCDEFGHIJ", 2), (Lines{"ABCD", "EFGH", "IJ"}));
}

TEST(PaperBreakLines, DropsSpacesAtASoftBreakOnly) {
  EXPECT_EQ(lines(U"AB CD", 1), (Lines{"AB", "CD"}));
  EXPECT_EQ(lines(U"AB CD", 10), (Lines{"AB CD"}));
  // The ideographic space separates too: it goes at a soft break, stays inside a line.
  EXPECT_EQ(lines(U"髙﨑　太郎", 3), (Lines{"髙﨑", "太郎"}));
  EXPECT_EQ(lines(U"髙﨑　太郎", 5), (Lines{"髙﨑　太郎"}));
  EXPECT_EQ(lines(U"　字下げ", 5), (Lines{"　字下げ"}));
}

TEST(PaperBreakLines, PrefersBreakingAtASpaceWhenTheLineStaysHalfFull) {
  // Between street and building, not inside the building's name.
  EXPECT_EQ(lines(U"千代田区千代田１－１　ＡＢＣマンション１０１号室", 20),
            (Lines{"千代田区千代田１－１", "ＡＢＣマンション１０１号室"}));
  // A space early in the line would leave it mostly empty: break where it overflows instead.
  EXPECT_EQ(lines(U"東京　千代田区千代田一丁目", 8), (Lines{"東京　千代田区千", "代田一丁目"}));
}

TEST(PaperBreakLines, HonoursNewlines) {
  EXPECT_EQ(lines(U"あ\nい", 10), (Lines{"あ", "い"}));
  EXPECT_EQ(lines(U"あ\n\nい", 10), (Lines{"あ", "", "い"}));
}

TEST(PaperBreakLines, GivesACharacterWiderThanTheLineALineOfItsOwn) {
  EXPECT_EQ(lines(U"あい", 0.5), (Lines{"あ", "い"}));
}

// Property: on random Japanese text with punctuation and brackets, lines are never too wide,
// never start or end with a prohibited character, and together give back the text.
TEST(PaperBreakLines, RandomTextKeepsEveryRule) {
  const std::u32string base = U"あいうえお漢字仮名東京都千代田区カタコンピタ";
  const std::u32string closing = U"、。」）ーゃっ";
  const std::u32string opening = U"「（";
  std::mt19937 random(20250401);
  for (int round = 0; round < 500; ++round) {
    std::u32string text;
    const int tokens = 1 + static_cast<int>(random() % 40);
    for (int t = 0; t < tokens; ++t) {
      if (random() % 6 == 0) text += opening[random() % opening.size()];
      text += base[random() % base.size()];
      if (random() % 3 == 0) text += closing[random() % closing.size()];
    }
    const double width = 4 + static_cast<double>(random() % 20);
    const auto broken = break_lines(text, width, em);
    std::u32string joined;
    for (std::size_t i = 0; i < broken.size(); ++i) {
      const auto& line = broken[i];
      SCOPED_TRACE(encode_utf8(text) + " at width " + std::to_string(width));
      ASSERT_FALSE(line.empty());
      EXPECT_LE(line_width(line, em), width);
      if (i > 0) {
        EXPECT_FALSE(is_line_start_prohibited(line.front())) << encode_utf8(line);
      }
      if (i + 1 < broken.size()) {
        EXPECT_FALSE(is_line_end_prohibited(line.back())) << encode_utf8(line);
      }
      joined += line;
    }
    EXPECT_EQ(encode_utf8(joined), encode_utf8(text));
  }
}

}  // namespace
}  // namespace madoguchi::text
