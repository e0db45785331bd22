// Japanese character conversions for what residents type and what forms print: full/half
// width, hiragana/katakana, and the check for furigana fields. Pure functions, no ICU; the
// exact rules are in docs/japanese-text.md. All take and give UTF-8; a byte that does not
// start a well-formed UTF-8 sequence becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::text {

// Half width → full width: ASCII U+0021–U+007E → U+FF01–U+FF5E, the space → the ideographic
// space U+3000, ¢£¬¦¥₩ → ￠￡￢￤￥￦, ⦅⦆ → ｟｠, and half-width katakana U+FF61–U+FF9F to
// full-width katakana, joining ﾞ/ﾟ with the kana before them ("ｶﾞ" → "ガ", "ﾊﾟ" → "パ",
// "ｳﾞ" → "ヴ", "ﾜﾞ" → "ヷ", "ｦﾞ" → "ヺ"). A ﾞ/ﾟ that cannot join becomes the spacing
// mark ゛/゜. Everything else is left alone.
std::string to_full_width(std::string_view text);

// Full width → half width, the inverse: U+FF01–U+FF5E → ASCII, U+3000 → space,
// ￠￡￢￤￥￦ → ¢£¬¦¥₩, ｟｠ → ⦅⦆, full-width katakana that have a half-width form to it,
// voiced ones split ("ガ" → "ｶﾞ", "ヴ" → "ｳﾞ"), 。「」、・ー゛゜ → ｡｢｣､･ｰﾞﾟ and the combining
// marks U+3099/U+309A → ﾞ/ﾟ. Katakana without a half-width form (ヮヰヱヵヶヸヹヽヾ), hiragana,
// kanji and everything else are left alone.
std::string to_half_width(std::string_view text);

// NFKC restricted to these ranges: what a search box or an input field should compare.
// Full-width ASCII → ASCII, U+3000 → space, ￠…￦ and ｟｠ → their ordinary forms,
// half-width katakana → full-width katakana, and kana followed by a combining (U+3099/U+309A)
// or half-width (ﾞ/ﾟ) sound mark composed into one code point where Unicode has one
// ("か\u3099" → "が"). A lone ﾞ/ﾟ becomes the combining U+3099/U+309A, as in NFKC.
// Unlike NFKC it leaves everything else (kanji compatibility forms, ㍻, ①, …) alone.
std::string normalize_width(std::string_view text);

// Hiragana → katakana: ぁ–ゖ (U+3041–U+3096, so ゔゕゖ too) → ァ–ヶ, ゝゞ → ヽヾ.
// ー, the sound marks and everything else are left alone.
std::string to_katakana(std::string_view text);

// Katakana → hiragana, the inverse: ァ–ヶ → ぁ–ゖ, ヽヾ → ゝゞ. Katakana with no hiragana
// counterpart (ヷヸヹヺ, ㇰ–ㇿ, ヿ), half-width katakana (normalize_width first), ー and
// everything else are left alone.
std::string to_hiragana(std::string_view text);

enum class KanaScript {
  kAny,       // hiragana and katakana, mixed
  kHiragana,  // hiragana only (ふりがな)
  kKatakana,  // katakana only (フリガナ)
};

struct KanaOnlyOptions {
  KanaScript script = KanaScript::kAny;
  bool allow_middle_dot = false;  // ・ between the parts of a foreign name: "ジョン・スミス"
};

// True if `text` is a furigana answer: full-width kana of the chosen script (small kana,
// ゔ/ヴ, ゝゞヽヾ included), the prolonged sound mark ー, the combining sound marks after a
// kana, spaces (ASCII and U+3000) and, if allowed, ・ — with at least one kana. Half-width
// katakana are not accepted: normalize_width first if residents may type them.
bool is_kana_only(std::string_view text, KanaOnlyOptions options = {});

}  // namespace madoguchi::text
