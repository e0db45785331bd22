// kiosk_driver — the kiosk program with the test tooling: every option and run mode of `kiosk`
// (kiosk/run/), and besides them
//
//   kiosk_driver --demo --headless [--persona FILE] --out DIR    the built-in demo, headless
//   kiosk_driver --headless --scenario FILE --out DIR [--demo]   a scripted scenario
//   kiosk_driver --audit DIR [...]                               the accessibility audit
//
// Built only with the tests (and carried by the madoguchi-demo package): the town's kiosk has
// none of it. It drives the real screens through KioskApp's headless driving (tap, settle,
// wait_for, read_screen), the one seam the product offers a driver.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_run.hpp"
#include "golden_cases.hpp"
#include "madoguchi/kiosk/data_paths.hpp"
#include "madoguchi/kiosk/run/modes.hpp"
#include "madoguchi/kiosk/stop_signal.hpp"
#include "scenario.hpp"

namespace fs = std::filesystem;
using namespace madoguchi;
using namespace madoguchi::kiosk;
using Taken = run::MoreOptions::Taken;

namespace {

struct DriverOptions {
  fs::path scenario;
  // --audit DIR: the accessibility audit of every screen (docs/accessibility.md).
  fs::path audit;
  std::string audit_procedure;
  std::string audit_language;
  std::vector<ui::audit::View> audit_views;
  ui::audit::Screenshots audit_screenshots = ui::audit::Screenshots::Distinct;
  // --submit signed: the built-in demo signs the application with the card instead of paper.
  bool submit_signed = false;
  // --voice: 音声案内 on, what each step says in session.json and as NN-<screen>.wav.
  bool voice = false;
  // --keypad: every tap made with the keypad's keys instead (keypad_focus.hpp).
  bool keypad = false;
  // --check-redraw: every frame painted in part compared with it painted whole.
  bool check_redraw = false;
};

constexpr const char* kUsage = R"(
       kiosk_driver --headless [--scenario FILE] [--demo [--submit paper|signed]]
             [--voice] [--keypad] [--screenshots none] [the kiosk's options]
       kiosk_driver --audit DIR [--procedure ID] [--language CODE]
             [--views normal,large_text,high_contrast]
             [--screenshots all|distinct|failures|none] [--check-redraw]

  --headless    no window: run a scenario (--scenario, or the built-in demo with
                --demo) and write one PNG per step, the PDFs and session.json to --out
  --scenario    the scenario file (docs/scenario-format.md)
  --submit      the built-in demo's 住民票: printed on paper (the default), or signed with
                the persona's 署名用パスワード and sent; exit 0 only once the signed
                application is in the demo's back office (<state>/back-office)
  --voice       音声案内 on: each step's record in session.json has "spoken" (what the
                screen says) and --out has its sound, NN-<screen>.wav
  --keypad      every tap of the scenario made with the keypad instead: → until the focus
                is on the target, then 5; the PIN typed with the keypad's digits
  --screenshots none
                with --headless: no PNG per step (the benchmark's measure of the
                kiosk's own memory over a visit: a screenshot is a 6 MB copy of the screen)
  --check-redraw
                every frame is painted, and each painted only where it changed
                (frame_painter.hpp) is compared with the same frame painted whole; any
                pixel that differs fails the run (session.json or audit.json:
                "redraw_check")
  --audit DIR   headless, no devices: every screen of every procedure in every language
                and view, measured against DESIGN.md (text size, touch targets,
                contrast, overflow); writes DIR/audit.json and PNGs of the screens, and
                exits 1 when a threshold is broken (docs/accessibility.md)
)";

Taken take_views(const std::string& list_text, DriverOptions& d) {
  auto views = ui::audit::parse_views(list_text);
  if (!views) {
    std::cerr << "kiosk: --views: " << views.error() << "\n";
    return Taken::Refused;
  }
  d.audit_views = std::move(*views);
  return Taken::Yes;
}

Taken take_screenshots(const std::string& v, DriverOptions& d) {
  using ui::audit::Screenshots;
  if (v == "all") {
    d.audit_screenshots = Screenshots::All;
  } else if (v == "distinct") {
    d.audit_screenshots = Screenshots::Distinct;
  } else if (v == "failures") {
    d.audit_screenshots = Screenshots::Failures;
  } else if (v == "none") {
    d.audit_screenshots = Screenshots::None;
  } else {
    std::cerr << "kiosk: --screenshots takes all, distinct, failures or none\n";
    return Taken::Refused;
  }
  return Taken::Yes;
}

run::MoreOptions driver_options(DriverOptions& d) {
  run::MoreOptions more;
  more.names = {"--headless",    "--scenario", "--audit", "--procedure", "--language",    "--views",
                "--screenshots", "--submit",   "--voice", "--keypad",    "--check-redraw"};
  more.usage = kUsage;
  more.take = [&d](const std::string& arg, const std::function<std::optional<std::string>()>& value,
                   run::Options& o) -> Taken {
    if (arg == "--headless") {
      o.headless = true;
      return Taken::Yes;
    }
    if (arg == "--voice" || arg == "--keypad" || arg == "--check-redraw") {
      (arg == "--voice" ? d.voice : arg == "--keypad" ? d.keypad : d.check_redraw) = true;
      return Taken::Yes;
    }
    if (arg != "--scenario" && arg != "--audit" && arg != "--procedure" && arg != "--language" &&
        arg != "--views" && arg != "--screenshots" && arg != "--submit") {
      return Taken::NotMine;
    }
    const auto v = value();
    if (!v) return Taken::Refused;
    if (arg == "--submit") {
      if (*v != "paper" && *v != "signed") {
        std::cerr << "kiosk: --submit takes paper or signed, not \"" << *v << "\"\n";
        return Taken::Refused;
      }
      d.submit_signed = *v == "signed";
      return Taken::Yes;
    }
    if (arg == "--scenario") {
      if (v->empty()) {
        std::cerr << "kiosk: --scenario: needs a value, not \"\"\n";
        return Taken::Refused;
      }
      d.scenario = *v;
    }
    if (arg == "--audit") d.audit = *v;
    if (arg == "--procedure") d.audit_procedure = *v;
    if (arg == "--language") d.audit_language = *v;
    if (arg == "--views") return take_views(*v, d);
    if (arg == "--screenshots") return take_screenshots(*v, d);
    return Taken::Yes;
  };
  return more;
}

// The accessibility audit: the real screens, synthetic device events, no devices.
// The golden cases of a procedure (none when it has no readable golden file) as the audit's
// walks: answers that pass every question they ask, on their day.
std::vector<ui::audit::WalkAnswers> golden_walks(const forms::Procedure& procedure) {
  const auto golden =
      forms::testing::read_golden_file(data_folders().golden / (procedure.id + ".json"),
                                       data_folders().personas, data_folders().samples);
  std::vector<ui::audit::WalkAnswers> walks;
  if (!golden) return walks;
  for (const auto& one : golden->cases) walks.push_back({one.answers, one.today, one.asked.size()});
  return walks;
}

int audit_mode(const run::Options& o, run::Start& start, const DriverOptions& d) {
  run::overwrite_freed_memory_from_now();
  Session session(std::move(start.catalogue));
  session.set_procedure_loader(forms::read_whole);  // the catalogue holds listings (start.cpp)
  apply_town_settings(start.town, session);
  session.set_reception_number_source(
      []() -> std::expected<std::string, std::string> { return "1201-042"; });
  ui::WindowOptions window;
  window.headless = true;
  window.font = o.font;
  auto app = ui::KioskApp::create(window, session, std::nullopt);
  if (!app) {
    std::cerr << "kiosk: " << app.error() << "\n";
    return 1;
  }
  ui::audit::AuditOptions options;
  options.out = d.audit;
  for (const char* name : {"long-address", "yamada-taro", "longest-name-address"}) {
    options.residents.push_back(data_folders().personas / (std::string(name) + ".json"));
  }
  options.walks = golden_walks;
  options.procedure = d.audit_procedure;
  options.language = d.audit_language;
  if (!d.audit_views.empty()) options.views = d.audit_views;
  options.screenshots = d.audit_screenshots;
  if (d.check_redraw) (*app)->check_redraws();
  const auto result = ui::audit::run_audit(**app, session, options);
  const auto& worst = result.report["worst"];
  std::cout << "kiosk: audited " << result.frames << " frames in " << result.seconds << " s, "
            << result.failing_frames << " break a threshold\n";
  for (const char* key : {"smallest_text_px", "smallest_heading_px", "smallest_ruby_px",
                          "smallest_target_px", "smallest_target_gap_px", "lowest_contrast"}) {
    std::cout << "  " << key << ": " << worst[key]["value"].dump() << "  ("
              << worst[key]["frame"].get<std::string>() << ")\n";
  }
  std::cout << "  overflows: " << worst["overflows"].get<std::size_t>() << "\n";
  for (const auto& e : result.walk_errors) std::cerr << "kiosk: audit walk: " << e << "\n";
  std::cout << "kiosk: report and screenshots in " << d.audit.string() << "\n";
  if (d.check_redraw) {
    const auto& check = (*app)->redraw_check();
    std::cout << "kiosk: redraw check: " << check.frames << " frames compared, "
              << (*app)->frames_painted_in_part() << " painted in part, " << check.differing
              << " differ from a whole repaint, " << check.inexact_atlases
              << " atlases with inexact texture coordinates"
              << (check.first.empty() ? "" : ", first " + check.first) << "\n";
    if (check.differing != 0 || check.inexact_atlases != 0 ||
        (*app)->frames_painted_in_part() == 0) {
      return 1;
    }
  }
  return result.passed() ? 0 : 1;
}

// The folder a scenario's relative paths start from. The scenarios name their files from the
// source tree (tests/personas/…): the driver, test tooling, reads them from the tree it was built
// from while that is there (the tests, scripts/run-kiosk.sh); an installed demo package without
// it reads them from share/madoguchi.
fs::path scenario_base() {
  const fs::path source = MADOGUCHI_SOURCE_DIR;
  std::error_code ec;
  return fs::is_directory(source / "tests", ec) ? source : data_folders().root;
}

// The demo's back office (a directory drop) holds the signed application: its PDF beside its
// detached signature. The courier delivers in the background: waited for up to 20 s.
bool signed_application_arrived(const fs::path& back_office) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < until) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(back_office, ec)) {
      const auto name = entry.path().filename().string();
      if (name.ends_with(".pdf.p7s") &&
          fs::exists(back_office / name.substr(0, name.size() - 4), ec)) {
        std::cout << "kiosk: the signed application reached the back office: "
                  << (back_office / name).string() << "\n";
        return true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::cerr << "kiosk: no signed application reached the back office " << back_office << "\n";
  return false;
}

// A scenario (or the built-in demo) on the headless screen, the virtual card placed and taken
// by the demo's services.
int scenario_mode(const run::Options& o, run::RunningKiosk& kiosk, const DriverOptions& d,
                  bool persona_given) {
  ui::CardHand hand;
  if (kiosk.services) {
    EmbeddedServices& services = *kiosk.services;
    hand.place = [&services](const fs::path& persona) { return services.place_card(persona); };
    hand.remove = [&services] { services.remove_card(); };
  }
  nlohmann::json scenario;
  if (!d.scenario.empty()) {
    auto loaded = ui::load_scenario(d.scenario);
    if (!loaded) {
      std::cerr << "kiosk: " << loaded.error() << "\n";
      return 2;
    }
    scenario = std::move(*loaded);
    // A scenario names its own card; --persona given on the command line overrides it.
    if (persona_given) scenario["persona"] = o.persona.string();
  } else {
    scenario = ui::demo_scenario(o.persona, d.submit_signed);
  }
  if (d.voice) scenario["voice"] = true;
  if (d.keypad) scenario["input"] = "keypad";
  if (d.check_redraw) scenario["check_redraw"] = true;
  if (d.audit_screenshots == ui::audit::Screenshots::None) scenario["screenshots"] = false;
  const auto result = ui::run_scenario(*kiosk.app, scenario, hand, scenario_base(), o.out);
  std::cout << "kiosk: scenario \"" << scenario.value("name", "") << "\" "
            << (result.steps_ok ? "completed" : "FAILED") << ", outcome "
            << result.summary["outcome"].get<std::string>() << "\n"
            << "kiosk: screenshots, PDFs and session.json are in " << fs::absolute(o.out) << "\n";
  if (!result.steps_ok) {
    for (const auto& step : result.summary["steps"]) {
      if (!step["ok"].get<bool>()) std::cerr << "kiosk: step failed: " << step.dump() << "\n";
    }
  }
  if (!kiosk.session->sign_in().stopped_by().empty()) {
    std::cerr << "kiosk: stopped by staff " << kiosk.session->sign_in().stopped_by() << "\n";
    return result.steps_ok ? 0 : 1;
  }
  if (o.demo && d.scenario.empty()) {
    const bool done = result.summary["outcome"] == "printed" && result.steps_ok;
    if (!done || !d.submit_signed) return done ? 0 : 1;
    return signed_application_arrived(o.state / "back-office") ? 0 : 1;
  }
  return result.steps_ok ? 0 : 1;
}

int run_driver(int argc, char** argv) {
  const auto main_started = std::chrono::steady_clock::now();
  install_stop_signals();  // SIGTERM, SIGINT: stopped within a second (stop_signal.hpp)
  DriverOptions d;
  auto parsed = run::parse(argc, argv, driver_options(d));
  if (!parsed) return 2;
  run::Options o = *parsed;
  if (!run::path_is(d.scenario, "--scenario", fs::file_type::regular) || !run::paths_exist(o)) {
    return 2;
  }
  run::default_rosters(o);
  if (o.check) run::check_mode(o);
  if (!o.payments.empty()) return run::payments_mode(o);
  if (o.demo && !o.headless && !run::have_display()) {
    std::cout << "kiosk: no display found, running the demo headless\n";
    o.headless = true;
  }
  if (!d.audit.empty()) o.headless = true;
  if (o.headless && d.scenario.empty() && !o.demo && d.audit.empty()) {
    std::cerr << "kiosk: --headless needs --scenario FILE (or --demo)\n";
    return 2;
  }
  for (fs::path* path : {&d.scenario, &d.audit}) {
    if (!path->empty()) *path = fs::absolute(*path);
  }
  const bool persona_given = !o.persona.empty();
  auto start = run::start(o, d.audit.empty());
  if (!start) return start.error();
  if (!d.audit.empty()) return audit_mode(o, *start, d);
  auto kiosk = run::open_kiosk(o, *start, main_started);
  if (!kiosk) return kiosk.error();
  if (!o.headless) return run::screen_mode(o, **kiosk);
  return scenario_mode(o, **kiosk, d, persona_given);
}

}  // namespace

int main(int argc, char** argv) { return run::guarded_main(argc, argv, run_driver); }
