#include "madoguchi/submission/outbox_key_rotation.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
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

// Why the rotation stopped; the transaction is rolled back and nothing is changed.
struct Problem {
  Kind kind = Kind::Io;
  std::string what;
};

// The columns sealed under one key id column (form_json and pdf share sealed_key_id) are
// resealed together, row by row: the key id names the key of all of them.
using Group = std::vector<const SealedColumn*>;

// Whether `applications` has `column`: an outbox of an older version, not opened by a newer
// kiosk since, lacks the later ones (signature before version 4) and has nothing sealed there.
bool has_column(sqlite3* db, std::string_view column) {
  storage::Statement q(db, "SELECT 1 FROM pragma_table_info('applications') WHERE name = ?1");
  q.text(1, std::string(column));
  return q.step() == SQLITE_ROW;
}

std::vector<Group> sealed_groups(sqlite3* db) {
  std::vector<Group> groups;
  for (const SealedColumn& column : kSealedColumns) {
    if (!has_column(db, column.value)) continue;
    auto same = std::find_if(groups.begin(), groups.end(),
                             [&](const auto& g) { return g.front()->key_id == column.key_id; });
    if (same == groups.end()) {
      groups.push_back({&column});
    } else {
      same->push_back(&column);
    }
  }
  return groups;
}

// The SQL fragments that name a group's columns.
struct GroupSql {
  std::string key_id;
  std::string values;       // ", a, b"
  std::string any_value;    // "(a IS NOT NULL OR b IS NOT NULL)"
  std::string assignments;  // "a = ?1, b = ?2, "
  std::string names;        // "a, b"
};

GroupSql group_sql(const Group& group) {
  GroupSql sql{std::string(group.front()->key_id), {}, {}, {}, {}};
  for (std::size_t i = 0; i < group.size(); ++i) {
    const std::string value(group[i]->value);
    sql.values += ", " + value;
    sql.any_value += (i == 0 ? "(" : " OR ") + value + " IS NOT NULL";
    sql.assignments += value + " = ?" + std::to_string(i + 1) + ", ";
  }
  sql.any_value += ")";
  sql.names = sql.values.substr(2);
  return sql;
}

struct Keys {
  const OutboxKey& old_key;
  const OutboxKey& new_key;
};

// Reads every row of the group that holds a value and seals its values again under the new
// key; rows already under the new key are counted and left alone.
std::expected<std::vector<Resealed>, Problem> reseal_rows(sqlite3* db, const Group& group,
                                                          const GroupSql& sql, Keys keys,
                                                          KeyRotation& done) {
  const auto cannot_read = [&] {
    return std::unexpected(
        Problem{Kind::Io, "cannot read " + sql.names + ": " + sqlite3_errmsg(db)});
  };
  std::vector<Resealed> resealed;
  storage::Statement rows(db, "SELECT application_id, " + sql.key_id + sql.values +
                                  " FROM applications WHERE " + sql.any_value);
  if (!rows.prepared()) return cannot_read();
  int rc = SQLITE_OK;
  while ((rc = rows.step()) == SQLITE_ROW) {
    const std::string application_id = rows.column_blob(0);
    const std::string sealed_with = rows.column_blob(1);
    if (sealed_with == keys.new_key.id()) {
      for (std::size_t i = 0; i < group.size(); ++i) {
        if (!rows.is_null(static_cast<int>(i) + 2)) {
          ++done.already_new;
        }
      }
      continue;
    }
    if (sealed_with != keys.old_key.id()) {
      return std::unexpected(Problem{
          Kind::Key, "application " + application_id + " is sealed with key " + sealed_with + " (" +
                         sql.names + "), neither the old key " + keys.old_key.id() +
                         " nor the new key " + keys.new_key.id() + "; nothing was changed"});
    }
    Resealed row{application_id, {}};
    for (std::size_t i = 0; i < group.size(); ++i) {
      const int at = static_cast<int>(i) + 2;
      if (rows.is_null(at)) {
        row.values.emplace_back(std::nullopt);
        continue;
      }
      auto again = keys.old_key.reseal(rows.column_blob(at), group[i]->purpose, application_id,
                                       keys.new_key);
      if (!again) {
        return std::unexpected(Problem{
            again.error().kind, std::string(group[i]->value) + " of application " + application_id +
                                    ": " + again.error().message + "; nothing was changed"});
      }
      row.values.emplace_back(std::move(*again));
    }
    resealed.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return cannot_read();
  return resealed;
}

// Writes the resealed values and the new key id, then checks that no value of the group is
// left under another key.
std::optional<Problem> write_rows(sqlite3* db, const Group& group, const GroupSql& sql,
                                  const OutboxKey& new_key, const std::vector<Resealed>& resealed,
                                  KeyRotation& done) {
  const int key_at = static_cast<int>(group.size()) + 1;
  storage::Statement update(db, "UPDATE applications SET " + sql.assignments + sql.key_id + " = ?" +
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
      return Problem{Kind::Io, "cannot write " + sql.names + ": " + sqlite3_errmsg(db)};
    }
  }
  storage::Statement left(db, "SELECT count(*) FROM applications WHERE " + sql.any_value + " AND " +
                                  sql.key_id + " IS NOT ?1");
  left.text(1, new_key.id());
  if (!left.prepared() || left.step() != SQLITE_ROW || left.column_int64(0) != 0) {
    return Problem{Kind::Io,
                   sql.names + ": values not under the new key are left; nothing was changed"};
  }
  return std::nullopt;
}

// Every group resealed, inside the caller's transaction.
std::optional<Problem> reseal_all(sqlite3* db, Keys keys, KeyRotation& done) {
  for (const Group& group : sealed_groups(db)) {
    const GroupSql sql = group_sql(group);
    auto resealed = reseal_rows(db, group, sql, keys, done);
    if (!resealed) return resealed.error();
    if (auto problem = write_rows(db, group, sql, keys.new_key, *resealed, done)) return problem;
  }
  return std::nullopt;
}

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
  if (auto problem = reseal_all(d.db, Keys{old_key, new_key}, done)) {
    d.exec("ROLLBACK");
    return fail(problem->kind, problem->what);
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
