// Reception numbers for the slip: short, per day, never reused, kept in the
// kiosk's local store (SQLite) so a restart continues the sequence.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <string>

struct sqlite3;

namespace madoguchi::kiosk {

class ReceptionNumbers {
 public:
  static std::expected<ReceptionNumbers, std::string> open(const std::filesystem::path& db_file);
  ~ReceptionNumbers();
  ReceptionNumbers(ReceptionNumbers&& other) noexcept;
  ReceptionNumbers& operator=(ReceptionNumbers&&) = delete;
  ReceptionNumbers(const ReceptionNumbers&) = delete;

  // "MMDD-NNN", e.g. "1122-007": the 7th reception of 22 November.
  std::expected<std::string, std::string> next(std::chrono::system_clock::time_point when);

 private:
  explicit ReceptionNumbers(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace madoguchi::kiosk
