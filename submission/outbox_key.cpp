#include "madoguchi/submission/outbox_key.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "madoguchi/storage/durable_file.hpp"
#include "madoguchi/storage/private_file.hpp"
#include "madoguchi/submission/application.hpp"
#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::submission {
namespace {

using Kind = SubmissionError::Kind;

constexpr unsigned char kVersion = 1;
constexpr std::size_t kNonce = 12;
constexpr std::size_t kTag = 16;
static_assert(OutboxKey::kSealedOverhead == 1 + kNonce + kTag);

SubmissionError key_error(std::string message) {
  return SubmissionError{Kind::Key, std::move(message)};
}

struct CipherContext {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  ~CipherContext() { EVP_CIPHER_CTX_free(ctx); }
};

// "madoguchi outbox my_number v1:<application id>" (the 個人番号's since format 1).
std::string aad_for(std::string_view purpose, std::string_view context) {
  std::string aad("madoguchi outbox ");
  aad += purpose;
  aad += " v1:";
  aad += context;
  return aad;
}

}  // namespace

std::expected<OutboxKey, SubmissionError> OutboxKey::load(const std::filesystem::path& file) {
  std::string bytes;
  wiping::WipeAtScopeEnd wipe_bytes(bytes);
  if (auto read = storage::read_private_file(file, kBytes, bytes); !read) {
    return std::unexpected(key_error("the outbox key: " + read.error()));
  }
  if (bytes.size() != kBytes) {
    return std::unexpected(key_error("the outbox key " + file.string() + " has " +
                                     std::to_string(bytes.size()) + " bytes, not " +
                                     std::to_string(kBytes)));
  }
  OutboxKey key;
  std::memcpy(key.key_.data(), bytes.data(), kBytes);
  std::string material("madoguchi outbox key id");
  material.push_back('\0');
  material.append(reinterpret_cast<const char*>(key.key_.data()), kBytes);
  key.id_ = sha256_hex(material).substr(0, 16);
  wiping::wipe_bytes(material.data(), material.size());
  return key;
}

std::expected<OutboxKey, SubmissionError> OutboxKey::create(const std::filesystem::path& file) {
  std::error_code ec;
  const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return std::unexpected(
          key_error("cannot create the key directory " + dir.string() + ": " + ec.message()));
    }
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  std::array<unsigned char, kBytes> bytes{};
  std::size_t drawn = 0;
  while (drawn < kBytes) {  // getrandom(2) from the kernel's pool; blocks only before it is seeded
    const ssize_t n = ::getrandom(bytes.data() + drawn, kBytes - drawn, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      wiping::wipe_bytes(bytes.data(), bytes.size());
      return std::unexpected(key_error("no randomness for a new outbox key (getrandom)"));
    }
    drawn += static_cast<std::size_t>(n);
  }
  auto written = storage::write_new_private_file(
      file, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  wiping::wipe_bytes(bytes.data(), bytes.size());
  if (!written) return std::unexpected(key_error("the outbox key: " + written.error()));
  return load(file);
}

std::expected<OutboxKey, SubmissionError> OutboxKey::load_or_create(
    const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) return load(file);
  auto made = create(file);
  if (!made && std::filesystem::exists(file, ec)) return load(file);  // made by someone else
  return made;
}

OutboxKey::OutboxKey(OutboxKey&& other) noexcept : key_(other.key_), id_(std::move(other.id_)) {
  wiping::wipe_bytes(other.key_.data(), other.key_.size());
}

OutboxKey& OutboxKey::operator=(OutboxKey&& other) noexcept {
  if (this != &other) {
    key_ = other.key_;
    id_ = std::move(other.id_);
    wiping::wipe_bytes(other.key_.data(), other.key_.size());
  }
  return *this;
}

OutboxKey::~OutboxKey() { wiping::wipe_bytes(key_.data(), key_.size()); }

std::expected<std::string, SubmissionError> OutboxKey::seal(const card::MyNumber& number,
                                                            std::string_view context) const {
  if (number.empty()) return std::unexpected(key_error("no 個人番号 to seal"));
  return number.reveal(
      [&](std::string_view digits) { return seal_bytes(digits, kMyNumberPurpose, context); });
}

std::expected<card::MyNumber, SubmissionError> OutboxKey::unseal(std::string_view sealed,
                                                                 std::string_view context) const {
  if (sealed.size() != kSealedOverhead + card::MyNumber::kDigits) {
    return std::unexpected(SubmissionError{
        Kind::Corrupt,
        "a sealed 個人番号 of " + std::to_string(sealed.size()) + " bytes is not in format 1"});
  }
  auto digits = unseal_bytes(sealed, kMyNumberPurpose, context);
  if (!digits) return std::unexpected(digits.error());
  auto number = card::MyNumber::from_digits(*digits);
  wiping::wipe(*digits);
  if (!number) {
    return std::unexpected(
        SubmissionError{Kind::Corrupt, "the unsealed 個人番号 is not 12 digits"});
  }
  return std::move(*number);
}

std::expected<std::string, SubmissionError> OutboxKey::seal_bytes(std::string_view plain,
                                                                  std::string_view purpose,
                                                                  std::string_view context) const {
  std::string out(kSealedOverhead + plain.size(), '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  bytes[0] = kVersion;
  if (RAND_bytes(bytes + 1, kNonce) != 1) {
    return std::unexpected(key_error("no randomness for a nonce"));
  }
  const std::string aad = aad_for(purpose, context);
  CipherContext c;
  int n = 0;
  unsigned char* const cipher = bytes + 1 + kNonce;
  const bool ok =
      c.ctx != nullptr &&
      EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_IVLEN, kNonce, nullptr) == 1 &&
      EVP_EncryptInit_ex(c.ctx, nullptr, nullptr, key_.data(), bytes + 1) == 1 &&
      EVP_EncryptUpdate(c.ctx, nullptr, &n, reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) == 1 &&
      (plain.empty() ||
       (EVP_EncryptUpdate(c.ctx, cipher, &n, reinterpret_cast<const unsigned char*>(plain.data()),
                          static_cast<int>(plain.size())) == 1 &&
        n == static_cast<int>(plain.size()))) &&
      EVP_EncryptFinal_ex(c.ctx, cipher + plain.size(), &n) == 1 &&
      EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, kTag, cipher + plain.size()) == 1;
  if (!ok) {
    wiping::wipe(out);
    return std::unexpected(key_error("AES-256-GCM sealing failed"));
  }
  return out;
}

std::expected<std::string, SubmissionError> OutboxKey::unseal_bytes(
    std::string_view sealed, std::string_view purpose, std::string_view context) const {
  const std::string what = purpose == kMyNumberPurpose ? "個人番号" : std::string(purpose);
  if (sealed.size() < kSealedOverhead || static_cast<unsigned char>(sealed[0]) != kVersion) {
    return std::unexpected(SubmissionError{
        Kind::Corrupt,
        "a sealed " + what + " of " + std::to_string(sealed.size()) + " bytes is not in format 1"});
  }
  const std::size_t length = sealed.size() - kSealedOverhead;
  const auto* bytes = reinterpret_cast<const unsigned char*>(sealed.data());
  const std::string aad = aad_for(purpose, context);
  std::string plain(length, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plain.data());
  CipherContext c;
  int n = 0;
  std::array<unsigned char, kTag> tag{};
  std::memcpy(tag.data(), bytes + 1 + kNonce + length, kTag);
  const bool ok =
      c.ctx != nullptr &&
      EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_IVLEN, kNonce, nullptr) == 1 &&
      EVP_DecryptInit_ex(c.ctx, nullptr, nullptr, key_.data(), bytes + 1) == 1 &&
      EVP_DecryptUpdate(c.ctx, nullptr, &n, reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) == 1 &&
      (length == 0 ||
       EVP_DecryptUpdate(c.ctx, out, &n, bytes + 1 + kNonce, static_cast<int>(length)) == 1) &&
      EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(c.ctx, out + length, &n) == 1;
  if (!ok) {
    wiping::wipe(plain);
    return std::unexpected(key_error("the sealed " + what + " does not open with outbox key " +
                                     id_ + " (another key, or damaged data)"));
  }
  return plain;
}

std::expected<std::string, SubmissionError> OutboxKey::reseal(std::string_view sealed,
                                                              std::string_view purpose,
                                                              std::string_view context,
                                                              const OutboxKey& next) const {
  auto plain = unseal_bytes(sealed, purpose, context);
  if (!plain) return std::unexpected(plain.error());
  auto resealed = next.seal_bytes(*plain, purpose, context);
  wiping::wipe(*plain);
  return resealed;
}

}  // namespace madoguchi::submission
