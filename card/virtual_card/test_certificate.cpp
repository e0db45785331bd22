#include "test_certificate.hpp"

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <memory>

namespace madoguchi::card {

std::expected<std::vector<std::uint8_t>, std::string> make_test_certificate(
    const TestCertificateRequest& request) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  if (!key) return std::unexpected("RSA key generation failed");
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!cert) return std::unexpected("X509_new failed");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), request.serial);
  const auto seconds = [](std::chrono::sys_days day) {
    return static_cast<time_t>(
        std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count());
  };
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), seconds(request.not_before));
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), seconds(request.not_after));
  X509_set_pubkey(cert.get(), key.get());

  X509_NAME* subject = X509_get_subject_name(cert.get());
  const auto add = [](X509_NAME* name, const char* field, const std::string& value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                      0) == 1;
  };
  if (!add(subject, "C", "JP") || !add(subject, "O", "Madoguchi Test") ||
      !add(subject, "CN", request.subject_cn)) {
    return std::unexpected("could not set the subject");
  }
  std::unique_ptr<X509_NAME, decltype(&X509_NAME_free)> issuer(X509_NAME_new(), X509_NAME_free);
  if (!issuer || !add(issuer.get(), "C", "JP") || !add(issuer.get(), "O", "Madoguchi Test") ||
      !add(issuer.get(), "CN", "Madoguchi Test JPKI CA (not real)")) {
    return std::unexpected("could not set the issuer");
  }
  X509_set_issuer_name(cert.get(), issuer.get());
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    return std::unexpected("signing the certificate failed");
  }
  const int size = i2d_X509(cert.get(), nullptr);
  if (size <= 0) return std::unexpected("DER encoding failed");
  std::vector<std::uint8_t> der(static_cast<std::size_t>(size));
  unsigned char* out = der.data();
  i2d_X509(cert.get(), &out);
  return der;
}

}  // namespace madoguchi::card
