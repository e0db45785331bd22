// 禁則 line breaking (docs/japanese-text.md, "Line breaking").
#include "madoguchi/text/line_break.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "madoguchi/text/utf8.hpp"

namespace madoguchi::text {
namespace {

using Lines = std::vector<std::string>;

// Like the kiosk's font: ASCII and half-width katakana ½ em, combining marks and selectors
// nothing, ■ three ems (a glyph wider than any line in these tests), the rest 1 em.
double em_width(char32_t c) {
  if (c == U'■') return 3;
  if (c < 0x7F || (c >= 0xFF61 && c <= 0xFF9F)) return 0.5;
  if ((c >= 0x0300 && c <= 0x036F) || c == 0x3099 || c == 0x309A || c == 0x200D ||
      (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) {
    return 0;
  }
  return 1;
}

Lines wrap(std::string_view text, double width, LineBreakOptions options = {}) {
  return break_lines(text, width, em_width, options);
}

double width_of(std::u32string_view line) {
  double total = 0;
  for (const char32_t c : line) total += em_width(c);
  return total;
}

// Languages with spaces between words break at the spaces, never inside a word (issue 21):
// Portuguese with its accents, Vietnamese, Korean, Nepali, and a shaped word's glyphs. The
// space comes early in each line, where a break after it is not preferred by itself.
TEST(BreakLines, WordsOfTheOtherLanguagesOfTheScreensStayWhole) {
  EXPECT_EQ(wrap("a não", 2.5), (Lines{"a", "não"}));
  EXPECT_EQ(wrap("a chọn", 3), (Lines{"a", "chọn"}));
  EXPECT_EQ(wrap("가 나다라마", 4), (Lines{"가", "나다라마"}));
  EXPECT_EQ(wrap("क खगघङ", 4), (Lines{"क", "खगघङ"}));
  EXPECT_EQ(wrap("\uE001 \uE002\uE003\uE004\uE005", 4),
            (Lines{"\uE001", "\uE002\uE003\uE004\uE005"}));
  EXPECT_EQ(wrap("あいう×えお", 4), (Lines{"あいう×", "えお"})) << "× is not a letter";
}

TEST(BreakLines, FillsLinesGreedily) {
  EXPECT_EQ(wrap("あいうえおかきくけこさ", 5), (Lines{"あいうえお", "かきくけこ", "さ"}));
  EXPECT_EQ(wrap("あいう", 5), (Lines{"あいう"}));
  EXPECT_EQ(wrap("あいうえお", 5), (Lines{"あいうえお"}));
}

TEST(BreakLines, NewlinesAlwaysBreak) {
  EXPECT_EQ(wrap("あい\nう", 5), (Lines{"あい", "う"}));
  EXPECT_EQ(wrap("a\r\nb", 5), (Lines{"a", "b"}));
  EXPECT_EQ(wrap("\n", 5), (Lines{"", ""}));
  EXPECT_EQ(wrap("", 5), (Lines{""}));
  EXPECT_EQ(wrap("あ\n\nい", 5), (Lines{"あ", "", "い"}));
}

TEST(BreakLines, NoLineStartsWithClosingPunctuation) {
  // 追い出し: the character before 。 goes down with it.
  EXPECT_EQ(wrap("あいうえ。かき", 4), (Lines{"あいう", "え。かき"}));
  EXPECT_EQ(wrap("あいうえ」かき", 4), (Lines{"あいう", "え」かき"}));
  EXPECT_EQ(wrap("あいうえ、かき", 4), (Lines{"あいう", "え、かき"}));
  EXPECT_EQ(wrap("あいう）。かき", 4), (Lines{"あい", "う）。か", "き"}));
}

TEST(BreakLines, NoLineStartsWithSmallKanaProlongedSoundOrIterationMark) {
  EXPECT_EQ(wrap("きゃきゅきょ", 3), (Lines{"きゃ", "きゅ", "きょ"}));
  EXPECT_EQ(wrap("あいうスーパー", 4), (Lines{"あいう", "スーパー"}));
  EXPECT_EQ(wrap("あい佐々木", 3), (Lines{"あい", "佐々木"}));
  EXPECT_EQ(wrap("あいうっと", 3), (Lines{"あい", "うっと"}));
  EXPECT_EQ(wrap("あいう・え", 3), (Lines{"あい", "う・え"}));
  EXPECT_EQ(wrap("あいう％え", 3), (Lines{"あい", "う％え"}));
}

TEST(BreakLines, NoLineEndsWithAnOpeningBracket) {
  EXPECT_EQ(wrap("あいう「えお」", 4), (Lines{"あいう", "「えお」"}));
  EXPECT_EQ(wrap("あいう（えお）", 4), (Lines{"あいう", "（えお）"}));
  EXPECT_EQ(wrap("あいう￥100", 4), (Lines{"あいう", "￥100"}));
}

TEST(BreakLines, BurasageLetsOnePunctuationMarkHang) {
  const LineBreakOptions hang{.burasage = true};
  EXPECT_EQ(wrap("あいうえ。かき", 4, hang), (Lines{"あいうえ。", "かき"}));
  EXPECT_EQ(wrap("あいうえ、かき", 4, hang), (Lines{"あいうえ、", "かき"}));
  EXPECT_EQ(wrap("あいうえ。", 4, hang), (Lines{"あいうえ。"}));
  // Only 、。，． hang, and only one: 。」 is pushed back as without burasage.
  EXPECT_EQ(wrap("あいうえ」かき", 4, hang), (Lines{"あいう", "え」かき"}));
  EXPECT_EQ(wrap("あいうえ。」かき", 4, hang), (Lines{"あいう", "え。」か", "き"}));
}

TEST(BreakLines, KeepsAsciiWordsAndNumbersTogether) {
  EXPECT_EQ(wrap("住所ABCDEFGH", 5), (Lines{"住所", "ABCDEFGH"}));
  EXPECT_EQ(wrap("電話03-1234-5678へ", 7), (Lines{"電話", "03-1234-5678へ"}));
  EXPECT_EQ(wrap("番号１２３４５６です", 7), (Lines{"番号", "１２３４５６で", "す"}));
  EXPECT_EQ(wrap("hello world foo", 3), (Lines{"hello", "world", "foo"}));
}

TEST(BreakLines, SplitsAWordLongerThanALine) {
  EXPECT_EQ(wrap("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4),
            (Lines{"ABCDEFGH", "IJKLMNOP", "QRSTUVWX", "YZ"}));
  // … still keeping kinsoku where it can.
  EXPECT_EQ(wrap("ABCDEFGH,IJ", 4), (Lines{"ABCDEFG", "H,IJ"}));
}

TEST(BreakLines, PrefersABreakAfterASpaceWhenTheLineStaysHalfFull) {
  const std::string address = "東京都千代田区1-2-3　メゾン千代田101";
  EXPECT_EQ(wrap(address, 12), (Lines{"東京都千代田区1-2-3", "メゾン千代田101"}));
  EXPECT_EQ(wrap(address, 12, {.prefer_break_after_space = false}),
            (Lines{"東京都千代田区1-2-3　メ", "ゾン千代田101"}));
  // Not when the line would be less than half full.
  EXPECT_EQ(wrap("山田　寿限無寿限無五劫の擦り切れ", 8),
            (Lines{"山田　寿限無寿限", "無五劫の擦り切れ"}));
}

TEST(BreakLines, DropsSpacesAtBreaks) {
  EXPECT_EQ(wrap("あいう　　えお", 3), (Lines{"あいう", "えお"}));
  EXPECT_EQ(wrap("ab   cd", 1), (Lines{"ab", "cd"}));
  EXPECT_EQ(wrap("あい  ", 5), (Lines{"あい"}));
  EXPECT_EQ(wrap("  あい", 5), (Lines{"  あい"}));  // leading spaces of a paragraph stay
}

TEST(BreakLines, ACharacterWiderThanTheLineStandsAlone) {
  EXPECT_EQ(wrap("あ■い", 2), (Lines{"あ", "■", "い"}));
  EXPECT_EQ(wrap("■■", 2), (Lines{"■", "■"}));
}

TEST(BreakLines, NeverSeparatesCombiningMarksSelectorsOrJoinedEmoji) {
  EXPECT_EQ(wrap("か\u3099か\u3099か\u3099", 2), (Lines{"か\u3099か\u3099", "か\u3099"}));
  const auto all_one = [](char32_t) { return 1.0; };
  EXPECT_EQ(break_lines(std::string_view("かか\u3099"), 2, all_one), (Lines{"か", "か\u3099"}));
  EXPECT_EQ(break_lines(std::string_view("葛\U000E0100城"), 1, all_one),
            (Lines{"葛\U000E0100", "城"}));
  EXPECT_EQ(break_lines(std::string_view("ab👨\u200D👩\u200D👧"), 2, all_one),
            (Lines{"ab", "👨\u200D👩\u200D👧"}));
}

TEST(BreakLines, KeepsDoubledLeadersTogether) {
  EXPECT_EQ(wrap("あいう……", 4), (Lines{"あいう", "……"}));
  EXPECT_EQ(wrap("あいう――", 4), (Lines{"あいう", "――"}));
}

TEST(BreakLines, BreaksWhereItOverflowsWhenKinsokuCannotBeKept) {
  EXPECT_EQ(wrap("。。。。。", 2), (Lines{"。。", "。。", "。"}));
  EXPECT_EQ(wrap("「「「", 1), (Lines{"「", "「", "「"}));
}

TEST(BreakLines, ZeroWidthMeansNoLimit) {
  EXPECT_EQ(wrap("あいうえおかきくけこ\nさ", 0), (Lines{"あいうえおかきくけこ", "さ"}));
}

TEST(BreakLines, Utf8AndCodePointVersionsAgree) {
  const std::u32string text = U"住民票の写しを「１通」ください。ABC def";
  const auto lines = break_lines(std::u32string_view(text), 5, em_width);
  Lines expected;
  for (const auto& line : lines) expected.push_back(encode_utf8(line));
  EXPECT_EQ(wrap(encode_utf8(text), 5), expected);
  EXPECT_EQ(wrap("\xFF", 5), (Lines{"\uFFFD"}));
}

TEST(Kinsoku, ClassifiesCharacters) {
  for (const char32_t c : std::u32string_view(U"、。）」』】ーぁゃっァッ々ゝ・！？％")) {
    EXPECT_TRUE(is_line_start_prohibited(c)) << encode_utf8(c);
    EXPECT_FALSE(is_line_end_prohibited(c)) << encode_utf8(c);
  }
  for (const char32_t c : std::u32string_view(U"（「『【〔《“￥")) {
    EXPECT_TRUE(is_line_end_prohibited(c)) << encode_utf8(c);
    EXPECT_FALSE(is_line_start_prohibited(c)) << encode_utf8(c);
  }
  for (const char32_t c : std::u32string_view(U"あア漢A1 ")) {
    EXPECT_FALSE(is_line_start_prohibited(c));
    EXPECT_FALSE(is_line_end_prohibited(c));
  }
}

// Property, over random texts in which 禁則 can always be kept (no two special characters in a
// row, ASCII words of at most 4 letters, lines at least 5 ems): nothing is lost or reordered,
// no line is too wide, and no line starts or ends with a prohibited character or splits a word.
TEST(BreakLinesProperty, RandomTextsKeepEveryRule) {
  constexpr std::u32string_view kPlain = U"あい漢字カナ";
  constexpr std::u32string_view kSpecial = U"。、」）ゃっー々「（";
  constexpr std::u32string_view kAscii = U"AZ09";
  constexpr std::u32string_view kSpaces = U" \u3000";
  std::mt19937 random(20240501);
  const auto pick = [&random](std::u32string_view from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
  };
  for (int round = 0; round < 3000; ++round) {
    const double width = std::uniform_int_distribution<int>(10, 24)(random) / 2.0;
    const bool burasage = round % 3 == 0;
    std::u32string text;
    const int length = std::uniform_int_distribution<int>(0, 60)(random);
    bool last_special = true;
    while (static_cast<int>(text.size()) < length) {
      const int kind = std::uniform_int_distribution<int>(0, 9)(random);
      if (kind < 5) {
        text.push_back(pick(kPlain));
        last_special = false;
      } else if (kind < 8 && !last_special) {
        text.push_back(pick(kSpecial));
        last_special = true;
      } else if (kind == 8) {
        const int letters = std::uniform_int_distribution<int>(1, 4)(random);
        for (int k = 0; k < letters; ++k) text.push_back(pick(kAscii));
        text.push_back(pick(kPlain));  // a word ends at a plain character
        last_special = false;
      } else if (!text.empty() && text.back() != U' ' && text.back() != U'\u3000') {
        text.push_back(pick(kSpaces));  // spaces vanish at a break: last_special stays
      }
    }
    const auto lines = break_lines(std::u32string_view(text), width, em_width,
                                   {.burasage = burasage, .prefer_break_after_space = true});
    std::string where = encode_utf8(text) + " @" + std::to_string(width);
    std::u32string joined;
    for (const auto& line : lines) joined += line;
    std::u32string expected;
    for (const char32_t c : text) {
      if (c != U' ' && c != U'\u3000') expected.push_back(c);
    }
    std::erase_if(joined, [](char32_t c) { return c == U' ' || c == U'\u3000'; });
    ASSERT_EQ(encode_utf8(joined), encode_utf8(expected)) << where;
    std::string shown;
    for (const auto& line : lines) shown += "[" + encode_utf8(line) + "]";
    where += " " + shown;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::u32string& line = lines[i];
      if (line.empty()) continue;
      const bool hung = burasage && (line.back() == U'。' || line.back() == U'、');
      ASSERT_LE(width_of(line), width + (hung ? 1 : 0)) << where;
      if (i > 0) {
        ASSERT_FALSE(is_line_start_prohibited(line.front())) << where;
      }
      if (i + 1 < lines.size()) {
        ASSERT_FALSE(is_line_end_prohibited(line.back())) << where;
        const char32_t next = lines[i + 1].empty() ? 0 : lines[i + 1].front();
        const bool word = [](char32_t c) { return c < 0x7F && c > U' '; }(line.back());
        ASSERT_FALSE(word && next < 0x7F && next > U' ') << where;
      }
    }
  }
}

}  // namespace
}  // namespace madoguchi::text
