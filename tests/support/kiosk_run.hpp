// The real kiosk program (kiosk_driver) run on a scenario, for the end-to-end tests that build
// their scenario in code (docs/scenario-format.md): the exit code, session.json and the log.
#pragma once

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"
#include "support/text_file.hpp"

namespace madoguchi::tests {

struct KioskRun {
  std::filesystem::path out;  // --out: session.json, the PDFs, the screenshots, state/
  int exit_code = -1;
  nlohmann::json session;
  std::string log;
};

// `driver` with --headless --demo on `scenario`, in `dir` (made afresh): the scenario file and
// the log beside `dir`/out, not in it (the tests search every file the kiosk wrote).
inline KioskRun run_kiosk_scenario(const std::string& driver, const std::filesystem::path& dir,
                                   const nlohmann::json& scenario,
                                   std::chrono::seconds limit = std::chrono::seconds(240)) {
  namespace fs = std::filesystem;
  fs::remove_all(dir);
  KioskRun run;
  run.out = dir / "out";
  fs::create_directories(run.out);
  const auto scenario_file = dir / "scenario.json";
  std::ofstream(scenario_file) << scenario.dump(2);
  auto child = kiosk::ChildProcess::start({driver, "--headless", "--out", run.out.string(),
                                           "--demo", "--scenario", scenario_file.string()},
                                          dir / "kiosk.log",
                                          {"SDL_AUDIODRIVER=dummy", "ASAN_OPTIONS=detect_leaks=0"});
  if (!child) return run;
  const int status = child->wait(limit);
  run.exit_code = (status >= 0 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  run.log = slurp(dir / "kiosk.log");
  if (fs::exists(run.out / "session.json")) {
    run.session = nlohmann::json::parse(slurp(run.out / "session.json"), nullptr, false);
  }
  return run;
}

// The files in `dir` whose names end in `suffix` ("-application.pdf"), in name order.
inline std::vector<std::filesystem::path> files_ending(const std::filesystem::path& dir,
                                                       const std::string& suffix) {
  std::vector<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().string().ends_with(suffix)) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace madoguchi::tests
