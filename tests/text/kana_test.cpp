// Full/half width, NFKC-like normalisation, hiragana/katakana and the furigana check.
#include "madoguchi/text/kana.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "madoguchi/text/utf8.hpp"

namespace madoguchi::text {
namespace {

// Test texts are built from code points.
std::string utf8(char32_t c) { return encode_utf8(c); }
std::string utf8(std::u32string_view s) { return encode_utf8(s); }

std::string hex(std::string_view text) {
  std::string out;
  for (const unsigned char c : text) {
    constexpr char kDigits[] = "0123456789ABCDEF";
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
    out += ' ';
  }
  return out;
}

TEST(ToFullWidth, WidensAsciiAndHalfWidthKatakana) {
  EXPECT_EQ(to_full_width("ABC xyz 012 !~"), "ＡＢＣ　ｘｙｚ　０１２　！～");
  EXPECT_EQ(to_full_width("ｶﾞｷﾞｸﾞ ﾊﾟﾋﾟﾌﾟ"), "ガギグ　パピプ");
  EXPECT_EQ(to_full_width("ｳﾞｧｲｵﾘﾝ"), "ヴァイオリン");
  EXPECT_EQ(to_full_width("ﾜﾞ ｦﾞ"), "ヷ　ヺ");
  EXPECT_EQ(to_full_width("ｼﾞｭｳﾐﾝﾋｮｳ"), "ジュウミンヒョウ");
  EXPECT_EQ(to_full_width("ｱﾞ ﾞ ﾟ"), "ア゛　゛　゜");  // nothing to join: spacing marks
  EXPECT_EQ(to_full_width("｢ｶﾅ｣､｡･ｰ"), "「カナ」、。・ー");
  EXPECT_EQ(to_full_width("¥100"), "￥１００");
  EXPECT_EQ(to_full_width("住民票 漢字"), "住民票　漢字");
  EXPECT_EQ(to_full_width(""), "");
}

TEST(ToHalfWidth, NarrowsFullWidthAsciiAndKatakana) {
  EXPECT_EQ(to_half_width("ＡＢＣ　ｘｙｚ　０１２　！～"), "ABC xyz 012 !~");
  EXPECT_EQ(to_half_width("ガギグ　パピプ"), "ｶﾞｷﾞｸﾞ ﾊﾟﾋﾟﾌﾟ");
  EXPECT_EQ(to_half_width("ヴァイオリン"), "ｳﾞｧｲｵﾘﾝ");
  EXPECT_EQ(to_half_width("「カナ」、。・ー"), "｢ｶﾅ｣､｡･ｰ");
  EXPECT_EQ(to_half_width("ヵヶヮヰヱヸヹヽヾ"), "ヵヶヮヰヱヸヹヽヾ");  // no half-width form
  EXPECT_EQ(to_half_width("ひらがな漢字"), "ひらがな漢字");
  EXPECT_EQ(to_half_width("カ\u3099"), "ｶﾞ");
  EXPECT_EQ(to_half_width("￥１００"), "¥100");
}

TEST(NormalizeWidth, IsNfkcForTheseRanges) {
  EXPECT_EQ(normalize_width("ＴＥＬ　０３－１２３４"), "TEL 03-1234");
  EXPECT_EQ(normalize_width("ｼﾞｭｳﾐﾝﾋｮｳ"), "ジュウミンヒョウ");
  EXPECT_EQ(normalize_width("か\u3099き\u3099"), "がぎ");
  EXPECT_EQ(normalize_width("ﾞ"), "\u3099");
  EXPECT_EQ(normalize_width("㍻①髙"), "㍻①髙");  // outside its ranges: left alone
}

// Cases computed with Python's unicodedata.normalize("NFKC", …) (Unicode 14.0).
TEST(NormalizeWidth, AgreesWithNfkcOnEveryKanaAndMarkCombination) {
  static constexpr std::pair<std::u32string_view, std::u32string_view> kCases[] = {
#include "nfkc_kana_cases.inc"
  };
  for (const auto& [input, expected] : kCases) {
    EXPECT_EQ(normalize_width(utf8(input)), utf8(expected)) << hex(utf8(input));
  }
}

// Round trips, code point by code point, over whole ranges.
TEST(WidthProperty, AsciiRoundTripsThroughFullWidth) {
  for (char32_t c = 0x20; c < 0x7F; ++c) {
    const std::string half = utf8(c);
    const std::string full = to_full_width(half);
    EXPECT_NE(full, half);
    EXPECT_EQ(to_half_width(full), half) << hex(half);
    EXPECT_EQ(normalize_width(full), half) << hex(half);
  }
  for (char32_t c = 0xFF01; c <= 0xFF5E; ++c) {
    const std::string full = utf8(c);
    EXPECT_EQ(to_full_width(to_half_width(full)), full) << hex(full);
  }
}

TEST(WidthProperty, HalfWidthKatakanaRoundTripAloneAndWithSoundMarks) {
  for (char32_t c = 0xFF61; c <= 0xFF9F; ++c) {
    const std::string half = utf8(c);
    EXPECT_EQ(to_half_width(to_full_width(half)), half) << hex(half);
    for (const char32_t mark : {U'ﾞ', U'ﾟ'}) {
      const std::string pair = utf8(c) + utf8(mark);
      EXPECT_EQ(to_half_width(to_full_width(pair)), pair) << hex(pair);
    }
  }
}

TEST(WidthProperty, FullWidthKatakanaRoundTripThroughHalfWidth) {
  int narrowed = 0;
  for (char32_t c = 0x30A0; c <= 0x30FF; ++c) {
    const std::string full = utf8(c);
    const std::string half = to_half_width(full);
    if (half != full) ++narrowed;
    EXPECT_EQ(to_full_width(half), full) << hex(full);
    EXPECT_EQ(normalize_width(half), full) << hex(full);
  }
  // ァ–ヴ and ヷ ヺ ・ ー have half-width forms; ゠ ヮ ヰ ヱ ヵ ヶ ヸ ヹ ヽ ヾ ヿ do not.
  EXPECT_EQ(narrowed, 0x60 - 11);
  for (const char32_t c : {U'。', U'「', U'」', U'、', U'゛', U'゜'}) {
    EXPECT_EQ(to_full_width(to_half_width(utf8(c))), utf8(c));
  }
}

bool handled_by_width_functions(char32_t c) {
  return c < 0x100 || c == 0x20A9 || c == 0x2985 || c == 0x2986 || (c >= 0x3000 && c <= 0x30FF) ||
         (c >= 0xFF00 && c <= 0xFFEF);
}

// Every other code point (all of Unicode, surrogates aside) is left alone by every function.
TEST(WidthProperty, EverythingElseIsLeftAlone) {
  std::u32string others;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if ((c >= 0xD800 && c <= 0xDFFF) || handled_by_width_functions(c)) continue;
    others.push_back(c);
  }
  const std::string text = utf8(others);
  EXPECT_EQ(to_full_width(text), text);
  EXPECT_EQ(to_half_width(text), text);
  EXPECT_EQ(normalize_width(text), text);
  EXPECT_EQ(to_katakana(text), text);
  EXPECT_EQ(to_hiragana(text), text);
  // Latin-1 beyond ASCII, except the signs with full-width forms, too.
  for (char32_t c = 0x80; c < 0x100; ++c) {
    if (std::u32string_view(U"¢£¬¦¥").find(c) != std::u32string_view::npos) continue;
    EXPECT_EQ(to_full_width(utf8(c)), utf8(c));
    EXPECT_EQ(to_half_width(utf8(c)), utf8(c));
  }
}

TEST(Kana, ConvertsHiraganaToKatakanaAndBack) {
  EXPECT_EQ(to_katakana("じゅうみんひょう"), "ジュウミンヒョウ");
  EXPECT_EQ(to_katakana("ゔぁいおりん"), "ヴァイオリン");
  EXPECT_EQ(to_katakana("ゕゖゝゞ"), "ヵヶヽヾ");
  EXPECT_EQ(to_katakana("すーぱー 漢字ABC"), "スーパー 漢字ABC");
  EXPECT_EQ(to_hiragana("ジュウミンヒョウ"), "じゅうみんひょう");
  EXPECT_EQ(to_hiragana("ヴァイオリン"), "ゔぁいおりん");
  EXPECT_EQ(to_hiragana("ヷヸヹヺㇰヿｶﾅ"), "ヷヸヹヺㇰヿｶﾅ");  // no hiragana for these
  EXPECT_EQ(to_hiragana("スーパー・マーケット"), "すーぱー・まーけっと");
}

TEST(KanaProperty, HiraganaAndKatakanaRoundTripOverTheirBlocks) {
  int hiragana = 0;
  for (char32_t c = 0x3040; c <= 0x309F; ++c) {
    const std::string h = utf8(c);
    const std::string k = to_katakana(h);
    if (k != h) {
      ++hiragana;
      EXPECT_EQ(to_hiragana(k), h) << hex(h);
    }
    EXPECT_EQ(to_hiragana(h), h) << hex(h);
  }
  EXPECT_EQ(hiragana, 0x3096 - 0x3041 + 1 + 2);  // ぁ–ゖ and ゝゞ
  int katakana = 0;
  for (char32_t c = 0x30A0; c <= 0x30FF; ++c) {
    const std::string k = utf8(c);
    const std::string h = to_hiragana(k);
    if (h != k) {
      ++katakana;
      EXPECT_EQ(to_katakana(h), k) << hex(k);
    }
    EXPECT_EQ(to_katakana(k), k) << hex(k);
  }
  EXPECT_EQ(katakana, hiragana);
}

TEST(IsKanaOnly, AcceptsFuriganaAnswers) {
  EXPECT_TRUE(is_kana_only("やまだ　たろう"));
  EXPECT_TRUE(is_kana_only("ヤマダ タロウ"));
  EXPECT_TRUE(is_kana_only("すずき ゆーこ"));
  EXPECT_TRUE(is_kana_only("ゔぃーなす"));
  EXPECT_TRUE(is_kana_only("か\u3099"));  // decomposed が
  EXPECT_TRUE(is_kana_only("ぁぃぅっゃゎゕゖゝゞ"));
  EXPECT_TRUE(is_kana_only("ジョン・スミス", {.allow_middle_dot = true}));
  EXPECT_TRUE(is_kana_only("やまだ", {.script = KanaScript::kHiragana}));
  EXPECT_TRUE(is_kana_only("ヤマダ", {.script = KanaScript::kKatakana}));
}

TEST(IsKanaOnly, RejectsAnythingElse) {
  EXPECT_FALSE(is_kana_only(""));
  EXPECT_FALSE(is_kana_only("　 "));
  EXPECT_FALSE(is_kana_only("ーー"));
  EXPECT_FALSE(is_kana_only("山田"));
  EXPECT_FALSE(is_kana_only("yamada"));
  EXPECT_FALSE(is_kana_only("ﾔﾏﾀﾞ"));  // half width: normalize_width first
  EXPECT_FALSE(is_kana_only("やまだ1"));
  EXPECT_FALSE(is_kana_only("ジョン・スミス"));
  EXPECT_FALSE(is_kana_only("\u3099か"));
  EXPECT_FALSE(is_kana_only("か\u3099\u3099"));
  EXPECT_FALSE(is_kana_only("やまダ", {.script = KanaScript::kHiragana}));
  EXPECT_FALSE(is_kana_only("ヤマだ", {.script = KanaScript::kKatakana}));
  EXPECT_FALSE(is_kana_only("やま\xFF"));  // broken UTF-8
  EXPECT_TRUE(is_kana_only(normalize_width("ﾔﾏﾀﾞ")));
}

}  // namespace
}  // namespace madoguchi::text
