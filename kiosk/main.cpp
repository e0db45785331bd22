// kiosk — the Madoguchi counter kiosk.
//
//   kiosk [options]                    the kiosk on this machine's devices
//   kiosk --demo                       with a virtual card, the terminal simulator, PDF output
//   kiosk --check [--check-json]       everything the kiosk needs, checked
//   kiosk --payments ACTION            the clerk's view of the payment journal
//
// The run modes are in kiosk/run/; the headless scenarios and the accessibility audit are the
// test driver's (tests/kiosk/driver), which the kiosk does not carry.
#include <chrono>
#include <future>
#include <iostream>

#include "madoguchi/kiosk/run/kiosk.hpp"
#include "madoguchi/kiosk/run/modes.hpp"
#include "madoguchi/kiosk/stop_signal.hpp"

using namespace madoguchi::kiosk;

namespace {

int run_kiosk(int argc, char** argv) {
  const auto main_started = std::chrono::steady_clock::now();
  install_stop_signals();  // SIGTERM, SIGINT: stopped within a second (stop_signal.hpp)
  auto parsed = run::parse(argc, argv);
  if (!parsed) return 2;
  run::Options o = *parsed;
  if (!run::paths_exist(o)) return 2;
  run::default_rosters(o);
  if (o.check) run::check_mode(o);
  if (!o.payments.empty()) return run::payments_mode(o);
  if (o.demo && !run::have_display()) {
    std::cerr << "kiosk: --demo: no display found; the demo without a screen is "
                 "kiosk_driver --demo --headless (built with the tests; scripts/run-kiosk.sh "
                 "picks it)\n";
    return 2;
  }
  // A mistake in the settings, the state folder, the outbox key or the terminal stops the
  // kiosk at once, before any window; then the window opens while the catalogue is read on
  // the other core.
  auto start = run::start_settings(o, true);
  if (!start) return start.error();
  if (!o.demo && !run::terminal_usable(run::device_settings(o, *start))) return 2;
  const ui::WindowOptions window_options = run::window_options(o);
  auto reading =
      std::async(std::launch::async, [&o, &start] { return run::load_catalogue(o, *start, true); });
  auto window = ui::KioskWindow::open(window_options);
  if (auto loaded = reading.get(); !loaded) return loaded.error();
  if (!window) {
    std::cerr << "kiosk: " << window.error() << "\n";
    return 1;
  }
  auto kiosk = run::open_kiosk(o, *start, main_started, std::move(*window));
  if (!kiosk) return kiosk.error();
  return run::screen_mode(o, **kiosk);
}

}  // namespace

int main(int argc, char** argv) { return run::guarded_main(argc, argv, run_kiosk); }
