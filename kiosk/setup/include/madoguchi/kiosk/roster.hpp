// The people who may open a code pad on the kiosk: the town's digital-support volunteers
// (デジタル活用支援員, assist mode) and its staff (the staff menu: stopping the kiosk). Two files,
// one form; neither holds a code, only its Argon2id hash (access_code.hpp):
//   {"volunteers": [{"id": "V001", "name": "佐藤", "code_argon2id": "$argon2id$v=19$…"}]}
//   {"staff": [{"id": "S001", "name": "田中", "code_argon2id": "$argon2id$v=19$…"}]}
// `madoguchi_volunteer_code [--staff] ID NAME` (code on stdin) prints an entry.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::kiosk {

struct RosterEntry {
  std::string id;             // "V001", "S001": what session.json and stderr record
  std::string name;           // shown in the header while assisting, on the staff menu
  std::string code_argon2id;  // the PHC string of the code's Argon2id hash
};

enum class RosterKind { Volunteers, Staff };

// Limits of the roster files (characters): a volunteer's name stands in the header.
inline constexpr std::size_t kRosterIdLongest = 16;
inline constexpr std::size_t kRosterNameLongest = 8;
inline constexpr std::uintmax_t kRosterFileLargest = 256 * 1024;

class Roster {
 public:
  Roster() = default;
  explicit Roster(std::vector<RosterEntry> entries) : entries_(std::move(entries)) {}
  // A missing file is an empty roster (no code pad); a broken one is an error naming the file,
  // the JSON pointer and the reason (settings_file.hpp). An old salted SHA-256 entry is refused
  // with the command that makes a new one.
  static std::expected<Roster, std::string> load(const std::filesystem::path& file,
                                                 RosterKind kind);
  // The entry whose code this is: one Argon2id check per entry until one matches (a wrong code
  // costs one check per entry). Run it off the UI thread.
  std::optional<RosterEntry> match(std::string_view code) const;
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<RosterEntry> entries_;
};

// The command that prints an entry for the roster of `kind` (for messages and docs).
std::string roster_entry_command(RosterKind kind);

}  // namespace madoguchi::kiosk
