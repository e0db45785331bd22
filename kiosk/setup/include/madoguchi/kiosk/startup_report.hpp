// What the kiosk found wrong when it started, for staff: <state>/startup-report.json, written
// at every start (replacing the last one), and the same lines on stderr (the system journal).
// A procedure file that does not load is left out of the welcome screen while the others are
// offered, so that one typo does not close the kiosk; the report (and `kiosk --check`, which
// exits non-zero) names the file, the JSON pointer and the reason, so that the missing
// procedure is not a mystery.
//
//   { "ok": false, "written_at": "2026-12-04T09:00:00Z",
//     "procedures_offered": ["juminhyo", …],
//     "problems": [ { "file": "…/juminhyo.json", "pointer": "/fee/yen", "message": "…" } ] }
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::kiosk {

struct StartupReport {
  std::vector<std::string> procedures_offered;  // ids, in catalogue order
  std::vector<forms::LoadError> problems;       // procedure files that failed or need a look
  bool ok() const { return problems.empty(); }
};

StartupReport startup_report(const forms::Catalog& catalog);

nlohmann::json to_json(const StartupReport& report);

// "kiosk: start-up: …" lines for stderr; empty when all is well.
std::string describe(const StartupReport& report);

// Writes <state_dir>/startup-report.json (through a temporary file and a rename).
std::expected<std::filesystem::path, std::string> write_startup_report(
    const std::filesystem::path& state_dir, const StartupReport& report);

}  // namespace madoguchi::kiosk
