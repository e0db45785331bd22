// The town hall's settings (assets/office.json), checked strictly (settings_file.hpp):
//
//   { "town_name": "まどぐち市", "addressee": "まどぐち市長", "slip_paper": "a6",
//     "idle": { "quiet_seconds": 90, "countdown_seconds": 30, "card_back_seconds": 60 } }
//
// Every key is optional (a missing file means all the defaults); an unknown key, a wrong
// type, a number out of range or a text too long is refused with the file, the JSON pointer
// and the reason. assets/README.md lists the keys and their limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/idle_timer.hpp"
#include "madoguchi/printer/reception_slip.hpp"

namespace madoguchi::kiosk {

// The longest town name, in characters, whose header title ("{town}　かかない窓口" and its
// translations) shows whole on one line in every language: 「北海道虻田郡ニセコ町」 (10) fits.
// tests/kiosk/header_fit_test.cpp measures it with the real font.
inline constexpr std::size_t kTownNameLongest = 12;
// The addressee printed on the forms (「北海道虻田郡ニセコ町長」 is 11).
inline constexpr std::size_t kAddresseeLongest = 16;
// office.json is a few hundred bytes; anything near this is a mistake (refused before it is
// parsed, so a 10 MB file costs nothing).
inline constexpr std::uintmax_t kOfficeFileLargest = 1024 * 1024;

struct OfficeSettings {
  forms::Office office;
  IdleSettings idle;
  printer::SlipPaper slip_paper = printer::SlipPaper::A6;
};

std::expected<OfficeSettings, forms::LoadError> load_office_settings(
    const std::filesystem::path& file);
// The same check of a text not yet written (the staff studio's edits); `name` labels mistakes.
std::expected<OfficeSettings, forms::LoadError> parse_office_settings(std::string_view text,
                                                                      const std::string& name);

// The town name and addressee against every box of the procedures' layouts they are printed
// in: the first that does not fit, as a mistake of office.json ("office.json: /addressee: …
// does not fit the box at /layout/items/3 of juminhyo.json …"), else nullopt.
std::optional<forms::LoadError> office_misfit(const OfficeSettings& settings,
                                              const std::filesystem::path& file,
                                              std::span<const forms::Procedure> procedures);

}  // namespace madoguchi::kiosk
