#include "madoguchi/payment/nexo_key_file.hpp"

#include <openssl/rand.h>

#include <charconv>

#include "madoguchi/storage/private_file.hpp"
#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::payment::nexo {

namespace {

constexpr std::size_t kMaxFileBytes = 4096;

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::expected<NexoKey, std::string> parse_key_file(std::string_view text, std::string_view name) {
  NexoKey key;
  bool has_version = false;
  bool has_passphrase = false;
  int line_number = 0;
  const auto problem = [&](const std::string& what) {
    return std::unexpected(std::string(name) + ": line " + std::to_string(line_number) + ": " +
                           what);
  };
  while (!text.empty()) {
    ++line_number;
    const auto end = text.find('\n');
    const std::string_view line = trimmed(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) {
      return problem("expected NAME = VALUE (key_identifier, key_version or passphrase)");
    }
    const std::string_view field = trimmed(line.substr(0, equals));
    const std::string_view value = trimmed(line.substr(equals + 1));
    if (field == "key_identifier") {
      if (value.empty()) return problem("key_identifier is empty");
      key.identifier = std::string(value);
    } else if (field == "key_version") {
      int version = -1;
      const auto [at, error] = std::from_chars(value.data(), value.data() + value.size(), version);
      if (error != std::errc() || at != value.data() + value.size() || version < 0) {
        return problem("key_version must be a whole number from 0 to 2147483647");
      }
      key.version = version;
      has_version = true;
    } else if (field == "passphrase") {
      if (value.empty()) return problem("passphrase is empty");
      key.passphrase = wiping::WipingString(value);
      has_passphrase = true;
    } else {
      return problem("unknown setting '" + std::string(field) +
                     "' (key_identifier, key_version, passphrase)");
    }
  }
  const auto missing = [&](const char* field) {
    return std::unexpected(std::string(name) + ": " + field + " is missing");
  };
  if (key.identifier.empty()) return missing("key_identifier");
  if (!has_version) return missing("key_version");
  if (!has_passphrase) return missing("passphrase");
  return key;
}

std::expected<NexoKey, std::string> read_key_file(const std::filesystem::path& file) {
  std::string text;
  wiping::WipeAtScopeEnd wipe_text(text);
  if (auto read = storage::read_private_file(file, kMaxFileBytes, text); !read) {
    return std::unexpected("the terminal key: " + read.error());
  }
  return parse_key_file(text, file.string());
}

std::expected<void, std::string> write_new_key_file(const std::filesystem::path& file,
                                                    std::string_view identifier, int version) {
  static constexpr char kPassphraseCharacters[] =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  unsigned char random[24];
  if (RAND_bytes(random, sizeof random) != 1) {
    return std::unexpected("no randomness for a new terminal key");
  }
  std::string text = "# The payment terminal's shared key (docs/payment.md). Keep it 0600.\n";
  wiping::WipeAtScopeEnd wipe_text(text);
  text += "key_identifier = " + std::string(identifier) + "\n";
  text += "key_version = " + std::to_string(version) + "\n";
  text += "passphrase = ";
  for (const unsigned char byte : random)
    text += kPassphraseCharacters[byte % (sizeof kPassphraseCharacters - 1)];
  text += "\n";
  wiping::wipe_bytes(random, sizeof random);
  return storage::write_new_private_file(file, text);
}

}  // namespace madoguchi::payment::nexo
