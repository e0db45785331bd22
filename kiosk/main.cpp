// kiosk — the Madoguchi counter kiosk.
//
//   kiosk [options]                    the kiosk on this machine's devices
//   kiosk --demo                       with a virtual card, the terminal simulator, PDF output
//   kiosk --demo --headless --persona FILE --out DIR
//   kiosk --headless --scenario FILE --out DIR [--demo]
#include <SDL.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/staff_files.hpp"
#include "madoguchi/kiosk/check.hpp"
#include "madoguchi/kiosk/command_line.hpp"
#include "madoguchi/kiosk/data_paths.hpp"
#include "madoguchi/kiosk/embedded_services.hpp"
#include "madoguchi/kiosk/office_settings.hpp"
#include "madoguchi/kiosk/outbox_key_source.hpp"
#include "madoguchi/kiosk/payments.hpp"
#include "madoguchi/kiosk/private_memory.hpp"
#include "madoguchi/kiosk/reception_numbers.hpp"
#include "madoguchi/kiosk/session.hpp"
#include "madoguchi/kiosk/startup_report.hpp"
#include "madoguchi/kiosk/state_folder.hpp"
#include "madoguchi/kiosk/stop_signal.hpp"
#include "madoguchi/payment/journal.hpp"
#include "madoguchi/payment/nexo_terminal.hpp"
#include "madoguchi/printer/reception_slip.hpp"
#include "madoguchi/submission/postgres_link.hpp"
#include "screens/kiosk_app.hpp"
#include "ui/audit_run.hpp"
#include "ui/scenario.hpp"

namespace fs = std::filesystem;
using namespace madoguchi;

namespace {

struct Options {
  bool demo = false;
  bool headless = false;
  bool windowed = false;
  bool naive_atlas = false;
  bool check = false;       // --check: the devices and files, then exit (kiosk/check.hpp)
  bool check_json = false;  // --check-json: the same, printed as JSON
  fs::path scenario;
  fs::path persona;
  fs::path out;
  fs::path catalog = kiosk::data_folders().catalog;
  fs::path state;
  fs::path outbox_key;  // --outbox-key FILE (kiosk/outbox_key_source.hpp)
  fs::path font = MADOGUCHI_FONT;
  fs::path bold_font = MADOGUCHI_FONT_BOLD;
  std::string reader;
  std::optional<kiosk::command_line::Endpoint> terminal;  // --terminal HOST:PORT
  std::string printer;                                    // ipp://...
  std::string slip_printer;  // --slip-printer ipp://... (a receipt printer); default: --printer
  fs::path pdf_dir;
  // Installed: /etc/madoguchi and /usr/share/madoguchi; built: the source tree (data_paths.hpp).
  fs::path office = kiosk::data_folders().settings / "office.json";
  // The rosters of the code pads: given, or the demo's (tests/rosters; the demo package's
  // share/madoguchi/rosters), or the town's (/etc/madoguchi; missing: no assist mode, no staff
  // menu). Set in run().
  fs::path volunteers;
  fs::path staff;
  fs::path languages = kiosk::data_folders().languages;
  // Files named on the command line must be there; the defaults may be missing (defaults).
  bool office_given = false;
  bool volunteers_given = false;
  bool staff_given = false;
  bool languages_given = false;
  std::string payments;         // --payments settle|totals|close-day: the clerk's commands
  std::string back_office;      // --back-office postgres:CONNINFO | dir:PATH
  std::string kiosk_id = "K1";  // --kiosk-id: starts this kiosk's transaction and application ids
  std::optional<kiosk::IdleSettings> idle;  // --idle QUIET,COUNTDOWN (seconds), for tests
  // --print-wait SECONDS: how long the kiosk waits for a job the printer holds (no paper, a jam)
  // before it withdraws it and tells the resident; default 60.
  std::optional<std::chrono::seconds> print_wait;
  // --audit DIR: the accessibility audit of every screen (docs/accessibility.md).
  fs::path audit;
  std::string audit_procedure;
  std::string audit_language;
  std::vector<kiosk::ui::audit::View> audit_views;
  kiosk::ui::audit::Screenshots audit_screenshots = kiosk::ui::audit::Screenshots::Distinct;
};

void usage() {
  std::cout <<
      R"(usage: kiosk [--demo] [--headless] [--scenario FILE] [--persona FILE] [--out DIR]
             [--catalog DIR] [--reader NAME] [--terminal HOST:PORT] [--printer IPP-URI]
             [--pdf-dir DIR] [--state DIR] [--font TTF] [--office FILE] [--volunteers FILE]
             [--staff FILE]
             [--slip-printer IPP-URI] [--kiosk-id ID] [--back-office postgres:CONNINFO|dir:PATH]
             [--languages DIR] [--idle Q,C[,B]] [--windowed] [--naive-atlas]
       kiosk --check [--check-json] [the same options]
       kiosk --audit DIR [--procedure ID] [--language CODE]
             [--views normal,large_text,high_contrast]
             [--screenshots all|distinct|failures|none]

  --demo        start what is missing: pcscd with a virtual reader, the virtual
                My Number card (placed when the kiosk asks for it), the payment
                terminal simulator, and PDF output instead of a printer
  --headless    no window: run a scenario (--scenario, or the built-in demo with
                --demo) and write one PNG per step, the PDFs and session.json to --out
  --persona     the virtual card's persona file (demo; default: yamada-taro)
  --check       check everything the kiosk needs and exit: the procedure files, office.json,
                the volunteers and language files, the fonts, the card reader (pcscd), the
                terminal, the printer(s) and the back office; one line each (ok / FAULT /
                - for not configured); exit 0 only when nothing is at fault, within 15 s
  --check-json  the same, as JSON on stdout
  --office      the town hall's settings (default: /etc/madoguchi/office.json installed,
                assets/office.json built; keys and limits in assets/README.md). A mistake
                in it, in another settings file or in an option stops the kiosk at once
                with exit code 2 and "kiosk: FILE: /KEY: reason"
  --languages   the language files' folder (default: /usr/share/madoguchi/lang installed,
                assets/lang built)
  --terminal HOST:PORT
                the payment terminal (port 1-65535)
  --printer IPP-URI
                ipp://HOST[:PORT]/PATH or ipps://...; without it forms are PDF files
  --naive-atlas for the benchmark only: bake the whole Japanese range at every text
                size, as Dear ImGui's documentation shows (a 100+ MB atlas)
  --idle Q,C[,B] idle time-out: the countdown opens after Q quiet seconds and erases
                the session C seconds later; a card taken off mid-way is waited for B
                seconds (default: office.json, else 90,30,60)
  --print-wait SECONDS
                how long to wait for a job the printer holds (no paper, a jam) before the
                kiosk withdraws it from the printer and offers the counter (default 60)
  --volunteers  the digital-support volunteers' roster (default: /etc/madoguchi/volunteers.json;
                with --demo tests/rosters/volunteers.json); missing: no assist mode
  --staff       the staff roster for the staff menu, which stops the kiosk (default:
                /etc/madoguchi/staff.json; with --demo tests/rosters/staff.json); missing: no
                staff menu. Entries: printf '%s' CODE | madoguchi_volunteer_code [--staff] ID NAME
  --state DIR   the kiosk's state: payments, outbox, reception numbers (default:
                /var/lib/madoguchi; a demo's: a folder in the temporary directory). Not in
                the temporary directory except with --demo or --headless; one kiosk per folder
  --windowed    a window instead of the locked-down full screen; Ctrl+Esc ends it
  --slip-printer IPP-URI
                the reception slip's printer, such as a receipt printer beside the A4
                one (office.json "slip_paper": "receipt-80mm"); default: --printer
  --kiosk-id ID this kiosk's name in the town hall (letters, digits, '-'; at most 16;
                default K1): it starts every payment id and marks its applications
  --outbox-key FILE
                the key that seals each 個人番号 in the outbox (32 bytes, mode 0600; made
                with madoguchi_outbox_key new FILE); default: the systemd credential
                outbox-key. Never inside --state, except in the demo and headless runs,
                which make <state>/outbox.key on first use
  --back-office postgres:CONNINFO | dir:PATH
                where completed applications go from the outbox (<state>/outbox.sqlite):
                the town's PostgreSQL inbox, or a directory drop (default with --demo:
                dir:<state>/back-office; otherwise they stay in the outbox)
  --payments settle|totals|close-day
                for the clerk, with --state DIR and --terminal HOST:PORT: settle what a
                crash left in doubt; the day's totals by method, checked against the
                terminal's; or 日計 (close the day). Prints JSON; exit 3 when something
                needs the clerk (in doubt, not given back, totals that differ)
  --audit DIR   headless, no devices: every screen of every procedure in every language
                and view, measured against DESIGN.md (text size, touch targets,
                contrast, overflow); writes DIR/audit.json and PNGs of the screens, and
                exits 1 when a threshold is broken (docs/accessibility.md)
)";
}

std::optional<Options> parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto refuse = [&](const std::string& reason) -> std::optional<Options> {
      std::cerr << "kiosk: " << arg << ": " << reason << "\n";
      return std::nullopt;
    };
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) {
        std::cerr << "kiosk: " << arg << " needs a value\n";
        return std::nullopt;
      }
      return std::string(argv[++i]);
    };
    std::optional<std::string> v;
    if (arg == "--demo") {
      o.demo = true;
    } else if (arg == "--headless") {
      o.headless = true;
    } else if (arg == "--windowed") {
      o.windowed = true;
    } else if (arg == "--naive-atlas") {
      o.naive_atlas = true;
    } else if (arg == "--help" || arg == "-h") {
      usage();
      std::exit(0);
    } else if (arg == "--check") {
      o.check = true;
    } else if (arg == "--check-json") {
      o.check = true;
      o.check_json = true;
    } else if (arg == "--idle") {
      if (!(v = value())) return std::nullopt;
      auto idle = kiosk::command_line::idle(*v);
      if (!idle) return refuse(idle.error());
      o.idle = *idle;
    } else if (arg == "--print-wait") {
      if (!(v = value())) return std::nullopt;
      auto seconds = kiosk::command_line::whole_number(*v, 1, 3600);
      if (!seconds) return refuse(seconds.error());
      o.print_wait = std::chrono::seconds(*seconds);
    } else if (arg == "--audit" || arg == "--procedure" || arg == "--language" ||
               arg == "--views" || arg == "--screenshots") {
      if (!(v = value())) return std::nullopt;
      if (arg == "--audit") o.audit = *v;
      if (arg == "--procedure") o.audit_procedure = *v;
      if (arg == "--language") o.audit_language = *v;
      if (arg == "--views") {
        std::stringstream list(*v);
        std::string name;
        while (std::getline(list, name, ',')) {
          using kiosk::ui::audit::View;
          if (name == "normal") {
            o.audit_views.push_back(View::Normal);
          } else if (name == "large_text") {
            o.audit_views.push_back(View::LargeText);
          } else if (name == "high_contrast") {
            o.audit_views.push_back(View::HighContrast);
          } else {
            std::cerr << "kiosk: --views takes normal, large_text and high_contrast\n";
            return std::nullopt;
          }
        }
      }
      if (arg == "--screenshots") {
        using kiosk::ui::audit::Screenshots;
        if (*v == "all") {
          o.audit_screenshots = Screenshots::All;
        } else if (*v == "distinct") {
          o.audit_screenshots = Screenshots::Distinct;
        } else if (*v == "failures") {
          o.audit_screenshots = Screenshots::Failures;
        } else if (*v == "none") {
          o.audit_screenshots = Screenshots::None;
        } else {
          std::cerr << "kiosk: --screenshots takes all, distinct, failures or none\n";
          return std::nullopt;
        }
      }
    } else if (arg == "--scenario" || arg == "--persona" || arg == "--out" || arg == "--catalog" ||
               arg == "--reader" || arg == "--terminal" || arg == "--printer" ||
               arg == "--pdf-dir" || arg == "--state" || arg == "--font" || arg == "--office" ||
               arg == "--volunteers" || arg == "--staff" || arg == "--payments" ||
               arg == "--back-office" || arg == "--kiosk-id" || arg == "--slip-printer" ||
               arg == "--languages" || arg == "--outbox-key") {
      if (!(v = value())) return std::nullopt;
      if (v->empty()) return refuse("needs a value, not \"\"");
      if (arg == "--scenario") o.scenario = *v;
      if (arg == "--persona") o.persona = *v;
      if (arg == "--out") o.out = *v;
      if (arg == "--catalog") o.catalog = *v;
      if (arg == "--reader") o.reader = *v;
      if (arg == "--terminal") {
        auto endpoint = kiosk::command_line::endpoint(*v);
        if (!endpoint) return refuse(endpoint.error());
        o.terminal = *endpoint;
      }
      if (arg == "--printer" || arg == "--slip-printer") {
        auto uri = kiosk::command_line::printer_uri(*v);
        if (!uri) return refuse(uri.error());
        (arg == "--printer" ? o.printer : o.slip_printer) = *uri;
      }
      if (arg == "--pdf-dir") o.pdf_dir = *v;
      if (arg == "--state") o.state = *v;
      if (arg == "--outbox-key") o.outbox_key = *v;
      if (arg == "--font") o.font = *v;
      if (arg == "--office") {
        o.office = *v;
        o.office_given = true;
      }
      if (arg == "--volunteers") {
        o.volunteers = *v;
        o.volunteers_given = true;
      }
      if (arg == "--staff") {
        o.staff = *v;
        o.staff_given = true;
      }
      if (arg == "--languages") {
        o.languages = *v;
        o.languages_given = true;
      }
      if (arg == "--payments") {
        if (*v != "settle" && *v != "totals" && *v != "close-day") {
          return refuse("takes settle, totals or close-day, not \"" + *v + "\"");
        }
        o.payments = *v;
      }
      if (arg == "--back-office") {
        auto where = kiosk::command_line::back_office(*v);
        if (!where) return refuse(where.error());
        if (where->starts_with("postgres:")) {
          // TLS with verify-full, the password from a passfile (docs/back-office.md).
          if (auto allowed = submission::check_postgres_conninfo(where->substr(9)); !allowed) {
            return refuse(allowed.error());
          }
        }
        o.back_office = *where;
      }
      if (arg == "--kiosk-id") {
        const bool fits = !v->empty() && v->size() <= 16 &&
                          std::all_of(v->begin(), v->end(), [](unsigned char c) {
                            return std::isalnum(c) != 0 || c == '-';
                          });
        if (!fits) return refuse("takes 1 to 16 letters, digits or '-', such as K2");
        o.kiosk_id = *v;
      }
    } else {
      static const std::vector<std::string> kOptions = {
          "--demo",     "--headless",    "--windowed",    "--naive-atlas",  "--help",
          "--check",    "--check-json",  "--idle",        "--audit",        "--procedure",
          "--language", "--views",       "--screenshots", "--scenario",     "--persona",
          "--out",      "--catalog",     "--reader",      "--terminal",     "--printer",
          "--pdf-dir",  "--state",       "--font",        "--office",       "--volunteers",
          "--payments", "--back-office", "--kiosk-id",    "--slip-printer", "--languages",
          "--staff",    "--outbox-key"};
      std::cerr << "kiosk: unknown option " << arg;
      if (const std::string guess = forms::closest_match(arg, kOptions); !guess.empty()) {
        std::cerr << " (did you mean " << guess << "?)";
      }
      std::cerr << "; kiosk --help lists the options\n";
      return std::nullopt;
    }
  }
  return o;
}

// Paths given on the command line that must be there, checked before anything starts.
bool paths_exist(const Options& o) {
  const auto must_be = [](const fs::path& path, const char* option, fs::file_type type) {
    if (path.empty()) return true;
    std::error_code ec;
    const auto found = fs::status(path, ec).type();
    if (found == type) return true;
    const char* wanted = type == fs::file_type::directory ? "directory" : "file";
    std::cerr << "kiosk: " << option << ": " << path.string();
    if (found == fs::file_type::not_found) {
      std::cerr << ": there is no such " << wanted << "\n";
    } else if (found == fs::file_type::directory) {
      std::cerr << ": is a directory, not a " << wanted << "\n";
    } else {
      std::cerr << ": is not a " << wanted << "\n";
    }
    return false;
  };
  using fs::file_type;
  return must_be(o.scenario, "--scenario", file_type::regular) &&
         must_be(o.persona, "--persona", file_type::regular) &&
         must_be(o.catalog, "--catalog", file_type::directory) &&
         must_be(o.font, "--font", file_type::regular) &&
         (!o.office_given || must_be(o.office, "--office", file_type::regular)) &&
         (!o.volunteers_given || must_be(o.volunteers, "--volunteers", file_type::regular)) &&
         (!o.staff_given || must_be(o.staff, "--staff", file_type::regular)) &&
         (!o.languages_given || must_be(o.languages, "--languages", file_type::directory));
}

// Milliseconds since this process started: the kernel's start time (/proc/self/stat
// field 22, clock ticks since boot, so 10 ms steps) against CLOCK_BOOTTIME now. It
// includes exec, the dynamic loader and static initialisation, which main() cannot see.
double ms_since_process_start() {
  std::ifstream in("/proc/self/stat");
  std::string stat;
  std::getline(in, stat);
  const auto close = stat.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
  }
  timespec now{};
  clock_gettime(CLOCK_BOOTTIME, &now);
  const double start_s = std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
  return (static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9 - start_s) *
         1000.0;
}

bool have_display() {
  const char* x = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x != nullptr && *x != '\0') || (wayland != nullptr && *wayland != '\0');
}

}  // namespace

// kiosk --payments ACTION: the clerk's view of this kiosk's payment journal and the terminal.
int payments_command(const Options& o) {
  if (!o.terminal || o.state.empty()) {
    std::cerr << "kiosk: --payments needs --state DIR and --terminal HOST:PORT\n";
    return 2;
  }
  const auto& [host, port] = *o.terminal;
  auto journal = payment::PaymentJournal::open(o.state / "payments.sqlite", o.kiosk_id);
  if (!journal) {
    std::cerr << "kiosk: " << journal.error().message << "\n";
    return 1;
  }
  if (o.payments != "totals") {
    if (const auto kiosk_running = kiosk::kiosk_using(o.state)) {
      std::cerr << "kiosk: --payments " << o.payments << ": a kiosk is running on "
                << o.state.string() << " (" << *kiosk_running
                << "); it settles payments itself: stop it first\n";
      return 2;
    }
  }
  payment::NexoTerminal terminal(host, port);
  payment::PaymentDesk desk(*journal, terminal);
  nlohmann::json out;
  bool needs_clerk = false;
  if (o.payments == "settle") {
    // As the kiosk does on start: a paid application kept in the outbox goes to the counter.
    // Read only (no application is sealed here): any key the kiosk could have used will do.
    const auto key =
        kiosk::outbox_key_source(o.outbox_key, o.state, true, std::getenv("CREDENTIALS_DIRECTORY"));
    submission::OutboxOptions outbox_options;
    outbox_options.key_file = key ? key->file : fs::path();
    outbox_options.create_key = false;
    outbox_options.create = false;
    auto outbox = submission::Outbox::open(o.state / "outbox.sqlite", outbox_options);
    const auto settled = kiosk::settle_after_restart(
        desk, outbox ? kiosk::kept_in(*outbox) : kiosk::KeptApplication{},
        outbox ? kiosk::recorded_in(*outbox) : kiosk::RecordPaymentState{});
    out = kiosk::to_json(settled);
    needs_clerk = !settled.clean();
  } else if (o.payments == "totals" || o.payments == "close-day") {
    const auto totals = o.payments == "totals" ? desk.totals() : desk.close_day();
    out = kiosk::to_json(totals);
    needs_clerk = !totals.matches;
  } else {
    std::cerr << "kiosk: --payments takes settle, totals or close-day\n";
    return 2;
  }
  std::cout << out.dump(2) << "\n";
  return needs_clerk ? 3 : 0;
}

// kiosk --check: one line per check on stdout (or JSON); 0 only when nothing is at fault.
int check_command(const Options& o) {
  kiosk::CheckSettings settings;
  settings.catalog = o.catalog;
  settings.office = o.office;
  settings.volunteers = o.volunteers;
  settings.staff = o.staff;
  settings.languages = o.languages;
  settings.font = o.font;
  settings.bold_font = o.bold_font;
  settings.reader = o.reader;
  settings.terminal = o.terminal;
  settings.printer_uri = o.printer;
  settings.slip_printer_uri = o.slip_printer;
  settings.back_office = o.back_office;
  const auto started = std::chrono::steady_clock::now();
  const auto results = kiosk::run_checks(settings);
  const bool all_ok =
      std::none_of(results.begin(), results.end(), [](const auto& r) { return r.fault(); });
  if (o.check_json) {
    std::cout << kiosk::to_json(results).dump(2) << "\n";
  } else {
    std::cout << kiosk::describe(results) << "kiosk: check " << (all_ok ? "passed" : "found faults")
              << " in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count()
              << " ms\n";
  }
  std::cout.flush();
  // A check that did not answer in time is still running on its own thread: leave without
  // waiting for it (nothing is left to write).
  std::_Exit(all_ok ? 0 : 1);
}

// The settings files the town edits, read once at start. A mistake in any of them stops the
// kiosk at once (exit 2) with "kiosk: FILE: /KEY: reason".
struct TownSettings {
  kiosk::OfficeSettings office;
  kiosk::Roster volunteers;
  kiosk::Roster staff;
  std::shared_ptr<kiosk::Translations> translations;  // null: Japanese only (no folder)
};

std::optional<TownSettings> load_town_settings(const Options& o) {
  TownSettings town;
  auto office = kiosk::load_office_settings(o.office);
  if (!office) {
    std::cerr << "kiosk: " << office.error().to_string() << "\n";
    return std::nullopt;
  }
  town.office = *office;
  if (o.idle) town.office.idle = *o.idle;
  auto volunteers = kiosk::Roster::load(o.volunteers, kiosk::RosterKind::Volunteers);
  if (!volunteers) {
    std::cerr << "kiosk: " << volunteers.error() << "\n";
    return std::nullopt;
  }
  town.volunteers = std::move(*volunteers);
  auto staff = kiosk::Roster::load(o.staff, kiosk::RosterKind::Staff);
  if (!staff) {
    std::cerr << "kiosk: " << staff.error() << "\n";
    return std::nullopt;
  }
  town.staff = std::move(*staff);
  // The screens' languages (Japanese alone if the default folder is missing).
  std::error_code ec;
  if (fs::is_directory(o.languages, ec)) {
    auto translations = kiosk::Translations::load(o.languages);
    if (!translations) {
      std::cerr << "kiosk: " << translations.error() << "\n";
      return std::nullopt;
    }
    town.translations = std::make_shared<kiosk::Translations>(std::move(*translations));
  }
  return town;
}

int run(int argc, char** argv) {
  const auto main_started = std::chrono::steady_clock::now();
  kiosk::install_stop_signals();  // SIGTERM, SIGINT: stopped within a second (stop_signal.hpp)
  auto parsed = parse(argc, argv);
  if (!parsed) return 2;
  Options o = *parsed;
  if (!paths_exist(o)) return 2;
  for (auto [path, name] :
       {std::pair{&o.volunteers, "volunteers.json"}, {&o.staff, "staff.json"}}) {
    if (path->empty()) {
      *path = (o.demo ? kiosk::data_folders().rosters : kiosk::data_folders().settings) / name;
    }
  }
  if (o.check) return check_command(o);
  if (!o.payments.empty()) return payments_command(o);
  if (o.demo && !o.headless && !have_display()) {
    std::cout << "kiosk: no display found, running the demo headless\n";
    o.headless = true;
  }
  if (!o.audit.empty()) o.headless = true;
  if (o.headless && o.scenario.empty() && !o.demo && o.audit.empty()) {
    std::cerr << "kiosk: --headless needs --scenario FILE (or --demo)\n";
    return 2;
  }
  const auto town = load_town_settings(o);
  if (!town) return 2;
  if (o.headless && o.out.empty()) o.out = fs::current_path() / "madoguchi-demo";
  // The helpers the demo starts (pcscd, the virtual card) run in other working
  // directories: every path handed on is made absolute first.
  for (fs::path* path : {&o.out, &o.state, &o.pdf_dir, &o.scenario, &o.persona, &o.catalog,
                         &o.office, &o.volunteers, &o.staff, &o.audit, &o.outbox_key}) {
    if (!path->empty()) *path = fs::absolute(*path);
  }
  // A scenario names its own card; --persona given on the command line overrides it.
  const bool persona_given = !o.persona.empty();
  if (o.demo && o.persona.empty()) {
    o.persona = kiosk::data_folders().personas / "yamada-taro.json";
  }
  if (o.state.empty()) {
    o.state = !o.out.empty() ? o.out / "state"
              : o.demo       ? fs::temp_directory_path() / "madoguchi-demo-state"
                             : fs::path(kiosk::kDefaultStateFolder);
  }
  // One kiosk per state folder, never one the next boot empties (kiosk/state_folder.hpp).
  std::optional<kiosk::StateFolder> state_folder;
  if (o.audit.empty()) {
    auto taken = kiosk::StateFolder::take(o.state, o.demo || o.headless);
    if (!taken) {
      std::cerr << "kiosk: " << taken.error() << "\n";
      return 2;
    }
    state_folder = std::move(*taken);
  }
  if (o.pdf_dir.empty() && (o.demo || o.headless || o.printer.empty())) {
    o.pdf_dir = !o.out.empty() ? o.out : o.state / "printed";
  }

  // A procedure file that does not load leaves the welcome screen; the others are offered,
  // and the start-up report (stderr and <state>/startup-report.json) names what is missing.
  forms::Catalog catalog = forms::load_catalog(o.catalog);
  const kiosk::StartupReport report = kiosk::startup_report(catalog);
  std::cerr << kiosk::describe(report);
  if (o.audit.empty()) {
    auto written = kiosk::write_startup_report(o.state, report);
    if (!written) std::cerr << "kiosk: start-up report: " << written.error() << "\n";
  }
  // A town name or addressee too long for a form's box would send every resident of that
  // procedure to the counter before payment: it is office.json's mistake, refused now.
  if (auto misfit = kiosk::office_misfit(town->office, o.office, catalog.procedures)) {
    std::cerr << "kiosk: " << misfit->to_string() << "\n";
    return 2;
  }
  // The demo and the headless (test) runs keep the key in the state folder; a town does not.
  const auto outbox_key = kiosk::outbox_key_source(o.outbox_key, o.state, o.demo || o.headless,
                                                   std::getenv("CREDENTIALS_DIRECTORY"));
  if (!outbox_key) {
    std::cerr << "kiosk: " << outbox_key.error() << "\n";
    return 2;
  }
  auto catalogue = std::move(catalog.procedures);
  if (catalogue.empty()) {
    std::cerr << "kiosk: no usable procedure in " << o.catalog.string() << "\n";
    return 1;
  }

  const forms::Office& office = town->office.office;
  const kiosk::IdleSettings& idle = town->office.idle;
  // The screens' languages, read with the other settings (Japanese alone without the folder).
  const auto use_languages = [&town](kiosk::Session& session) {
    if (town->translations) session.set_translations(town->translations);
  };

  if (!o.audit.empty()) {
    // The accessibility audit: the real screens, synthetic device events, no devices.
    kiosk::Session session(std::move(catalogue));
    session.set_office(office);
    session.set_idle(idle);
    use_languages(session);
    session.set_reception_number_source(
        []() -> std::expected<std::string, std::string> { return "1201-042"; });
    kiosk::ui::WindowOptions window;
    window.headless = true;
    window.font = o.font;
    auto app = kiosk::ui::KioskApp::create(window, session, std::nullopt);
    if (!app) {
      std::cerr << "kiosk: " << app.error() << "\n";
      return 1;
    }
    kiosk::ui::audit::AuditOptions options;
    options.out = o.audit;
    options.personas = kiosk::data_folders().personas;
    options.golden = kiosk::data_folders().golden;
    options.procedure = o.audit_procedure;
    options.language = o.audit_language;
    if (!o.audit_views.empty()) options.views = o.audit_views;
    options.screenshots = o.audit_screenshots;
    const auto result = kiosk::ui::audit::run_audit(**app, session, options);
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
    std::cout << "kiosk: report and screenshots in " << o.audit.string() << "\n";
    return result.passed() ? 0 : 1;
  }

  std::unique_ptr<kiosk::EmbeddedServices> services;
  kiosk::DeviceSettings devices;
  devices.reader = o.reader;
  devices.printer_uri = o.printer;
  devices.slip_printer_uri = o.slip_printer;
  devices.printer_certificates = o.state / "printer-certificates";
  devices.pdf_dir = o.pdf_dir;
  devices.font = o.font;
  devices.payment_journal = o.state / "payments.sqlite";
  devices.kiosk_id = o.kiosk_id;
  devices.town_name = office.town_name;
  devices.slip_paper = town->office.slip_paper;
  devices.outbox = o.state / "outbox.sqlite";
  devices.outbox_key = outbox_key->file;
  devices.outbox_key_create = outbox_key->create;
  devices.back_office = !o.back_office.empty() ? o.back_office
                        : o.demo               ? "dir:" + (o.state / "back-office").string()
                                               : std::string{};
  devices.bold_font = o.bold_font;
  if (o.print_wait) devices.print_timeout = *o.print_wait;
  if (o.terminal) {
    devices.terminal_host = o.terminal->host;
    devices.terminal_port = o.terminal->port;
  }
  if (o.demo) {
    kiosk::EmbeddedServices::Options service_options;
    service_options.work_dir = o.state / "services";
    service_options.payment_terminal = !o.terminal;
    auto started = kiosk::EmbeddedServices::start(service_options);
    if (!started) {
      std::cerr << "kiosk: " << started.error() << "\n";
      return 1;
    }
    services = std::move(*started);
    if (devices.reader.empty()) devices.reader = services->reader();
    if (!o.terminal) devices.terminal_port = services->terminal_port();
  }

  auto reception = kiosk::ReceptionNumbers::open(o.state / "kiosk.sqlite");
  if (!reception) {
    std::cerr << "kiosk: " << reception.error() << "\n";
    return 1;
  }
  kiosk::Session session(std::move(catalogue));
  session.set_office(office);
  session.set_idle(idle);
  // The code pads' lock-outs live in the state folder: a restart gives a guesser no new tries.
  const auto open_lockout = [&](const char* file) {
    auto opened = kiosk::CodeLockout::open(o.state / file, std::chrono::system_clock::now());
    if (!opened.problem.empty()) std::cerr << "kiosk: " << opened.problem << "\n";
    return std::move(opened.lockout);
  };
  session.set_roster(kiosk::Session::CodePad::Volunteer, town->volunteers,
                     open_lockout("volunteer-code-lockout.json"));
  session.set_roster(kiosk::Session::CodePad::Staff, town->staff,
                     open_lockout("staff-code-lockout.json"));
  use_languages(session);
  session.set_reception_number_source([&reception]() -> std::expected<std::string, std::string> {
    auto number = reception->next(std::chrono::system_clock::now());
    // The session sends the resident to the counter; staff see why here (no resident data).
    if (!number) std::cerr << "kiosk: " << number.error() << "\n";
    return number;
  });

  kiosk::ui::WindowOptions window;
  window.headless = o.headless;
  window.fullscreen = !o.headless && !o.windowed;
  window.font = o.font;
  window.naive_atlas = o.naive_atlas;
  auto app = kiosk::ui::KioskApp::create(window, session, devices);
  if (!app) {
    std::cerr << "kiosk: " << app.error() << "\n";
    return 1;
  }
  // One line for tests/kiosk/kiosk_benchmark (docs/benchmarks.md): the first frame drawn
  // with every glyph it needs, the screen it shows and the font texture it was drawn with.
  (*app)->on_first_frame([&] {
    const double in_main =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - main_started)
            .count();
    // One write: under cage the compositor's messages share this stderr (and the journal).
    std::ostringstream line;
    line << "kiosk: first frame after " << static_cast<long>(ms_since_process_start())
         << " ms (from process start; " << static_cast<long>(in_main) << " ms in main): screen "
         << kiosk::screen_id(session.screen()) << ", atlas " << (*app)->atlas_size() << ", "
         << (*app)->atlas_bytes() << " bytes RGBA, " << (*app)->baked_glyph_count()
         << " glyphs baked\n";
    std::cerr << line.str();
  });

  kiosk::ui::CardHand hand;
  if (services) {
    hand.place = [&](const fs::path& persona) { return services->place_card(persona); };
    hand.remove = [&] { services->remove_card(); };
  }

  if (!o.headless) {
    if (services) {
      // The demo places the virtual card when the kiosk asks for it and takes
      // it away a moment after the resident is told to take it.
      auto took_card_at = std::chrono::steady_clock::time_point{};
      (*app)->on_screen([&](kiosk::Screen screen) {
        if (screen == kiosk::Screen::PlaceCard && !services->card_placed()) {
          if (auto placed = services->place_card(o.persona); !placed) {
            std::cerr << "kiosk: " << placed.error() << "\n";
          }
        }
        if (screen == kiosk::Screen::TakeCard || screen == kiosk::Screen::Counter) {
          if (took_card_at == std::chrono::steady_clock::time_point{}) {
            took_card_at = std::chrono::steady_clock::now();
          } else if (std::chrono::steady_clock::now() - took_card_at > std::chrono::seconds(4)) {
            services->remove_card();
          }
        } else {
          took_card_at = {};
        }
      });
    }
    const auto ending = (*app)->run();
    switch (ending) {
      case kiosk::ui::Ending::StoppedByStaff:
        std::cerr << "kiosk: stopped by staff " << session.stopped_by_staff() << "\n";
        break;
      case kiosk::ui::Ending::QuitKey:
        std::cerr << "kiosk: stopped with Ctrl+Esc (--windowed)\n";
        break;
      case kiosk::ui::Ending::Unasked:
        std::cerr << "kiosk: the window was closed without staff asking (SDL_QUIT); exit 1 so "
                     "that the supervisor starts the kiosk again\n";
        break;
      case kiosk::ui::Ending::StoppedBySignal:
        break;
    }
    return kiosk::ui::exit_code(ending);
  }

  nlohmann::json scenario;
  fs::path base_dir = kiosk::data_folders().root;
  if (!o.scenario.empty()) {
    auto loaded = kiosk::ui::load_scenario(o.scenario);
    if (!loaded) {
      std::cerr << "kiosk: " << loaded.error() << "\n";
      return 2;
    }
    scenario = std::move(*loaded);
    if (persona_given) scenario["persona"] = o.persona.string();
  } else {
    scenario = kiosk::ui::demo_scenario(o.persona);
  }
  const auto result = kiosk::ui::run_scenario(**app, scenario, hand, base_dir, o.out);
  std::cout << "kiosk: scenario \"" << scenario.value("name", "") << "\" "
            << (result.steps_ok ? "completed" : "FAILED") << ", outcome "
            << result.summary["outcome"].get<std::string>() << "\n"
            << "kiosk: screenshots, PDFs and session.json are in " << fs::absolute(o.out) << "\n";
  if (!result.steps_ok) {
    for (const auto& step : result.summary["steps"]) {
      if (!step["ok"].get<bool>()) std::cerr << "kiosk: step failed: " << step.dump() << "\n";
    }
  }
  if (!session.stopped_by_staff().empty()) {
    std::cerr << "kiosk: stopped by staff " << session.stopped_by_staff() << "\n";
    return result.steps_ok ? 0 : 1;
  }
  if (o.demo && o.scenario.empty()) {
    return result.summary["outcome"] == "printed" && result.steps_ok ? 0 : 1;
  }
  return result.steps_ok ? 0 : 1;
}

// No exception leaves the kiosk unexplained: whatever escapes is named on stderr.
int main(int argc, char** argv) {
  for (const auto& missing : kiosk::keep_memory_private(argv)) {
    std::cerr << "kiosk: " << missing << "\n";
  }
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "kiosk: stopped by an unexpected error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "kiosk: stopped by an unexpected error\n";
  }
  return 1;
}
