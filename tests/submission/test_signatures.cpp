#include "test_signatures.hpp"

#include <fstream>
#include <stdexcept>

#include "madoguchi/card/document_signature.hpp"
#include "madoguchi/submission/application.hpp"

namespace madoguchi::tests {

using namespace std::chrono;

sys_seconds test_signing_time() {
  return sys_days{2026y / December / 1} + hours{1} + minutes{32} + seconds{5};
}

TestSigner test_signer(long serial, sys_days not_before, sys_days not_after) {
  card::BasicInfo holder;
  holder.name = kTestSignerName;
  holder.address = "東京都みどり市本町一丁目２番３号";
  holder.birth_date = "19800401";
  holder.sex = "1";
  auto issued = card::issue_test_certificate({.use = card::CertificateUse::signature,
                                              .subject_cn = "Madoguchi Test Signature",
                                              .not_before = not_before,
                                              .not_after = not_after,
                                              .serial = serial,
                                              .holder = std::move(holder)});
  if (!issued) throw std::runtime_error("issue_test_certificate: " + issued.error());
  return {std::move(issued->der), std::move(issued->key)};
}

std::string sign_document(const TestSigner& signer, std::string_view document,
                          sys_seconds signing_time) {
  const auto bytes =
      std::span(reinterpret_cast<const std::uint8_t*>(document.data()), document.size());
  auto cms = card::make_document_signature(
      bytes, signer.certificate, signing_time,
      [&](std::span<const std::uint8_t> attributes)
          -> std::expected<std::vector<std::uint8_t>, std::string> {
        // DigestInfo: SEQUENCE { SEQUENCE { sha256, NULL }, OCTET STRING (32) }.
        std::vector<std::uint8_t> info = {0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60,
                                          0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                          0x01, 0x05, 0x00, 0x04, 0x20};
        const std::string hash_hex = submission::sha256_hex(
            std::string_view(reinterpret_cast<const char*>(attributes.data()), attributes.size()));
        for (std::size_t i = 0; i < hash_hex.size(); i += 2) {
          info.push_back(static_cast<std::uint8_t>(std::stoi(hash_hex.substr(i, 2), nullptr, 16)));
        }
        return card::sign_pkcs1(signer.key.get(), info);
      });
  if (!cms) throw std::runtime_error("make_document_signature: " + cms.error());
  return std::string(cms->begin(), cms->end());
}

std::filesystem::path write_test_ca(const std::filesystem::path& file) {
  std::ofstream(file, std::ios::binary) << card::test_ca_certificate_pem();
  return file;
}

}  // namespace madoguchi::tests
