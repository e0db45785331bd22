// Base64 (RFC 4648, standard alphabet, with padding), as nexo messages carry binary: the
// NexoBlob, the SecurityTrailer's nonce and HMAC, and an AdditionalResponse in Base64 JSON.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace madoguchi::payment {

std::string base64_encode(std::string_view bytes);
// Refuses anything but the alphabet with correct padding (no blanks, no line breaks), naming
// the first fault.
std::expected<std::string, std::string> base64_decode(std::string_view text);

}  // namespace madoguchi::payment
