// Line breaking with kinsoku, and shrink-to-fit, as pure functions.
#include "madoguchi/printer/text_layout.hpp"

#include <gtest/gtest.h>

#include <random>

namespace madoguchi::printer {
namespace {

// Full-width characters are 1 wide, ASCII half width, like BIZ UD Gothic (in ems).
double em(char32_t c) { return c < 0x80 ? 0.5 : 1.0; }

std::vector<std::string> lines(std::u32string_view text, double max_width) {
  std::vector<std::string> out;
  for (const auto& line : break_lines(text, max_width, em)) out.push_back(encode_utf8(line));
  return out;
}

using Lines = std::vector<std::string>;

TEST(Utf8, RoundTripsJapaneseAndSupplementaryCharacters) {
  const std::string text = "髙﨑 𠮷野家 ＡＢＣ１２３";
  const auto decoded = decode_utf8(text);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->size(), 13u);
  EXPECT_EQ((*decoded)[0], U'\u9AD9');
  EXPECT_EQ((*decoded)[1], U'\uFA11');
  EXPECT_EQ((*decoded)[3], U'\U00020BB7');
  EXPECT_EQ(encode_utf8(*decoded), text);
  EXPECT_EQ(code_point_name(U'\U00020BB7'), "U+20BB7");
  EXPECT_EQ(code_point_name(U'あ'), "U+3042");
}

TEST(Utf8, RejectsMalformedInputWithItsOffset) {
  std::size_t offset = 99;
  EXPECT_FALSE(decode_utf8("ab\xC0\xAF", &offset));  // overlong "/"
  EXPECT_EQ(offset, 2u);
  EXPECT_FALSE(decode_utf8("\xED\xA0\x80"));         // a surrogate
  EXPECT_FALSE(decode_utf8("\xF4\x90\x80\x80"));     // above U+10FFFF
  EXPECT_FALSE(decode_utf8("あ\xE3\x81", &offset));  // truncated
  EXPECT_EQ(offset, 3u);
  EXPECT_FALSE(decode_utf8("\x80"));
  EXPECT_TRUE(decode_utf8(""));
}

TEST(Kinsoku, KnowsTheProhibitedCharacters) {
  for (const char32_t c : std::u32string_view(U"、。）」』ーゃュっァ々？！・")) {
    EXPECT_TRUE(is_line_start_prohibited(c)) << code_point_name(c);
  }
  for (const char32_t c : std::u32string_view(U"（「『【〔")) {
    EXPECT_TRUE(is_line_end_prohibited(c)) << code_point_name(c);
  }
  for (const char32_t c : std::u32string_view(U"あア漢Ａ１")) {
    EXPECT_FALSE(is_line_start_prohibited(c)) << code_point_name(c);
    EXPECT_FALSE(is_line_end_prohibited(c)) << code_point_name(c);
  }
}

TEST(BreakLines, KeepsTextThatFitsOnOneLine) {
  EXPECT_EQ(lines(U"東京都千代田区", 7), Lines{"東京都千代田区"});
  EXPECT_EQ(lines(U"", 7), Lines{""});
}

TEST(BreakLines, BreaksJapaneseAnywhereWhenNoRuleApplies) {
  EXPECT_EQ(lines(U"あいうえおかきくけこさし", 5), (Lines{"あいうえお", "かきくけこ", "さし"}));
}

TEST(BreakLines, PushesTheLastCharacterDownRatherThanStartALineWithPunctuation) {
  // 。 would start line 2: お goes down with it (追い出し).
  EXPECT_EQ(lines(U"あいうえお。かきく", 5), (Lines{"あいうえ", "お。かきく"}));
  // Several closing marks in a row move together.
  EXPECT_EQ(lines(U"あいう「えお」。かき", 6), (Lines{"あいう「え", "お」。かき"}));
}

TEST(BreakLines, DoesNotSplitSmallKanaOrTheLongVowelMark) {
  EXPECT_EQ(lines(U"あいうきゃ", 4), (Lines{"あいう", "きゃ"}));
  for (const auto& line : break_lines(U"コンピューターとプリンター", 3, em)) {
    EXPECT_FALSE(is_line_start_prohibited(line.front())) << encode_utf8(line);
  }
}

TEST(BreakLines, NeverEndsALineWithAnOpeningBracket) {
  EXPECT_EQ(lines(U"あいう「えお」", 4), (Lines{"あいう", "「えお」"}));
}

TEST(BreakLines, KeepsNumbersAndWordsTogether) {
  EXPECT_EQ(lines(U"電話03-1234-5678です", 6), (Lines{"電話", "03-1234-5678", "です"}));
  EXPECT_EQ(lines(U"千代田１－２－３番地", 7), (Lines{"千代田", "１－２－３番地"}));
  EXPECT_EQ(lines(U"TAKASAKI TARO", 5), (Lines{"TAKASAKI", "TARO"}));
}

TEST(BreakLines, SplitsAWordLongerThanTheLine) {
  EXPECT_EQ(lines(U"ABCDEFGHIJ", 2), (Lines{"ABCD", "EFGH", "IJ"}));
}

TEST(BreakLines, DropsSpacesAtASoftBreakOnly) {
  EXPECT_EQ(lines(U"AB CD", 1), (Lines{"AB", "CD"}));
  EXPECT_EQ(lines(U"AB CD", 10), (Lines{"AB CD"}));
  // The ideographic space separates too: it goes at a soft break, stays inside a line.
  EXPECT_EQ(lines(U"髙﨑　太郎", 3), (Lines{"髙﨑", "太郎"}));
  EXPECT_EQ(lines(U"髙﨑　太郎", 5), (Lines{"髙﨑　太郎"}));
  EXPECT_EQ(lines(U"　字下げ", 5), (Lines{"　字下げ"}));
}

TEST(BreakLines, PrefersBreakingAtASpaceWhenTheLineStaysHalfFull) {
  // Between street and building, not inside the building's name.
  EXPECT_EQ(lines(U"千代田区千代田１－１　ＡＢＣマンション１０１号室", 20),
            (Lines{"千代田区千代田１－１", "ＡＢＣマンション１０１号室"}));
  // A space early in the line would leave it mostly empty: break where it overflows instead.
  EXPECT_EQ(lines(U"東京　千代田区千代田一丁目", 8), (Lines{"東京　千代田区千", "代田一丁目"}));
}

TEST(BreakLines, HonoursNewlines) {
  EXPECT_EQ(lines(U"あ\nい", 10), (Lines{"あ", "い"}));
  EXPECT_EQ(lines(U"あ\n\nい", 10), (Lines{"あ", "", "い"}));
}

TEST(BreakLines, GivesACharacterWiderThanTheLineALineOfItsOwn) {
  EXPECT_EQ(lines(U"あい", 0.5), (Lines{"あ", "い"}));
}

// Property: on random Japanese text with punctuation and brackets, lines are never too wide,
// never start or end with a prohibited character, and together give back the text.
TEST(BreakLines, RandomTextKeepsEveryRule) {
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

TEST(FitText, KeepsTheRequestedSizeWhenTheTextFits) {
  const auto fitted =
      fit_text(U"あいうえお", {.width_pt = 100, .height_pt = 20, .size_pt = 12}, em);
  ASSERT_TRUE(fitted);
  EXPECT_DOUBLE_EQ(fitted->size_pt, 12);
  EXPECT_EQ(fitted->lines.size(), 1u);
  EXPECT_DOUBLE_EQ(fitted->block_height_pt, 12);
}

TEST(FitText, ShrinksUntilOneLineFits) {
  // 20 characters: 240 pt at 12 pt, 200 pt at 10 pt; the box takes one line only.
  const std::u32string text(20, U'漢');
  const auto fitted =
      fit_text(text, {.width_pt = 200, .height_pt = 15, .size_pt = 12, .min_size_pt = 8}, em);
  ASSERT_TRUE(fitted);
  EXPECT_DOUBLE_EQ(fitted->size_pt, 10);
  EXPECT_EQ(fitted->lines.size(), 1u);
}

TEST(FitText, UsesSeveralLinesWhenTheHeightAllows) {
  const std::u32string text(20, U'漢');
  const auto fitted = fit_text(text, {.width_pt = 200, .height_pt = 40, .size_pt = 12}, em);
  ASSERT_TRUE(fitted);
  EXPECT_DOUBLE_EQ(fitted->size_pt, 12);
  ASSERT_EQ(fitted->lines.size(), 2u);
  EXPECT_DOUBLE_EQ(fitted->block_height_pt, 12 + 12 * 1.25);
}

TEST(FitText, ShrinksRatherThanExceedMaxLines) {
  const std::u32string text(20, U'漢');
  const auto fitted = fit_text(
      text, {.width_pt = 200, .height_pt = 40, .size_pt = 12, .min_size_pt = 8, .max_lines = 1},
      em);
  ASSERT_TRUE(fitted);
  EXPECT_DOUBLE_EQ(fitted->size_pt, 10);
}

TEST(FitText, GivesUpBelowTheMinimumSize) {
  const std::u32string text(40, U'漢');
  EXPECT_FALSE(
      fit_text(text, {.width_pt = 200, .height_pt = 15, .size_pt = 12, .min_size_pt = 9}, em));
  // The minimum itself is tried even when it is not a whole step below the size.
  const std::u32string twenty_two(22, U'漢');  // 9.09 pt wide each at 200 pt
  EXPECT_FALSE(fit_text(twenty_two,
                        {.width_pt = 200, .height_pt = 15, .size_pt = 12, .min_size_pt = 9.2}, em));
  const auto at_min = fit_text(
      twenty_two, {.width_pt = 200, .height_pt = 15, .size_pt = 12, .min_size_pt = 9.05}, em);
  ASSERT_TRUE(at_min);
  EXPECT_DOUBLE_EQ(at_min->size_pt, 9.05);
}

}  // namespace
}  // namespace madoguchi::printer
