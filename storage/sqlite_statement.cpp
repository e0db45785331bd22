#include "madoguchi/storage/sqlite_statement.hpp"

namespace madoguchi::storage {

Statement::Statement(sqlite3* db, std::string_view sql) {
  code_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr);
  if (code_ != SQLITE_OK) {
    sqlite3_finalize(statement_);
    statement_ = nullptr;
  }
}

Statement::Statement(sqlite3* db, std::string_view sql, const std::vector<std::string>& texts)
    : Statement(db, sql) {
  for (std::size_t i = 0; i < texts.size(); ++i) text(static_cast<int>(i + 1), texts[i]);
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::text(int i, std::string_view value) {
  sqlite3_bind_text(statement_, i, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::blob(int i, std::string_view value) {
  sqlite3_bind_blob(statement_, i, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::integer(int i, std::int64_t value) {
  sqlite3_bind_int64(statement_, i, value);
  return *this;
}

Statement& Statement::null(int i) {
  sqlite3_bind_null(statement_, i);
  return *this;
}

int Statement::step() {
  return code_ = statement_ != nullptr ? sqlite3_step(statement_) : SQLITE_MISUSE;
}

Statement& Statement::reset() {
  sqlite3_reset(statement_);
  return *this;
}

bool Statement::is_null(int i) const { return sqlite3_column_type(statement_, i) == SQLITE_NULL; }

std::string Statement::column_text(int i) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(statement_, i));
  return p != nullptr
             ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(statement_, i)))
             : std::string();
}

std::string Statement::column_blob(int i) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(statement_, i));
  return p != nullptr
             ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(statement_, i)))
             : std::string();
}

int Statement::column_int(int i) const { return sqlite3_column_int(statement_, i); }

std::int64_t Statement::column_int64(int i) const { return sqlite3_column_int64(statement_, i); }

}  // namespace madoguchi::storage
