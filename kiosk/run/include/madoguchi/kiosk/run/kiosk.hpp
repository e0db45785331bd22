// The kiosk with its devices and its screen, as every run mode that serves a resident opens it:
// the demo's services (--demo), the reception numbers, the session with the town's settings and
// rosters, and the window (or the headless screen a driver taps).
#pragma once

#include <chrono>
#include <expected>
#include <memory>
#include <optional>

#include "madoguchi/kiosk/device_worker.hpp"
#include "madoguchi/kiosk/embedded_services.hpp"
#include "madoguchi/kiosk/reception_numbers.hpp"
#include "madoguchi/kiosk/run/demo_services.hpp"
#include "madoguchi/kiosk/run/options.hpp"
#include "madoguchi/kiosk/run/start.hpp"
#include "madoguchi/kiosk/session.hpp"
#include "screens/kiosk_app.hpp"

namespace madoguchi::kiosk::run {

// Members go in reverse order: the screen and its device worker first, the demo's services
// last.
struct RunningKiosk {
  std::unique_ptr<DemoServices> demo;    // --demo: pcscd, the virtual card, the terminal
  EmbeddedServices* services = nullptr;  // demo's, once started
  std::optional<ReceptionNumbers> reception;
  std::unique_ptr<Session> session;
  std::unique_ptr<ui::KioskApp> app;
};

// The devices as the options and the town's settings name them.
DeviceSettings device_settings(const Options& o, const Start& start);
// Where the baked glyph atlas is kept between starts: the service's cache folder
// ($CACHE_DIRECTORY), else the state folder.
std::filesystem::path atlas_cache_file(const Options& o);

// Starts the demo's services when asked (beside the screen), opens the reception numbers and the
// screen, and gives the session the catalogue, the town's settings, the rosters (with their
// lock-outs from the state folder) and the reception numbers. On a failure (said on stderr): the
// exit code. `opened`: the window, when the caller opened it itself
// (beside load_catalogue), after it checked the settings and, unless --demo, the terminal.
std::expected<std::unique_ptr<RunningKiosk>, int> open_kiosk(
    const Options& o, Start& start, std::chrono::steady_clock::time_point main_started,
    std::optional<ui::KioskWindow> opened = std::nullopt);
// A configured payment terminal's key and root, checked (said on stderr when not usable).
bool terminal_usable(const DeviceSettings& devices);
// The screen's options as the kiosk's options ask (the atlas's cache after start()).
ui::WindowOptions window_options(const Options& o);

}  // namespace madoguchi::kiosk::run
