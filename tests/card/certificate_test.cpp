// Parsing the JPKI user-authentication certificate (DER X.509) — against certificates
// made with OpenSSL in the shape of the real one.
#include "madoguchi/card/certificate.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "test_certificate.hpp"

namespace madoguchi::card {
namespace {

using namespace std::chrono;

std::vector<std::uint8_t> certificate(const std::string& cn = "山田　太郎 利用者証明") {
  TestCertificateRequest request;
  request.subject_cn = cn;
  request.not_before = sys_days{2024y / April / 1};
  request.not_after = sys_days{2029y / April / 15};
  request.serial = 0x1234;
  auto issued = issue_test_certificate(request);
  EXPECT_TRUE(issued) << issued.error();
  return issued ? issued->der : std::vector<std::uint8_t>{};
}

TEST(Certificate, ReadsSubjectIssuerSerialAndValidity) {
  auto der = certificate();
  ASSERT_GT(der.size(), 700U) << "an RSA-2048 certificate";
  der.insert(der.end(), {0xFF, 0xFF, 0xFF});  // file padding after the object is ignored
  const auto info = parse_certificate(der);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->subject, "CN=山田　太郎 利用者証明,O=Madoguchi Test,C=JP");
  EXPECT_EQ(info->issuer, "CN=Madoguchi Test JPKI CA (not real),O=Madoguchi Test,C=JP");
  EXPECT_EQ(info->serial_hex, "1234");
  EXPECT_EQ(info->not_before, sys_days{2024y / April / 1});
  EXPECT_EQ(info->not_after, sys_days{2029y / April / 15});
  EXPECT_EQ(info->der.size(), der.size() - 3);
  EXPECT_TRUE(info->valid_at(sys_days{2026y / December / 1}));
  EXPECT_FALSE(info->valid_at(sys_days{2029y / April / 16}));
}

TEST(Certificate, SizeComesFromTheFirstFourBytes) {
  const std::vector<std::uint8_t> prefix = {0x30, 0x82, 0x06, 0x1F};
  EXPECT_EQ(der_size_from_prefix(prefix).value_or(0), 0x61FU + 4);
  EXPECT_FALSE(der_size_from_prefix(std::vector<std::uint8_t>{0x31, 0x82, 0x06, 0x1F}));
  EXPECT_FALSE(der_size_from_prefix(std::vector<std::uint8_t>{0x30, 0x81, 0x90, 0x00}));
  EXPECT_FALSE(der_size_from_prefix(std::vector<std::uint8_t>{0x30, 0x82}));
}

TEST(Certificate, RejectsTruncatedOrCorruptDataWithAReason) {
  const auto der = certificate();
  ASSERT_FALSE(der.empty());
  const std::vector<std::uint8_t> truncated(der.begin(), der.end() - 10);
  const auto short_read = parse_certificate(truncated);
  ASSERT_FALSE(short_read);
  EXPECT_EQ(short_read.error().kind, CardErrorKind::MalformedData);
  EXPECT_NE(short_read.error().message.find("were read"), std::string::npos);

  auto corrupt = der;
  corrupt[20] ^= 0xFF;  // inside the TBSCertificate header
  corrupt[21] ^= 0xFF;
  const auto bad = parse_certificate(corrupt);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, CardErrorKind::MalformedData);
}

}  // namespace
}  // namespace madoguchi::card
