#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "madoguchi/kiosk/check.hpp"
#include "madoguchi/kiosk/run/modes.hpp"

namespace madoguchi::kiosk::run {

void check_mode(const Options& o) {
  overwrite_freed_memory_from_now();
  CheckSettings settings;
  settings.catalog = o.catalog;
  settings.office = o.office;
  settings.volunteers = o.volunteers;
  settings.staff = o.staff;
  settings.languages = o.languages;
  settings.font = o.font;
  settings.bold_font = o.bold_font;
  settings.reader = o.reader;
  settings.terminal = terminal_settings(o);
  settings.printer_uri = o.printer;
  settings.slip_printer_uri = o.slip_printer;
  settings.back_office = o.back_office;
  const auto started = std::chrono::steady_clock::now();
  const auto results = run_checks(settings);
  const bool all_ok =
      std::none_of(results.begin(), results.end(), [](const auto& r) { return r.fault(); });
  if (o.check_json) {
    std::cout << to_json(results).dump(2) << "\n";
  } else {
    std::cout << describe(results) << "kiosk: check " << (all_ok ? "passed" : "found faults")
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

}  // namespace madoguchi::kiosk::run
