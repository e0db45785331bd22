// nexo message security as Adyen's local Terminal API uses it: every SaleToPOIRequest and
// SaleToPOIResponse travels encrypted as a NexoBlob beside its MessageHeader, with a
// SecurityTrailer naming the key and carrying a nonce and an HMAC (docs/payment.md).
//
// The key material comes from the key passphrase set on the terminal: PBKDF2-HMAC-SHA1 with
// the salt "AdyenNexoV1Salt", 4,000 iterations, 80 bytes: the HMAC key (bytes 0–31), the
// cipher key (32–63) and an IV (64–79). A message is encrypted with AES-256-CBC (PKCS#7
// padding) under the IV XOR a fresh 16-byte nonce; the HMAC-SHA256 is over the plain JSON.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::payment::nexo {

// The shared key as the town set it on the terminal (and in the kiosk's settings).
struct NexoKey {
  std::string identifier;           // KeyIdentifier
  int version = 0;                  // KeyVersion
  wiping::WipingString passphrase;  // never logged, never written outside the settings
};

inline constexpr int kAdyenCryptoVersion = 1;

// Why a secured message could not be opened. None of them is ever read as an answer: for the
// kiosk a payment whose answer does not open is in doubt.
enum class OpenProblem {
  NotJson,     // not a JSON object with one SaleToPOIRequest/SaleToPOIResponse
  NotSecured,  // no NexoBlob or SecurityTrailer: a plain message
  OtherKey,    // KeyIdentifier or KeyVersion is not ours
  OtherCryptoVersion,
  Malformed,       // Base64, nonce or HMAC of the wrong form
  WrongMac,        // the HMAC does not match: another passphrase, or a changed message
  HeaderMismatch,  // the clear MessageHeader differs from the one inside
};
std::string_view to_string(OpenProblem problem);

struct OpenError {
  OpenProblem problem;
  std::string detail;  // for the journal and the log: never the passphrase or the message
};

// The key material derived once from a NexoKey (PBKDF2 is slow on purpose); wiped when it goes.
class NexoCipher {
 public:
  // Nothing when the key has no identifier or an empty passphrase.
  static std::expected<NexoCipher, std::string> from_key(const NexoKey& key);
  NexoCipher(const NexoCipher&) = default;
  NexoCipher& operator=(const NexoCipher&) = default;
  ~NexoCipher();

  // `message` is a whole nexo message, {"SaleToPOIRequest": {"MessageHeader": …, …}} (or a
  // SaleToPOIResponse); the answer is the same message secured:
  // {"SaleToPOIRequest": {"MessageHeader": …, "NexoBlob": …, "SecurityTrailer": …}}.
  // Nothing when `message` is not such an object.
  std::expected<std::string, std::string> seal(std::string_view message) const;
  // The same with the nonce given (16 bytes), for tests that need a fixed output.
  std::expected<std::string, std::string> seal(std::string_view message,
                                               const std::array<std::uint8_t, 16>& nonce) const;

  // The plain message inside a secured one, once its key, HMAC and header have been checked.
  std::expected<std::string, OpenError> open(std::string_view secured) const;

  const std::string& key_identifier() const { return identifier_; }
  int key_version() const { return version_; }

 private:
  NexoCipher() = default;
  std::array<std::uint8_t, 32> hmac_key_{};
  std::array<std::uint8_t, 32> cipher_key_{};
  std::array<std::uint8_t, 16> iv_{};
  std::string identifier_;
  int version_ = 0;
};

}  // namespace madoguchi::payment::nexo
