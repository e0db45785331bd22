#include "madoguchi/text/kana.hpp"

#include <cstddef>

#include "madoguchi/text/utf8.hpp"

namespace madoguchi::text {

namespace {

constexpr char32_t kFirstHalfWidthKana = 0xFF61;  // ｡
constexpr char32_t kHalfVoiced = 0xFF9E;          // ﾞ
constexpr char32_t kHalfSemiVoiced = 0xFF9F;      // ﾟ
constexpr char32_t kCombiningVoiced = 0x3099;
constexpr char32_t kCombiningSemiVoiced = 0x309A;
constexpr char32_t kSpacingVoiced = 0x309B;      // ゛
constexpr char32_t kSpacingSemiVoiced = 0x309C;  // ゜
constexpr char32_t kIdeographicSpace = 0x3000;
constexpr char32_t kFullWidthOffset = 0xFEE0;  // U+FF01 - U+0021

// U+FF61 ｡ … U+FF9D ﾝ, in order.
constexpr std::u32string_view kHalfWidthKanaAsFull =
    U"。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノ"
    U"ハヒフヘホマミムメモヤユヨラリルレロワン";
static_assert(kHalfWidthKanaAsFull.size() == 0xFF9D - kFirstHalfWidthKana + 1);

// Kana that Unicode composes with U+3099 (from its canonical decompositions), and their bases.
constexpr std::u32string_view kVoiced =
    U"がぎぐげござじずぜぞだぢづでどばびぶべぼゔゞガギグゲゴザジズゼゾダヂヅデドバビブベボヴヷヸヹ"
    U"ヺヾ";
constexpr std::u32string_view kVoicedBase =
    U"かきくけこさしすせそたちつてとはひふへほうゝカキクケコサシスセソタチツテトハヒフヘホウワヰヱ"
    U"ヲヽ";
static_assert(kVoiced.size() == kVoicedBase.size());
// … and with U+309A.
constexpr std::u32string_view kSemiVoiced = U"ぱぴぷぺぽパピプペポ";
constexpr std::u32string_view kSemiVoicedBase = U"はひふへほハヒフヘホ";
static_assert(kSemiVoiced.size() == kSemiVoicedBase.size());

// Latin-1 signs and their full-width forms U+FFE0–U+FFE6 (￣ U+FFE3 is left out: its
// compatibility decomposition is a space and a combining macron, not a character of its own).
constexpr std::u32string_view kSigns = U"¢£¬¦¥₩⦅⦆";
constexpr std::u32string_view kFullWidthSigns = U"￠￡￢￤￥￦｟｠";
static_assert(kSigns.size() == kFullWidthSigns.size());

bool is_voiced_mark(char32_t c) {
  return c == kHalfVoiced || c == kCombiningVoiced || c == kSpacingVoiced;
}

// The kana `base` joined with a voiced (or semi-voiced) sound mark, or 0 if there is none.
char32_t compose(char32_t base, bool semi_voiced) {
  const std::u32string_view bases = semi_voiced ? kSemiVoicedBase : kVoicedBase;
  const std::size_t at = bases.find(base);
  if (at == std::u32string_view::npos) return 0;
  return semi_voiced ? kSemiVoiced[at] : kVoiced[at];
}

// Replaces the last code point of `out` by its composition with the mark, if there is one.
bool compose_into(std::u32string& out, bool semi_voiced) {
  if (out.empty()) return false;
  const char32_t composed = compose(out.back(), semi_voiced);
  if (composed == 0) return false;
  out.back() = composed;
  return true;
}

// The half-width katakana for a full-width one (or for 。「」、・ー), or 0.
char32_t half_width_kana(char32_t c) {
  const std::size_t at = kHalfWidthKanaAsFull.find(c);
  if (at == std::u32string_view::npos) return 0;
  return kFirstHalfWidthKana + static_cast<char32_t>(at);
}

bool is_half_width_kana_letter(char32_t c) { return c >= kFirstHalfWidthKana && c <= 0xFF9D; }

bool is_hiragana(char32_t c) { return (c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E; }

bool is_katakana(char32_t c) {
  return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FD || c == 0x30FE || (c >= 0x31F0 && c <= 0x31FF);
}

enum class Mode { kFullWidth, kNfkc };

std::u32string widen(std::u32string_view text, Mode mode) {
  std::u32string out;
  out.reserve(text.size());
  for (const char32_t c : text) {
    if (mode == Mode::kFullWidth && c > 0x20 && c < 0x7F) {
      out.push_back(c + kFullWidthOffset);
    } else if (mode == Mode::kFullWidth && c == U' ') {
      out.push_back(kIdeographicSpace);
    } else if (mode == Mode::kNfkc && c >= 0xFF01 && c <= 0xFF5E) {
      out.push_back(c - kFullWidthOffset);
    } else if (mode == Mode::kNfkc && c == kIdeographicSpace) {
      out.push_back(U' ');
    } else if (is_half_width_kana_letter(c)) {
      out.push_back(kHalfWidthKanaAsFull[c - kFirstHalfWidthKana]);
    } else if (c == kHalfVoiced || c == kHalfSemiVoiced ||
               (mode == Mode::kNfkc && (c == kCombiningVoiced || c == kCombiningSemiVoiced))) {
      const bool semi = !is_voiced_mark(c);
      if (!compose_into(out, semi)) {
        if (mode == Mode::kFullWidth) {
          out.push_back(semi ? kSpacingSemiVoiced : kSpacingVoiced);
        } else {
          out.push_back(semi ? kCombiningSemiVoiced : kCombiningVoiced);
        }
      }
    } else if (const std::size_t sign =
                   (mode == Mode::kFullWidth ? kSigns : kFullWidthSigns).find(c);
               sign != std::u32string_view::npos) {
      out.push_back(mode == Mode::kFullWidth ? kFullWidthSigns[sign] : kSigns[sign]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::u32string narrow(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size() * 2);
  for (const char32_t c : text) {
    if (c >= 0xFF01 && c <= 0xFF5E) {
      out.push_back(c - kFullWidthOffset);
    } else if (c == kIdeographicSpace) {
      out.push_back(U' ');
    } else if (const char32_t half = half_width_kana(c); half != 0) {
      out.push_back(half);
    } else if (c == kSpacingVoiced || c == kCombiningVoiced) {
      out.push_back(kHalfVoiced);
    } else if (c == kSpacingSemiVoiced || c == kCombiningSemiVoiced) {
      out.push_back(kHalfSemiVoiced);
    } else if (const std::size_t sign = kFullWidthSigns.find(c);
               sign != std::u32string_view::npos) {
      out.push_back(kSigns[sign]);
    } else if (const std::size_t voiced = kVoiced.find(c);
               voiced != std::u32string_view::npos && half_width_kana(kVoicedBase[voiced]) != 0) {
      out.push_back(half_width_kana(kVoicedBase[voiced]));
      out.push_back(kHalfVoiced);
    } else if (const std::size_t semi = kSemiVoiced.find(c);
               semi != std::u32string_view::npos && half_width_kana(kSemiVoicedBase[semi]) != 0) {
      out.push_back(half_width_kana(kSemiVoicedBase[semi]));
      out.push_back(kHalfSemiVoiced);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

constexpr char32_t kKanaOffset = 0x60;  // U+30A1 ァ - U+3041 ぁ

std::string shift_kana(std::string_view text, bool to_katakana) {
  std::u32string codes = decode_utf8(text);
  for (char32_t& c : codes) {
    if (to_katakana && ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E)) {
      c += kKanaOffset;
    } else if (!to_katakana && ((c >= 0x30A1 && c <= 0x30F6) || c == 0x30FD || c == 0x30FE)) {
      c -= kKanaOffset;
    }
  }
  return encode_utf8(codes);
}

}  // namespace

std::string to_full_width(std::string_view text) {
  return encode_utf8(widen(decode_utf8(text), Mode::kFullWidth));
}

std::string to_half_width(std::string_view text) { return encode_utf8(narrow(decode_utf8(text))); }

std::string normalize_width(std::string_view text) {
  return encode_utf8(widen(decode_utf8(text), Mode::kNfkc));
}

std::string to_katakana(std::string_view text) { return shift_kana(text, true); }

std::string to_hiragana(std::string_view text) { return shift_kana(text, false); }

bool is_kana_only(std::string_view text, KanaOnlyOptions options) {
  bool any_kana = false;
  bool after_kana = false;
  for (const char32_t c : decode_utf8(text)) {
    const bool hiragana = is_hiragana(c);
    const bool katakana = is_katakana(c);
    if ((hiragana && options.script != KanaScript::kKatakana) ||
        (katakana && options.script != KanaScript::kHiragana)) {
      any_kana = true;
      after_kana = true;
    } else if (c == kCombiningVoiced || c == kCombiningSemiVoiced) {
      if (!after_kana) return false;
      after_kana = false;  // one mark per kana
    } else if (c == U'ー' || (options.allow_middle_dot && c == U'・')) {
      after_kana = false;
    } else if (c == U' ' || c == kIdeographicSpace) {
      after_kana = false;
    } else {
      return false;
    }
  }
  return any_kana;
}

}  // namespace madoguchi::text
