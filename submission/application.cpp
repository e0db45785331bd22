#include "madoguchi/submission/application.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <ctime>

#include "madoguchi/submission/submission_error.hpp"

namespace madoguchi::submission {

const char* to_string(SubmissionError::Kind kind) {
  using Kind = SubmissionError::Kind;
  switch (kind) {
    case Kind::Io:
      return "Io";
    case Kind::Corrupt:
      return "Corrupt";
    case Kind::Key:
      return "Key";
    case Kind::Invalid:
      return "Invalid";
    case Kind::Conflict:
      return "Conflict";
    case Kind::Unreachable:
      return "Unreachable";
    case Kind::Rejected:
      return "Rejected";
  }
  return "Unknown";
}

std::string new_application_id() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) {
    // Never reuse an id: without randomness, fall back to the clock and the address space.
    const auto now = std::chrono::system_clock::now().time_since_epoch().count();
    for (std::size_t i = 0; i < b.size(); ++i) {
      b[i] = static_cast<unsigned char>((now >> (8 * (i % 8))) ^
                                        (reinterpret_cast<std::uintptr_t>(&b) >> i));
    }
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

bool valid_application_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::ranges::all_of(id, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string iso8601_utc(std::chrono::system_clock::time_point when) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch());
  std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  int millis = static_cast<int>(ms.count() % 1000);
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[96];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, 32> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string reception_number_from_scan(std::string_view scanned) {
  // A scanner's line end, a typist's spaces: around the code and around the number in it
  // ("madoguchi:reception: 1202-003" gave " 1202-003", which no application has; found by
  // tests/fuzz/qr_scan_fuzzer.cpp).
  const auto trim = [](std::string_view text) {
    constexpr std::string_view kBlank = " \t\r\n";
    const auto first = text.find_first_not_of(kBlank);
    if (first == std::string_view::npos) return std::string_view{};
    return text.substr(first, text.find_last_not_of(kBlank) - first + 1);
  };
  scanned = trim(scanned);
  constexpr std::string_view kPrefix = "madoguchi:reception:";
  if (scanned.starts_with(kPrefix)) scanned = trim(scanned.substr(kPrefix.size()));
  return std::string(scanned);
}

std::string_view to_string(PaymentState state) {
  switch (state) {
    case PaymentState::Free:
      return "free";
    case PaymentState::Paid:
      return "paid";
    case PaymentState::CashAtCounter:
      return "cash_at_counter";
    case PaymentState::HandedToCounter:
      return "handed_to_counter";
    case PaymentState::Refunded:
      return "refunded";
  }
  return "unknown";
}

std::optional<PaymentState> payment_state_from(std::string_view name) {
  for (const PaymentState s : {PaymentState::Free, PaymentState::Paid, PaymentState::CashAtCounter,
                               PaymentState::HandedToCounter, PaymentState::Refunded}) {
    if (to_string(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace madoguchi::submission
