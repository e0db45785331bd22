// A write transaction on a SQLite database: BEGIN IMMEDIATE (the write lock is taken at once, so
// a busy database fails here rather than half-way), COMMIT when the caller says so, ROLLBACK
// whenever the scope is left without a commit. The project's one way of writing several rows
// together (the journal, the ledger, the outbox).
#pragma once

#include <sqlite3.h>

namespace madoguchi::storage {

class WriteTransaction {
 public:
  explicit WriteTransaction(sqlite3* db);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  // False when BEGIN failed (sqlite3_errmsg says why): nothing may be written then.
  bool began() const { return began_; }
  // False when COMMIT failed; the caller reads sqlite3_errmsg before the destructor rolls back.
  bool commit();

 private:
  sqlite3* db_;
  bool began_ = false;
  bool committed_ = false;
};

}  // namespace madoguchi::storage
