// The settings files the town edits, read once at start: office.json (office_settings.hpp), the
// volunteers' and staff's rosters (roster.hpp) and the language files (translations.hpp). A
// mistake in any of them stops the kiosk at once (exit 2) with "kiosk: FILE: /KEY: reason".
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "madoguchi/kiosk/office_settings.hpp"
#include "madoguchi/kiosk/roster.hpp"
#include "madoguchi/kiosk/session.hpp"
#include "madoguchi/kiosk/translations.hpp"

namespace madoguchi::kiosk {

struct TownSettingsFiles {
  std::filesystem::path office;
  std::filesystem::path volunteers;
  std::filesystem::path staff;
  std::filesystem::path languages;   // a folder; missing: Japanese alone
  std::optional<IdleSettings> idle;  // --idle, over office.json's
};

struct TownSettings {
  OfficeSettings office;
  Roster volunteers;
  Roster staff;
  std::shared_ptr<Translations> translations;  // null: Japanese only (no folder)
};

// The first mistake as "FILE: /KEY: reason".
std::expected<TownSettings, std::string> load_town_settings(const TownSettingsFiles& files);

// The town's office, idle time-out and languages given to a session.
void apply_town_settings(const TownSettings& town, Session& session);

}  // namespace madoguchi::kiosk
