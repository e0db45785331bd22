// The JPKI 利用者証明用電子証明書 (user-authentication certificate): read without a PIN
// from EF 000A of the JPKI-AP, parsed with OpenSSL so a later step can sign a
// submission through OpenSC's PKCS#11 module. The user-auth certificate carries no
// 基本4情報 and no 個人番号 (the signature certificate, which does, needs a password
// and is not read here).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <vector>

#include "madoguchi/card/card_error.hpp"

namespace madoguchi::card {

// AID of the 公的個人認証AP (JPKI-AP) and its user-auth certificate file.
inline constexpr std::array<std::uint8_t, 10> kJpkiAid = {0xD3, 0x92, 0xF0, 0x00, 0x26,
                                                          0x01, 0x00, 0x00, 0x00, 0x01};
inline constexpr std::uint16_t kJpkiUserAuthCertificateFile = 0x000A;

struct CertificateInfo {
  std::string subject;     // RFC 2253, UTF-8: "CN=…,O=…,C=JP"
  std::string issuer;      // RFC 2253, UTF-8
  std::string serial_hex;  // "0A1B…"
  std::chrono::sys_seconds not_before;
  std::chrono::sys_seconds not_after;
  std::vector<std::uint8_t> der;  // the certificate as read

  bool valid_at(std::chrono::system_clock::time_point when) const {
    return when >= not_before && when <= not_after;
  }
};

// A DER X.509 certificate (extra bytes after it — file padding — are ignored).
// MalformedData with the reason when it is not one.
std::expected<CertificateInfo, CardError> parse_certificate(std::span<const std::uint8_t> der);

// "30 82 HH LL" → 4 + 0xHHLL: the size of the DER object that starts `prefix`, or
// MalformedData. Only the 4-byte long form (certificates of 256 B – 64 KiB) is accepted.
std::expected<std::size_t, CardError> der_size_from_prefix(std::span<const std::uint8_t> prefix);

}  // namespace madoguchi::card
