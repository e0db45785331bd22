// Makes the virtual card's JPKI user-authentication certificate: a self-signed
// RSA-2048 / SHA-256 X.509 certificate in DER, like the real one in shape (size, key,
// signature algorithm), issued by a fictitious test CA. Never a real certificate.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace madoguchi::card {

struct TestCertificateRequest {
  std::string subject_cn = "Madoguchi Test User Authentication";  // UTF-8
  std::chrono::sys_days not_before{};
  std::chrono::sys_days not_after{};
  long serial = 1;
};

std::expected<std::vector<std::uint8_t>, std::string> make_test_certificate(
    const TestCertificateRequest& request);

}  // namespace madoguchi::card
