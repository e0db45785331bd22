#include "madoguchi/card/document_signature.hpp"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>

#include "openssl_handles.hpp"

namespace madoguchi::card {

namespace {

using Bytes = std::vector<std::uint8_t>;

using Cms = OpenSslHandle<CMS_ContentInfo, CMS_ContentInfo_free>;

std::string openssl_reason(const std::string& what) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return what;
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return what + " (" + text + ")";
}

// DER of one value of `type` with `i2d`.
template <typename T>
Bytes der_of(T* value, int (*i2d)(const T*, unsigned char**)) {
  const int size = i2d(value, nullptr);
  if (size <= 0) return {};
  Bytes der(static_cast<std::size_t>(size));
  unsigned char* out = der.data();
  i2d(value, &out);
  return der;
}

// The signed attributes as the signature covers them: a DER SET OF, its members sorted by
// their encodings (X.690 §11.6), with the universal SET tag (RFC 5652 §5.4).
Bytes signed_attributes_der(CMS_SignerInfo* signer) {
  std::vector<Bytes> members;
  for (int i = 0; i < CMS_signed_get_attr_count(signer); ++i) {
    members.push_back(der_of<X509_ATTRIBUTE>(CMS_signed_get_attr(signer, i), i2d_X509_ATTRIBUTE));
  }
  std::sort(members.begin(), members.end());
  std::size_t length = 0;
  for (const auto& m : members) length += m.size();
  Bytes set = {0x31};
  if (length < 0x80) {
    set.push_back(static_cast<std::uint8_t>(length));
  } else {
    Bytes digits;
    for (std::size_t n = length; n > 0; n >>= 8) digits.insert(digits.begin(), n & 0xFF);
    set.push_back(static_cast<std::uint8_t>(0x80 | digits.size()));
    set.insert(set.end(), digits.begin(), digits.end());
  }
  for (const auto& m : members) set.insert(set.end(), m.begin(), m.end());
  return set;
}

}  // namespace

std::expected<std::vector<std::uint8_t>, std::string> make_document_signature(
    std::span<const std::uint8_t> document, std::span<const std::uint8_t> certificate_der,
    std::chrono::sys_seconds signing_time, const AttributeSigner& sign) {
  const unsigned char* cursor = certificate_der.data();
  Certificate cert(d2i_X509(nullptr, &cursor, static_cast<long>(certificate_der.size())));
  if (!cert) return std::unexpected("the signature certificate is not a DER X.509 certificate");
  EVP_PKEY* public_key = X509_get0_pubkey(cert.get());
  if (public_key == nullptr) return std::unexpected("the signature certificate has no public key");

  constexpr unsigned kFlags = CMS_PARTIAL | CMS_DETACHED | CMS_BINARY;
  Cms cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, kFlags));
  if (!cms) return std::unexpected(openssl_reason("CMS_sign failed"));
  // The public key stands in for the card's private key: OpenSSL signs nothing here
  // (CMS_PARTIAL); it only lays out the SignerInfo, the certificate and signingCertificateV2.
  CMS_SignerInfo* signer = CMS_add1_signer(cms.get(), cert.get(), public_key, EVP_sha256(),
                                           kFlags | CMS_NOSMIMECAP | CMS_CADES);
  if (signer == nullptr) return std::unexpected(openssl_reason("CMS_add1_signer failed"));

  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (EVP_Digest(document.data(), document.size(), digest, &digest_size, EVP_sha256(), nullptr) !=
      1) {
    return std::unexpected("the document's SHA-256 could not be computed");
  }
  using Time = OpenSslHandle<ASN1_TIME, ASN1_TIME_free>;
  Time when(ASN1_TIME_set(nullptr, static_cast<time_t>(signing_time.time_since_epoch().count())));
  if (!when ||
      CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                  OBJ_nid2obj(NID_pkcs7_data), -1) != 1 ||
      CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_signingTime, when->type, when.get(), -1) != 1 ||
      CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest,
                                  static_cast<int>(digest_size)) != 1) {
    return std::unexpected(openssl_reason("the signed attributes could not be added"));
  }

  const Bytes attributes = signed_attributes_der(signer);
  auto signature = sign(attributes);
  if (!signature) return std::unexpected(signature.error());
  if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(signer), signature->data(),
                      static_cast<int>(signature->size())) != 1) {
    return std::unexpected("the signature could not be stored");
  }

  Bytes der = der_of<CMS_ContentInfo>(cms.get(), i2d_CMS_ContentInfo);
  if (der.empty()) return std::unexpected("the CMS could not be encoded");

  // Checked as the back office will read it, before anyone relies on it: the encoded CMS read
  // back (its attributes now in their DER order), the digest, the attributes and the card's
  // signature under the certificate's key. The chain is the back office's business.
  const unsigned char* in = der.data();
  Cms written(d2i_CMS_ContentInfo(nullptr, &in, static_cast<long>(der.size())));
  Bio content(BIO_new_mem_buf(document.data(), static_cast<int>(document.size())));
  if (!written || CMS_verify(written.get(), nullptr, nullptr, content.get(), nullptr,
                             CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
    return std::unexpected(
        openssl_reason("the card's signature does not verify with its own certificate"));
  }
  return der;
}

}  // namespace madoguchi::card
