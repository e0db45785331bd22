#include "madoguchi/payment/nexo_security.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "madoguchi/payment/base64.hpp"

namespace madoguchi::payment::nexo {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kSalt = "AdyenNexoV1Salt";
constexpr int kIterations = 4000;

using Mac = std::array<std::uint8_t, 32>;

Mac hmac_sha256(const std::array<std::uint8_t, 32>& key, std::string_view data) {
  Mac mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &length);
  return mac;
}

// AES-256-CBC with PKCS#7 padding, either way; nothing when the padding is wrong on the way in.
std::expected<std::string, std::string> aes_cbc(const std::array<std::uint8_t, 32>& key,
                                                const std::array<std::uint8_t, 16>& iv,
                                                std::string_view input, bool encrypt) {
  const std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                            EVP_CIPHER_CTX_free);
  if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), iv.data(),
                                encrypt ? 1 : 0) != 1) {
    return std::unexpected(std::string("the cipher could not start"));
  }
  wiping::WipingString out(std::string(input.size() + 16, '\0'));
  int written = 0;
  int last = 0;
  if (EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &written,
                       reinterpret_cast<const unsigned char*>(input.data()),
                       static_cast<int>(input.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + written,
                         &last) != 1) {
    return std::unexpected(std::string(encrypt ? "encryption failed" : "the padding is wrong"));
  }
  out.resize(static_cast<std::size_t>(written + last));
  return std::string(out);
}

// The one top-level key of a nexo message and its body.
struct Envelope {
  std::string name;  // SaleToPOIRequest | SaleToPOIResponse
  Json body;
};
std::optional<Envelope> envelope_of(std::string_view text) {
  Json root = Json::parse(text, nullptr, false);
  if (root.is_discarded() || !root.is_object() || root.size() != 1) return std::nullopt;
  const auto it = root.begin();
  if ((it.key() != "SaleToPOIRequest" && it.key() != "SaleToPOIResponse") ||
      !it.value().is_object()) {
    return std::nullopt;
  }
  return Envelope{it.key(), it.value()};
}

template <std::size_t N>
std::array<std::uint8_t, N> xor_of(const std::array<std::uint8_t, N>& a,
                                   const std::array<std::uint8_t, N>& b) {
  std::array<std::uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<std::uint8_t>(a[i] ^ b[i]);
  return out;
}

}  // namespace

std::string_view to_string(OpenProblem problem) {
  switch (problem) {
    case OpenProblem::NotJson:
      return "not a nexo message";
    case OpenProblem::NotSecured:
      return "not secured (no NexoBlob or SecurityTrailer)";
    case OpenProblem::OtherKey:
      return "secured with another key";
    case OpenProblem::OtherCryptoVersion:
      return "another AdyenCryptoVersion";
    case OpenProblem::Malformed:
      return "a malformed NexoBlob or SecurityTrailer";
    case OpenProblem::WrongMac:
      return "its HMAC does not match (another passphrase, or a changed message)";
    case OpenProblem::HeaderMismatch:
      return "its clear MessageHeader differs from the one inside";
  }
  return "unknown";
}

std::expected<NexoCipher, std::string> NexoCipher::from_key(const NexoKey& key) {
  if (key.identifier.empty()) return std::unexpected(std::string("the key has no identifier"));
  if (key.passphrase.empty()) return std::unexpected(std::string("the key has no passphrase"));
  std::array<std::uint8_t, 80> material{};
  if (PKCS5_PBKDF2_HMAC_SHA1(key.passphrase.data(), static_cast<int>(key.passphrase.size()),
                             reinterpret_cast<const unsigned char*>(kSalt.data()),
                             static_cast<int>(kSalt.size()), kIterations,
                             static_cast<int>(material.size()), material.data()) != 1) {
    return std::unexpected(std::string("the key could not be derived"));
  }
  NexoCipher cipher;
  std::copy_n(material.begin(), 32, cipher.hmac_key_.begin());
  std::copy_n(material.begin() + 32, 32, cipher.cipher_key_.begin());
  std::copy_n(material.begin() + 64, 16, cipher.iv_.begin());
  wiping::wipe_bytes(material.data(), material.size());
  cipher.identifier_ = key.identifier;
  cipher.version_ = key.version;
  return cipher;
}

NexoCipher::~NexoCipher() {
  wiping::wipe_bytes(hmac_key_.data(), hmac_key_.size());
  wiping::wipe_bytes(cipher_key_.data(), cipher_key_.size());
  wiping::wipe_bytes(iv_.data(), iv_.size());
}

std::expected<std::string, std::string> NexoCipher::seal(std::string_view message) const {
  std::array<std::uint8_t, 16> nonce{};
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
    return std::unexpected(std::string("no random nonce"));
  }
  return seal(message, nonce);
}

std::expected<std::string, std::string> NexoCipher::seal(
    std::string_view message, const std::array<std::uint8_t, 16>& nonce) const {
  const auto envelope = envelope_of(message);
  if (!envelope || !envelope->body.contains("MessageHeader")) {
    return std::unexpected(std::string("not a nexo message with a MessageHeader"));
  }
  auto blob = aes_cbc(cipher_key_, xor_of(iv_, nonce), message, true);
  if (!blob) return std::unexpected(blob.error());
  const Mac mac = hmac_sha256(hmac_key_, message);
  Json secured = Json::object();
  secured[envelope->name] = {
      {"MessageHeader", envelope->body["MessageHeader"]},
      {"NexoBlob", base64_encode(*blob)},
      {"SecurityTrailer",
       {{"AdyenCryptoVersion", kAdyenCryptoVersion},
        {"KeyIdentifier", identifier_},
        {"KeyVersion", version_},
        {"Nonce", base64_encode({reinterpret_cast<const char*>(nonce.data()), nonce.size()})},
        {"Hmac", base64_encode({reinterpret_cast<const char*>(mac.data()), mac.size()})}}}};
  return secured.dump();
}

std::expected<std::string, OpenError> NexoCipher::open(std::string_view secured) const {
  const auto fail = [](OpenProblem problem, std::string detail) {
    return std::unexpected(OpenError{problem, std::move(detail)});
  };
  const auto envelope = envelope_of(secured);
  if (!envelope) return fail(OpenProblem::NotJson, "no SaleToPOIRequest/SaleToPOIResponse");
  const Json& body = envelope->body;
  const auto blob_at = body.find("NexoBlob");
  const auto trailer_at = body.find("SecurityTrailer");
  if (blob_at == body.end() || trailer_at == body.end()) {
    return fail(OpenProblem::NotSecured, envelope->name + " without NexoBlob/SecurityTrailer");
  }
  const Json& trailer = *trailer_at;
  if (!blob_at->is_string() || !trailer.is_object()) {
    return fail(OpenProblem::Malformed, "NexoBlob or SecurityTrailer of the wrong type");
  }
  const auto number = [&](const char* name) -> std::optional<long long> {
    const auto it = trailer.find(name);
    if (it == trailer.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<long long>();
  };
  const auto text = [&](const char* name) -> std::string {
    const auto it = trailer.find(name);
    return it != trailer.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (number("AdyenCryptoVersion") != kAdyenCryptoVersion) {
    return fail(OpenProblem::OtherCryptoVersion, "AdyenCryptoVersion is not 1");
  }
  if (text("KeyIdentifier") != identifier_ || number("KeyVersion") != version_) {
    return fail(OpenProblem::OtherKey,
                "key \"" + text("KeyIdentifier").substr(0, 40) + "\" version " +
                    std::to_string(number("KeyVersion").value_or(-1)) + ", expected \"" +
                    identifier_ + "\" version " + std::to_string(version_));
  }
  const auto blob = base64_decode(blob_at->get<std::string>());
  const auto nonce = base64_decode(text("Nonce"));
  const auto mac = base64_decode(text("Hmac"));
  if (!blob || !nonce || !mac) {
    return fail(OpenProblem::Malformed, "NexoBlob, Nonce or Hmac: " + (!blob    ? blob.error()
                                                                       : !nonce ? nonce.error()
                                                                                : mac.error()));
  }
  if (nonce->size() != 16 || mac->size() != 32 || blob->empty() || blob->size() % 16 != 0) {
    return fail(OpenProblem::Malformed, "a nonce of " + std::to_string(nonce->size()) +
                                            " bytes, an HMAC of " + std::to_string(mac->size()) +
                                            ", a NexoBlob of " + std::to_string(blob->size()));
  }
  std::array<std::uint8_t, 16> nonce_bytes{};
  std::copy(nonce->begin(), nonce->end(), nonce_bytes.begin());
  const auto plain = aes_cbc(cipher_key_, xor_of(iv_, nonce_bytes), *blob, false);
  // A wrong key gives wrong padding most of the time and garbage otherwise: either way the
  // HMAC decides, and a failed decryption is told as a wrong HMAC.
  const Mac expected = plain ? hmac_sha256(hmac_key_, *plain) : Mac{};
  if (!plain || CRYPTO_memcmp(expected.data(), mac->data(), expected.size()) != 0) {
    return fail(OpenProblem::WrongMac, "the HMAC does not match");
  }
  const auto inside = envelope_of(*plain);
  if (!inside || inside->name != envelope->name) {
    return fail(OpenProblem::NotJson, "the NexoBlob holds no " + envelope->name);
  }
  const auto header = body.find("MessageHeader");
  const auto inner_header = inside->body.find("MessageHeader");
  if (header == body.end() || inner_header == inside->body.end() || *header != *inner_header) {
    return fail(OpenProblem::HeaderMismatch, "the clear MessageHeader is not the one inside");
  }
  return *plain;
}

}  // namespace madoguchi::payment::nexo
