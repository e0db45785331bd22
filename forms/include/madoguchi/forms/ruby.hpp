// Furigana (ruby) in the labels of procedure files, in the notation of 青空文庫:
//
//   "｜住民票《じゅうみんひょう》の写し"   ｜ (or |) marks where the base text begins
//   "住民票《じゅうみんひょう》の写し"     without ｜ the base is the run of kanji before 《
//   "《《重要》》"                          doubled marks stand for the marks themselves
//
// The full rules are in docs/japanese-text.md. Errors are for the staff who edit the file
// (English, like the rest of the procedure checker), and say which character is wrong,
// counting characters (not bytes) from 1.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::forms {

// A run of label text and its reading; `reading` is empty for text without furigana.
struct RubySegment {
  std::string base;
  std::string reading;
  friend bool operator==(const RubySegment&, const RubySegment&) = default;
};

struct RubyError {
  std::size_t character = 0;  // 1-based position of the offending character
  std::string message;        // "character 5: 《 is not closed by 》"
};

// The label split into segments, neighbouring plain text joined into one segment. An empty
// label gives no segments.
std::expected<std::vector<RubySegment>, RubyError> parse_ruby(std::string_view text);

// The label as printed without furigana: "住民票の写し".
std::expected<std::string, RubyError> strip_ruby(std::string_view text);

// The label with readings in parentheses after their base, for where ruby cannot be drawn:
// "住民票（じゅうみんひょう）の写し".
std::expected<std::string, RubyError> ruby_in_parentheses(std::string_view text);

}  // namespace madoguchi::forms
