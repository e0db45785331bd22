// The JPKI certificates, parsed with OpenSSL: the 利用者証明用電子証明書 (user
// authentication), read by the kiosk without a PIN from EF 000A of the JPKI-AP to know one
// card from another, and the 署名用電子証明書 (signature), which the signing module reads
// through OpenSC after the 署名用パスワード. The user-auth certificate carries no 基本4情報;
// the signature certificate carries them in its subjectAltName (`holder`). Neither carries
// the 個人番号.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "madoguchi/card/basic_info.hpp"
#include "madoguchi/card/card_error.hpp"
#include "madoguchi/card/jpki_ap.hpp"

namespace madoguchi::card {

struct CertificateInfo {
  std::string subject;     // RFC 2253, UTF-8: "CN=…,O=…,C=JP"
  std::string issuer;      // RFC 2253, UTF-8
  std::string serial_hex;  // "0A1B…"
  std::chrono::sys_seconds not_before;
  std::chrono::sys_seconds not_after;
  std::vector<std::uint8_t> der;  // the certificate as read
  // The 署名用電子証明書 only: its holder's 基本4情報 (subjectAltName; personal data, never
  // logged) and its key usage (non-repudiation).
  std::optional<BasicInfo> holder;
  bool for_signing = false;

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
