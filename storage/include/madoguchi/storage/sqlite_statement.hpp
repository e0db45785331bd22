// One SQLite statement, prepared on construction and finalized on destruction: the project's one
// wrapper of sqlite3_stmt, used by the payment journal, the terminal simulator's ledger, the
// outbox and the kiosk's reception numbers. It does not decide what an error means: a caller
// reads prepared() and step()'s result code, and sqlite3_errmsg of its own database, and names
// the file and the operation in its own error type.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::storage {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  // Binds `texts` to the parameters 1..n (the journal's and the ledger's queries take only texts).
  Statement(sqlite3* db, std::string_view sql, const std::vector<std::string>& texts);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool prepared() const { return statement_ != nullptr; }

  // Parameters count from 1, as in SQL's ?1. The value is copied (SQLITE_TRANSIENT).
  Statement& text(int i, std::string_view value);
  Statement& blob(int i, std::string_view value);
  Statement& integer(int i, std::int64_t value);
  Statement& null(int i);

  // SQLITE_ROW, SQLITE_DONE or an error code; also kept as code(). An unprepared statement
  // steps to SQLITE_MISUSE.
  int step();
  // Back to before the first step, the bindings kept (to run it again with new ones).
  Statement& reset();
  int code() const { return code_; }

  // Columns count from 0. A NULL reads as an empty string or 0.
  bool is_null(int i) const;
  std::string column_text(int i) const;
  std::string column_blob(int i) const;
  int column_int(int i) const;
  std::int64_t column_int64(int i) const;

 private:
  sqlite3_stmt* statement_ = nullptr;
  int code_ = SQLITE_OK;
};

}  // namespace madoguchi::storage
