// office.json in the studio: the town's name, whom the forms are addressed to, the reception
// slip's paper and the idle time-outs, edited in a dialog, checked as the kiosk checks them (and
// the name and addressee against every box of the catalogue they are printed in), and written
// with only the values that changed (layout_edit.hpp's set_member), the town's notes kept.
#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "layout_edit.hpp"
#include "madoguchi/kiosk/office_settings.hpp"
#include "madoguchi/storage/durable_file.hpp"
#include "studio_state.hpp"

namespace madoguchi::studio {

namespace {

constexpr const char* kPapers[] = {"a6", "receipt-80mm", "a4"};

void copy_into(std::array<char, 64>& field, const std::string& text) {
  std::snprintf(field.data(), field.size(), "%s", text.c_str());
}

}  // namespace

void read_town_settings(StudioState& state, const std::filesystem::path& file) {
  TownForm form;
  form.file = file;
  form.saved = read_text_file(file).value_or("");  // no office.json yet: the kiosk's defaults
  form.text = form.saved.empty() ? "{}\n" : form.saved;
  const auto settings = kiosk::parse_office_settings(form.text, file.string());
  const kiosk::OfficeSettings read = settings ? *settings : kiosk::OfficeSettings{};
  copy_into(form.town_name, read.office.town_name);
  copy_into(form.addressee, read.office.addressee);
  form.slip_paper = static_cast<int>(read.slip_paper);
  form.quiet = static_cast<int>(read.idle.quiet.count());
  form.countdown = static_cast<int>(read.idle.countdown.count());
  form.card_back = static_cast<int>(read.idle.card_back.count());
  if (!settings) form.problem = settings.error().to_string();
  state.office = read.office;
  state.town = std::move(form);
}

void check_town_settings(StudioState& state) {
  auto& form = state.town;
  using Json = nlohmann::json;
  std::expected<std::string, std::string> text = form.text;
  auto set = [&](std::string_view object, std::string_view key, const Json& value,
                 std::string_view after) {
    if (text) text = set_member(*text, object, key, value.dump(), after);
  };
  set("", "town_name", std::string(form.town_name.data()), "");
  set("", "addressee", std::string(form.addressee.data()), "town_name");
  set("", "slip_paper", kPapers[std::clamp(form.slip_paper, 0, 2)], "addressee");
  if (text && !nlohmann::json::parse(*text, nullptr, false).contains("idle")) {
    text = set_member(*text, "", "idle", "{}", "slip_paper");
  }
  set("/idle", "quiet_seconds", form.quiet, "");
  set("/idle", "countdown_seconds", form.countdown, "quiet_seconds");
  set("/idle", "card_back_seconds", form.card_back, "countdown_seconds");
  if (!text) {
    form.problem = text.error();
    return;
  }
  form.text = *text;
  const auto settings = kiosk::parse_office_settings(form.text, form.file.string());
  if (!settings) {
    form.problem = settings.error().to_string();
    return;
  }
  const auto catalog = forms::load_catalog(state.catalog);
  if (const auto misfit = kiosk::office_misfit(*settings, form.file, catalog.procedures)) {
    form.problem = misfit->to_string();
    return;
  }
  form.problem.clear();
}

bool save_town_settings(StudioState& state) {
  auto& form = state.town;
  check_town_settings(state);
  if (!form.problem.empty()) return false;
  const auto folder = form.file.has_parent_path() ? form.file.parent_path() : ".";
  if (auto written =
          storage::write_file_atomically(folder, form.file.filename().string(), form.text);
      !written) {
    form.problem = written.error();
    return false;
  }
  form.saved = form.text;
  read_town_settings(state, form.file);
  state.preview_stale = true;  // the pages show the new name and addressee
  return true;
}

}  // namespace madoguchi::studio
