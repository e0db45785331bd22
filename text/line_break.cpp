#include "madoguchi/text/line_break.hpp"

#include "madoguchi/text/utf8.hpp"

namespace madoguchi::text {

namespace {

// Advances are summed in floating point: a line that fills its box exactly (ten 10.5 pt
// characters in 105 pt) still fits.
constexpr double kEpsilon = 1e-6;

// JIS X 4051 classes 2-7 (closing brackets, hyphens, dividing punctuation, middle dots, full
// stops, commas), iteration marks, the prolonged sound mark, small kana, sound marks and
// postfix units.
constexpr std::u32string_view kLineStartProhibited =
    U"、。，．,.:;：；？！?!‼⁇⁈⁉"
    U"）)］]｝}〕〉》」』】〙〗〟’”｠»｣"
    U"・･ー‐–〜～゠"
    U"ゝゞヽヾ々〻"
    U"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    U"ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    U"ｧｨｩｪｫｬｭｮｯｰ｡､ﾞﾟ゛゜"
    U"％%‰℃°′″";

// JIS X 4051 class 1 (opening brackets and quotes) and prefix units.
constexpr std::u32string_view kLineEndProhibited =
    U"（(［[｛{〔〈《「『【〘〖〝‘“｟«｢"
    U"￥¥＄$£＃#";

// What may hang past the end of the line with burasage.
constexpr std::u32string_view kHanging = U"、。，．,.､｡";

constexpr char32_t kZeroWidthJoiner = 0x200D;

bool is_space(char32_t c) { return c == U' ' || c == U'\u3000'; }

// Code points that belong to the character before them and never start a line.
bool continues_cluster(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) || c == 0x3099 ||
         c == 0x309A || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFE20 && c <= 0xFE2F) ||
         (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x1F3FB && c <= 0x1F3FF) || c == kZeroWidthJoiner;
}

// Runs of these are not split: a number, a word, a phone number, "１－２－３", and a word of
// the languages that put spaces between words: Portuguese and Tagalog (Latin-1 and Latin
// Extended), Vietnamese (Latin Extended Additional), Korean (Hangul), Nepali (Devanagari).
// U+E000–U+EFFF: the screens draw a shaped Devanagari word as one private-use character per
// glyph (kiosk/screens/glyph_atlas.hpp), which must not be split either.
bool is_word_char(char32_t c) {
  if (c > U' ' && c < 0x7F) return true;
  if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;  // not × ÷
  return (c >= U'０' && c <= U'９') || (c >= U'Ａ' && c <= U'Ｚ') || (c >= U'ａ' && c <= U'ｚ') ||
         c == U'－' || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x0900 && c <= 0x097F) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
         (c >= 0x3130 && c <= 0x318F) || (c >= 0xE000 && c <= 0xEFFF);
}

// 分離禁止: leaders and dashes doubled for length.
bool is_inseparable_pair(char32_t a, char32_t b) {
  return a == b && (a == U'…' || a == U'‥' || a == U'―' || a == U'—');
}

class Paragraph {
 public:
  Paragraph(std::u32string_view text, double max_width, const MeasureFunction& measure,
            LineBreakOptions options)
      : p_(text), max_width_(max_width), measure_(measure), options_(options) {}

  void break_into(std::vector<std::u32string>& lines) {
    if (max_width_ <= 0) {
      lines.emplace_back(trim_trailing(p_, false));
      return;
    }
    std::size_t start = 0;
    if (p_.empty()) lines.emplace_back();
    while (start < p_.size()) {
      double used = 0;
      std::size_t end = start;
      while (end < p_.size()) {
        const double width = measure_(p_[end]);
        if (used + width > max_width_ + kEpsilon) break;
        used += width;
        ++end;
      }
      if (end == p_.size()) {
        lines.emplace_back(trim_trailing(p_.substr(start), false));
        return;
      }
      while (end > start && !is_boundary(end)) --end;
      std::size_t brk = 0;
      if (end == start) {
        brk = cluster_end(start);  // one character wider than the line: it stands alone
      } else if (options_.burasage && hangs(end)) {
        brk = cluster_end(end);
      } else {
        brk = find_break(start, end);
      }
      lines.emplace_back(trim_trailing(p_.substr(start, brk - start), true));
      start = brk;
      while (start < p_.size() && is_space(p_[start])) ++start;  // spaces at a break vanish
    }
  }

 private:
  bool is_boundary(std::size_t i) const {
    return i == 0 || i >= p_.size() || (!continues_cluster(p_[i]) && p_[i - 1] != kZeroWidthJoiner);
  }

  std::size_t cluster_end(std::size_t i) const {
    ++i;
    while (i < p_.size() && !is_boundary(i)) ++i;
    return i;
  }

  // The first code point of the character that ends just before `i`.
  char32_t base_before(std::size_t i) const {
    std::size_t k = i - 1;
    while (k > 0 && !is_boundary(k)) --k;
    return p_[k];
  }

  // 禁則 alone. Spaces at a break vanish, so it applies to the characters on either side of
  // the spaces there.
  bool kinsoku_allows_break(std::size_t i) const {
    if (!is_boundary(i)) return false;
    std::size_t after = i;
    while (after < p_.size() && is_space(p_[after])) ++after;
    std::size_t before = i;
    while (before > 0 && is_space(p_[before - 1])) --before;
    if (after == p_.size() || before == 0) return true;
    const char32_t last = base_before(before);
    const char32_t first = p_[after];
    return !is_line_start_prohibited(first) && !is_line_end_prohibited(last) &&
           !(after == i && before == i && is_inseparable_pair(last, first));
  }

  // 禁則, and words are not split (words separated by a space may be broken apart).
  bool allows_break(std::size_t i) const {
    if (!kinsoku_allows_break(i)) return false;
    return is_space(p_[i - 1]) || is_space(p_[i]) ||
           !(is_word_char(base_before(i)) && is_word_char(p_[i]));
  }

  // The character at `end` (that does not fit) may hang at the end of this line.
  bool hangs(std::size_t end) const {
    if (kHanging.find(p_[end]) == std::u32string_view::npos) return false;
    const std::size_t after = cluster_end(end);
    return after >= p_.size() || allows_break(after);
  }

  std::size_t find_break(std::size_t start, std::size_t end) const {
    // Move the break back until both sides of it are allowed (追い出し).
    std::size_t brk = end;
    while (brk > start && !allows_break(brk)) --brk;
    if (brk == start) {
      // A word longer than the line: split it, still keeping kinsoku if possible.
      brk = end;
      while (brk > start && !kinsoku_allows_break(brk)) --brk;
      if (brk == start) brk = end;  // nothing allowed at all: break where it overflows
    }
    if (options_.prefer_break_after_space) {
      double filled = 0;
      std::size_t after_space = 0;
      for (std::size_t k = start; k + 1 < brk; ++k) {
        if (is_space(p_[k]) && !is_space(p_[k + 1]) && filled >= max_width_ / 2 &&
            allows_break(k + 1)) {
          after_space = k + 1;
        }
        filled += measure_(p_[k]);
      }
      if (after_space != 0) brk = after_space;
    }
    return brk;
  }

  static std::u32string_view trim_trailing(std::u32string_view s, bool ideographic_too) {
    while (!s.empty() && (s.back() == U' ' || (ideographic_too && s.back() == U'\u3000'))) {
      s.remove_suffix(1);
    }
    return s;
  }

  std::u32string_view p_;
  double max_width_;
  const MeasureFunction& measure_;
  LineBreakOptions options_;
};

}  // namespace

bool is_line_start_prohibited(char32_t c) {
  return kLineStartProhibited.find(c) != std::u32string_view::npos;
}

bool is_line_end_prohibited(char32_t c) {
  return kLineEndProhibited.find(c) != std::u32string_view::npos;
}

std::vector<std::u32string> break_lines(std::u32string_view text, double max_width,
                                        const MeasureFunction& measure, LineBreakOptions options) {
  std::vector<std::u32string> lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t newline = text.find(U'\n', start);
    std::u32string_view paragraph = text.substr(
        start, newline == std::u32string_view::npos ? std::u32string_view::npos : newline - start);
    if (newline != std::u32string_view::npos && paragraph.ends_with(U'\r')) {
      paragraph.remove_suffix(1);
    }
    Paragraph(paragraph, max_width, measure, options).break_into(lines);
    if (newline == std::u32string_view::npos) break;
    start = newline + 1;
  }
  return lines;
}

std::vector<std::string> break_lines(std::string_view utf8_text, double max_width,
                                     const MeasureFunction& measure, LineBreakOptions options) {
  const std::u32string text = decode_utf8(utf8_text);
  std::vector<std::string> lines;
  for (const std::u32string& line : break_lines(text, max_width, measure, options)) {
    lines.push_back(encode_utf8(line));
  }
  return lines;
}

}  // namespace madoguchi::text
