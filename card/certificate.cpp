#include "madoguchi/card/certificate.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <optional>

namespace madoguchi::card {

namespace {

CardError malformed_certificate(std::string message) {
  return CardError{CardErrorKind::MalformedData, "certificate: " + std::move(message)};
}

std::string name_text(const X509_NAME* name) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio) return {};
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::optional<std::chrono::sys_seconds> time_of(const ASN1_TIME* time) {
  struct tm parts {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) return std::nullopt;
  using namespace std::chrono;
  const year_month_day day{year(parts.tm_year + 1900),
                           month(static_cast<unsigned>(parts.tm_mon + 1)),
                           std::chrono::day(static_cast<unsigned>(parts.tm_mday))};
  if (!day.ok()) return std::nullopt;
  return sys_days(day) + hours(parts.tm_hour) + minutes(parts.tm_min) + seconds(parts.tm_sec);
}

// The 基本4情報 a JPKI signature certificate carries as subjectAltName otherNames under
// 1.2.392.200149.8.5.5 (.1 name, .3 sex, .4 birth date as era digit + YYYYMMDD, .5 address).
std::optional<BasicInfo> holder_of(X509* cert) {
  using Names = std::unique_ptr<GENERAL_NAMES, void (*)(GENERAL_NAMES*)>;
  Names names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)),
      [](GENERAL_NAMES* n) { sk_GENERAL_NAME_pop_free(n, GENERAL_NAME_free); });
  if (!names) return std::nullopt;
  BasicInfo holder;
  int found = 0;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_OTHERNAME) continue;
    const OTHERNAME* other = name->d.otherName;
    if (other->value == nullptr ||
        (other->value->type != V_ASN1_UTF8STRING && other->value->type != V_ASN1_PRINTABLESTRING)) {
      continue;
    }
    char oid[64];
    OBJ_obj2txt(oid, sizeof oid, other->type_id, 1);
    const ASN1_STRING* text = other->value->value.asn1_string;
    wiping::WipingString value(
        std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                         static_cast<std::size_t>(ASN1_STRING_length(text))));
    const std::string_view field(oid);
    if (field == "1.2.392.200149.8.5.5.1") {
      holder.name = std::move(value);
    } else if (field == "1.2.392.200149.8.5.5.3") {
      holder.sex = std::move(value);
    } else if (field == "1.2.392.200149.8.5.5.4" && value.size() == 9) {
      holder.birth_date = std::string_view(value).substr(1);
    } else if (field == "1.2.392.200149.8.5.5.5") {
      holder.address = std::move(value);
    } else {
      continue;
    }
    ++found;
  }
  if (found == 0) return std::nullopt;
  return holder;
}

}  // namespace

std::expected<std::size_t, CardError> der_size_from_prefix(std::span<const std::uint8_t> prefix) {
  if (prefix.size() < 4) return std::unexpected(malformed_certificate("fewer than 4 bytes"));
  if (prefix[0] != 0x30)
    return std::unexpected(malformed_certificate("does not start with a SEQUENCE (30)"));
  if (prefix[1] != 0x82) {
    return std::unexpected(
        malformed_certificate("the length is not in the 2-byte long form (82 HH LL)"));
  }
  const std::size_t body = (static_cast<std::size_t>(prefix[2]) << 8) | prefix[3];
  if (body < 128)
    return std::unexpected(malformed_certificate("a certificate is longer than that"));
  return body + 4;
}

std::expected<CertificateInfo, CardError> parse_certificate(std::span<const std::uint8_t> der) {
  const auto size = der_size_from_prefix(der);
  if (!size) return std::unexpected(size.error());
  if (*size > der.size()) {
    return std::unexpected(malformed_certificate("the DER object declares " +
                                                 std::to_string(*size) + " bytes but only " +
                                                 std::to_string(der.size()) + " were read"));
  }
  const unsigned char* cursor = der.data();
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      d2i_X509(nullptr, &cursor, static_cast<long>(*size)), X509_free);
  if (!cert || cursor != der.data() + *size) {
    return std::unexpected(malformed_certificate("not a DER X.509 certificate"));
  }
  CertificateInfo info;
  info.subject = name_text(X509_get_subject_name(cert.get()));
  info.issuer = name_text(X509_get_issuer_name(cert.get()));
  const auto not_before = time_of(X509_get0_notBefore(cert.get()));
  const auto not_after = time_of(X509_get0_notAfter(cert.get()));
  if (!not_before || !not_after)
    return std::unexpected(malformed_certificate("unreadable validity dates"));
  info.not_before = *not_before;
  info.not_after = *not_after;
  if (const ASN1_INTEGER* serial = X509_get0_serialNumber(cert.get())) {
    std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(ASN1_INTEGER_to_BN(serial, nullptr), BN_free);
    if (bn) {
      std::unique_ptr<char, void (*)(char*)> hex(BN_bn2hex(bn.get()),
                                                 [](char* p) { OPENSSL_free(p); });
      if (hex) info.serial_hex = hex.get();
    }
  }
  info.holder = holder_of(cert.get());
  info.for_signing = (X509_get_key_usage(cert.get()) & KU_NON_REPUDIATION) != 0;
  info.der.assign(der.begin(), der.begin() + static_cast<std::ptrdiff_t>(*size));
  return info;
}

}  // namespace madoguchi::card
