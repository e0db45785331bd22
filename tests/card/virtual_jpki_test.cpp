// The virtual card's JPKI-AP, APDU by APDU, without pcscd: the 署名用パスワード and its tries,
// the signature certificate behind it, COMPUTE DIGITAL SIGNATURE, and certificates that chain
// to the test CA.
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "madoguchi/card/certificate.hpp"
#include "madoguchi/card/jpki_ap.hpp"
#include "virtual_card.hpp"

namespace madoguchi::card {
namespace {

using Bytes = std::vector<std::uint8_t>;

Persona hanako(int sign_tries = 5) {
  Persona p;
  p.basic_info = {"高橋　花子", "大阪府大阪市北区中之島１－３－２０", "19881203", "2"};
  p.my_number = "000000000003";
  p.pin = "4321";
  p.sign_password = "HANAKO2026";
  p.sign_tries_left = sign_tries;
  return p;
}

Bytes command(std::initializer_list<std::uint8_t> header, const Bytes& body = {},
              bool with_le = false) {
  Bytes c(header);
  if (!body.empty()) {
    c.push_back(static_cast<std::uint8_t>(body.size()));
    c.insert(c.end(), body.begin(), body.end());
  }
  if (with_le) c.push_back(0x00);
  return c;
}
Bytes select_jpki() {
  return command({0x00, 0xA4, 0x04, 0x0C}, Bytes(kJpkiAid.begin(), kJpkiAid.end()));
}
Bytes select_file(std::uint16_t fid) {
  return command({0x00, 0xA4, 0x02, 0x0C},
                 {static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid)});
}
Bytes verify(const std::string& secret) {
  return command({0x00, 0x20, 0x00, 0x80}, Bytes(secret.begin(), secret.end()));
}
Bytes sign(const Bytes& digest_info) {
  return command({0x80, 0x2A, 0x00, 0x80}, digest_info, true);
}
std::uint16_t sw(const Bytes& answer) {
  return static_cast<std::uint16_t>(answer[answer.size() - 2] << 8 | answer.back());
}

// Reads a whole certificate EF as OpenSC does: 4 bytes for the size, then the rest.
Bytes read_certificate(VirtualMyNumberCard& card) {
  const Bytes head = card.respond(Bytes{0x00, 0xB0, 0x00, 0x00, 0x04});
  if (sw(head) != 0x9000) return {};
  const std::size_t size = (static_cast<std::size_t>(head[2]) << 8 | head[3]) + 4;
  Bytes der;
  while (der.size() < size) {
    const std::size_t chunk = std::min<std::size_t>(size - der.size(), 0xFF);
    const Bytes part = card.respond(Bytes{0x00, 0xB0, static_cast<std::uint8_t>(der.size() >> 8),
                                          static_cast<std::uint8_t>(der.size()),
                                          static_cast<std::uint8_t>(chunk)});
    if (sw(part) != 0x9000) return {};
    der.insert(der.end(), part.begin(), part.end() - 2);
  }
  return der;
}

X509* certificate_of(const Bytes& der) {
  const unsigned char* p = der.data();
  return d2i_X509(nullptr, &p, static_cast<long>(der.size()));
}

// SHA-256 DigestInfo of `text`.
Bytes digest_info(const std::string& text) {
  Bytes info = {0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
  unsigned char hash[32];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), hash, &size, EVP_sha256(), nullptr);
  info.insert(info.end(), hash, hash + size);
  return info;
}

TEST(VirtualJpki, CountsTheSignaturePasswordsFiveTriesApartFromThePin) {
  VirtualMyNumberCard card(hanako(), {});
  ASSERT_EQ(sw(card.respond(select_jpki())), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kJpkiSignaturePasswordFile))), 0x9000);
  EXPECT_EQ(sw(card.respond(command({0x00, 0x20, 0x00, 0x80}))), 0x63C5) << "no try spent";
  EXPECT_EQ(sw(card.respond(verify("WRONG1"))), 0x63C4);
  EXPECT_EQ(sw(card.respond(verify("hanako2026"))), 0x63C3) << "the card does not fold case";
  EXPECT_EQ(card.sign_password_tries_left(), 3);
  EXPECT_EQ(card.pin_tries_left(), 3) << "the 入力補助AP's PIN is a separate counter";
  EXPECT_EQ(sw(card.respond(verify("HANAKO2026"))), 0x9000);
  EXPECT_EQ(sw(card.respond(command({0x00, 0x20, 0x00, 0x80}))), 0x63C5) << "back to five";

  ASSERT_EQ(sw(card.respond(select_file(kJpkiUserAuthPinFile))), 0x9000);
  EXPECT_EQ(sw(card.respond(command({0x00, 0x20, 0x00, 0x80}))), 0x63C3);
  EXPECT_EQ(sw(card.respond(verify("HANAKO2026"))), 0x63C2) << "the password is not the PIN";
  EXPECT_EQ(sw(card.respond(verify("4321"))), 0x9000);
}

TEST(VirtualJpki, ABlockedPasswordRefusesEveryTry) {
  VirtualMyNumberCard card(hanako(1), {});
  ASSERT_EQ(sw(card.respond(select_jpki())), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kJpkiSignaturePasswordFile))), 0x9000);
  EXPECT_EQ(sw(card.respond(verify("WRONG1"))), 0x63C0) << "the try that blocks it";
  EXPECT_EQ(sw(card.respond(command({0x00, 0x20, 0x00, 0x80}))), 0x6984);
  EXPECT_EQ(sw(card.respond(verify("HANAKO2026"))), 0x6984);
  EXPECT_EQ(card.sign_password_tries_left(), 0);
}

TEST(VirtualJpki, TheSignatureCertificateNeedsThePasswordAndNamesTheHolder) {
  VirtualMyNumberCard card(hanako(), {});
  ASSERT_EQ(sw(card.respond(select_jpki())), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kJpkiSignatureCertificateFile))), 0x9000);
  EXPECT_EQ(sw(card.respond(Bytes{0x00, 0xB0, 0x00, 0x00, 0x04})), 0x6982);
  ASSERT_EQ(sw(card.respond(select_file(kJpkiSignaturePasswordFile))), 0x9000);
  ASSERT_EQ(sw(card.respond(verify("HANAKO2026"))), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kJpkiSignatureCertificateFile))), 0x9000);
  const Bytes der = read_certificate(card);
  ASSERT_EQ(der, card.jpki_signature_certificate());

  const auto info = parse_certificate(der);
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_TRUE(info->holder);
  EXPECT_EQ(info->holder->name, "高橋　花子");
  EXPECT_EQ(info->holder->address, "大阪府大阪市北区中之島１－３－２０");
  EXPECT_EQ(info->holder->birth_date, "19881203");
  EXPECT_EQ(info->holder->sex, "2");
  EXPECT_TRUE(info->for_signing);

  const auto auth = parse_certificate(card.jpki_auth_certificate());
  ASSERT_TRUE(auth);
  EXPECT_FALSE(auth->holder) << "the user-auth certificate carries no 基本4情報";
  EXPECT_FALSE(auth->for_signing);
  EXPECT_NE(auth->serial_hex, info->serial_hex);
}

TEST(VirtualJpki, BothCertificatesChainToTheTestCaTheCardServes) {
  VirtualMyNumberCard card(hanako(), {});
  ASSERT_EQ(sw(card.respond(select_jpki())), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kJpkiSignatureCaFile))), 0x9000);
  const Bytes ca_der = read_certificate(card);
  ASSERT_EQ(sw(card.respond(select_file(kJpkiUserAuthCaFile))), 0x9000);
  EXPECT_EQ(read_certificate(card), ca_der);
  X509* ca = certificate_of(ca_der);
  ASSERT_NE(ca, nullptr);
  EVP_PKEY* ca_key = X509_get0_pubkey(ca);
  for (const Bytes* der : {&card.jpki_auth_certificate(), &card.jpki_signature_certificate()}) {
    X509* cert = certificate_of(*der);
    ASSERT_NE(cert, nullptr);
    EXPECT_EQ(X509_verify(cert, ca_key), 1);
    EXPECT_EQ(X509_check_issued(ca, cert), X509_V_OK);
    X509_free(cert);
  }
  X509_free(ca);
}

TEST(VirtualJpki, SignsADigestInfoWithTheKeyOfTheSignatureCertificateOnlyAfterThePassword) {
  VirtualMyNumberCard card(hanako(), {});
  const Bytes info = digest_info("申請書.pdf");
  ASSERT_EQ(sw(card.respond(select_jpki())), 0x9000);
  EXPECT_EQ(sw(card.respond(sign(info))), 0x6986) << "no key selected";
  ASSERT_EQ(sw(card.respond(select_file(kJpkiSignatureKeyFile))), 0x9000);
  EXPECT_EQ(sw(card.respond(sign(info))), 0x6982) << "password not verified";
  EXPECT_EQ(sw(card.respond(Bytes{0x00, 0x2A, 0x00, 0x80, 0x01, 0x00})), 0x6D00)
      << "COMPUTE DIGITAL SIGNATURE is CLA 80";
  ASSERT_EQ(sw(card.respond(select_file(kJpkiSignaturePasswordFile))), 0x9000);
  ASSERT_EQ(sw(card.respond(verify("HANAKO2026"))), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kJpkiSignatureKeyFile))), 0x9000);
  EXPECT_EQ(sw(card.respond(command({0x80, 0x2A, 0x01, 0x80}, info, true))), 0x6A86);
  const Bytes answer = card.respond(sign(info));
  ASSERT_EQ(sw(answer), 0x9000);
  ASSERT_EQ(answer.size(), 258U) << "a 2048-bit signature";
  EXPECT_EQ(card.signatures_made(), 1);

  // The signature opens with the certificate's public key to exactly the DigestInfo.
  X509* cert = certificate_of(card.jpki_signature_certificate());
  ASSERT_NE(cert, nullptr);
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new(X509_get0_pubkey(cert), nullptr);
  ASSERT_EQ(EVP_PKEY_verify_recover_init(context), 1);
  ASSERT_EQ(EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING), 1);
  Bytes recovered(256);
  std::size_t size = recovered.size();
  ASSERT_EQ(EVP_PKEY_verify_recover(context, recovered.data(), &size, answer.data(), 256), 1);
  recovered.resize(size);
  EXPECT_EQ(recovered, info);
  EVP_PKEY_CTX_free(context);
  X509_free(cert);

  // Leaving the JPKI-AP forgets the password.
  card.reset();
  ASSERT_EQ(sw(card.respond(select_jpki())), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kJpkiSignatureKeyFile))), 0x9000);
  EXPECT_EQ(sw(card.respond(sign(info))), 0x6982);
}

TEST(VirtualJpki, ThePersonaFileGivesThePasswordOrTheDocumentedDefault) {
  const std::string base =
      R"({"name": "山田　太郎", "address": "東京都", "birth_date": "19500415", "sex": "1",
          "my_number": "000000000001", "pin": "1234", "pin_tries_left": 3)";
  const auto plain = parse_persona(base + "}", "plain.json");
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_EQ(plain->sign_password, kDefaultSignPassword);
  EXPECT_EQ(plain->sign_tries_left, kMaxSignPasswordTries);

  const auto given =
      parse_persona(base + R"(, "sign_password": "ABC123", "sign_tries_left": 1})", "given.json");
  ASSERT_TRUE(given) << given.error();
  EXPECT_EQ(given->sign_password, "ABC123");
  EXPECT_EQ(given->sign_tries_left, 1);

  for (const char* bad :
       {"ABCDE", "ABCDEFGHIJKLMNOPQ", "abc123", "ABCDEFG", "1234567", "ABC 123"}) {
    const auto refused = parse_persona(base + R"(, "sign_password": ")" + bad + "\"}", "bad.json");
    ASSERT_FALSE(refused) << bad;
    EXPECT_NE(refused.error().find("key \"sign_password\": must be 6 to 16"), std::string::npos)
        << refused.error();
    EXPECT_EQ(refused.error().find(bad), std::string::npos) << "never quoted back";
  }
  const auto too_many = parse_persona(base + R"(, "sign_tries_left": 6})", "six.json");
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().find("sign_tries_left"), std::string::npos);
}

}  // namespace
}  // namespace madoguchi::card
