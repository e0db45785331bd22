#include "madoguchi/kiosk/reception_numbers.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <ctime>
#include <utility>

#include "madoguchi/storage/sqlite_statement.hpp"

namespace madoguchi::kiosk {

std::expected<ReceptionNumbers, std::string> ReceptionNumbers::open(
    const std::filesystem::path& db_file) {
  std::error_code ec;
  if (db_file.has_parent_path()) std::filesystem::create_directories(db_file.parent_path(), ec);
  sqlite3* db = nullptr;
  if (sqlite3_open(db_file.c_str(), &db) != SQLITE_OK) {
    std::string message = "cannot open " + db_file.string() + ": " + sqlite3_errmsg(db);
    sqlite3_close(db);
    return std::unexpected(message);
  }
  const char* schema =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
      "CREATE TABLE IF NOT EXISTS reception_day (day TEXT PRIMARY KEY, last INTEGER NOT NULL);";
  char* error = nullptr;
  if (sqlite3_exec(db, schema, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = std::string("cannot prepare the local store: ") + error;
    sqlite3_free(error);
    sqlite3_close(db);
    return std::unexpected(message);
  }
  return ReceptionNumbers(db);
}

ReceptionNumbers::~ReceptionNumbers() {
  if (db_ != nullptr) sqlite3_close(db_);
}

ReceptionNumbers::ReceptionNumbers(ReceptionNumbers&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

std::expected<std::string, std::string> ReceptionNumbers::next(
    std::chrono::system_clock::time_point when) {
  // The town hall's day: Japan's (UTC+9, no daylight saving), whatever the kiosk's time zone,
  // as on the forms (text::civil_date_in_japan).
  const std::time_t t = std::chrono::system_clock::to_time_t(when + std::chrono::hours(9));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char day[48];
  std::snprintf(day, sizeof day, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  const char* sql =
      "INSERT INTO reception_day(day, last) VALUES(?1, 1) "
      "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last;";
  int last = 0;
  {
    storage::Statement statement(db_, sql);
    if (!statement.prepared()) {
      return std::unexpected(std::string("reception number: ") + sqlite3_errmsg(db_));
    }
    statement.text(1, day);
    if (statement.step() == SQLITE_ROW) last = statement.column_int(0);
  }  // finalized before the error is read, as SQLite reports a failed step's error then
  if (last <= 0) return std::unexpected(std::string("reception number: ") + sqlite3_errmsg(db_));
  char number[48];
  std::snprintf(number, sizeof number, "%02d%02d-%03d", tm.tm_mon + 1, tm.tm_mday, last % 1000);
  return std::string(number);
}

}  // namespace madoguchi::kiosk
