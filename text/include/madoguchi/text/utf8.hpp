// UTF-8, the project's one codec: what the card's fields, the procedure files, the screens and
// the PDFs are written in. Two ways to read: leniently for text to measure and show (a bad byte
// becomes U+FFFD, so a damaged label still draws), strictly where a bad byte is the answer
// (a card field, a form's text before it is drawn: the byte is named to whoever must fix it).
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::text {

// The code point that starts at byte `at`, and `at` moved past it; nullopt, `at` unchanged,
// when the bytes there are not a well-formed sequence (a stray continuation byte, a sequence
// cut short, an overlong form, a surrogate, or above U+10FFFF).
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& at);

// Lenient: every byte that does not start a well-formed sequence becomes U+FFFD.
std::u32string decode_utf8(std::string_view text);

// Where strict decoding stopped: the byte offset of the first ill-formed sequence.
struct Utf8Error {
  std::size_t offset = 0;
};

// Strict: the whole text or the first place it is not UTF-8.
std::expected<std::u32string, Utf8Error> decode_utf8_strict(std::string_view text);

// How many characters (code points) a text has, as a limit in characters counts them; a byte
// that does not start a well-formed sequence counts as one (as decode_utf8 reads it).
std::size_t count_characters(std::string_view text);

// Where the last character of `text` starts (0 when empty): what 1字消す erases.
std::size_t last_character_start(std::string_view text);

// Encoding; the caller passes Unicode scalar values.
void append_utf8(std::string& out, char32_t code_point);
std::string encode_utf8(char32_t code_point);
std::string encode_utf8(std::u32string_view text);

}  // namespace madoguchi::text
