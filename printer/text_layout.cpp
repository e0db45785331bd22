#include "madoguchi/printer/text_layout.hpp"

#include <algorithm>
#include <cstdio>

namespace madoguchi::printer {
namespace {

constexpr double kEpsilon = 1e-6;

// JIS X 4051 classes 2-7 (closing brackets, hyphens, dividing punctuation, middle dots, full
// stops, commas), iteration marks, the prolonged sound mark, small kana, and postfix units.
constexpr std::u32string_view kLineStartProhibited =
    U"、。，．,.:;：；？！?!‼⁇⁈⁉"
    U"）)］]｝}〕〉》」』】〙〗〟’”｠»｣"
    U"・･ー‐–〜～゠"
    U"ゝゞヽヾ々〻"
    U"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    U"ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    U"ｧｨｩｪｫｬｭｮｯｰ｡､ﾞﾟ゛゜"
    U"％%‰℃°′″";

// JIS X 4051 class 1 (opening brackets) and prefix units.
constexpr std::u32string_view kLineEndProhibited =
    U"（(［[｛{〔〈《「『【〘〖〝‘“｟«｢"
    U"￥¥＄$£＃#";

bool is_space(char32_t c) { return c == U' ' || c == U'\u3000'; }

// Runs of these are not split (a number, a word, a phone number, "１－２－３").
bool is_word_char(char32_t c) {
  if (c > U' ' && c < 0x7F) return true;  // ASCII letters, digits and punctuation
  return (c >= U'０' && c <= U'９') || (c >= U'Ａ' && c <= U'Ｚ') || (c >= U'ａ' && c <= U'ｚ') ||
         c == U'－';
}

// 分離禁止: leaders and dashes doubled for length.
bool is_inseparable_pair(char32_t a, char32_t b) {
  return a == b && (a == U'…' || a == U'‥' || a == U'―' || a == U'—');
}

bool kinsoku_allows_break(char32_t before, char32_t after) {
  return !is_line_start_prohibited(after) && !is_line_end_prohibited(before) &&
         !is_inseparable_pair(before, after);
}

bool allows_break(char32_t before, char32_t after) {
  if (is_space(before) || is_space(after)) return true;
  return kinsoku_allows_break(before, after) && !(is_word_char(before) && is_word_char(after));
}

std::u32string_view trim_trailing_spaces(std::u32string_view s) {
  while (!s.empty() && s.back() == U' ') s.remove_suffix(1);
  return s;
}

// At a soft break the ideographic space separates too (住所と建物名, 氏と名): it goes as well.
std::u32string_view trim_trailing_separators(std::u32string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

void break_paragraph(std::u32string_view p, double max_width, const WidthFunction& width,
                     std::vector<std::u32string>& lines) {
  if (trim_trailing_spaces(p).empty()) {
    lines.emplace_back();
    return;
  }
  std::size_t start = 0;
  while (start < p.size()) {
    double used = 0;
    std::size_t end = start;
    while (end < p.size()) {
      const double w = width(p[end]);
      if (used + w > max_width + kEpsilon) break;
      used += w;
      ++end;
    }
    if (end == p.size()) {
      lines.emplace_back(trim_trailing_spaces(p.substr(start)));
      return;
    }
    std::size_t brk = end;
    if (end == start) {
      brk = start + 1;  // one character wider than the line: it stands alone
    } else {
      // Move the break back until both sides of it are allowed (追い出し).
      while (brk > start && !allows_break(p[brk - 1], p[brk])) --brk;
      if (brk == start) {
        // A word longer than the line: split it, still keeping kinsoku.
        brk = end;
        while (brk > start && !kinsoku_allows_break(p[brk - 1], p[brk])) --brk;
        if (brk == start) brk = end;  // nothing allowed at all: break where it overflows
      }
      // Rather break after a space (between words, or the 　 between street and building,
      // family and given name) when the line stays at least half full.
      double filled = 0;
      std::size_t after_space = 0;
      for (std::size_t k = start; k + 1 < brk; ++k) {
        if (is_space(p[k]) && !is_space(p[k + 1]) && filled >= max_width / 2) {
          after_space = k + 1;
        }
        filled += width(p[k]);
      }
      if (after_space != 0) brk = after_space;
    }
    lines.emplace_back(trim_trailing_separators(p.substr(start, brk - start)));
    start = brk;
    while (start < p.size() && is_space(p[start])) ++start;  // spaces at a soft break vanish
  }
}

}  // namespace

std::optional<std::u32string> decode_utf8(std::string_view text, std::size_t* error_offset) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t i = 0;
  const auto fail = [&]() -> std::optional<std::u32string> {
    if (error_offset != nullptr) *error_offset = i;
    return std::nullopt;
  };
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < text.size()) {
    const unsigned char b0 = byte(i);
    char32_t cp = 0;
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 < 0x80) {
      cp = b0;
      len = 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      cp = b0 & 0x1F;
      len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      cp = b0 & 0x0F;
      len = 3;
      if (b0 == 0xE0) lo = 0xA0;  // overlong
      if (b0 == 0xED) hi = 0x9F;  // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      cp = b0 & 0x07;
      len = 4;
      if (b0 == 0xF0) lo = 0x90;  // overlong
      if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return fail();
    }
    if (i + len > text.size()) return fail();
    for (std::size_t k = 1; k < len; ++k) {
      const unsigned char b = byte(i + k);
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return fail();
      cp = (cp << 6) | (b & 0x3F);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string encode_utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (const char32_t c : text) out += encode_utf8(c);
  return out;
}

std::string code_point_name(char32_t code_point) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(code_point));
  return buf;
}

bool is_line_start_prohibited(char32_t c) {
  return kLineStartProhibited.find(c) != std::u32string_view::npos;
}

bool is_line_end_prohibited(char32_t c) {
  return kLineEndProhibited.find(c) != std::u32string_view::npos;
}

std::vector<std::u32string> break_lines(std::u32string_view text, double max_width,
                                        const WidthFunction& width) {
  std::vector<std::u32string> lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t newline = text.find(U'\n', start);
    break_paragraph(
        text.substr(start, newline == std::u32string_view::npos ? std::u32string_view::npos
                                                                : newline - start),
        max_width, width, lines);
    if (newline == std::u32string_view::npos) break;
    start = newline + 1;
  }
  return lines;
}

double line_width(std::u32string_view line, const WidthFunction& width) {
  double total = 0;
  for (const char32_t c : line) total += width(c);
  return total;
}

std::optional<FittedText> fit_text(std::u32string_view text, const FitRequest& request,
                                   const WidthFunction& em_width) {
  const double step = request.step_pt > 0 ? request.step_pt : 0.5;
  const double min_size = std::min(request.min_size_pt, request.size_pt);
  std::vector<double> sizes;
  for (double s = request.size_pt; s > min_size + kEpsilon; s -= step) sizes.push_back(s);
  sizes.push_back(min_size);

  for (const double size : sizes) {
    if (size <= 0) break;
    const WidthFunction width = [&](char32_t c) { return em_width(c) * size; };
    auto lines = break_lines(text, request.width_pt, width);
    if (request.max_lines > 0 && std::ssize(lines) > request.max_lines) continue;
    const bool too_wide = std::ranges::any_of(lines, [&](const std::u32string& line) {
      return line_width(line, width) > request.width_pt + kEpsilon;
    });
    if (too_wide) continue;
    const double block =
        lines.empty() ? 0
                      : size * request.line_height_em +
                            static_cast<double>(lines.size() - 1) * size * request.line_spacing;
    if (block > request.height_pt + kEpsilon) continue;
    return FittedText{size, std::move(lines), block};
  }
  return std::nullopt;
}

}  // namespace madoguchi::printer
