// `kiosk --check`: everything the kiosk needs, checked the way it will use it, for the town's IT
// staff before opening and after any change. One line per check (ok, FAULT or not configured);
// the kiosk exits 0 only when nothing is at fault. Network checks run side by side, each
// bounded by a time-out, so the whole check takes at most about 12 s.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/command_line.hpp"
#include "madoguchi/kiosk/terminal_settings.hpp"

namespace madoguchi::kiosk {

struct CheckSettings {
  std::filesystem::path catalog;     // every procedure file must load
  std::filesystem::path office;      // office.json (missing: the defaults)
  std::filesystem::path volunteers;  // the volunteer roster (missing: no assist mode)
  std::filesystem::path staff;       // the staff roster (missing: no staff menu)
  std::filesystem::path languages;   // assets/lang
  std::filesystem::path font;
  std::filesystem::path bold_font;
  std::string reader;         // the reader the kiosk is told to use; empty: any reader
  TerminalSettings terminal;  // port 0: not configured
  std::string printer_uri;
  std::string slip_printer_uri;
  std::string back_office;  // postgres:… or dir:…
  // How long each network check may take (connect and answer); the whole check waits at most
  // this plus a few seconds.
  std::chrono::milliseconds network_timeout{std::chrono::seconds(6)};
};

struct CheckResult {
  enum class Verdict { Ok, Fault, NotConfigured };
  std::string name;  // "procedures", "office.json", "reader", "terminal", "printer", …
  Verdict verdict = Verdict::Fault;
  std::string detail;                 // what was found, or what is wrong
  std::vector<std::string> problems;  // one line each, when there are several (procedure files)
  bool fault() const { return verdict == Verdict::Fault; }
};

std::vector<CheckResult> run_checks(const CheckSettings& settings);

// "ok      printer  ipp://…: idle" lines, and the JSON form.
std::string describe(const std::vector<CheckResult>& results);
nlohmann::json to_json(const std::vector<CheckResult>& results);

}  // namespace madoguchi::kiosk
