// The outbox's tables: created in a new outbox, and an outbox written by an older kiosk brought
// up to date, so that every kiosk version can open what an earlier one left behind.
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>

namespace madoguchi::submission {

struct SchemaProblem {
  bool newer_version = false;  // the outbox was written by a newer kiosk: it is left untouched
  std::string what;            // what failed (the caller adds SQLite's message), or the versions
};

// Creates the tables, or upgrades them, inside the caller's write transaction.
std::optional<SchemaProblem> create_outbox_schema(sqlite3* db);

}  // namespace madoguchi::submission
