#include "madoguchi/submission/signature_check.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <utility>

#include "madoguchi/card/certificate.hpp"

namespace madoguchi::submission {
namespace {

using Verdict = SignatureCheck::Verdict;

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Cms = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Store = std::unique_ptr<X509_STORE, Deleter<X509_STORE, X509_STORE_free>>;
using StoreContext = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using Crl = std::unique_ptr<X509_CRL, Deleter<X509_CRL, X509_CRL_free>>;

void free_certificates(STACK_OF(X509) * certificates) { sk_X509_pop_free(certificates, X509_free); }
using Certificates = std::unique_ptr<STACK_OF(X509), Deleter<STACK_OF(X509), free_certificates>>;

// OpenSSL's reason for the last failure, for staff ("" when it gave none); clears its queue.
std::string openssl_reason() {
  const unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return "";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

std::string iso8601(std::chrono::sys_seconds when) {
  const std::time_t t = static_cast<std::time_t>(when.time_since_epoch().count());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::optional<std::chrono::sys_seconds> seconds_of(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return std::nullopt;
  return std::chrono::sys_seconds(std::chrono::seconds(timegm(&tm)));
}

std::optional<std::string> file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (!in && !in.eof()) return std::nullopt;
  return out.str();
}

Bio memory_bio(std::string_view bytes) {
  return Bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

// The signed attribute `nid`'s single value, or null.
const ASN1_TYPE* signed_attribute(CMS_SignerInfo* signer, int nid) {
  const int at = CMS_signed_get_attr_by_NID(signer, nid, -1);
  if (at < 0) return nullptr;
  return X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(signer, at), 0);
}

std::optional<std::chrono::sys_seconds> signing_time_of(CMS_SignerInfo* signer) {
  const ASN1_TYPE* value = signed_attribute(signer, NID_pkcs9_signingTime);
  if (value == nullptr) return std::nullopt;
  if (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME) return std::nullopt;
  return seconds_of(value->value.asn1_string);
}

// Whether the messageDigest the signer signed is the SHA-256 of `pdf` (nullopt: no such
// attribute to compare).
std::optional<bool> digest_matches(CMS_SignerInfo* signer, std::string_view pdf) {
  const ASN1_TYPE* value = signed_attribute(signer, NID_pkcs9_messageDigest);
  if (value == nullptr || value->type != V_ASN1_OCTET_STRING) return std::nullopt;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(pdf.data(), pdf.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    return std::nullopt;
  }
  const ASN1_OCTET_STRING* signed_digest = value->value.octet_string;
  return static_cast<unsigned int>(ASN1_STRING_length(signed_digest)) == size &&
         std::equal(digest, digest + size, ASN1_STRING_get0_data(signed_digest));
}

// A CRL file as loaded, for naming it when it revokes the certificate.
struct LoadedCrl {
  std::filesystem::path file;
  Crl crl;
};

// The trusted roots and CRLs in a store; the reason when a file cannot be used.
std::optional<std::string> load_trust(const TrustSettings& trust, X509_STORE* store,
                                      std::vector<LoadedCrl>& crls) {
  for (const auto& file : trust.trusted_roots) {
    const auto bytes = file_bytes(file);
    if (!bytes) return "信頼する認証局の証明書 " + file.string() + " を読めません";
    Bio in = memory_bio(*bytes);
    int loaded = 0;
    while (X509* certificate = PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr)) {
      X509_STORE_add_cert(store, certificate);
      X509_free(certificate);
      ++loaded;
    }
    ERR_clear_error();  // the end of the file
    if (loaded == 0) {
      return "信頼する認証局の証明書 " + file.string() + " に PEM の証明書がありません";
    }
  }
  for (const auto& file : trust.crls) {
    const auto bytes = file_bytes(file);
    if (!bytes) return "CRL " + file.string() + " を読めません";
    Bio in = memory_bio(*bytes);
    int loaded = 0;
    while (X509_CRL* crl = PEM_read_bio_X509_CRL(in.get(), nullptr, nullptr, nullptr)) {
      crls.push_back({file, Crl(crl)});
      ++loaded;
    }
    ERR_clear_error();
    if (loaded == 0) {  // DER
      const auto* cursor = reinterpret_cast<const unsigned char*>(bytes->data());
      if (X509_CRL* crl = d2i_X509_CRL(nullptr, &cursor, static_cast<long>(bytes->size()))) {
        crls.push_back({file, Crl(crl)});
        ++loaded;
      }
      ERR_clear_error();
    }
    if (loaded == 0) return "CRL " + file.string() + " は PEM でも DER でも CRL ではありません";
  }
  for (const LoadedCrl& loaded : crls) X509_STORE_add_crl(store, loaded.crl.get());
  return std::nullopt;
}

// A CRL's own dates do not matter here: one issued after the signing (the one the back office
// fetched) is the one to ask, and an older one still says what it revoked.
int accept_any_crl_dates(int ok, X509_STORE_CTX* context) {
  if (ok == 0) {
    const int error = X509_STORE_CTX_get_error(context);
    if (error == X509_V_ERR_CRL_NOT_YET_VALID || error == X509_V_ERR_CRL_HAS_EXPIRED) {
      X509_STORE_CTX_set_error(context, X509_V_OK);
      return 1;
    }
  }
  return ok;
}

std::string date_of(std::chrono::sys_seconds when) { return iso8601(when).substr(0, 10); }

// Which CRL revokes `certificate`, and since when: "CRL FILE、失効日 YYYY-MM-DD".
std::string revocation_of(X509* certificate, const std::vector<LoadedCrl>& crls) {
  for (const LoadedCrl& loaded : crls) {
    X509_REVOKED* entry = nullptr;
    if (X509_CRL_get0_by_cert(loaded.crl.get(), &entry, certificate) == 1 && entry != nullptr) {
      std::string what = "CRL " + loaded.file.filename().string();
      if (auto since = seconds_of(X509_REVOKED_get0_revocationDate(entry))) {
        what += "、失効日 " + date_of(*since);
      }
      return what;
    }
  }
  return "CRL";
}

std::string name_of(const X509_NAME* name) {
  Bio out(BIO_new(BIO_s_mem()));
  if (!out || X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
    return "";
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : "";
}

// The signer certificate's chain at `when` against the store: the verdict and why.
std::pair<Verdict, std::string> check_chain(X509_STORE* store, X509* signer,
                                            STACK_OF(X509) * untrusted,
                                            std::chrono::sys_seconds when, bool with_crls,
                                            const std::vector<LoadedCrl>& crls) {
  StoreContext context(X509_STORE_CTX_new());
  if (!context || X509_STORE_CTX_init(context.get(), store, signer, untrusted) != 1) {
    return {Verdict::Unreadable, "証明書の検証を始められません（" + openssl_reason() + "）"};
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(when.time_since_epoch().count()));
  if (with_crls) {
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK);
    X509_STORE_CTX_set_verify_cb(context.get(), accept_any_crl_dates);
  }
  if (X509_verify_cert(context.get()) == 1) {
    ERR_clear_error();
    return {Verdict::Valid, ""};
  }
  const int error = X509_STORE_CTX_get_error(context.get());
  const int depth = X509_STORE_CTX_get_error_depth(context.get());
  X509* failed = X509_STORE_CTX_get_current_cert(context.get());
  if (failed == nullptr) failed = signer;
  const std::string openssl = X509_verify_cert_error_string(error);
  ERR_clear_error();
  const std::string whose =
      depth == 0 ? "署名用電子証明書"
                 : "認証局の証明書（" + name_of(X509_get_subject_name(failed)) + "）";
  const std::string at = "署名日時 " + iso8601(when);
  switch (error) {
    case X509_V_ERR_CERT_HAS_EXPIRED: {
      const auto until = seconds_of(X509_get0_notAfter(failed));
      return {Verdict::NotValidAtSigningTime,
              at + " に" + whose + "は有効期限切れでした（" +
                  (until ? date_of(*until) + " まで有効" : openssl) + "）"};
    }
    case X509_V_ERR_CERT_NOT_YET_VALID: {
      const auto from = seconds_of(X509_get0_notBefore(failed));
      return {Verdict::NotValidAtSigningTime,
              at + " に" + whose + "はまだ有効ではありませんでした（" +
                  (from ? date_of(*from) + " から有効" : openssl) + "）"};
    }
    case X509_V_ERR_CERT_REVOKED:
      return {Verdict::Revoked, whose + "は失効しています（" + revocation_of(failed, crls) + "）"};
    case X509_V_ERR_UNABLE_TO_GET_CRL:
      return {Verdict::UntrustedChain, "失効を確かめられません: 発行者 " +
                                           name_of(X509_get_issuer_name(failed)) +
                                           " の CRL が指定されていません"};
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_UNTRUSTED:
      return {Verdict::UntrustedChain, whose + "の発行者 " + name_of(X509_get_issuer_name(failed)) +
                                           " は信頼する認証局ではありません（" + openssl + "）"};
    default:
      return {Verdict::UntrustedChain, whose + "を信頼できません（" + openssl + "）"};
  }
}

}  // namespace

std::string_view to_string(SignatureCheck::Verdict verdict) {
  switch (verdict) {
    case Verdict::Valid:
      return "valid";
    case Verdict::Tampered:
      return "tampered";
    case Verdict::UntrustedChain:
      return "untrusted_chain";
    case Verdict::NotValidAtSigningTime:
      return "not_valid_at_signing_time";
    case Verdict::Revoked:
      return "revoked";
    case Verdict::Unreadable:
      return "unreadable";
  }
  return "unreadable";
}

SignatureCheck check_signature(std::string_view pdf, std::string_view cms_der,
                               const TrustSettings& trust) {
  SignatureCheck check;
  const auto verdict = [&](Verdict v, std::string reason) {
    check.verdict = v;
    check.reason = std::move(reason);
    ERR_clear_error();
    return check;
  };

  const auto* cursor = reinterpret_cast<const unsigned char*>(cms_der.data());
  Cms cms(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(cms_der.size())));
  if (!cms) return verdict(Verdict::Unreadable, "署名が CMS（DER）として読めません");
  if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    return verdict(Verdict::Unreadable, "署名が CMS SignedData ではありません");
  }
  if (CMS_is_detached(cms.get()) != 1) {
    return verdict(Verdict::Unreadable,
                   "署名が申請書PDFと別になった（detached）署名ではありません");
  }
  STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
  if (signers == nullptr || sk_CMS_SignerInfo_num(signers) != 1) {
    return verdict(Verdict::Unreadable, "署名者がひとりではありません");
  }
  CMS_SignerInfo* signer = sk_CMS_SignerInfo_value(signers, 0);
  Certificates certificates(CMS_get1_certs(cms.get()));
  X509* signer_certificate = nullptr;
  for (int i = 0; certificates && i < sk_X509_num(certificates.get()); ++i) {
    if (CMS_SignerInfo_cert_cmp(signer, sk_X509_value(certificates.get(), i)) == 0) {
      signer_certificate = sk_X509_value(certificates.get(), i);
    }
  }
  if (signer_certificate == nullptr) {
    return verdict(Verdict::Unreadable, "署名に署名者の証明書が入っていません");
  }
  {
    const int size = i2d_X509(signer_certificate, nullptr);
    std::vector<std::uint8_t> der(static_cast<std::size_t>(size > 0 ? size : 0));
    unsigned char* out = der.data();
    if (size > 0) i2d_X509(signer_certificate, &out);
    if (auto info = card::parse_certificate(der)) {
      check.certificate_serial = info->serial_hex;
      if (info->holder) check.signer_name = info->holder->name;
    } else {
      return verdict(Verdict::Unreadable,
                     "署名者の証明書が読めません（" + info.error().message + "）");
    }
  }
  const auto signing_time = signing_time_of(signer);
  if (signing_time) check.signing_time = iso8601(*signing_time);

  Bio content = memory_bio(pdf);
  if (!content || CMS_verify(cms.get(), nullptr, nullptr, content.get(), nullptr,
                             CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
    const std::string openssl = openssl_reason();
    if (digest_matches(signer, pdf) == false) {
      return verdict(Verdict::Tampered,
                     "申請書PDFが署名のあとで変わっています（SHA-256 が署名したときと違います）");
    }
    return verdict(Verdict::Tampered,
                   "署名が壊れています: 署名者の証明書の鍵で確かめられません（" + openssl + "）");
  }
  if (!signing_time) {
    return verdict(Verdict::Unreadable, "署名に署名日時（signingTime）がありません");
  }

  Store store(X509_STORE_new());
  if (!store) return verdict(Verdict::Unreadable, "証明書の検証を始められません");
  std::vector<LoadedCrl> crls;
  if (auto problem = load_trust(trust, store.get(), crls)) {
    return verdict(Verdict::Unreadable, *problem);
  }
  if (trust.trusted_roots.empty()) {
    return verdict(Verdict::UntrustedChain, "信頼する認証局が指定されていません");
  }
  auto [chain, why] = check_chain(store.get(), signer_certificate, certificates.get(),
                                  *signing_time, !crls.empty(), crls);
  return verdict(chain, std::move(why));
}

}  // namespace madoguchi::submission
