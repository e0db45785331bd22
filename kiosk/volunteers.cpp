#include "madoguchi/kiosk/volunteers.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>

#include "madoguchi/kiosk/settings_file.hpp"

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
  const std::string name = file.string();
  auto roster = settings::checked(name, [&] {
    const nlohmann::json missing = {{"volunteers", nlohmann::json::array()}};
    const nlohmann::json json = settings::read_json(file, kRosterFileLargest, &missing);
    const settings::Object root(json, name, "", "the volunteer roster");
    root.allow_only({"volunteers"});
    const nlohmann::json& entries = root.at("volunteers");
    if (!entries.is_array()) {
      root.refuse_at("volunteers",
                     "must be a list [ … ] of volunteers, not " + settings::describe(entries));
    }
    std::vector<Volunteer> list;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const settings::Object entry(entries[i], name, "/volunteers/" + std::to_string(i),
                                   "a volunteer");
      if (entry.has("code")) entry.refuse_at("code", "write code_sha256, never the code itself");
      entry.allow_only({"id", "name", "salt", "code_sha256"});
      Volunteer v;
      v.id = entry.text("id", kVolunteerIdLongest, "(it is recorded in session.json)");
      v.name =
          entry.text("name", kVolunteerNameLongest, "fit the header's サポート中：{name} button");
      v.salt = entry.text("salt", 128, "");
      v.code_sha256 = entry.text("code_sha256", 64, "");
      if (!lower_hex(v.salt)) entry.refuse_at("salt", "lower-case hex is needed");
      if (v.code_sha256.size() != 64 || !lower_hex(v.code_sha256)) {
        entry.refuse_at("code_sha256", "64 lower-case hex digits are needed");
      }
      for (const Volunteer& earlier : list) {
        if (earlier.id == v.id) entry.refuse_at("id", "\"" + v.id + "\" is used twice");
      }
      list.push_back(std::move(v));
    }
    return list;
  });
  if (!roster) return std::unexpected(roster.error().to_string());
  return VolunteerRoster(std::move(*roster));
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
