// The town's digital-support volunteers (デジタル活用支援員) who may switch a session into
// assist mode. The roster file holds no codes, only a salted SHA-256 of each, so a copy of the
// kiosk's files does not give the codes away:
//   {"volunteers": [{"id": "V001", "name": "佐藤", "salt": "9f3c…", "code_sha256": "…"}]}
// `madoguchi_volunteer_code ID NAME` (code on stdin) prints an entry.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::kiosk {

struct Volunteer {
  std::string id;           // "V001": what session.json records
  std::string name;         // shown in the header while assisting
  std::string salt;         // hex
  std::string code_sha256;  // hex of SHA-256(salt bytes as written + code)
};

// Codes are 4 to 8 digits.
inline constexpr std::size_t kVolunteerCodeMin = 4;
inline constexpr std::size_t kVolunteerCodeMax = 8;
// Limits of the roster file (characters): the name stands in the header while assisting.
inline constexpr std::size_t kVolunteerIdLongest = 16;
inline constexpr std::size_t kVolunteerNameLongest = 8;
inline constexpr std::uintmax_t kRosterFileLargest = 256 * 1024;

class VolunteerRoster {
 public:
  VolunteerRoster() = default;
  explicit VolunteerRoster(std::vector<Volunteer> volunteers)
      : volunteers_(std::move(volunteers)) {}
  // A missing file is an empty roster (assist mode cannot be started); a broken one is an error
  // naming the file, the JSON pointer and the reason (settings_file.hpp: unknown keys, wrong
  // types, texts too long are refused).
  static std::expected<VolunteerRoster, std::string> load(const std::filesystem::path& file);
  // The volunteer whose code this is. Every entry is compared, in constant time per entry.
  std::optional<Volunteer> match(std::string_view code) const;
  bool empty() const { return volunteers_.empty(); }
  std::size_t size() const { return volunteers_.size(); }

 private:
  std::vector<Volunteer> volunteers_;
};

// The lower-case hex SHA-256 of salt + code.
std::string volunteer_code_hash(std::string_view salt, std::string_view code);
// 16 random bytes in hex.
std::string new_volunteer_salt();

}  // namespace madoguchi::kiosk
