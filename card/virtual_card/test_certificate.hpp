// The virtual card's certificates: the fictitious test JPKI CA (its key and certificate are
// committed in test_ca/ and built into the program; never a real CA), the user-authentication
// and signature certificates it issues to each virtual card (RSA-2048 / SHA-256 X.509, like the
// real ones in shape), and its certificate revocation list. Test tooling: never in the kiosk.
#pragma once

#include <openssl/types.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/card/basic_info.hpp"

namespace madoguchi::card {

struct PrivateKeyFree {
  void operator()(EVP_PKEY* key) const;
};
using PrivateKey = std::unique_ptr<EVP_PKEY, PrivateKeyFree>;

enum class CertificateUse { user_authentication, signature };

struct TestCertificateRequest {
  CertificateUse use = CertificateUse::user_authentication;
  std::string subject_cn = "Madoguchi Test User Authentication";  // UTF-8
  std::chrono::sys_days not_before{};
  std::chrono::sys_days not_after{};
  long serial = 1;
  // A signature certificate carries the holder's 基本4情報 in its subjectAltName, as
  // otherNames under JPKI's arc 1.2.392.200149.8.5.5 (.1 name, .3 sex, .4 birth date,
  // .5 address).
  std::optional<BasicInfo> holder;
};

struct IssuedCertificate {
  std::vector<std::uint8_t> der;
  PrivateKey key;  // the card's own RSA-2048 key for this certificate
};

// A fresh key pair and a certificate for it, issued and signed by the test CA.
std::expected<IssuedCertificate, std::string> issue_test_certificate(
    const TestCertificateRequest& request);

// The test CA's certificate, PEM and DER.
const std::string& test_ca_certificate_pem();
std::vector<std::uint8_t> test_ca_certificate_der();

// A CRL (PEM) of the test CA that revokes `serials`, issued at `this_update`, next update a
// year later.
std::expected<std::string, std::string> make_test_crl(std::span<const long> serials,
                                                      std::chrono::sys_seconds this_update);

// One serial per card and use, as on real cards: FNV-1a over the 個人番号 (kept inside the
// virtual card and this function). The kiosk tells one card from another by it.
long test_certificate_serial(std::string_view my_number, CertificateUse use);

// RSA PKCS#1 v1.5 (block type 1) over `data` as given, as the JPKI-AP's COMPUTE DIGITAL
// SIGNATURE does with P1 00: the caller gives the DigestInfo.
std::expected<std::vector<std::uint8_t>, std::string> sign_pkcs1(
    EVP_PKEY* key, std::span<const std::uint8_t> data);

}  // namespace madoguchi::card
