#include "madoguchi/kiosk/roster.hpp"

#include "madoguchi/kiosk/access_code.hpp"
#include "madoguchi/kiosk/settings_file.hpp"

namespace madoguchi::kiosk {

std::string roster_entry_command(RosterKind kind) {
  return kind == RosterKind::Staff ? "printf '%s' CODE | madoguchi_volunteer_code --staff ID NAME"
                                   : "printf '%s' CODE | madoguchi_volunteer_code ID NAME";
}

std::expected<Roster, std::string> Roster::load(const std::filesystem::path& file,
                                                RosterKind kind) {
  const std::string name = file.string();
  const bool staff = kind == RosterKind::Staff;
  const std::string list_key = staff ? "staff" : "volunteers";
  auto roster = settings::checked(name, [&] {
    const nlohmann::json missing = {{list_key, nlohmann::json::array()}};
    const nlohmann::json json = settings::read_json(file, kRosterFileLargest, &missing);
    const settings::Object root(json, name, "",
                                staff ? "the staff roster" : "the volunteer roster");
    root.allow_only({list_key});
    const nlohmann::json& entries = root.at(list_key);
    if (!entries.is_array()) {
      root.refuse_at(list_key, "must be a list [ … ] of " +
                                   std::string(staff ? "staff" : "volunteers") + ", not " +
                                   settings::describe(entries));
    }
    std::vector<RosterEntry> list;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const settings::Object entry(entries[i], name, "/" + list_key + "/" + std::to_string(i),
                                   staff ? "a member of staff" : "a volunteer");
      if (entry.has("code")) {
        entry.refuse_at("code", "write code_argon2id, never the code itself; make the entry with " +
                                    roster_entry_command(kind));
      }
      if (entry.has("code_sha256") || entry.has("salt")) {
        const std::string who = entry.has("id") && entry.at("id").is_string()
                                    ? "\"" + entry.at("id").get<std::string>() + "\""
                                    : "this entry";
        entry.refuse_at(entry.has("code_sha256") ? "code_sha256" : "salt",
                        who +
                            " is an old salted SHA-256 entry, which the kiosk no longer "
                            "accepts (a code was found from it in minutes); make a new entry "
                            "with " +
                            roster_entry_command(kind));
      }
      entry.allow_only({"id", "name", "code_argon2id"});
      RosterEntry e;
      e.id = entry.text("id", kRosterIdLongest, "(it is recorded in session.json)");
      e.name =
          entry.text("name", kRosterNameLongest,
                     staff ? "fit the staff menu" : "fit the header's サポート中：{name} button");
      e.code_argon2id = entry.text("code_argon2id", 512, "");
      if (const auto problem = access_code_hash_problem(e.code_argon2id)) {
        entry.refuse_at("code_argon2id",
                        *problem + "; make the entry with " + roster_entry_command(kind));
      }
      for (const RosterEntry& earlier : list) {
        if (earlier.id == e.id) entry.refuse_at("id", "\"" + e.id + "\" is used twice");
      }
      list.push_back(std::move(e));
    }
    return list;
  });
  if (!roster) return std::unexpected(roster.error().to_string());
  return Roster(std::move(*roster));
}

std::optional<RosterEntry> Roster::match(std::string_view code) const {
  if (!well_formed_code(code)) return std::nullopt;
  for (const RosterEntry& e : entries_) {
    if (access_code_matches(e.code_argon2id, code)) return e;
  }
  return std::nullopt;
}

}  // namespace madoguchi::kiosk
