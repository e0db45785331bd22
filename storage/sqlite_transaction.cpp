#include "madoguchi/storage/sqlite_transaction.hpp"

namespace madoguchi::storage {

WriteTransaction::WriteTransaction(sqlite3* db) : db_(db) {
  began_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
}

WriteTransaction::~WriteTransaction() {
  if (began_ && !committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool WriteTransaction::commit() {
  committed_ = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  return committed_;
}

}  // namespace madoguchi::storage
