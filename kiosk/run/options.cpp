#include "madoguchi/kiosk/run/options.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>

#include "madoguchi/forms/staff_files.hpp"
#include "madoguchi/kiosk/data_paths.hpp"
#include "madoguchi/storage/postgres_link.hpp"
#include "madoguchi/storage/private_file.hpp"

namespace madoguchi::kiosk::run {

namespace fs = std::filesystem;
using Taken = MoreOptions::Taken;

namespace {

void usage(const MoreOptions& more) {
  std::cout <<
      R"(usage: kiosk [--demo] [--persona FILE] [--out DIR]
             [--catalog DIR] [--reader NAME] [--terminal HOST:PORT] [--printer IPP-URI]
             [--pdf-dir DIR] [--state DIR] [--font TTF] [--office FILE] [--volunteers FILE]
             [--staff FILE]
             [--slip-printer IPP-URI] [--kiosk-id ID] [--back-office postgres:CONNINFO|dir:PATH]
             [--languages DIR] [--voices DIR] [--idle Q,C[,B]] [--windowed] [--naive-atlas]
       kiosk --check [--check-json] [the same options]

  --demo        start what is missing: pcscd with a virtual reader, the virtual
                My Number card (placed when the kiosk asks for it), the payment
                terminal simulator, and PDF output instead of a printer
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
  --voices      the town's recorded voices for 音声案内: <DIR>/<language>/recordings.json
                and its WAV files, spoken in place of the synthetic voice (docs/speech.md;
                default /etc/madoguchi/voices; missing: the synthetic voice only)
  --terminal HOST:PORT
                the payment terminal's local API, over HTTPS (port 1-65535; Adyen: 8443)
  --terminal-poi-id ID
                the terminal's POIID, [model]-[serial] such as V400m-324688179 (needed with
                --terminal; its certificate must name it); the kiosk is SaleID
                MADOGUCHI-<kiosk id> towards it
  --terminal-environment test|live
                whose certificate the terminal shows: [POIID].test.terminal.adyen.com
                (default) or [POIID].live.terminal.adyen.com
  --terminal-root FILE
                the only root the terminal's certificate may chain to, PEM (default
                /etc/madoguchi/terminal-root.pem)
  --terminal-key FILE
                the shared key of the message security, mode 0600 (docs/payment.md; default:
                the systemd credential terminal-key, else /etc/madoguchi/terminal-key)
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
                with --demo share/madoguchi/rosters/volunteers.json); missing: no assist mode
  --staff       the staff roster for the staff menu, which stops the kiosk (default:
                /etc/madoguchi/staff.json; with --demo share/madoguchi/rosters/staff.json); missing: no
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
)" << more.usage;
}

// The options without a value; false when `arg` is not one of them.
bool take_flag(const std::string& arg, Options& o) {
  if (arg == "--demo") {
    o.demo = true;
  } else if (arg == "--windowed") {
    o.windowed = true;
  } else if (arg == "--naive-atlas") {
    o.naive_atlas = true;
  } else if (arg == "--check") {
    o.check = true;
  } else if (arg == "--check-json") {
    o.check = true;
    o.check_json = true;
  } else {
    return false;
  }
  return true;
}

const std::vector<std::string> kPathOptions = {
    "--persona",    "--out",           "--catalog",      "--pdf-dir", "--state",
    "--font",       "--office",        "--volunteers",   "--staff",   "--languages",
    "--outbox-key", "--terminal-root", "--terminal-key", "--voices"};

// The options naming a file or folder.
void take_path(const std::string& arg, const std::string& v, Options& o) {
  if (arg == "--persona") o.persona = v;
  if (arg == "--out") o.out = v;
  if (arg == "--catalog") o.catalog = v;
  if (arg == "--pdf-dir") o.pdf_dir = v;
  if (arg == "--state") o.state = v;
  if (arg == "--outbox-key") o.outbox_key = v;
  if (arg == "--terminal-root") o.terminal_root = v;
  if (arg == "--terminal-key") o.terminal_key = v;
  if (arg == "--font") o.font = v;
  if (arg == "--voices") o.voices = v;
  if (arg == "--office") {
    o.office = v;
    o.office_given = true;
  }
  if (arg == "--volunteers") {
    o.volunteers = v;
    o.volunteers_given = true;
  }
  if (arg == "--staff") {
    o.staff = v;
    o.staff_given = true;
  }
  if (arg == "--languages") {
    o.languages = v;
    o.languages_given = true;
  }
}

// The options with a value that is checked; a mistake is the reason, else "".
std::string take_checked(const std::string& arg, const std::string& v, Options& o) {
  if (arg == "--idle") {
    auto idle = command_line::idle(v);
    if (!idle) return idle.error();
    o.idle = *idle;
  } else if (arg == "--print-wait") {
    auto seconds = command_line::whole_number(v, 1, 3600);
    if (!seconds) return seconds.error();
    o.print_wait = std::chrono::seconds(*seconds);
  } else if (arg == "--reader") {
    o.reader = v;
  } else if (arg == "--terminal") {
    auto endpoint = command_line::endpoint(v);
    if (!endpoint) return endpoint.error();
    o.terminal = *endpoint;
  } else if (arg == "--terminal-poi-id") {
    const bool fits =
        !v.empty() && v.size() <= 40 && std::all_of(v.begin(), v.end(), [](unsigned char c) {
          return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
        });
    if (!fits) {
      return "takes the terminal's POIID, [model]-[serial] such as V400m-324688179, not \"" + v +
             "\"";
    }
    o.terminal_poi_id = v;
  } else if (arg == "--terminal-environment") {
    if (v != "test" && v != "live") return "takes test or live, not \"" + v + "\"";
    o.terminal_live = v == "live";
  } else if (arg == "--printer" || arg == "--slip-printer") {
    auto uri = command_line::printer_uri(v);
    if (!uri) return uri.error();
    (arg == "--printer" ? o.printer : o.slip_printer) = *uri;
  } else if (arg == "--payments") {
    if (v != "settle" && v != "totals" && v != "close-day") {
      return "takes settle, totals or close-day, not \"" + v + "\"";
    }
    o.payments = v;
  } else if (arg == "--back-office") {
    auto where = command_line::back_office(v);
    if (!where) return where.error();
    if (where->starts_with("postgres:")) {
      // TLS with verify-full, the password from a passfile (docs/back-office.md).
      if (auto allowed = storage::check_postgres_conninfo(where->substr(9)); !allowed) {
        return allowed.error();
      }
    }
    o.back_office = *where;
  } else if (arg == "--kiosk-id") {
    const bool fits = !v.empty() && v.size() <= 16 &&
                      std::all_of(v.begin(), v.end(),
                                  [](unsigned char c) { return std::isalnum(c) != 0 || c == '-'; });
    if (!fits) return "takes 1 to 16 letters, digits or '-', such as K2";
    o.kiosk_id = v;
  }
  return {};
}

const std::vector<std::string> kCheckedOptions = {"--idle",
                                                  "--print-wait",
                                                  "--reader",
                                                  "--terminal",
                                                  "--printer",
                                                  "--slip-printer",
                                                  "--payments",
                                                  "--back-office",
                                                  "--kiosk-id",
                                                  "--terminal-poi-id",
                                                  "--terminal-environment"};

void unknown_option(const std::string& arg, const MoreOptions& more) {
  std::vector<std::string> known = {"--demo", "--windowed", "--naive-atlas",
                                    "--help", "--check",    "--check-json"};
  known.insert(known.end(), kPathOptions.begin(), kPathOptions.end());
  known.insert(known.end(), kCheckedOptions.begin(), kCheckedOptions.end());
  known.insert(known.end(), more.names.begin(), more.names.end());
  std::cerr << "kiosk: unknown option " << arg;
  if (const std::string guess = forms::closest_match(arg, known); !guess.empty()) {
    std::cerr << " (did you mean " << guess << "?)";
  }
  std::cerr << "; kiosk --help lists the options\n";
}

}  // namespace

std::optional<Options> parse(int argc, char** argv, const MoreOptions& more) {
  Options o;
  o.catalog = data_folders().catalog;
  o.font = MADOGUCHI_FONT;
  o.bold_font = MADOGUCHI_FONT_BOLD;
  o.office = data_folders().settings / "office.json";
  o.languages = data_folders().languages;
  o.voices = data_folders().settings / "voices";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::function<std::optional<std::string>()> value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) {
        std::cerr << "kiosk: " << arg << " needs a value\n";
        return std::nullopt;
      }
      return std::string(argv[++i]);
    };
    if (arg == "--help" || arg == "-h") {
      usage(more);
      std::exit(0);
    }
    if (take_flag(arg, o)) continue;
    const bool is_path = std::ranges::find(kPathOptions, arg) != kPathOptions.end();
    if (is_path || std::ranges::find(kCheckedOptions, arg) != kCheckedOptions.end()) {
      const auto v = value();
      if (!v) return std::nullopt;
      if (v->empty() && arg != "--idle" && arg != "--print-wait") {
        std::cerr << "kiosk: " << arg << ": needs a value, not \"\"\n";
        return std::nullopt;
      }
      if (is_path) {
        take_path(arg, *v, o);
      } else if (const std::string mistake = take_checked(arg, *v, o); !mistake.empty()) {
        std::cerr << "kiosk: " << arg << ": " << mistake << "\n";
        return std::nullopt;
      }
      continue;
    }
    const Taken taken = more.take ? more.take(arg, value, o) : Taken::NotMine;
    if (taken == Taken::Yes) continue;
    if (taken == Taken::NotMine) unknown_option(arg, more);
    return std::nullopt;
  }
  if (o.terminal && o.terminal_poi_id.empty()) {
    std::cerr << "kiosk: --terminal needs --terminal-poi-id [model]-[serial] (the terminal's "
                 "POIID, such as V400m-324688179: its certificate must name it)\n";
    return std::nullopt;
  }
  return o;
}

TerminalSettings terminal_settings(const Options& o) {
  TerminalSettings settings;
  if (!o.terminal) return settings;
  settings.host = o.terminal->host;
  settings.port = o.terminal->port;
  settings.poi_id = o.terminal_poi_id;
  settings.live = o.terminal_live;
  settings.root =
      !o.terminal_root.empty() ? o.terminal_root : fs::path("/etc/madoguchi/terminal-root.pem");
  settings.key_file = o.terminal_key;
  if (settings.key_file.empty()) {
    settings.key_file =
        storage::systemd_credential(std::getenv("CREDENTIALS_DIRECTORY"), "terminal-key")
            .value_or("/etc/madoguchi/terminal-key");
  }
  return settings;
}

bool path_is(const fs::path& path, const char* option, fs::file_type type) {
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
}

bool paths_exist(const Options& o) {
  using fs::file_type;
  return path_is(o.persona, "--persona", file_type::regular) &&
         path_is(o.catalog, "--catalog", file_type::directory) &&
         path_is(o.font, "--font", file_type::regular) &&
         (!o.office_given || path_is(o.office, "--office", file_type::regular)) &&
         (!o.volunteers_given || path_is(o.volunteers, "--volunteers", file_type::regular)) &&
         (!o.staff_given || path_is(o.staff, "--staff", file_type::regular)) &&
         (!o.languages_given || path_is(o.languages, "--languages", file_type::directory));
}

void default_rosters(Options& o) {
  for (auto [path, name] :
       {std::pair{&o.volunteers, "volunteers.json"}, {&o.staff, "staff.json"}}) {
    if (path->empty()) {
      *path = (o.demo ? data_folders().rosters : data_folders().settings) / name;
    }
  }
}

bool have_display() {
  const char* x = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x != nullptr && *x != '\0') || (wayland != nullptr && *wayland != '\0');
}

}  // namespace madoguchi::kiosk::run
