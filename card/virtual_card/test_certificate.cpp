#include "test_certificate.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "../openssl_handles.hpp"

namespace madoguchi::card {

extern const char* const kTestCaCertificatePem;
extern const char* const kTestCaKeyPem;

void PrivateKeyFree::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

namespace {

// The test CA, read once from the PEM built into the program.
struct TestCa {
  Certificate certificate;
  PrivateKey key;
};

const TestCa& test_ca() {
  static const TestCa ca = [] {
    TestCa made;
    Bio cert_bio(BIO_new_mem_buf(kTestCaCertificatePem, -1));
    made.certificate.reset(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
    Bio key_bio(BIO_new_mem_buf(kTestCaKeyPem, -1));
    made.key.reset(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
    return made;
  }();
  return ca;
}

time_t seconds_of(std::chrono::sys_seconds when) {
  return static_cast<time_t>(when.time_since_epoch().count());
}

bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, test_ca().certificate.get(), cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr) return false;
  const bool added = X509_add_ext(cert, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

// The JPKI arc's otherName for one field of the 基本4情報.
bool add_other_name(GENERAL_NAMES* names, const char* oid, int string_type,
                    const std::string& value) {
  ASN1_STRING* text = ASN1_STRING_type_new(string_type);
  ASN1_TYPE* any = ASN1_TYPE_new();
  GENERAL_NAME* name = GENERAL_NAME_new();
  ASN1_OBJECT* type = OBJ_txt2obj(oid, 1);
  const bool made = text != nullptr && any != nullptr && name != nullptr && type != nullptr &&
                    ASN1_STRING_set(text, value.data(), static_cast<int>(value.size())) == 1;
  if (!made) {
    ASN1_STRING_free(text);
    ASN1_TYPE_free(any);
    GENERAL_NAME_free(name);
    ASN1_OBJECT_free(type);
    return false;
  }
  ASN1_TYPE_set(any, string_type, text);
  GENERAL_NAME_set0_othername(name, type, any);
  sk_GENERAL_NAME_push(names, name);
  return true;
}

// 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和: the era digit before the Gregorian YYYYMMDD.
char era_digit(const std::string& yyyymmdd) {
  if (yyyymmdd < "19120730") return '1';
  if (yyyymmdd < "19261225") return '2';
  if (yyyymmdd < "19890108") return '3';
  if (yyyymmdd < "20190501") return '4';
  return '5';
}

bool add_holder(X509* cert, const BasicInfo& holder) {
  GENERAL_NAMES* names = sk_GENERAL_NAME_new_null();
  if (names == nullptr) return false;
  const std::string& birth = holder.birth_date;
  const bool made =
      add_other_name(names, "1.2.392.200149.8.5.5.1", V_ASN1_UTF8STRING, holder.name) &&
      add_other_name(names, "1.2.392.200149.8.5.5.3", V_ASN1_PRINTABLESTRING, holder.sex) &&
      add_other_name(names, "1.2.392.200149.8.5.5.4", V_ASN1_PRINTABLESTRING,
                     std::string(1, era_digit(birth)) + birth) &&
      add_other_name(names, "1.2.392.200149.8.5.5.5", V_ASN1_UTF8STRING, holder.address);
  const bool added = made && X509_add1_ext_i2d(cert, NID_subject_alt_name, names, 0, 0) == 1;
  sk_GENERAL_NAME_pop_free(names, GENERAL_NAME_free);
  return added;
}

}  // namespace

const std::string& test_ca_certificate_pem() {
  static const std::string pem = kTestCaCertificatePem;
  return pem;
}

std::vector<std::uint8_t> test_ca_certificate_der() {
  X509* cert = test_ca().certificate.get();
  const int size = cert == nullptr ? 0 : i2d_X509(cert, nullptr);
  if (size <= 0) return {};
  std::vector<std::uint8_t> der(static_cast<std::size_t>(size));
  unsigned char* out = der.data();
  i2d_X509(cert, &out);
  return der;
}

long test_certificate_serial(std::string_view my_number, CertificateUse use) {
  std::uint32_t hash = 2166136261U;
  if (use == CertificateUse::signature) hash = (hash ^ 'S') * 16777619U;
  for (const char c : my_number) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
  return static_cast<long>(hash & 0x7FFFFFFFU) + 1;
}

std::expected<IssuedCertificate, std::string> issue_test_certificate(
    const TestCertificateRequest& request) {
  const TestCa& ca = test_ca();
  if (!ca.certificate || !ca.key) return std::unexpected("the built-in test CA cannot be read");
  PrivateKey key(EVP_RSA_gen(2048));
  if (!key) return std::unexpected("RSA key generation failed");
  Certificate cert(X509_new());
  if (!cert) return std::unexpected("X509_new failed");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), request.serial);
  ASN1_TIME_set(X509_getm_notBefore(cert.get()),
                seconds_of(std::chrono::sys_seconds{request.not_before}));
  ASN1_TIME_set(X509_getm_notAfter(cert.get()),
                seconds_of(std::chrono::sys_seconds{request.not_after}));
  X509_set_pubkey(cert.get(), key.get());

  X509_NAME* subject = X509_get_subject_name(cert.get());
  const auto add = [subject](const char* field, const std::string& value) {
    return X509_NAME_add_entry_by_txt(subject, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                      0) == 1;
  };
  if (!add("C", "JP") || !add("O", "Madoguchi Test") || !add("CN", request.subject_cn)) {
    return std::unexpected("could not set the subject");
  }
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.certificate.get()));
  const bool signature = request.use == CertificateUse::signature;
  if (!add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !add_extension(
          cert.get(), NID_key_usage,
          signature ? "critical,digitalSignature,nonRepudiation" : "critical,digitalSignature") ||
      !add_extension(cert.get(), NID_subject_key_identifier, "hash") ||
      !add_extension(cert.get(), NID_authority_key_identifier, "keyid:always")) {
    return std::unexpected("could not add the certificate's extensions");
  }
  if (signature && request.holder && !add_holder(cert.get(), *request.holder)) {
    return std::unexpected("could not add the holder's subjectAltName");
  }
  if (X509_sign(cert.get(), ca.key.get(), EVP_sha256()) == 0) {
    return std::unexpected("signing the certificate failed");
  }
  const int size = i2d_X509(cert.get(), nullptr);
  if (size <= 0) return std::unexpected("DER encoding failed");
  IssuedCertificate issued;
  issued.der.resize(static_cast<std::size_t>(size));
  unsigned char* out = issued.der.data();
  i2d_X509(cert.get(), &out);
  issued.key = std::move(key);
  return issued;
}

std::expected<std::string, std::string> make_test_crl(std::span<const long> serials,
                                                      std::chrono::sys_seconds this_update) {
  const TestCa& ca = test_ca();
  if (!ca.certificate || !ca.key) return std::unexpected("the built-in test CA cannot be read");
  OpenSslHandle<X509_CRL, X509_CRL_free> crl(X509_CRL_new());
  using Time = OpenSslHandle<ASN1_TIME, ASN1_TIME_free>;
  Time last(ASN1_TIME_set(nullptr, seconds_of(this_update)));
  Time next(ASN1_TIME_set(nullptr, seconds_of(this_update + std::chrono::days{365})));
  if (!crl || !last || !next) return std::unexpected("X509_CRL_new failed");
  X509_CRL_set_version(crl.get(), 1);
  X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca.certificate.get()));
  X509_CRL_set1_lastUpdate(crl.get(), last.get());
  X509_CRL_set1_nextUpdate(crl.get(), next.get());
  for (const long serial : serials) {
    X509_REVOKED* revoked = X509_REVOKED_new();
    ASN1_INTEGER* number = ASN1_INTEGER_new();
    ASN1_INTEGER_set(number, serial);
    X509_REVOKED_set_serialNumber(revoked, number);
    X509_REVOKED_set_revocationDate(revoked, last.get());
    ASN1_INTEGER_free(number);
    X509_CRL_add0_revoked(crl.get(), revoked);
  }
  X509_CRL_sort(crl.get());
  if (X509_CRL_sign(crl.get(), ca.key.get(), EVP_sha256()) == 0) {
    return std::unexpected("signing the CRL failed");
  }
  Bio out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_X509_CRL(out.get(), crl.get()) != 1) {
    return std::unexpected("PEM encoding of the CRL failed");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

std::expected<std::vector<std::uint8_t>, std::string> sign_pkcs1(
    EVP_PKEY* key, std::span<const std::uint8_t> data) {
  OpenSslHandle<EVP_PKEY_CTX, EVP_PKEY_CTX_free> context(EVP_PKEY_CTX_new(key, nullptr));
  if (!context || EVP_PKEY_sign_init(context.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PADDING) != 1) {
    return std::unexpected("the signing key cannot be used");
  }
  std::size_t size = 0;
  if (EVP_PKEY_sign(context.get(), nullptr, &size, data.data(), data.size()) != 1) {
    return std::unexpected("the data cannot be signed");
  }
  std::vector<std::uint8_t> signature(size);
  if (EVP_PKEY_sign(context.get(), signature.data(), &size, data.data(), data.size()) != 1) {
    return std::unexpected("the data cannot be signed (too long for the key?)");
  }
  signature.resize(size);
  return signature;
}

}  // namespace madoguchi::card
