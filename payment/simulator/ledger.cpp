#include "ledger.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <utility>

namespace madoguchi::payment::simulator {

namespace {

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
)sql";

constexpr const char* kColumns =
    "SELECT sale_id, sale_transaction_id, service_id, poi_transaction_id, amount_yen, method, "
    "state, error_condition, response, created_at FROM transactions ";

std::string column_text(sqlite3_stmt* statement, int column) {
  const auto* text = sqlite3_column_text(statement, column);
  return text != nullptr ? reinterpret_cast<const char*>(text) : "";
}

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql, const std::vector<std::string>& parameters) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK) return;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      sqlite3_bind_text(statement_, static_cast<int>(i + 1), parameters[i].c_str(), -1,
                        SQLITE_TRANSIENT);
    }
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

std::expected<Ledger, std::string> Ledger::open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string error = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return std::unexpected("cannot open ledger " + path + ": " + error);
  }
  sqlite3_busy_timeout(db, 2000);
  char* error = nullptr;
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    sqlite3_close(db);
    return std::unexpected("cannot create ledger tables in " + path + ": " + message);
  }
  return Ledger(db);
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
  if (statement.get() == nullptr || sqlite3_step(statement.get()) != SQLITE_DONE) {
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
  return execute(
      "UPDATE transactions SET state = ?, error_condition = ?, response = ? "
      "WHERE sale_id = ? AND sale_transaction_id = ?",
      {state, error_condition, response, sale_id, sale_transaction_id});
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
  if (statement.get() == nullptr) return entries;
  while (sqlite3_step(statement.get()) == SQLITE_ROW) {
    LedgerEntry entry;
    entry.sale_id = column_text(statement.get(), 0);
    entry.sale_transaction_id = column_text(statement.get(), 1);
    entry.service_id = column_text(statement.get(), 2);
    entry.poi_transaction_id = column_text(statement.get(), 3);
    entry.amount_yen = sqlite3_column_int(statement.get(), 4);
    entry.method = column_text(statement.get(), 5);
    entry.state = column_text(statement.get(), 6);
    entry.error_condition = column_text(statement.get(), 7);
    entry.response = column_text(statement.get(), 8);
    entry.created_at = column_text(statement.get(), 9);
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

std::string Ledger::next_poi_transaction_id() const {
  Statement statement(db_, "SELECT COALESCE(MAX(rowid), 0) + 1 FROM transactions", {});
  long long next = 1;
  if (statement.get() != nullptr && sqlite3_step(statement.get()) == SQLITE_ROW) {
    next = sqlite3_column_int64(statement.get(), 0);
  }
  char id[32];
  std::snprintf(id, sizeof id, "SIM-%08lld", next);
  return id;
}

std::vector<LedgerEntry> Ledger::in_progress() const {
  return query("WHERE state = ? ORDER BY rowid", {kInProgress});
}

}  // namespace madoguchi::payment::simulator
