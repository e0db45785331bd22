#include "madoguchi/forms/ruby.hpp"

#include "utf8.hpp"

namespace madoguchi::forms {

namespace {

constexpr char32_t kOpen = U'《';
constexpr char32_t kClose = U'》';

bool is_base_mark(char32_t c) { return c == U'｜' || c == U'|'; }

bool is_variation_selector(char32_t c) {
  return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

// Characters that a reading attaches to when no ｜ says where the base begins.
bool is_kanji(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x3134F) || (c >= 0xF900 && c <= 0xFAFF) || c == U'々' ||
         c == U'〆' || c == U'〇' || c == U'ヶ' || is_variation_selector(c);
}

std::string mark(char32_t c) { return detail::encode_utf8(std::u32string_view(&c, 1)); }

RubyError error_at(std::size_t index, std::string what) {
  return RubyError{index + 1, "character " + std::to_string(index + 1) + ": " + std::move(what)};
}

}  // namespace

std::expected<std::vector<RubySegment>, RubyError> parse_ruby(std::string_view text) {
  const std::u32string in = detail::decode_utf8(text);
  std::vector<RubySegment> segments;
  std::u32string plain;  // text not yet given to a segment
  constexpr std::size_t kNoBase = std::u32string::npos;
  std::size_t base_start = kNoBase;  // where in `plain` a ｜ put the base's start
  std::size_t base_mark_at = 0;      // and where that ｜ was in the text

  const auto flush_plain = [&](std::size_t up_to) {
    if (up_to == 0) return;
    const std::string part = detail::encode_utf8(std::u32string_view(plain).substr(0, up_to));
    if (!segments.empty() && segments.back().reading.empty()) {
      segments.back().base += part;
    } else {
      segments.push_back({part, ""});
    }
    plain.erase(0, up_to);
  };

  for (std::size_t i = 0; i < in.size(); ++i) {
    const char32_t c = in[i];
    const bool doubled = i + 1 < in.size() && in[i + 1] == c;
    if ((c == kOpen || c == kClose || is_base_mark(c)) && doubled) {
      plain.push_back(c);  // 《《, 》》, ｜｜ and || stand for the mark itself
      ++i;
    } else if (is_base_mark(c)) {
      if (base_start != kNoBase) {
        return std::unexpected(error_at(i, mark(c) + " comes before the 《reading》 of the " +
                                               mark(in[base_mark_at]) + " at character " +
                                               std::to_string(base_mark_at + 1) + " (write " +
                                               mark(c) + mark(c) + " for the mark itself)"));
      }
      base_start = plain.size();
      base_mark_at = i;
    } else if (c == kClose) {
      return std::unexpected(
          error_at(i, "》 has no 《 before it (write 》》 for the mark itself)"));
    } else if (c == U'\n' && base_start != kNoBase) {
      return std::unexpected(error_at(
          base_mark_at, mark(in[base_mark_at]) + " is not followed by a 《reading》 on its line"));
    } else if (c == kOpen) {
      std::size_t end = i + 1;
      while (end < in.size() && in[end] != kClose) {
        if (in[end] == kOpen || in[end] == U'\n' || is_base_mark(in[end])) {
          const std::string what = in[end] == U'\n' ? "a line break" : mark(in[end]);
          return std::unexpected(
              error_at(end, what + " inside the reading that starts at character " +
                                std::to_string(i + 1) + " (is the 》 missing?)"));
        }
        ++end;
      }
      if (end == in.size()) return std::unexpected(error_at(i, "《 is not closed by 》"));
      if (end == i + 1) return std::unexpected(error_at(i, "《》 has no reading in it"));
      std::size_t from = 0;
      if (base_start != kNoBase) {
        from = base_start;
        if (from == plain.size()) {
          return std::unexpected(error_at(
              base_mark_at, "there is no text between " + mark(in[base_mark_at]) + " and 《"));
        }
      } else {
        from = plain.size();
        while (from > 0 && is_kanji(plain[from - 1])) --from;
        while (from < plain.size() && is_variation_selector(plain[from])) ++from;
        if (from == plain.size()) {
          return std::unexpected(error_at(
              i,
              "《reading》 has no kanji right before it; mark where its text begins with ｜, "
              "as in ｜ＡＴＭ《エーティーエム》"));
        }
      }
      flush_plain(from);
      segments.push_back({detail::encode_utf8(plain),
                          detail::encode_utf8(std::u32string_view(in).substr(i + 1, end - i - 1))});
      plain.clear();
      base_start = kNoBase;
      i = end;
    } else {
      plain.push_back(c);
    }
  }
  if (base_start != kNoBase) {
    return std::unexpected(
        error_at(base_mark_at, mark(in[base_mark_at]) + " is not followed by a 《reading》"));
  }
  flush_plain(plain.size());
  return segments;
}

std::expected<std::string, RubyError> strip_ruby(std::string_view text) {
  auto segments = parse_ruby(text);
  if (!segments) return std::unexpected(std::move(segments.error()));
  std::string out;
  for (const RubySegment& segment : *segments) out += segment.base;
  return out;
}

std::expected<std::string, RubyError> ruby_in_parentheses(std::string_view text) {
  auto segments = parse_ruby(text);
  if (!segments) return std::unexpected(std::move(segments.error()));
  std::string out;
  for (const RubySegment& segment : *segments) {
    out += segment.base;
    if (!segment.reading.empty()) out += "（" + segment.reading + "）";
  }
  return out;
}

}  // namespace madoguchi::forms
