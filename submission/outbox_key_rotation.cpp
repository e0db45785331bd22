#include "madoguchi/submission/outbox_key_rotation.hpp"

#include <sqlite3.h>

#include <string>
#include <utility>
#include <vector>

#include "sealed_columns.hpp"

namespace madoguchi::submission {
namespace {

using Kind = SubmissionError::Kind;

struct Database {
  sqlite3* db = nullptr;
  ~Database() {
    if (db != nullptr) sqlite3_close(db);
  }
  bool exec(const std::string& sql) const {
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }
};

struct Query {
  sqlite3_stmt* stmt = nullptr;
  Query(sqlite3* db, const std::string& sql) {
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  }
  ~Query() { sqlite3_finalize(stmt); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  std::string column(int i) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
    return p != nullptr ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)))
                        : std::string();
  }
};

struct Resealed {
  std::string application_id;
  std::string value;
};

}  // namespace

std::expected<KeyRotation, SubmissionError> rotate_outbox_key(const std::filesystem::path& outbox,
                                                              const OutboxKey& old_key,
                                                              const OutboxKey& new_key) {
  const auto fail = [&](Kind kind, const std::string& what) {
    return std::unexpected(SubmissionError{kind, "outbox " + outbox.string() + ": " + what});
  };
  if (old_key.id() == new_key.id()) {
    return fail(Kind::Invalid, "the new key is the old key (" + old_key.id() + ")");
  }
  Database d;
  if (sqlite3_open_v2(outbox.c_str(), &d.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    return fail(Kind::Io, std::string("cannot open: ") + sqlite3_errmsg(d.db));
  }
  sqlite3_busy_timeout(d.db, 5000);
  const auto db_error = [&](const std::string& what) {
    return fail(Kind::Io, what + ": " + sqlite3_errmsg(d.db));
  };
  if (!d.exec("PRAGMA secure_delete=ON") || !d.exec("PRAGMA synchronous=FULL")) {
    return db_error("cannot set the pragmas");
  }
  if (!d.exec("BEGIN IMMEDIATE")) return db_error("cannot begin the rotation");
  KeyRotation done;
  std::string problem;
  Kind problem_kind = Kind::Io;
  for (const SealedColumn& column : kSealedColumns) {
    const std::string value(column.value);
    const std::string key_id(column.key_id);
    std::vector<Resealed> resealed;
    {
      Query rows(d.db, "SELECT application_id, " + value + ", " + key_id +
                           " FROM applications WHERE " + value + " IS NOT NULL");
      if (rows.stmt == nullptr) {
        problem = std::string("cannot read ") + value + ": " + sqlite3_errmsg(d.db);
        break;
      }
      int rc = SQLITE_OK;
      while ((rc = sqlite3_step(rows.stmt)) == SQLITE_ROW) {
        const std::string application_id = rows.column(0);
        const std::string sealed_with = rows.column(2);
        if (sealed_with == new_key.id()) {
          ++done.already_new;
          continue;
        }
        if (sealed_with != old_key.id()) {
          problem_kind = Kind::Key;
          problem = value + " of application " + application_id + " is sealed with key " +
                    sealed_with + ", neither the old key " + old_key.id() + " nor the new key " +
                    new_key.id() + "; nothing was changed";
          break;
        }
        auto again = old_key.reseal(rows.column(1), column.purpose, application_id, new_key);
        if (!again) {
          problem_kind = again.error().kind;
          problem = value + " of application " + application_id + ": " + again.error().message +
                    "; nothing was changed";
          break;
        }
        resealed.push_back({application_id, std::move(*again)});
      }
      if (problem.empty() && rc != SQLITE_DONE) {
        problem = std::string("cannot read ") + value + ": " + sqlite3_errmsg(d.db);
      }
    }
    if (!problem.empty()) break;
    Query update(d.db, "UPDATE applications SET " + value + " = ?1, " + key_id +
                           " = ?2 WHERE application_id = ?3");
    for (const Resealed& r : resealed) {
      sqlite3_reset(update.stmt);
      sqlite3_bind_blob(update.stmt, 1, r.value.data(), static_cast<int>(r.value.size()),
                        SQLITE_TRANSIENT);
      sqlite3_bind_text(update.stmt, 2, new_key.id().data(), static_cast<int>(new_key.id().size()),
                        SQLITE_TRANSIENT);
      sqlite3_bind_text(update.stmt, 3, r.application_id.data(),
                        static_cast<int>(r.application_id.size()), SQLITE_TRANSIENT);
      if (update.stmt == nullptr || sqlite3_step(update.stmt) != SQLITE_DONE) {
        problem = std::string("cannot write ") + value + ": " + sqlite3_errmsg(d.db);
        break;
      }
      ++done.resealed;
    }
    if (!problem.empty()) break;
    Query left(d.db, "SELECT count(*) FROM applications WHERE " + value + " IS NOT NULL AND " +
                         key_id + " IS NOT ?1");
    sqlite3_bind_text(left.stmt, 1, new_key.id().data(), static_cast<int>(new_key.id().size()),
                      SQLITE_TRANSIENT);
    if (left.stmt == nullptr || sqlite3_step(left.stmt) != SQLITE_ROW ||
        sqlite3_column_int64(left.stmt, 0) != 0) {
      problem = value + ": values not under the new key are left; nothing was changed";
      break;
    }
  }
  if (!problem.empty()) {
    d.exec("ROLLBACK");
    return fail(problem_kind, problem);
  }
  if (!d.exec("COMMIT")) {
    auto e = db_error("cannot commit the rotation");
    d.exec("ROLLBACK");
    return e;
  }
  // Until the log is written back, the database file keeps its pages as they were, sealed with
  // the old key: write it back and empty it.
  if (sqlite3_wal_checkpoint_v2(d.db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr) !=
      SQLITE_OK) {
    return db_error("rotated, but the log was not checkpointed (the next kiosk start does it)");
  }
  return done;
}

}  // namespace madoguchi::submission
