#include "madoguchi/kiosk/startup_report.hpp"

#include <chrono>
#include <ctime>
#include <fstream>

namespace madoguchi::kiosk {

namespace fs = std::filesystem;

StartupReport startup_report(const forms::Catalog& catalog) {
  StartupReport report;
  for (const auto& procedure : catalog.procedures)
    report.procedures_offered.push_back(procedure.id);
  report.problems = catalog.errors;
  return report;
}

nlohmann::json to_json(const StartupReport& report) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& problem : report.problems) {
    nlohmann::json entry = {
        {"file", problem.file}, {"pointer", problem.pointer}, {"message", problem.message}};
    if (problem.line > 0) {
      entry["line"] = problem.line;
      entry["column"] = problem.column;
    }
    problems.push_back(std::move(entry));
  }
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char written_at[32] = {};
  std::strftime(written_at, sizeof written_at, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return {{"ok", report.ok()},
          {"written_at", written_at},
          {"procedures_offered", report.procedures_offered},
          {"problems", std::move(problems)}};
}

std::string describe(const StartupReport& report) {
  if (report.ok()) return {};
  std::string text = "kiosk: start-up: " + std::to_string(report.problems.size()) +
                     " problem(s) in the procedure files; " +
                     std::to_string(report.procedures_offered.size()) +
                     " procedures are offered, a file with an error is not:\n";
  for (const auto& problem : report.problems) text += "kiosk:   " + problem.to_string() + "\n";
  return text;
}

std::expected<fs::path, std::string> write_startup_report(const fs::path& state_dir,
                                                          const StartupReport& report) {
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  if (ec) return std::unexpected(state_dir.string() + ": " + ec.message());
  const fs::path file = state_dir / "startup-report.json";
  const fs::path temporary = state_dir / ".startup-report.json.tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << to_json(report).dump(2) << "\n";
    if (!out.flush()) return std::unexpected(temporary.string() + ": cannot be written");
  }
  fs::rename(temporary, file, ec);
  if (ec) return std::unexpected(file.string() + ": " + ec.message());
  return file;
}

}  // namespace madoguchi::kiosk
