// The back office's check of a signed application (signature_check.hpp): signatures made as the
// kiosk makes them (test_signatures.hpp), by the virtual card's test CA or by a CA of the test's
// own, checked against the test CA's root and its CRLs.
#include "madoguchi/submission/signature_check.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <memory>

#include "test_applications.hpp"
#include "test_certificate.hpp"
#include "test_signatures.hpp"

namespace madoguchi::submission {
namespace {

using namespace std::chrono;
using tests::TempDir;
using Verdict = SignatureCheck::Verdict;

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using Certificate = std::unique_ptr<X509, X509Free>;

std::string pdf() { return tests::test_pdf("signed-application", 7); }

std::string pem_of(X509* certificate) {
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_X509(out.get(), certificate);
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

void add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  ASSERT_NE(extension, nullptr);
  X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
}

// A certificate for `key`, named `cn`, signed by `issuer_key` (self-signed when issuer is null).
Certificate make_certificate(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key,
                             bool ca, long serial) {
  Certificate certificate(X509_new());
  X509_set_version(certificate.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), serial);
  ASN1_TIME_set(
      X509_getm_notBefore(certificate.get()),
      static_cast<time_t>(sys_seconds(sys_days{2025y / January / 1}).time_since_epoch().count()));
  ASN1_TIME_set(
      X509_getm_notAfter(certificate.get()),
      static_cast<time_t>(sys_seconds(sys_days{2035y / January / 1}).time_since_epoch().count()));
  X509_NAME* name = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("JP"),
                             -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509_set_issuer_name(certificate.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(certificate.get(), key);
  X509* signer = issuer != nullptr ? issuer : certificate.get();
  if (ca) {
    add_extension(certificate.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(certificate.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(certificate.get(), signer, NID_key_usage, "critical,nonRepudiation");
  }
  add_extension(certificate.get(), signer, NID_subject_key_identifier, "hash");
  X509_sign(certificate.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256());
  return certificate;
}

std::vector<std::uint8_t> der_of(X509* certificate) {
  const int size = i2d_X509(certificate, nullptr);
  std::vector<std::uint8_t> der(static_cast<std::size_t>(size));
  unsigned char* out = der.data();
  i2d_X509(certificate, &out);
  return der;
}

class SignatureCheckTest : public ::testing::Test {
 protected:
  TrustSettings trust() const { return {{tests::write_test_ca(dir_ / "test-ca.pem")}, {}}; }

  TempDir dir_;
  tests::TestSigner signer_ = tests::test_signer();
};

TEST_F(SignatureCheckTest, AValidSignatureNamesTheSignerTheTimeAndTheCertificate) {
  const std::string document = pdf();
  const SignatureCheck check =
      check_signature(document, tests::sign_document(signer_, document), trust());
  EXPECT_EQ(check.verdict, Verdict::Valid) << check.reason;
  EXPECT_EQ(check.reason, "");
  EXPECT_EQ(check.signer_name, tests::kTestSignerName);
  EXPECT_EQ(check.signing_time, "2026-12-01T01:32:05Z");
  EXPECT_EQ(check.certificate_serial, "5151");
}

TEST_F(SignatureCheckTest, OneChangedByteOfThePdfIsTampered) {
  const std::string document = pdf();
  const std::string signature = tests::sign_document(signer_, document);
  std::string changed = document;
  changed[changed.size() / 2] ^= 0x01;
  const SignatureCheck check = check_signature(changed, signature, trust());
  EXPECT_EQ(check.verdict, Verdict::Tampered);
  EXPECT_NE(check.reason.find("申請書PDFが署名のあとで変わっています"), std::string::npos)
      << check.reason;
  EXPECT_EQ(check.signer_name, tests::kTestSignerName) << "staff still see who signed";
}

TEST_F(SignatureCheckTest, ACertificateFromAnotherCaIsAnUntrustedChain) {
  // A CA of the test's own, with a certificate it issued: a signature that verifies, but by
  // nobody the town trusts.
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> ca_key(EVP_RSA_gen(2048), &EVP_PKEY_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), &EVP_PKEY_free);
  ASSERT_TRUE(ca_key && key);
  const Certificate ca =
      make_certificate(ca_key.get(), "Somebody Else's CA", nullptr, nullptr, true, 1);
  const Certificate leaf =
      make_certificate(key.get(), "Somebody Else", ca.get(), ca_key.get(), false, 0x77);
  tests::TestSigner other{der_of(leaf.get()), card::PrivateKey(key.release())};
  const std::string document = pdf();
  const std::string signature = tests::sign_document(other, document);

  const SignatureCheck check = check_signature(document, signature, trust());
  EXPECT_EQ(check.verdict, Verdict::UntrustedChain) << check.reason;
  EXPECT_NE(check.reason.find("Somebody Else's CA"), std::string::npos) << check.reason;
  EXPECT_NE(check.reason.find("信頼する認証局ではありません"), std::string::npos) << check.reason;

  // Trusted once its root is given: the signature itself was fine.
  const auto other_root = dir_ / "other-ca.pem";
  std::ofstream(other_root) << pem_of(ca.get());
  EXPECT_EQ(check_signature(document, signature, {{other_root}, {}}).verdict, Verdict::Valid);
  // And no root at all trusts nobody.
  EXPECT_EQ(check_signature(document, signature, {}).verdict, Verdict::UntrustedChain);
}

TEST_F(SignatureCheckTest, ASigningTimeOutsideTheCertificateIsNotValidAtSigningTime) {
  const std::string document = pdf();
  const auto after = tests::sign_document(signer_, document, sys_days{2030y / April / 2});
  const SignatureCheck expired = check_signature(document, after, trust());
  EXPECT_EQ(expired.verdict, Verdict::NotValidAtSigningTime) << expired.reason;
  EXPECT_NE(expired.reason.find("有効期限切れ"), std::string::npos) << expired.reason;
  EXPECT_NE(expired.reason.find("2030-03-31"), std::string::npos) << expired.reason;
  EXPECT_EQ(expired.signing_time, "2030-04-02T00:00:00Z");

  const auto before = tests::sign_document(signer_, document, sys_days{2025y / March / 1});
  const SignatureCheck early = check_signature(document, before, trust());
  EXPECT_EQ(early.verdict, Verdict::NotValidAtSigningTime) << early.reason;
  EXPECT_NE(early.reason.find("まだ有効ではありません"), std::string::npos) << early.reason;
}

TEST_F(SignatureCheckTest, ACertificateOnTheCrlIsRevoked) {
  const std::string document = pdf();
  const std::string signature = tests::sign_document(signer_, document);
  // The CRL the back office fetched after the signing, as it would.
  const auto crl_file = [&](const std::string& name, std::vector<long> serials) {
    auto crl = card::make_test_crl(serials, sys_days{2027y / January / 10});
    EXPECT_TRUE(crl) << crl.error();
    std::ofstream(dir_ / name) << crl.value_or("");
    return dir_ / name;
  };
  TrustSettings with_crl = trust();
  with_crl.crls = {crl_file("revoking.crl", {0x1234, 0x5151})};
  const SignatureCheck revoked = check_signature(document, signature, with_crl);
  EXPECT_EQ(revoked.verdict, Verdict::Revoked) << revoked.reason;
  EXPECT_NE(revoked.reason.find("署名用電子証明書は失効しています（CRL revoking.crl"),
            std::string::npos)
      << revoked.reason;

  TrustSettings other_serials = trust();
  other_serials.crls = {crl_file("others.crl", {0x1234})};
  const SignatureCheck fine = check_signature(document, signature, other_serials);
  EXPECT_EQ(fine.verdict, Verdict::Valid) << fine.reason;
}

TEST_F(SignatureCheckTest, GarbageIsUnreadable) {
  const std::string document = pdf();
  for (const std::string& garbage :
       {std::string(), std::string("not a signature"), std::string("\x30\x03\x02\x01\x01", 5),
        tests::sign_document(signer_, document).substr(0, 200)}) {
    const SignatureCheck check = check_signature(document, garbage, trust());
    EXPECT_EQ(check.verdict, Verdict::Unreadable) << garbage.size() << " bytes: " << check.reason;
    EXPECT_FALSE(check.reason.empty());
  }
  // A trust file that is no certificate is named.
  std::ofstream(dir_ / "junk.pem") << "junk";
  const SignatureCheck bad_root =
      check_signature(document, tests::sign_document(signer_, document), {{dir_ / "junk.pem"}, {}});
  EXPECT_EQ(bad_root.verdict, Verdict::Unreadable);
  EXPECT_NE(bad_root.reason.find("junk.pem"), std::string::npos) << bad_root.reason;
}

}  // namespace
}  // namespace madoguchi::submission
