#include "madoguchi/kiosk/run/start.hpp"

#include <cstdlib>
#include <iostream>
#include <utility>

#include "madoguchi/kiosk/data_paths.hpp"
#include "madoguchi/kiosk/startup_report.hpp"

namespace madoguchi::kiosk::run {

namespace fs = std::filesystem;

namespace {

// The defaults that depend on other options. The helpers the demo starts (pcscd, the virtual
// card) run in other working directories: every path handed on is made absolute first.
void settle_paths(Options& o) {
  if (o.headless && o.out.empty()) o.out = fs::current_path() / "madoguchi-demo";
  for (fs::path* path : {&o.out, &o.state, &o.pdf_dir, &o.persona, &o.catalog, &o.office,
                         &o.volunteers, &o.staff, &o.outbox_key}) {
    if (!path->empty()) *path = fs::absolute(*path);
  }
  if (o.demo && o.persona.empty()) o.persona = data_folders().personas / "yamada-taro.json";
  if (o.state.empty()) {
    o.state = !o.out.empty() ? o.out / "state"
              : o.demo       ? fs::temp_directory_path() / "madoguchi-demo-state"
                             : fs::path(kDefaultStateFolder);
  }
}

}  // namespace

std::expected<Start, int> start_settings(Options& o, bool keeps_state) {
  auto town = load_town_settings({.office = o.office,
                                  .volunteers = o.volunteers,
                                  .staff = o.staff,
                                  .languages = o.languages,
                                  .idle = o.idle});
  if (!town) {
    std::cerr << "kiosk: " << town.error() << "\n";
    return std::unexpected(2);
  }
  Start s{.town = std::move(*town), .state_folder = {}, .outbox_key = {}, .catalogue = {}};
  settle_paths(o);
  // One kiosk per state folder, never one the next boot empties (kiosk/state_folder.hpp).
  if (keeps_state) {
    auto taken = StateFolder::take(o.state, o.demo || o.headless);
    if (!taken) {
      std::cerr << "kiosk: " << taken.error() << "\n";
      return std::unexpected(2);
    }
    s.state_folder = std::move(*taken);
  }
  if (o.pdf_dir.empty() && (o.demo || o.headless || o.printer.empty())) {
    o.pdf_dir = !o.out.empty() ? o.out : o.state / "printed";
  }
  // The demo and the headless (test) runs keep the key in the state folder; a town does not.
  auto outbox_key = outbox_key_source(o.outbox_key, o.state, o.demo || o.headless,
                                      std::getenv("CREDENTIALS_DIRECTORY"));
  if (!outbox_key) {
    std::cerr << "kiosk: " << outbox_key.error() << "\n";
    return std::unexpected(2);
  }
  s.outbox_key = std::move(*outbox_key);
  return s;
}

std::expected<void, int> load_catalogue(const Options& o, Start& s, bool keeps_state) {
  // A procedure file that does not load leaves the welcome screen; the others are offered,
  // and the start-up report (stderr and <state>/startup-report.json) names what is missing.
  // Listings only all day: a chosen procedure is read whole from its file then (Session's
  // procedure loader), so the kiosk's memory does not grow with the town's catalogue; each file
  // is seen whole once here, one at a time.
  std::optional<forms::LoadError> misfit;
  forms::Catalog catalog = forms::load_listings(o.catalog, [&](const forms::Procedure& whole) {
    if (!misfit) misfit = office_misfit(s.town.office, o.office, {&whole, 1});
  });
  const StartupReport report = startup_report(catalog);
  std::cerr << describe(report);
  if (keeps_state) {
    auto written = write_startup_report(o.state, report);
    if (!written) std::cerr << "kiosk: start-up report: " << written.error() << "\n";
  }
  // A town name or addressee too long for a form's box would send every resident of that
  // procedure to the counter before payment: it is office.json's mistake, refused now.
  if (misfit) {
    std::cerr << "kiosk: " << misfit->to_string() << "\n";
    return std::unexpected(2);
  }
  s.catalogue = std::move(catalog.procedures);
  if (s.catalogue.empty()) {
    std::cerr << "kiosk: no usable procedure in " << o.catalog.string() << "\n";
    return std::unexpected(1);
  }
  return {};
}

std::expected<Start, int> start(Options& o, bool keeps_state) {
  auto s = start_settings(o, keeps_state);
  if (!s) return s;
  if (auto loaded = load_catalogue(o, *s, keeps_state); !loaded) {
    return std::unexpected(loaded.error());
  }
  return s;
}

}  // namespace madoguchi::kiosk::run
