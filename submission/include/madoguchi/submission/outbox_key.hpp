// The key that seals what the outbox keeps of a resident (AES-256-GCM): the 個人番号, the form
// data (names, address, answers) and the PDF. Kept in a file of its own, outside the database: a
// copy of the outbox alone gives nothing of the residents away.
#pragma once

#include <array>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

#include "madoguchi/card/my_number.hpp"
#include "madoguchi/submission/submission_error.hpp"

namespace madoguchi::submission {

class OutboxKey {
 public:
  static constexpr std::size_t kBytes = 32;
  // What seal_bytes adds to the bytes it seals: version (1) + nonce (12) + tag (16).
  static constexpr std::size_t kSealedOverhead = 1 + 12 + 16;
  // What a sealed 個人番号 is sealed as (the purpose of seal_bytes; see reseal()).
  static constexpr std::string_view kMyNumberPurpose = "my_number";

  // Reads the key: a regular file of exactly 32 bytes that only its owner may read (mode 0600
  // or 0400). Anything else is a Key error naming the file and what is wrong.
  static std::expected<OutboxKey, SubmissionError> load(const std::filesystem::path& file);
  // A new key in a new file: 32 random bytes (getrandom(2)), mode 0600, fsync'd with its
  // directory (created 0700 when missing). An existing file is never overwritten (Key error).
  static std::expected<OutboxKey, SubmissionError> create(const std::filesystem::path& file);
  // As load(), but a missing file is created first (create()).
  static std::expected<OutboxKey, SubmissionError> load_or_create(
      const std::filesystem::path& file);

  OutboxKey(OutboxKey&& other) noexcept;
  OutboxKey& operator=(OutboxKey&& other) noexcept;
  OutboxKey(const OutboxKey&) = delete;
  OutboxKey& operator=(const OutboxKey&) = delete;
  ~OutboxKey();  // wipes the key

  // Not secret: 16 hex digits derived from the key, stored beside each sealed number so that a
  // wrong key file is named as such rather than found as garbage.
  const std::string& id() const { return id_; }

  // AES-256-GCM with a random 96-bit nonce; `context` (the application id) is authenticated
  // with it, so a sealed number cannot be moved to another application. Returns
  // version (1 byte) | nonce (12) | ciphertext (12) | tag (16).
  std::expected<std::string, SubmissionError> seal(const card::MyNumber& number,
                                                   std::string_view context) const;
  std::expected<card::MyNumber, SubmissionError> unseal(std::string_view sealed,
                                                        std::string_view context) const;

  // The one sealing of the outbox: any bytes, AES-256-GCM with a random nonce, the purpose (the
  // column: "my_number", "form_json", "pdf") and the context (the application id) authenticated
  // with them, so a sealed value opens only in its own column of its own application. Returns
  // version (1 byte) | nonce (12) | ciphertext (as long as `plain`) | tag (16). The 個人番号's
  // seal() and unseal() go through this pair.
  std::expected<std::string, SubmissionError> seal_bytes(std::string_view plain,
                                                         std::string_view purpose,
                                                         std::string_view context) const;
  // The bytes back; the caller wipes them (wiping::wipe) once used.
  std::expected<std::string, SubmissionError> unseal_bytes(std::string_view sealed,
                                                           std::string_view purpose,
                                                           std::string_view context) const;
  // For rotating the key: opens a value this key sealed as `purpose` for `context` and seals the
  // same bytes again with `next` (a fresh nonce). The plain bytes are wiped before return.
  std::expected<std::string, SubmissionError> reseal(std::string_view sealed,
                                                     std::string_view purpose,
                                                     std::string_view context,
                                                     const OutboxKey& next) const;

 private:
  OutboxKey() = default;
  std::array<unsigned char, kBytes> key_{};
  std::string id_;
};

}  // namespace madoguchi::submission
