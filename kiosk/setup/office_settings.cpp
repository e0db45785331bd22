#include "madoguchi/kiosk/office_settings.hpp"

#include <chrono>
#include <string>

#include "madoguchi/kiosk/settings_file.hpp"

namespace madoguchi::kiosk {

namespace {

// The countdown must leave a resident at least 20 seconds (DESIGN.md), and so must the wait
// for a card taken off mid-way; an hour is the most any of them sensibly is.
IdleSettings read_idle(const settings::Object& idle) {
  idle.allow_only({"quiet_seconds", "countdown_seconds", "card_back_seconds"});
  IdleSettings read;
  const auto seconds = [&](const char* key, std::chrono::seconds& into, long long lowest) {
    if (idle.has(key)) into = std::chrono::seconds(idle.whole_number(key, lowest, 3600, "seconds"));
  };
  seconds("quiet_seconds", read.quiet, 10);
  seconds("countdown_seconds", read.countdown, 20);
  seconds("card_back_seconds", read.card_back, 20);
  return read;
}

}  // namespace

namespace {

OfficeSettings read_office(const nlohmann::json& json, const std::string& name) {
  const settings::Object root(json, name, "", "the town hall's settings");
  root.allow_only({"town_name", "addressee", "slip_paper", "idle"});
  OfficeSettings read;
  if (root.has("town_name")) {
    read.office.town_name =
        root.text("town_name", kTownNameLongest, "fit the header on one line in every language");
  }
  if (root.has("addressee")) {
    read.office.addressee =
        root.text("addressee", kAddresseeLongest, "fit the forms' addressee box");
  }
  if (root.has("slip_paper")) {
    const nlohmann::json& value = root.at("slip_paper");
    const auto paper =
        value.is_string() ? printer::slip_paper_from_name(value.get<std::string>()) : std::nullopt;
    if (!paper) {
      root.refuse_at("slip_paper",
                     "must be \"a6\", \"receipt-80mm\" or \"a4\", not " +
                         (value.is_string() ? value.dump() : settings::describe(value)));
    }
    read.slip_paper = *paper;
  }
  if (root.has("idle")) read.idle = read_idle(root.object("idle", "the idle time-out"));
  return read;
}

}  // namespace

std::expected<OfficeSettings, forms::LoadError> load_office_settings(
    const std::filesystem::path& file) {
  const std::string name = file.string();
  return settings::checked(name, [&] {
    const nlohmann::json missing = nlohmann::json::object();
    return read_office(settings::read_json(file, kOfficeFileLargest, &missing), name);
  });
}

std::expected<OfficeSettings, forms::LoadError> parse_office_settings(std::string_view text,
                                                                      const std::string& name) {
  return settings::checked(name, [&] {
    return read_office(settings::parse_json_text(text, name, kOfficeFileLargest), name);
  });
}

std::optional<forms::LoadError> office_misfit(const OfficeSettings& settings,
                                              const std::filesystem::path& file,
                                              std::span<const forms::Procedure> procedures) {
  const auto misfits = forms::office_misfits(procedures, settings.office);
  if (misfits.empty()) return std::nullopt;
  const forms::OfficeMisfit& first = misfits.front();
  return forms::LoadError{file.string(), "/" + first.office_key,
                          "is printed in " + first.box.file + " at " + first.box.pointer +
                              ", and " + first.box.message +
                              "; shorten it, or widen that box in the procedure file"};
}

}  // namespace madoguchi::kiosk
