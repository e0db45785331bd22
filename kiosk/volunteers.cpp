#include "madoguchi/kiosk/volunteers.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace madoguchi::kiosk {

namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0x0F]);
  }
  return out;
}

bool all_digits(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool lower_hex(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return !text.empty();
}

}  // namespace

std::string volunteer_code_hash(std::string_view salt, std::string_view code) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  if (context == nullptr) return {};
  const bool ok = EVP_DigestInit_ex(context, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(context, salt.data(), salt.size()) == 1 &&
                  EVP_DigestUpdate(context, code.data(), code.size()) == 1 &&
                  EVP_DigestFinal_ex(context, digest.data(), &length) == 1;
  EVP_MD_CTX_free(context);
  return ok ? hex(digest.data(), length) : std::string{};
}

std::string new_volunteer_salt() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return {};
  return hex(bytes.data(), bytes.size());
}

std::expected<VolunteerRoster, std::string> VolunteerRoster::load(
    const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return VolunteerRoster{};
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  const std::string where = file.string();
  if (json.is_discarded() || !json.is_object() || !json.contains("volunteers") ||
      !json["volunteers"].is_array()) {
    return std::unexpected(where + ": expected {\"volunteers\": [...]}");
  }
  std::vector<Volunteer> list;
  for (std::size_t i = 0; i < json["volunteers"].size(); ++i) {
    const auto& entry = json["volunteers"][i];
    const std::string at = where + ": /volunteers/" + std::to_string(i);
    Volunteer v;
    for (const auto& [key, field] : {std::pair<const char*, std::string*>{"id", &v.id},
                                     {"name", &v.name},
                                     {"salt", &v.salt},
                                     {"code_sha256", &v.code_sha256}}) {
      if (!entry.is_object() || !entry.contains(key) || !entry[key].is_string() ||
          entry[key].get<std::string>().empty()) {
        return std::unexpected(at + "/" + key + ": a non-empty string is needed");
      }
      *field = entry[key].get<std::string>();
    }
    if (entry.contains("code")) {
      return std::unexpected(at + ": write code_sha256, never the code itself");
    }
    if (!lower_hex(v.salt)) return std::unexpected(at + "/salt: lower-case hex is needed");
    if (v.code_sha256.size() != 64 || !lower_hex(v.code_sha256)) {
      return std::unexpected(at + "/code_sha256: 64 lower-case hex digits are needed");
    }
    for (const Volunteer& earlier : list) {
      if (earlier.id == v.id) return std::unexpected(at + "/id: \"" + v.id + "\" is used twice");
    }
    list.push_back(std::move(v));
  }
  return VolunteerRoster(std::move(list));
}

std::optional<Volunteer> VolunteerRoster::match(std::string_view code) const {
  if (code.size() < kVolunteerCodeMin || code.size() > kVolunteerCodeMax || !all_digits(code)) {
    return std::nullopt;
  }
  std::optional<Volunteer> found;
  for (const Volunteer& v : volunteers_) {
    const std::string hash = volunteer_code_hash(v.salt, code);
    if (hash.size() == v.code_sha256.size() &&
        CRYPTO_memcmp(hash.data(), v.code_sha256.data(), hash.size()) == 0 && !found) {
      found = v;
    }
  }
  return found;
}

}  // namespace madoguchi::kiosk
