#include "screen_audit.hpp"

#include <algorithm>
#include <cstdlib>

#include "golden_record.hpp"
#include "madoguchi/kiosk/town_settings.hpp"
#include "madoguchi/text/japanese_date.hpp"
#include "sample_answers.hpp"
#include "screens/kiosk_app.hpp"

namespace madoguchi::studio {

namespace fs = std::filesystem;
namespace audit = kiosk::ui::audit;

namespace {

std::size_t asked_count(const forms::Procedure& procedure, const forms::Answers& answers) {
  return forms::questions_to_ask(procedure, answers).size();
}

// The recorded cases of <golden>/<id>.json as walks; none when the file is missing or broken
// (the golden tests say what is wrong with it).
std::vector<audit::WalkAnswers> recorded_walks(const forms::Procedure& procedure,
                                               const fs::path& golden) {
  std::vector<audit::WalkAnswers> walks;
  if (golden.empty()) return walks;
  for (auto& recorded : recorded_cases(golden, procedure.id)) {
    const std::size_t asked = asked_count(procedure, recorded.answers);
    walks.push_back({std::move(recorded.answers), std::move(recorded.today), asked});
  }
  return walks;
}

std::vector<fs::path> sample_files(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::expected<kiosk::TownSettings, std::string> town_for(const ScreenAuditRequest& request) {
  kiosk::TownSettings town;
  std::error_code ec;
  if (!request.office.empty() && fs::exists(request.office, ec)) {
    auto office = kiosk::load_office_settings(request.office);
    if (!office) return std::unexpected(office.error().to_string());
    town.office = *office;
  }
  if (fs::is_directory(request.languages, ec)) {
    auto translations = kiosk::Translations::load(request.languages);
    if (!translations) return std::unexpected(translations.error());
    town.translations = std::make_shared<kiosk::Translations>(std::move(*translations));
  }
  return town;
}

}  // namespace

std::vector<audit::WalkAnswers> screen_walks(const forms::Procedure& procedure,
                                             const forms::Answers& chosen, const fs::path& golden) {
  audit::WalkAnswers first;
  first.answers = sample_answers(procedure);
  for (const auto& [id, value] : chosen) {
    if (procedure.find_question(id) != nullptr) first.answers[id] = value;
  }
  first.asked = asked_count(procedure, first.answers);
  std::vector<audit::WalkAnswers> walks{std::move(first)};
  for (auto& walk : recorded_walks(procedure, golden)) walks.push_back(std::move(walk));
  // The audit walks the first through every question; the others fill in those it missed.
  std::stable_sort(walks.begin(), walks.end(),
                   [](const auto& a, const auto& b) { return a.asked > b.asked; });
  return walks;
}

std::expected<audit::AuditResult, std::string> run_screen_audit(const ScreenAuditRequest& request) {
  forms::Catalog catalog = forms::load_catalog(request.catalog);
  for (const auto& error : catalog.errors) {
    if (!request.procedure.empty() &&
        fs::path(error.file).filename() == request.procedure + ".json") {
      return std::unexpected(error.to_string());
    }
  }
  const auto found = std::find_if(catalog.procedures.begin(), catalog.procedures.end(),
                                  [&](const auto& p) { return p.id == request.procedure; });
  if (!request.procedure.empty() && found == catalog.procedures.end()) {
    return std::unexpected("no procedure " + request.procedure + " in " + request.catalog.string());
  }
  const auto residents = sample_files(request.samples);
  if (residents.empty()) {
    return std::unexpected("no sample resident in " + request.samples.string());
  }
  auto town = town_for(request);
  if (!town) return std::unexpected(town.error());

  kiosk::Session session(std::move(catalog.procedures));
  kiosk::apply_town_settings(*town, session);
  session.set_reception_number_source(
      []() -> std::expected<std::string, std::string> { return "1201-042"; });
  // Walked without sound, as the window's run of it is (screens_run.cpp): no audio device is
  // opened, so a machine without a sound card adds no ALSA complaints to the findings.
  ::setenv("SDL_AUDIODRIVER", "dummy", 1);
  kiosk::ui::WindowOptions window;
  window.headless = true;
  window.font = request.font;
  auto app = kiosk::ui::KioskApp::create(window, session, std::nullopt);
  if (!app) return std::unexpected(app.error());

  audit::AuditOptions options;
  options.out = request.out;
  options.residents = residents;
  options.walks = [&request](const forms::Procedure& procedure) {
    return screen_walks(procedure, request.answers, request.golden);
  };
  options.procedure = request.procedure;
  options.language = request.language;
  if (!request.views.empty()) options.views = request.views;
  options.screenshots = request.screenshots;
  return audit::run_audit(**app, session, options);
}

}  // namespace madoguchi::studio
