// Signed applications for the submission tests, without a card: a 署名用電子証明書 issued by the
// virtual card's fictitious test CA (card/virtual_card/test_certificate.hpp) for 山田　太郎, and a
// detached CAdES-BES CMS over a document made as the kiosk makes it (make_document_signature),
// the card's RSA signature done with the certificate's own key.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "test_certificate.hpp"

namespace madoguchi::tests {

inline constexpr const char* kTestSignerName = "山田　太郎";
// 2026-12-01T01:32:05Z, inside the test signer's validity.
std::chrono::sys_seconds test_signing_time();

struct TestSigner {
  std::vector<std::uint8_t> certificate;  // DER
  card::PrivateKey key;
};

// A signature certificate of the test CA for 山田　太郎, valid 2025-04-01 to 2030-03-31 unless
// given otherwise.
TestSigner test_signer(long serial = 0x5151,
                       std::chrono::sys_days not_before =
                           std::chrono::sys_days{std::chrono::year{2025} / std::chrono::April / 1},
                       std::chrono::sys_days not_after = std::chrono::sys_days{
                           std::chrono::year{2030} / std::chrono::March / 31});

// The detached CMS (DER) over `document`, signed by `signer` at `signing_time`.
std::string sign_document(const TestSigner& signer, std::string_view document,
                          std::chrono::sys_seconds signing_time = test_signing_time());

// The test CA's certificate (PEM) written to `file`; returns `file`.
std::filesystem::path write_test_ca(const std::filesystem::path& file);

}  // namespace madoguchi::tests
