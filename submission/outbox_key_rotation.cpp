#include "madoguchi/submission/outbox_key_rotation.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <optional>
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

// One row's values of a group, sealed again (nullopt: NULL, nothing sealed there).
struct Resealed {
  std::string application_id;
  std::vector<std::optional<std::string>> values;
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
  // The columns sealed under one key id column (form_json and pdf share sealed_key_id) are
  // resealed together, row by row: the key id names the key of all of them.
  std::vector<std::vector<const SealedColumn*>> groups;
  for (const SealedColumn& column : kSealedColumns) {
    auto same = std::find_if(groups.begin(), groups.end(),
                             [&](const auto& g) { return g.front()->key_id == column.key_id; });
    if (same == groups.end()) {
      groups.push_back({&column});
    } else {
      same->push_back(&column);
    }
  }
  for (const auto& group : groups) {
    const std::string key_id(group.front()->key_id);
    std::string values;
    std::string any_value;
    std::string assignments;
    for (std::size_t i = 0; i < group.size(); ++i) {
      const std::string value(group[i]->value);
      values += ", " + value;
      any_value += (i == 0 ? "(" : " OR ") + value + " IS NOT NULL";
      assignments += value + " = ?" + std::to_string(i + 1) + ", ";
    }
    any_value += ")";
    const std::string names = values.substr(2);
    std::vector<Resealed> resealed;
    {
      Query rows(d.db, "SELECT application_id, " + key_id + values + " FROM applications WHERE " +
                           any_value);
      if (rows.stmt == nullptr) {
        problem = "cannot read " + names + ": " + sqlite3_errmsg(d.db);
        break;
      }
      int rc = SQLITE_OK;
      while (problem.empty() && (rc = sqlite3_step(rows.stmt)) == SQLITE_ROW) {
        const std::string application_id = rows.column(0);
        const std::string sealed_with = rows.column(1);
        if (sealed_with == new_key.id()) {
          for (std::size_t i = 0; i < group.size(); ++i) {
            if (sqlite3_column_type(rows.stmt, static_cast<int>(i) + 2) != SQLITE_NULL) {
              ++done.already_new;
            }
          }
          continue;
        }
        if (sealed_with != old_key.id()) {
          problem_kind = Kind::Key;
          problem = "application " + application_id + " is sealed with key " + sealed_with + " (" +
                    names + "), neither the old key " + old_key.id() + " nor the new key " +
                    new_key.id() + "; nothing was changed";
          break;
        }
        Resealed row{application_id, {}};
        for (std::size_t i = 0; i < group.size(); ++i) {
          const int at = static_cast<int>(i) + 2;
          if (sqlite3_column_type(rows.stmt, at) == SQLITE_NULL) {
            row.values.emplace_back(std::nullopt);
            continue;
          }
          auto again = old_key.reseal(rows.column(at), group[i]->purpose, application_id, new_key);
          if (!again) {
            problem_kind = again.error().kind;
            problem = std::string(group[i]->value) + " of application " + application_id + ": " +
                      again.error().message + "; nothing was changed";
            break;
          }
          row.values.emplace_back(std::move(*again));
        }
        if (problem.empty()) resealed.push_back(std::move(row));
      }
      if (problem.empty() && rc != SQLITE_DONE) {
        problem = "cannot read " + names + ": " + sqlite3_errmsg(d.db);
      }
    }
    if (!problem.empty()) break;
    const int key_at = static_cast<int>(group.size()) + 1;
    Query update(d.db, "UPDATE applications SET " + assignments + key_id + " = ?" +
                           std::to_string(key_at) + " WHERE application_id = ?" +
                           std::to_string(key_at + 1));
    for (const Resealed& r : resealed) {
      sqlite3_reset(update.stmt);
      for (std::size_t i = 0; i < r.values.size(); ++i) {
        const int at = static_cast<int>(i) + 1;
        if (r.values[i]) {
          sqlite3_bind_blob(update.stmt, at, r.values[i]->data(),
                            static_cast<int>(r.values[i]->size()), SQLITE_TRANSIENT);
          ++done.resealed;
        } else {
          sqlite3_bind_null(update.stmt, at);
        }
      }
      sqlite3_bind_text(update.stmt, key_at, new_key.id().data(),
                        static_cast<int>(new_key.id().size()), SQLITE_TRANSIENT);
      sqlite3_bind_text(update.stmt, key_at + 1, r.application_id.data(),
                        static_cast<int>(r.application_id.size()), SQLITE_TRANSIENT);
      if (update.stmt == nullptr || sqlite3_step(update.stmt) != SQLITE_DONE) {
        problem = "cannot write " + names + ": " + sqlite3_errmsg(d.db);
        break;
      }
    }
    if (!problem.empty()) break;
    Query left(d.db, "SELECT count(*) FROM applications WHERE " + any_value + " AND " + key_id +
                         " IS NOT ?1");
    sqlite3_bind_text(left.stmt, 1, new_key.id().data(), static_cast<int>(new_key.id().size()),
                      SQLITE_TRANSIENT);
    if (left.stmt == nullptr || sqlite3_step(left.stmt) != SQLITE_ROW ||
        sqlite3_column_int64(left.stmt, 0) != 0) {
      problem = names + ": values not under the new key are left; nothing was changed";
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
