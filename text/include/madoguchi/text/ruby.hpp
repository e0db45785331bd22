// Furigana (ruby) markup, the project's one notation: やさしい日本語 sentences in the language
// files and the procedure files' `ja-easy` texts write a reading after its base as
//
//   "{住民票|じゅうみんひょう}の{写|うつ}し"
//
// and the screens draw the reading above the base (docs/japanese-text.md, "Furigana").
// Text that is not a well-formed {base|reading} is kept as written, so a sentence with a
// {placeholder} or a stray brace still shows.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::text {

// A base and its reading: where the base lies in the plain text, in bytes.
struct Reading {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string reading;
  friend bool operator==(const Reading&, const Reading&) = default;
};

// The text to wrap and measure, and where its readings go.
struct RubyText {
  std::string plain;
  std::vector<Reading> rubies;
};

// "{住民票|じゅうみんひょう}の写し" → plain "住民票の写し", a reading over bytes 0–9.
// From the first `{` that does not open a well-formed {base|reading} (no `|`, no `}` after
// it, an empty base or reading, a `}` before the `|`), the rest of the text is plain.
RubyText parse_ruby(std::string_view text);

// The text without its readings: "住民票の写し".
std::string strip_ruby(std::string_view text);

}  // namespace madoguchi::text
