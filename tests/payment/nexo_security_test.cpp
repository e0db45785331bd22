// nexo message security (payment/nexo_security.hpp): a sealed message opens only with the
// same key, and what the kiosk seals is what the documented algorithm gives, checked with the
// openssl command line (an implementation of PBKDF2, AES-256-CBC and HMAC of its own).
#include "madoguchi/payment/nexo_security.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "madoguchi/payment/base64.hpp"

namespace madoguchi::payment::nexo {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kRequest =
    R"({"SaleToPOIRequest":{"MessageHeader":{"MessageCategory":"Payment","MessageClass":"Service",)"
    R"("MessageType":"Request","POIID":"V400m-324688179","ProtocolVersion":"3.0",)"
    R"("SaleID":"MADOGUCHI-K1","ServiceID":"0123456789"},"PaymentRequest":{"PaymentTransaction":)"
    R"({"AmountsReq":{"Currency":"JPY","RequestedAmount":300}},"SaleData":{"SaleTransactionID":)"
    R"({"TimeStamp":"2026-12-05T10:00:00+09:00","TransactionID":"1205-001"}}}}})";

NexoKey test_key(std::string passphrase = "p@ssw0rd123456") {
  return NexoKey{"CryptoKeyIdentifier12345", 1, std::move(passphrase)};
}

NexoCipher cipher_of(const NexoKey& key) {
  auto cipher = NexoCipher::from_key(key);
  EXPECT_TRUE(cipher) << (cipher ? "" : cipher.error());
  return *cipher;
}

TEST(Base64, EncodesAndDecodesEveryLength) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");  // RFC 4648 §10
  std::string bytes;
  for (int i = 0; i < 300; ++i) {
    bytes += static_cast<char>(i * 37);
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
  }
}

TEST(Base64, RefusesWhatIsNotBase64) {
  for (const char* bad :
       {"Zg=", "Z===", "Zg=a", "Zm9v\n", "Zm 9v", "Zh==", "Zm9=", "====", "*AAA"}) {
    EXPECT_FALSE(base64_decode(bad)) << bad;
  }
}

TEST(NexoSecurity, ASealedMessageOpensWithTheSameKeyAndCarriesItsHeaderInClear) {
  const NexoCipher cipher = cipher_of(test_key());
  const auto sealed = cipher.seal(kRequest);
  ASSERT_TRUE(sealed) << sealed.error();
  const Json secured = Json::parse(*sealed);
  const Json& body = secured["SaleToPOIRequest"];
  EXPECT_EQ(body["MessageHeader"], Json::parse(kRequest)["SaleToPOIRequest"]["MessageHeader"]);
  EXPECT_FALSE(body.contains("PaymentRequest"));  // only inside the blob
  EXPECT_EQ(sealed->find("1205-001"), std::string::npos);
  EXPECT_EQ(body["SecurityTrailer"]["KeyIdentifier"], "CryptoKeyIdentifier12345");
  EXPECT_EQ(body["SecurityTrailer"]["KeyVersion"], 1);
  EXPECT_EQ(body["SecurityTrailer"]["AdyenCryptoVersion"], 1);
  const auto opened = cipher.open(*sealed);
  ASSERT_TRUE(opened) << opened.error().detail;
  EXPECT_EQ(*opened, kRequest);
  // A fresh nonce each time: the same message never gives the same blob.
  EXPECT_NE(cipher.seal(kRequest)->substr(0, 400), sealed->substr(0, 400));
}

TEST(NexoSecurity, AnotherPassphraseNeverOpens) {
  const auto sealed = cipher_of(test_key()).seal(kRequest);
  ASSERT_TRUE(sealed);
  const auto opened = cipher_of(test_key("p@ssw0rd123457")).open(*sealed);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().problem, OpenProblem::WrongMac);
}

TEST(NexoSecurity, AnotherKeyIdentifierOrVersionIsNamed) {
  const auto sealed = cipher_of(test_key()).seal(kRequest);
  ASSERT_TRUE(sealed);
  NexoKey other = test_key();
  other.version = 2;
  const auto opened = cipher_of(other).open(*sealed);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().problem, OpenProblem::OtherKey);
  EXPECT_NE(opened.error().detail.find("version 1, expected"), std::string::npos)
      << opened.error().detail;
}

TEST(NexoSecurity, EveryChangedPartIsRefused) {
  const NexoCipher cipher = cipher_of(test_key());
  const Json secured = Json::parse(*cipher.seal(kRequest));
  const auto refused = [&](const std::function<void(Json&)>& change, OpenProblem problem) {
    Json changed = secured;
    change(changed["SaleToPOIRequest"]);
    const auto opened = cipher.open(changed.dump());
    ASSERT_FALSE(opened) << changed.dump();
    EXPECT_EQ(opened.error().problem, problem) << opened.error().detail;
  };
  // One bit of the blob: the padding or the HMAC catches it.
  refused(
      [](Json& body) {
        auto blob = *base64_decode(body["NexoBlob"].get<std::string>());
        blob[blob.size() / 2] = static_cast<char>(blob[blob.size() / 2] ^ 1);
        body["NexoBlob"] = base64_encode(blob);
      },
      OpenProblem::WrongMac);
  refused(
      [](Json& body) {
        auto nonce = *base64_decode(body["SecurityTrailer"]["Nonce"].get<std::string>());
        nonce[0] = static_cast<char>(nonce[0] ^ 1);
        body["SecurityTrailer"]["Nonce"] = base64_encode(nonce);
      },
      OpenProblem::WrongMac);
  refused([](Json& body) { body["SecurityTrailer"]["Hmac"] = base64_encode(std::string(32, 'x')); },
          OpenProblem::WrongMac);
  // The header in clear is not covered by the HMAC: it must be the one inside.
  refused([](Json& body) { body["MessageHeader"]["ServiceID"] = "9999999999"; },
          OpenProblem::HeaderMismatch);
  refused([](Json& body) { body["SecurityTrailer"]["AdyenCryptoVersion"] = 2; },
          OpenProblem::OtherCryptoVersion);
  refused([](Json& body) { body["SecurityTrailer"]["Nonce"] = "AAAA"; }, OpenProblem::Malformed);
  refused([](Json& body) { body["NexoBlob"] = "not base64!"; }, OpenProblem::Malformed);
  refused([](Json& body) { body.erase("SecurityTrailer"); }, OpenProblem::NotSecured);
  // A plain answer (an impostor holding no key) is not an answer.
  const auto plain = cipher.open(kRequest);
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().problem, OpenProblem::NotSecured);
  EXPECT_EQ(cipher.open("[]").error().problem, OpenProblem::NotJson);
}

TEST(NexoSecurity, AKeyWithoutPassphraseOrIdentifierIsRefused) {
  EXPECT_FALSE(NexoCipher::from_key(NexoKey{"id", 1, ""}));
  EXPECT_FALSE(NexoCipher::from_key(NexoKey{"", 1, "secret"}));
}

// ---- the algorithm, checked with the openssl command line --------------------------------

std::string hex(std::string_view bytes) {
  std::ostringstream out;
  for (const unsigned char c : bytes)
    out << std::hex << std::setw(2) << std::setfill('0') << int{c};
  return out.str();
}

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  EXPECT_EQ(::pclose(pipe), 0) << command;
  return out;
}

TEST(NexoSecurity, TheOpensslCommandLineOpensWhatTheKioskSeals) {
  const NexoCipher cipher = cipher_of(test_key());
  const std::array<std::uint8_t, 16> nonce = {0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87,
                                              0x98, 0xA9, 0xBA, 0xCB, 0xDC, 0xED, 0xFE, 0x0F};
  const Json secured = Json::parse(*cipher.seal(kRequest, nonce));
  const auto blob = *base64_decode(secured["SaleToPOIRequest"]["NexoBlob"].get<std::string>());
  const auto mac =
      *base64_decode(secured["SaleToPOIRequest"]["SecurityTrailer"]["Hmac"].get<std::string>());

  // PBKDF2-HMAC-SHA1, salt AdyenNexoV1Salt, 4000 iterations, 80 bytes.
  std::string material =
      run("openssl kdf -keylen 80 -kdfopt digest:SHA1 -kdfopt pass:'p@ssw0rd123456' "
          "-kdfopt salt:AdyenNexoV1Salt -kdfopt iter:4000 PBKDF2");
  std::erase(material, ':');
  std::erase(material, '\n');
  ASSERT_EQ(material.size(), 160U) << material;
  for (char& c : material) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string hmac_key = material.substr(0, 64);
  const std::string cipher_key = material.substr(64, 64);
  std::string iv = material.substr(128, 32);
  for (std::size_t i = 0; i < 16; ++i) {  // the IV XOR the nonce
    const int byte = std::stoi(iv.substr(i * 2, 2), nullptr, 16) ^ nonce[i];
    std::ostringstream two;
    two << std::hex << std::setw(2) << std::setfill('0') << byte;
    iv.replace(i * 2, 2, two.str());
  }

  const auto dir =
      std::filesystem::temp_directory_path() / ("nexo-security-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "blob", std::ios::binary) << blob;
  std::ofstream(dir / "plain", std::ios::binary) << kRequest;
  const std::string plain = run("openssl enc -d -aes-256-cbc -K " + cipher_key + " -iv " + iv +
                                " -in " + (dir / "blob").string());
  EXPECT_EQ(plain, kRequest);
  const std::string their_mac = run("openssl dgst -sha256 -mac HMAC -macopt hexkey:" + hmac_key +
                                    " -binary " + (dir / "plain").string());
  EXPECT_EQ(hex(their_mac), hex(mac));
  std::filesystem::remove_all(dir);
}

// ---- Adyen's own implementation ---------------------------------------------------------

std::string shell_quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs tests/payment/adyen_interop.js (Adyen's @adyen/api-library NexoCrypto) on `input`.
std::string adyen(std::string_view mode, const NexoKey& key, std::string_view input) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("nexo-adyen-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "in", std::ios::binary) << input;
  const std::string out =
      run("NODE_PATH=" + shell_quoted(MADOGUCHI_NODE_MODULES) + " node " +
          shell_quoted(MADOGUCHI_ADYEN_INTEROP) + " " + std::string(mode) + " " +
          shell_quoted(key.identifier) + " " + std::to_string(key.version) + " " +
          shell_quoted(key.passphrase) + " < " + shell_quoted((dir / "in").string()));
  std::filesystem::remove_all(dir);
  return out;
}

TEST(NexoSecurity, AdyensNodeLibraryAndTheKioskOpenWhatTheOtherSeals) {
  ASSERT_TRUE(std::filesystem::exists(std::string(MADOGUCHI_NODE_MODULES) +
                                      "/@adyen/api-library/package.json"))
      << "Adyen's Node library is not in " << MADOGUCHI_NODE_MODULES
      << ": scripts/install-deps.sh --tests installs it";
  const NexoKey key = test_key();
  const NexoCipher cipher = cipher_of(key);
  // The kiosk seals a request (Japanese in it, as a kiosk's would have), Adyen's code opens it.
  const std::string request =
      std::string(kRequest).replace(kRequest.find("1205-001"), 8, "住民票の写し 1通");
  EXPECT_EQ(adyen("open", key, *cipher.seal(request)), request);
  // Adyen's code seals an answer as a terminal would, the kiosk opens it.
  const std::string answer =
      R"({"SaleToPOIResponse":{"MessageHeader":{"MessageCategory":"Payment","MessageClass":)"
      R"("Service","MessageType":"Response","POIID":"V400m-324688179","ProtocolVersion":"3.0",)"
      R"("SaleID":"MADOGUCHI-K1","ServiceID":"0123456789"},"PaymentResponse":{"Response":)"
      R"({"Result":"Success"}}}})";
  const std::string sealed = adyen("seal", key, answer);
  const auto opened = cipher.open(sealed);
  ASSERT_TRUE(opened) << opened.error().detail << "\n" << sealed;
  EXPECT_EQ(*opened, answer);
  // …and refuses it under another passphrase.
  EXPECT_FALSE(cipher_of(test_key("another passphrase")).open(sealed));
}

}  // namespace
}  // namespace madoguchi::payment::nexo
