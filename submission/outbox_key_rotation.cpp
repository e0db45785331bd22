#include "madoguchi/submission/outbox_key_rotation.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "madoguchi/storage/sqlite_statement.hpp"
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
      storage::Statement rows(d.db, "SELECT application_id, " + key_id + values +
                                        " FROM applications WHERE " + any_value);
      if (!rows.prepared()) {
        problem = "cannot read " + names + ": " + sqlite3_errmsg(d.db);
        break;
      }
      int rc = SQLITE_OK;
      while (problem.empty() && (rc = rows.step()) == SQLITE_ROW) {
        const std::string application_id = rows.column_blob(0);
        const std::string sealed_with = rows.column_blob(1);
        if (sealed_with == new_key.id()) {
          for (std::size_t i = 0; i < group.size(); ++i) {
            if (!rows.is_null(static_cast<int>(i) + 2)) {
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
          if (rows.is_null(at)) {
            row.values.emplace_back(std::nullopt);
            continue;
          }
          auto again =
              old_key.reseal(rows.column_blob(at), group[i]->purpose, application_id, new_key);
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
    storage::Statement update(d.db, "UPDATE applications SET " + assignments + key_id + " = ?" +
                                        std::to_string(key_at) + " WHERE application_id = ?" +
                                        std::to_string(key_at + 1));
    for (const Resealed& r : resealed) {
      update.reset();
      for (std::size_t i = 0; i < r.values.size(); ++i) {
        const int at = static_cast<int>(i) + 1;
        if (r.values[i]) {
          update.blob(at, *r.values[i]);
          ++done.resealed;
        } else {
          update.null(at);
        }
      }
      update.text(key_at, new_key.id());
      update.text(key_at + 1, r.application_id);
      if (!update.prepared() || update.step() != SQLITE_DONE) {
        problem = "cannot write " + names + ": " + sqlite3_errmsg(d.db);
        break;
      }
    }
    if (!problem.empty()) break;
    storage::Statement left(d.db, "SELECT count(*) FROM applications WHERE " + any_value + " AND " +
                                      key_id + " IS NOT ?1");
    left.text(1, new_key.id());
    if (!left.prepared() || left.step() != SQLITE_ROW || left.column_int64(0) != 0) {
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
