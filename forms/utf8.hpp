// UTF-8 decoding for measuring text and for reporting error columns (internal).
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::forms::detail {

// Decodes UTF-8; every byte that does not start a well-formed sequence becomes U+FFFD.
std::u32string decode_utf8(std::string_view text);

// Encodes code points as UTF-8 (the caller passes valid scalar values).
void append_utf8(std::string& out, char32_t code_point);
std::string encode_utf8(std::u32string_view text);

}  // namespace madoguchi::forms::detail
