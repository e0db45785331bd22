#include "support/sqlite_rows.hpp"

#include <sqlite3.h>

namespace madoguchi::tests {

std::vector<std::vector<std::string>> sqlite_rows(const std::filesystem::path& file,
                                                  const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 5000);  // the kiosk may be writing
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
      while (sqlite3_step(statement) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int c = 0; c < sqlite3_column_count(statement); ++c) {
          const auto* value = sqlite3_column_text(statement, c);
          row.emplace_back(value == nullptr ? "" : reinterpret_cast<const char*>(value));
        }
        rows.push_back(std::move(row));
      }
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return rows;
}

std::string sqlite_text(const std::filesystem::path& file, const std::string& sql) {
  const auto rows = sqlite_rows(file, sql);
  return rows.empty() || rows.front().empty() ? std::string{} : rows.front().front();
}

}  // namespace madoguchi::tests
