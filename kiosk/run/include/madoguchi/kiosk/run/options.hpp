// The kiosk program's command line (`kiosk --help`), read with the rules of
// kiosk/command_line.hpp: values checked before anything starts, an unknown option refused with
// the nearest known one. The test driver (tests/kiosk/driver) reads the same options and adds
// its own (--headless, --scenario, --audit …) through MoreOptions, so the two programs cannot
// drift apart.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/kiosk/command_line.hpp"
#include "madoguchi/kiosk/session.hpp"
#include "madoguchi/kiosk/terminal_settings.hpp"

namespace madoguchi::kiosk::run {

struct Options {
  bool demo = false;
  // No window (the test driver's scenarios and audit; the product has no use for it). It also
  // lets the state folder sit in the temporary directory, as --demo does.
  bool headless = false;
  bool windowed = false;
  bool naive_atlas = false;
  bool check = false;       // --check: the devices and files, then exit (kiosk/check.hpp)
  bool check_json = false;  // --check-json: the same, printed as JSON
  std::filesystem::path persona;
  std::filesystem::path out;
  std::filesystem::path catalog;
  std::filesystem::path state;
  std::filesystem::path outbox_key;  // --outbox-key FILE (kiosk/outbox_key_source.hpp)
  std::filesystem::path font;
  std::filesystem::path bold_font;
  std::string reader;
  std::optional<command_line::Endpoint> terminal;  // --terminal HOST:PORT
  std::string terminal_poi_id;                     // --terminal-poi-id: the terminal's POIID
  std::filesystem::path terminal_root;             // --terminal-root FILE (PEM)
  std::filesystem::path terminal_key;              // --terminal-key FILE (0600)
  bool terminal_live = false;                      // --terminal-environment live
  std::string printer;                             // ipp://...
  std::string slip_printer;  // --slip-printer ipp://... (a receipt printer); default: --printer
  std::filesystem::path pdf_dir;
  // Installed: /etc/madoguchi and /usr/share/madoguchi; built: the source tree (data_paths.hpp).
  std::filesystem::path office;
  // The rosters of the code pads: given, or the demo's (the demo package's
  // share/madoguchi/rosters), or the town's (/etc/madoguchi; missing: no assist mode, no staff
  // menu). Set by default_rosters.
  std::filesystem::path volunteers;
  std::filesystem::path staff;
  std::filesystem::path languages;
  // The town's recorded voices for 音声案内 (speech/recordings.hpp; default
  // /etc/madoguchi/voices): missing means synthesis only.
  std::filesystem::path voices;
  // Files named on the command line must be there; the defaults may be missing (defaults).
  bool office_given = false;
  bool volunteers_given = false;
  bool staff_given = false;
  bool languages_given = false;
  std::string payments;         // --payments settle|totals|close-day: the clerk's commands
  std::string back_office;      // --back-office postgres:CONNINFO | dir:PATH
  std::string kiosk_id = "K1";  // --kiosk-id: starts this kiosk's transaction and application ids
  std::optional<IdleSettings> idle;  // --idle QUIET,COUNTDOWN (seconds), for tests
  // --print-wait SECONDS: how long the kiosk waits for a job the printer holds (no paper, a jam)
  // before it withdraws it and tells the resident; default 60.
  std::optional<std::chrono::seconds> print_wait;
};

// Options the product does not know, offered by a program built on it (the test driver).
struct MoreOptions {
  enum class Taken { Yes, Refused, NotMine };  // Refused: the reason is already on stderr
  // `value` reads the option's value (nullopt, said on stderr, when there is none).
  using Take = std::function<Taken(const std::string& option,
                                   const std::function<std::optional<std::string>()>& value,
                                   Options& options)>;
  std::vector<std::string> names;  // for "did you mean"
  Take take;
  std::string usage;  // added to --help
};

// nullopt: a mistake, already named on stderr ("kiosk: --OPTION: reason"). --help prints the
// usage and exits 0.
std::optional<Options> parse(int argc, char** argv, const MoreOptions& more = {});

// Paths given on the command line that must be there, checked before anything starts; a
// missing one is named on stderr.
bool paths_exist(const Options& o);

// The payment terminal the options name, with the town's defaults for its root and key
// (/etc/madoguchi/terminal-root.pem; the systemd credential terminal-key, else
// /etc/madoguchi/terminal-key). Not configured without --terminal.
TerminalSettings terminal_settings(const Options& o);
// Whether `path`, when given, is there and of `type`; otherwise says so for `option`.
bool path_is(const std::filesystem::path& path, const char* option,
             std::filesystem::file_type type);

// The code pads' rosters when none is given: the demo's, else the town's.
void default_rosters(Options& o);

// Whether a display is there to open a window on (X11 or Wayland).
bool have_display();

}  // namespace madoguchi::kiosk::run
