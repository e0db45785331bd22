#include "madoguchi/kiosk/run/kiosk.hpp"

#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "madoguchi/kiosk/code_lockout.hpp"
#include "madoguchi/kiosk/data_paths.hpp"
#include "madoguchi/kiosk/run/modes.hpp"

namespace madoguchi::kiosk::run {

namespace fs = std::filesystem;

namespace {

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

// The session with the town's settings, the code pads' rosters and the reception numbers.
void prepare_session(const Options& o, const Start& start, RunningKiosk& kiosk) {
  Session& session = *kiosk.session;
  apply_town_settings(start.town, session);
  // A procedure chosen is read whole from its file (the catalogue holds listings, start.cpp).
  session.set_procedure_loader(forms::read_whole);
  // The code pads' lock-outs live in the state folder: a restart gives a guesser no new tries.
  const auto open_lockout = [&](const char* file) {
    auto opened = CodeLockout::open(o.state / file, std::chrono::system_clock::now());
    if (!opened.problem.empty()) std::cerr << "kiosk: " << opened.problem << "\n";
    return std::move(opened.lockout);
  };
  session.set_roster(Session::CodePad::Volunteer, start.town.volunteers,
                     open_lockout("volunteer-code-lockout.json"));
  session.set_roster(Session::CodePad::Staff, start.town.staff,
                     open_lockout("staff-code-lockout.json"));
  session.set_reception_number_source([&kiosk]() -> std::expected<std::string, std::string> {
    auto number = kiosk.reception->next(std::chrono::system_clock::now());
    // The session sends the resident to the counter; staff see why here (no resident data).
    if (!number) std::cerr << "kiosk: " << number.error() << "\n";
    return number;
  });
}

}  // namespace

std::filesystem::path atlas_cache_file(const Options& o) {
  // The service's CacheDirectory= (/var/cache/madoguchi; systemd lists one folder per entry,
  // separated by ':'), else the kiosk's own state folder.
  const char* cache = std::getenv("CACHE_DIRECTORY");
  const std::string_view folders = cache != nullptr ? cache : "";
  const fs::path first(folders.substr(0, folders.find(':')));
  const fs::path folder = first.is_absolute() ? first : o.state;
  return folder / "glyph-atlas.cache";
}

DeviceSettings device_settings(const Options& o, const Start& start) {
  DeviceSettings devices;
  devices.reader = o.reader;
  devices.printer_uri = o.printer;
  devices.slip_printer_uri = o.slip_printer;
  devices.printer_certificates = o.state / "printer-certificates";
  devices.pdf_dir = o.pdf_dir;
  devices.font = o.font;
  devices.payment_journal = o.state / "payments.sqlite";
  devices.kiosk_id = o.kiosk_id;
  devices.town_name = start.town.office.office.town_name;
  devices.slip_paper = start.town.office.slip_paper;
  devices.outbox = o.state / "outbox.sqlite";
  devices.outbox_key = start.outbox_key.file;
  devices.outbox_key_create = start.outbox_key.create;
  devices.back_office = !o.back_office.empty() ? o.back_office
                        : o.demo               ? "dir:" + (o.state / "back-office").string()
                                               : std::string{};
  devices.bold_font = o.bold_font;
  if (o.print_wait) devices.print_timeout = *o.print_wait;
  devices.terminal = terminal_settings(o);
  return devices;
}

ui::WindowOptions window_options(const Options& o) {
  ui::WindowOptions window;
  window.headless = o.headless;
  window.fullscreen = !o.headless && !o.windowed;
  window.font = o.font;
  window.naive_atlas = o.naive_atlas;
  window.recordings = o.voices;
  window.prepared_readings = data_folders().root / "prepared-readings.tsv";
  window.atlas_cache = atlas_cache_file(o);
  return window;
}

// A configured terminal checked at the start: a key file others may read, a root that is not
// there is said now, not at the first fee.
bool terminal_usable(const DeviceSettings& devices) {
  if (!devices.terminal.configured()) return true;
  if (auto terminal = open_terminal(devices.terminal, "MADOGUCHI-CHECK"); !terminal) {
    std::cerr << "kiosk: payment terminal " << devices.terminal.where() << ": " << terminal.error()
              << "\n";
    return false;
  }
  return true;
}

std::expected<std::unique_ptr<RunningKiosk>, int> open_kiosk(
    const Options& o, Start& start, std::chrono::steady_clock::time_point main_started,
    std::optional<ui::KioskWindow> opened) {
  auto kiosk = std::make_unique<RunningKiosk>();
  DeviceSettings devices = device_settings(o, start);
  // The demo's services (pcscd, the virtual card, the terminal simulator) start while the
  // screens are made; the device worker starts once they are up.
  if (o.demo) {
    EmbeddedServices::Options service_options;
    service_options.work_dir = o.state / "services";
    service_options.payment_terminal = !o.terminal;
    kiosk->demo = std::make_unique<DemoServices>(service_options);
  } else if (!opened && !terminal_usable(devices)) {  // with `opened`, the caller checked it
    return std::unexpected(2);
  }
  auto reception = ReceptionNumbers::open(o.state / "kiosk.sqlite");
  if (!reception) {
    std::cerr << "kiosk: " << reception.error() << "\n";
    return std::unexpected(1);
  }
  kiosk->reception.emplace(std::move(*reception));
  kiosk->session = std::make_unique<Session>(std::move(start.catalogue));
  prepare_session(o, start, *kiosk);

  const ui::WindowOptions window = window_options(o);
  auto app = opened
                 ? ui::KioskApp::create(window, std::move(*opened), *kiosk->session, std::nullopt)
                 : ui::KioskApp::create(window, *kiosk->session, std::nullopt);
  if (!app) {
    std::cerr << "kiosk: " << app.error() << "\n";
    return std::unexpected(1);
  }
  kiosk->app = std::move(*app);
  // One line for tests/kiosk/kiosk_benchmark (docs/benchmarks.md): the first frame drawn
  // with every glyph it needs, the screen it shows and the font texture it was drawn with.
  RunningKiosk& k = *kiosk;
  k.app->on_first_frame([&k, main_started] {
    const double in_main =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - main_started)
            .count();
    // One write: under cage the compositor's messages share this stderr (and the journal).
    std::ostringstream line;
    line << "kiosk: first frame after " << static_cast<long>(ms_since_process_start())
         << " ms (from process start; " << static_cast<long>(in_main) << " ms in main): screen "
         << screen_id(k.session->screen()) << ", atlas " << k.app->atlas_size() << ", "
         << k.app->atlas_bytes() << " bytes RGBA, " << k.app->baked_glyph_count()
         << " glyphs baked; atlas " << k.app->atlas_origin() << "\n";
    std::cerr << line.str();
    // The start-up is over, and no resident's data exists yet (private_memory.hpp).
    overwrite_freed_memory_from_now();
  });
  if (o.demo) {
    // The welcome screen shows while the services finish starting (it needs none of them).
    if (!o.headless) kiosk->app->frame();
    auto started = kiosk->demo->wait();
    if (!started) {
      std::cerr << "kiosk: " << started.error() << "\n";
      return std::unexpected(1);
    }
    kiosk->services = *started;
    if (devices.reader.empty()) devices.reader = kiosk->services->reader();
    if (!o.terminal) devices.terminal = kiosk->services->terminal();
    if (!terminal_usable(devices)) return std::unexpected(2);
  }
  kiosk->app->start_devices(std::move(devices));
  return kiosk;
}

}  // namespace madoguchi::kiosk::run
