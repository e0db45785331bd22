#include "madoguchi/kiosk/town_settings.hpp"

#include <system_error>
#include <utility>

namespace madoguchi::kiosk {

std::expected<TownSettings, std::string> load_town_settings(const TownSettingsFiles& files) {
  TownSettings town;
  auto office = load_office_settings(files.office);
  if (!office) return std::unexpected(office.error().to_string());
  town.office = *office;
  if (files.idle) town.office.idle = *files.idle;
  auto volunteers = Roster::load(files.volunteers, RosterKind::Volunteers);
  if (!volunteers) return std::unexpected(volunteers.error());
  town.volunteers = std::move(*volunteers);
  auto staff = Roster::load(files.staff, RosterKind::Staff);
  if (!staff) return std::unexpected(staff.error());
  town.staff = std::move(*staff);
  // The screens' languages (Japanese alone if the default folder is missing).
  std::error_code ec;
  if (std::filesystem::is_directory(files.languages, ec)) {
    auto translations = Translations::load(files.languages);
    if (!translations) return std::unexpected(translations.error());
    town.translations = std::make_shared<Translations>(std::move(*translations));
  }
  return town;
}

void apply_town_settings(const TownSettings& town, Session& session) {
  session.set_office(town.office.office);
  session.set_idle(town.office.idle);
  if (town.translations) session.set_translations(town.translations);
}

}  // namespace madoguchi::kiosk
