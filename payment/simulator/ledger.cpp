#include "ledger.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <utility>

#include "madoguchi/storage/sqlite_statement.hpp"
#include "madoguchi/storage/sqlite_transaction.hpp"

namespace madoguchi::payment::simulator {

namespace {

using storage::Statement;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS transactions (
  sale_id TEXT NOT NULL,
  sale_transaction_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  poi_transaction_id TEXT NOT NULL UNIQUE,
  amount_yen INTEGER NOT NULL,
  method TEXT NOT NULL,
  state TEXT NOT NULL,
  error_condition TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (sale_id, sale_transaction_id)
);
CREATE TABLE IF NOT EXISTS services (
  sale_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  sale_transaction_id TEXT NOT NULL,
  PRIMARY KEY (sale_id, service_id)
);
CREATE TABLE IF NOT EXISTS reversals (
  sale_id TEXT NOT NULL,
  reversal_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  original_poi_transaction_id TEXT NOT NULL UNIQUE,
  poi_transaction_id TEXT NOT NULL UNIQUE,
  amount_yen INTEGER NOT NULL,
  method TEXT NOT NULL,
  reason TEXT NOT NULL,
  response TEXT NOT NULL,
  period INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (sale_id, reversal_id)
);
CREATE TABLE IF NOT EXISTS periods (
  id INTEGER PRIMARY KEY,
  opened_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  closed_at TEXT,
  sale_id TEXT NOT NULL DEFAULT ''
);
)sql";

constexpr const char* kColumns =
    "SELECT sale_id, sale_transaction_id, service_id, poi_transaction_id, amount_yen, method, "
    "state, error_condition, response, created_at, COALESCE(period, 0) FROM transactions ";

constexpr const char* kReversalColumns =
    "SELECT sale_id, reversal_id, service_id, original_poi_transaction_id, poi_transaction_id, "
    "amount_yen, method, reason, response, period, created_at FROM reversals ";

}  // namespace

std::expected<Ledger, std::string> Ledger::open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string error = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return std::unexpected("cannot open ledger " + path + ": " + error);
  }
  sqlite3_busy_timeout(db, 2000);
  // The simulated terminal must survive its own process ending (SIGKILL, reboot by exec), which
  // a commit handed to the operating system does; it need not survive a power cut of the test
  // machine, so it does not wait for the disk (the kiosk's journal does: see journal.cpp).
  sqlite3_exec(db, "PRAGMA synchronous=OFF", nullptr, nullptr, nullptr);
  char* error = nullptr;
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    sqlite3_close(db);
    return std::unexpected("cannot create ledger tables in " + path + ": " + message);
  }
  Ledger ledger(db);
  if (auto migrated = ledger.migrate(); !migrated) {
    return std::unexpected("cannot update ledger " + path + ": " + migrated.error());
  }
  return ledger;
}

// Ledgers written before reversals and periods existed get the period column (their approvals
// count in no period), and ledgers written before periods were kept per SaleID get the sale_id
// column (their one shared period belongs to nobody; every SaleID opens its own).
std::expected<void, std::string> Ledger::migrate() {
  if (number("SELECT COUNT(*) FROM pragma_table_info('periods') WHERE name = 'sale_id'", {}) == 0) {
    if (auto added = execute("ALTER TABLE periods ADD COLUMN sale_id TEXT NOT NULL DEFAULT ''", {});
        !added) {
      return added;
    }
  }
  if (number("SELECT COUNT(*) FROM pragma_table_info('transactions') WHERE name = 'period'", {}) ==
      0) {
    if (auto added = execute("ALTER TABLE transactions ADD COLUMN period INTEGER", {}); !added) {
      return added;
    }
    // The approvals count in their SaleID's first period.
    if (auto opened = execute(
            "INSERT INTO periods (id, sale_id) SELECT (SELECT COALESCE(MAX(id), 0) FROM periods) + "
            "ROW_NUMBER() OVER (ORDER BY sale_id), sale_id FROM (SELECT DISTINCT sale_id FROM "
            "transactions WHERE state = 'Approved')",
            {});
        !opened) {
      return opened;
    }
    return execute(
        "UPDATE transactions SET period = (SELECT MAX(id) FROM periods WHERE periods.sale_id = "
        "transactions.sale_id AND closed_at IS NULL) WHERE state = 'Approved'",
        {});
  }
  return {};
}

long long Ledger::number(const std::string& sql, const std::vector<std::string>& parameters) const {
  Statement statement(db_, sql, parameters);
  if (!statement.prepared() || statement.step() != SQLITE_ROW) return 0;
  return statement.column_int64(0);
}

Ledger::~Ledger() { sqlite3_close(db_); }

Ledger::Ledger(Ledger&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Ledger& Ledger::operator=(Ledger&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

std::expected<void, std::string> Ledger::execute(const std::string& sql,
                                                 const std::vector<std::string>& parameters) {
  Statement statement(db_, sql, parameters);
  if (!statement.prepared() || statement.step() != SQLITE_DONE) {
    return std::unexpected(std::string("ledger: ") + sqlite3_errmsg(db_));
  }
  return {};
}

std::expected<void, std::string> Ledger::begin(const LedgerEntry& entry) {
  if (auto inserted = execute(
          "INSERT INTO transactions (sale_id, sale_transaction_id, service_id, "
          "poi_transaction_id, amount_yen, method, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {entry.sale_id, entry.sale_transaction_id, entry.service_id, entry.poi_transaction_id,
           std::to_string(entry.amount_yen), entry.method, kInProgress});
      !inserted) {
    return inserted;
  }
  return add_service(entry.sale_id, entry.service_id, entry.sale_transaction_id);
}

std::expected<void, std::string> Ledger::finish(const std::string& sale_id,
                                                const std::string& sale_transaction_id,
                                                const std::string& state,
                                                const std::string& error_condition,
                                                const std::string& response) {
  const auto period = state == std::string(kApproved) ? std::to_string(open_period(sale_id)) : "0";
  return execute(
      "UPDATE transactions SET state = ?, error_condition = ?, response = ?, "
      "period = NULLIF(?, '0') WHERE sale_id = ? AND sale_transaction_id = ?",
      {state, error_condition, response, period, sale_id, sale_transaction_id});
}

std::expected<void, std::string> Ledger::add_service(const std::string& sale_id,
                                                     const std::string& service_id,
                                                     const std::string& sale_transaction_id) {
  return execute(
      "INSERT OR REPLACE INTO services (sale_id, service_id, sale_transaction_id) "
      "VALUES (?, ?, ?)",
      {sale_id, service_id, sale_transaction_id});
}

std::vector<LedgerEntry> Ledger::query(const std::string& where,
                                       const std::vector<std::string>& parameters) const {
  Statement statement(db_, kColumns + where, parameters);
  std::vector<LedgerEntry> entries;
  if (!statement.prepared()) return entries;
  while (statement.step() == SQLITE_ROW) {
    LedgerEntry entry;
    entry.sale_id = statement.column_text(0);
    entry.sale_transaction_id = statement.column_text(1);
    entry.service_id = statement.column_text(2);
    entry.poi_transaction_id = statement.column_text(3);
    entry.amount_yen = statement.column_int(4);
    entry.method = statement.column_text(5);
    entry.state = statement.column_text(6);
    entry.error_condition = statement.column_text(7);
    entry.response = statement.column_text(8);
    entry.created_at = statement.column_text(9);
    entry.period = statement.column_int64(10);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<LedgerEntry> Ledger::find(const std::string& sale_id,
                                        const std::string& sale_transaction_id) const {
  auto entries =
      query("WHERE sale_id = ? AND sale_transaction_id = ?", {sale_id, sale_transaction_id});
  if (entries.empty()) return std::nullopt;
  return std::move(entries.front());
}

std::optional<LedgerEntry> Ledger::find_by_service(const std::string& sale_id,
                                                   const std::string& service_id) const {
  auto entries = query(
      "WHERE sale_id = ? AND sale_transaction_id = (SELECT sale_transaction_id FROM services "
      "WHERE sale_id = ? AND service_id = ?)",
      {sale_id, sale_id, service_id});
  if (entries.empty()) return std::nullopt;
  return std::move(entries.front());
}

std::optional<LedgerEntry> Ledger::last(const std::string& sale_id) const {
  auto entries = query("WHERE sale_id = ? ORDER BY rowid DESC LIMIT 1", {sale_id});
  if (entries.empty()) return std::nullopt;
  return std::move(entries.front());
}

std::vector<LedgerEntry> Ledger::all() const { return query("ORDER BY rowid", {}); }

std::optional<LedgerEntry> Ledger::find_by_poi(const std::string& sale_id,
                                               const std::string& poi_transaction_id) const {
  auto entries =
      query("WHERE sale_id = ? AND poi_transaction_id = ?", {sale_id, poi_transaction_id});
  if (entries.empty()) return std::nullopt;
  return std::move(entries.front());
}

std::vector<ReversalEntry> Ledger::query_reversals(
    const std::string& where, const std::vector<std::string>& parameters) const {
  Statement statement(db_, kReversalColumns + where, parameters);
  std::vector<ReversalEntry> entries;
  if (!statement.prepared()) return entries;
  while (statement.step() == SQLITE_ROW) {
    ReversalEntry entry;
    entry.sale_id = statement.column_text(0);
    entry.reversal_id = statement.column_text(1);
    entry.service_id = statement.column_text(2);
    entry.original_poi_transaction_id = statement.column_text(3);
    entry.poi_transaction_id = statement.column_text(4);
    entry.amount_yen = statement.column_int(5);
    entry.method = statement.column_text(6);
    entry.reason = statement.column_text(7);
    entry.response = statement.column_text(8);
    entry.period = statement.column_int64(9);
    entry.created_at = statement.column_text(10);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::expected<void, std::string> Ledger::add_reversal(const ReversalEntry& reversal) {
  return execute(
      "INSERT INTO reversals (sale_id, reversal_id, service_id, original_poi_transaction_id, "
      "poi_transaction_id, amount_yen, method, reason, response, period) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {reversal.sale_id, reversal.reversal_id, reversal.service_id,
       reversal.original_poi_transaction_id, reversal.poi_transaction_id,
       std::to_string(reversal.amount_yen), reversal.method, reversal.reason, reversal.response,
       std::to_string(open_period(reversal.sale_id))});
}

std::optional<ReversalEntry> Ledger::find_reversal(const std::string& sale_id,
                                                   const std::string& reversal_id) const {
  auto entries = query_reversals("WHERE sale_id = ? AND reversal_id = ?", {sale_id, reversal_id});
  if (entries.empty()) return std::nullopt;
  return std::move(entries.front());
}

std::optional<ReversalEntry> Ledger::find_reversal_by_service(const std::string& sale_id,
                                                              const std::string& service_id) const {
  auto entries = query_reversals("WHERE sale_id = ? AND service_id = ?", {sale_id, service_id});
  if (entries.empty()) return std::nullopt;
  return std::move(entries.front());
}

std::optional<ReversalEntry> Ledger::reversal_of(
    const std::string& original_poi_transaction_id) const {
  auto entries =
      query_reversals("WHERE original_poi_transaction_id = ?", {original_poi_transaction_id});
  if (entries.empty()) return std::nullopt;
  return std::move(entries.front());
}

std::vector<ReversalEntry> Ledger::reversals() const {
  return query_reversals("ORDER BY rowid", {});
}

std::string Ledger::next_reversal_poi_transaction_id() const {
  char id[32];
  std::snprintf(id, sizeof id, "SIM-R-%08lld",
                number("SELECT COALESCE(MAX(rowid), 0) + 1 FROM reversals", {}));
  return id;
}

long long Ledger::open_period(const std::string& sale_id) {
  // The first time a SaleID is seen, its first period opens (ids are unique over all SaleIDs).
  execute(
      "INSERT INTO periods (id, sale_id) SELECT COALESCE(MAX(id), 0) + 1, ?1 FROM periods "
      "WHERE NOT EXISTS (SELECT 1 FROM periods WHERE sale_id = ?1 AND closed_at IS NULL)",
      {sale_id});
  return number("SELECT MAX(id) FROM periods WHERE sale_id = ? AND closed_at IS NULL", {sale_id});
}

std::expected<long long, std::string> Ledger::close_period(const std::string& sale_id) {
  const auto period = open_period(sale_id);
  storage::WriteTransaction transaction(db_);
  if (!transaction.began()) return std::unexpected(std::string("ledger: ") + sqlite3_errmsg(db_));
  auto closed =
      execute("UPDATE periods SET closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
              {std::to_string(period)});
  if (closed) {
    closed =
        execute("INSERT INTO periods (id, sale_id) SELECT MAX(id) + 1, ? FROM periods", {sale_id});
  }
  if (!closed || !transaction.commit()) {
    return std::unexpected(closed ? std::string("ledger: ") + sqlite3_errmsg(db_) : closed.error());
  }
  return period;
}

bool Ledger::period_closed(long long period) const {
  return number("SELECT COUNT(*) FROM periods WHERE id = ? AND closed_at IS NOT NULL",
                {std::to_string(period)}) > 0;
}

std::vector<TotalsRow> Ledger::totals(long long period, const std::string& sale_id) const {
  // One row per (SaleID, method) with payments, reversals or both.
  const std::string sql = R"sql(
    SELECT sale_id, method, SUM(payments), SUM(payment_yen), SUM(reversals), SUM(reversal_yen)
    FROM (
      SELECT sale_id, method, COUNT(*) AS payments, SUM(amount_yen) AS payment_yen,
             0 AS reversals, 0 AS reversal_yen
      FROM transactions WHERE state = 'Approved' AND period = ?1 GROUP BY sale_id, method
      UNION ALL
      SELECT sale_id, method, 0, 0, COUNT(*), SUM(amount_yen)
      FROM reversals WHERE period = ?1 GROUP BY sale_id, method)
    WHERE ?2 = '' OR sale_id = ?2
    GROUP BY sale_id, method ORDER BY sale_id, method)sql";
  Statement statement(db_, sql, {std::to_string(period), sale_id});
  std::vector<TotalsRow> rows;
  if (!statement.prepared()) return rows;
  while (statement.step() == SQLITE_ROW) {
    TotalsRow row;
    row.sale_id = statement.column_text(0);
    row.method = statement.column_text(1);
    row.payments = statement.column_int(2);
    row.payment_yen = statement.column_int64(3);
    row.reversals = statement.column_int(4);
    row.reversal_yen = statement.column_int64(5);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string Ledger::next_poi_transaction_id() const {
  Statement statement(db_, "SELECT COALESCE(MAX(rowid), 0) + 1 FROM transactions", {});
  long long next = 1;
  if (statement.prepared() && statement.step() == SQLITE_ROW) {
    next = statement.column_int64(0);
  }
  char id[32];
  std::snprintf(id, sizeof id, "SIM-%08lld", next);
  return id;
}

std::vector<LedgerEntry> Ledger::in_progress() const {
  return query("WHERE state = ? ORDER BY rowid", {kInProgress});
}

}  // namespace madoguchi::payment::simulator
