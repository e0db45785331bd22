#include "madoguchi/payment/journal.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <random>
#include <utility>

#include <nlohmann/json.hpp>

#include "enum_names.hpp"
#include "madoguchi/storage/sqlite_statement.hpp"
#include "madoguchi/storage/sqlite_transaction.hpp"

namespace madoguchi::payment {

namespace {

using Json = nlohmann::json;
using storage::Statement;

constexpr EnumNames<JournalState, 13> kStateNames{{
    {JournalState::Intent, "Intent"},
    {JournalState::Sent, "Sent"},
    {JournalState::InDoubt, "InDoubt"},
    {JournalState::Approved, "Approved"},
    {JournalState::Declined, "Declined"},
    {JournalState::Cancelled, "Cancelled"},
    {JournalState::NotCharged, "NotCharged"},
    {JournalState::DocumentDone, "DocumentDone"},
    {JournalState::HandedToCounter, "HandedToCounter"},
    {JournalState::ReversalSent, "ReversalSent"},
    {JournalState::Reversed, "Reversed"},
    {JournalState::CashAtCounter, "CashAtCounter"},
    {JournalState::CashReceived, "CashReceived"},
}};

// The whole journal is one table of attempts, one of events (every transition, for the
// clerk's log and for the crash tests), one of reconciliations.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS payments (
  sale_transaction_id TEXT PRIMARY KEY,
  reference TEXT NOT NULL,
  description TEXT NOT NULL,
  amount_yen INTEGER NOT NULL CHECK (amount_yen > 0),
  method TEXT NOT NULL,
  cash INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  handle TEXT NOT NULL DEFAULT '',
  poi_transaction_id TEXT NOT NULL DEFAULT '',
  poi_timestamp TEXT NOT NULL DEFAULT '',
  approval_code TEXT NOT NULL DEFAULT '',
  method_used TEXT NOT NULL DEFAULT 'Any',
  authorized_yen INTEGER NOT NULL DEFAULT 0,
  error_condition TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  reversal_id TEXT NOT NULL DEFAULT '',
  reversal_reason TEXT NOT NULL DEFAULT '',
  reversal_poi_transaction_id TEXT NOT NULL DEFAULT '',
  reversed_yen INTEGER NOT NULL DEFAULT 0,
  before_reversal TEXT NOT NULL DEFAULT '',
  payment_period TEXT NOT NULL DEFAULT '',
  reversal_period TEXT NOT NULL DEFAULT '',
  day TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS payments_state ON payments (state);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  sale_transaction_id TEXT NOT NULL,
  state TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS events_attempt ON events (sale_transaction_id);
CREATE TABLE IF NOT EXISTS reconciliations (
  period_id TEXT PRIMARY KEY,
  closed INTEGER NOT NULL DEFAULT 0,
  terminal_totals TEXT NOT NULL DEFAULT '[]',
  journal_totals TEXT NOT NULL DEFAULT '[]',
  matched INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  closed_at TEXT NOT NULL DEFAULT ''
);
PRAGMA user_version = 1;
)sql";

constexpr const char* kColumns =
    "SELECT sale_transaction_id, reference, description, amount_yen, method, cash, state, handle, "
    "poi_transaction_id, poi_timestamp, approval_code, method_used, authorized_yen, "
    "error_condition, note, reversal_id, reversal_poi_transaction_id, reversed_yen, "
    "payment_period, reversal_period, day, created_at, updated_at, reversal_reason FROM payments ";

// States in which the terminal holds the money of a payment (its approval counts in the totals).
constexpr const char* kChargedStates =
    "('Approved', 'DocumentDone', 'HandedToCounter', 'ReversalSent', 'Reversed')";

JournalError error_of(sqlite3* db, std::string_view what) {
  return JournalError{"journal: " + std::string(what) + ": " + sqlite3_errmsg(db)};
}

JournalResult<void> execute(sqlite3* db, const std::string& sql,
                            const std::vector<std::string>& parameters) {
  Statement statement(db, sql, parameters);
  if (!statement.prepared() || statement.step() != SQLITE_DONE) {
    return std::unexpected(error_of(db, "write"));
  }
  return {};
}

JournalResult<void> exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    JournalError error{std::string("journal: ") + (message != nullptr ? message : "error")};
    sqlite3_free(message);
    return std::unexpected(error);
  }
  return {};
}

// COMMIT of a write transaction (storage::WriteTransaction rolls back unless this succeeded).
JournalResult<void> commit(storage::WriteTransaction& transaction, sqlite3* db) {
  if (!transaction.commit()) return std::unexpected(error_of(db, "commit"));
  return {};
}

std::vector<JournalEntry> query(sqlite3* db, const std::string& where,
                                const std::vector<std::string>& parameters) {
  Statement statement(db, kColumns + where, parameters);
  std::vector<JournalEntry> entries;
  if (!statement.prepared()) return entries;
  while (statement.step() == SQLITE_ROW) {
    const storage::Statement& s = statement;
    JournalEntry entry;
    entry.sale_transaction_id = s.column_text(0);
    entry.reference = s.column_text(1);
    entry.description = s.column_text(2);
    entry.amount_yen = s.column_int(3);
    entry.method = method_from_string(s.column_text(4));
    entry.cash_at_counter = s.column_int(5) != 0;
    entry.state = journal_state_from_string(s.column_text(6)).value_or(JournalState::InDoubt);
    entry.handle = s.column_text(7);
    entry.poi_transaction_id = s.column_text(8);
    entry.poi_timestamp = s.column_text(9);
    entry.approval_code = s.column_text(10);
    entry.method_used = method_from_string(s.column_text(11));
    entry.authorized_yen = s.column_int(12);
    entry.error_condition = s.column_text(13);
    entry.note = s.column_text(14);
    entry.reversal_id = s.column_text(15);
    entry.reversal_poi_transaction_id = s.column_text(16);
    entry.reversed_yen = s.column_int(17);
    entry.payment_period = s.column_text(18);
    entry.reversal_period = s.column_text(19);
    entry.day = s.column_text(20);
    entry.created_at = s.column_text(21);
    entry.updated_at = s.column_text(22);
    entry.reversal_reason = reversal_reason_from_string(s.column_text(23));
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<JournalEntry> find_in(sqlite3* db, const std::string& id) {
  auto entries = query(db, "WHERE sale_transaction_id = ?", {id});
  if (entries.empty()) return std::nullopt;
  return std::move(entries.front());
}

std::string in_list(std::initializer_list<JournalState> states) {
  std::string list = "(";
  for (const auto state : states) {
    if (list.size() > 1) list += ", ";
    list += "'" + std::string(to_string(state)) + "'";
  }
  return list + ")";
}

Json totals_json(const std::vector<MethodTotals>& totals) {
  Json json = Json::array();
  for (const auto& line : totals) {
    json.push_back({{"method", to_string(line.method)},
                    {"payments", line.payments},
                    {"payment_yen", line.payment_yen},
                    {"reversals", line.reversals},
                    {"reversal_yen", line.reversal_yen}});
  }
  return json;
}

std::vector<MethodTotals> totals_from_json(const std::string& text) {
  std::vector<MethodTotals> totals;
  const auto json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_array()) return totals;
  for (const auto& line : json) {
    if (!line.is_object()) continue;
    MethodTotals method;
    method.method = method_from_string(line.value("method", std::string()));
    method.payments = line.value("payments", 0);
    method.payment_yen = line.value("payment_yen", 0LL);
    method.reversals = line.value("reversals", 0);
    method.reversal_yen = line.value("reversal_yen", 0LL);
    totals.push_back(method);
  }
  return totals;
}

// "YYYY-MM-DD" and "YYYYMMDD-HHMMSS" in local time (the town hall's day).
std::pair<std::string, std::string> local_day_and_stamp() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  ::localtime_r(&now, &local);
  char day[32];
  char stamp[32];
  std::snprintf(day, sizeof day, "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1,
                local.tm_mday);
  std::snprintf(stamp, sizeof stamp, "%04d%02d%02d-%02d%02d%02d", local.tm_year + 1900,
                local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec);
  return {day, stamp};
}

std::string random_suffix() {
  static constexpr char kSuffixCharacters[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof kSuffixCharacters - 2);
  std::string suffix(6, '0');
  for (auto& c : suffix) c = kSuffixCharacters[pick(random)];
  return suffix;
}

}  // namespace

std::string_view to_string(JournalState state) {
  return name_of(kStateNames, state).value_or("InDoubt");
}

std::optional<JournalState> journal_state_from_string(std::string_view name) {
  return value_of(kStateNames, name);
}

std::string_view clerk_label(JournalState state) {
  switch (state) {
    case JournalState::Intent:
      return "支払い前（端末に未送信）";
    case JournalState::Sent:
      return "端末に送信（結果待ち）";
    case JournalState::InDoubt:
      return "結果を確認中";
    case JournalState::Approved:
      return "支払い済み（書類未交付）";
    case JournalState::Declined:
      return "カード等が使えず（請求なし）";
    case JournalState::Cancelled:
      return "取りやめ（請求なし）";
    case JournalState::NotCharged:
      return "請求なし";
    case JournalState::DocumentDone:
      return "支払い済み・書類交付済み";
    case JournalState::HandedToCounter:
      return "支払い済み・窓口で書類交付";
    case JournalState::ReversalSent:
      return "取り消しを送信（結果待ち）";
    case JournalState::Reversed:
      return "取消済み（返金）";
    case JournalState::CashAtCounter:
      return "窓口で現金払い（未精算）";
    case JournalState::CashReceived:
      return "窓口で現金払い（精算済み）";
  }
  return "結果を確認中";
}

bool unsettled(JournalState state) {
  return state == JournalState::Intent || state == JournalState::Sent ||
         state == JournalState::InDoubt || state == JournalState::ReversalSent;
}

bool charged(JournalState state) {
  return state == JournalState::Approved || state == JournalState::DocumentDone ||
         state == JournalState::HandedToCounter || state == JournalState::ReversalSent;
}

std::string plain_japanese(const JournalError&) {
  return "お支払いの記録ができません。係員をお呼びください";
}

PaymentJournal::PaymentJournal(sqlite3* db, std::filesystem::path path, std::string id_prefix)
    : db_(db),
      path_(std::move(path)),
      id_prefix_(std::move(id_prefix)),
      mutex_(std::make_unique<std::mutex>()) {}

PaymentJournal::~PaymentJournal() { sqlite3_close(db_); }

PaymentJournal::PaymentJournal(PaymentJournal&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      id_prefix_(std::move(other.id_prefix_)),
      mutex_(std::move(other.mutex_)) {}

PaymentJournal& PaymentJournal::operator=(PaymentJournal&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    id_prefix_ = std::move(other.id_prefix_);
    mutex_ = std::move(other.mutex_);
  }
  return *this;
}

JournalResult<PaymentJournal> PaymentJournal::open(const std::filesystem::path& path,
                                                   std::string id_prefix) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    JournalError error{"cannot open the payment journal " + path.string() + ": " +
                       (db != nullptr ? sqlite3_errmsg(db) : "out of memory")};
    sqlite3_close(db);
    return std::unexpected(error);
  }
  sqlite3_busy_timeout(db, 5000);
  // WAL: one fsync of the log per commit, readers (the clerk's screen, the crash tests) never
  // block the writer. synchronous=FULL: in WAL mode only FULL makes a commit survive a power
  // cut (NORMAL may lose the last commits), and losing "Sent" is what would make a charge
  // invisible.
  std::string mode;
  {
    Statement statement(db, "PRAGMA journal_mode=WAL", {});
    if (statement.prepared() && statement.step() == SQLITE_ROW) {
      mode = statement.column_text(0);
    }
  }
  auto prepared = mode == "wal" ? exec(db, "PRAGMA synchronous=FULL")
                                : JournalResult<void>(std::unexpected(JournalError{
                                      "journal: cannot use WAL mode (got '" + mode + "')"}));
  if (prepared) prepared = exec(db, kSchema);
  if (!prepared) {
    sqlite3_close(db);
    return std::unexpected(JournalError{"cannot prepare the payment journal " + path.string() +
                                        ": " + prepared.error().message});
  }
  return PaymentJournal(db, path, std::move(id_prefix));
}

JournalResult<JournalEntry> PaymentJournal::insert(const NewPayment& payment, bool cash) {
  if (payment.amount_yen <= 0) return std::unexpected(JournalError{"journal: amount must be > 0"});
  std::lock_guard lock(*mutex_);
  const auto [day, stamp] = local_day_and_stamp();
  const auto state = cash ? JournalState::CashAtCounter : JournalState::Intent;
  for (int attempt = 0; attempt < 5; ++attempt) {
    const auto id = id_prefix_ + "-" + stamp + "-" + random_suffix();
    storage::WriteTransaction transaction(db_);
    if (!transaction.began()) return std::unexpected(error_of(db_, "begin"));
    Statement statement(
        db_,
        "INSERT OR IGNORE INTO payments (sale_transaction_id, reference, description, amount_yen, "
        "method, cash, state, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {id, payment.reference, payment.description, std::to_string(payment.amount_yen),
         std::string(to_string(payment.method)), cash ? "1" : "0", std::string(to_string(state)),
         day});
    if (!statement.prepared() || statement.step() != SQLITE_DONE) {
      return std::unexpected(error_of(db_, "insert"));
    }
    if (sqlite3_changes(db_) == 0) continue;  // the id was taken: draw another
    if (auto event = execute(db_,
                             "INSERT INTO events (sale_transaction_id, state, detail) "
                             "VALUES (?, ?, ?)",
                             {id, std::string(to_string(state)),
                              std::to_string(payment.amount_yen) + " yen, " +
                                  std::string(to_string(payment.method))});
        !event) {
      return std::unexpected(event.error());
    }
    if (auto committed = commit(transaction, db_); !committed) {
      return std::unexpected(committed.error());
    }
    if (auto entry = find_in(db_, id)) return *entry;
    return std::unexpected(JournalError{"journal: entry vanished after insert"});
  }
  return std::unexpected(JournalError{"journal: no free SaleTransactionID"});
}

JournalResult<JournalEntry> PaymentJournal::begin_payment(const NewPayment& payment) {
  return insert(payment, false);
}

JournalResult<JournalEntry> PaymentJournal::begin_cash_at_counter(const NewPayment& payment) {
  return insert(payment, true);
}

JournalResult<JournalEntry> PaymentJournal::transition(
    const std::string& id, std::initializer_list<JournalState> from, JournalState to,
    const std::string& detail, const std::vector<std::pair<std::string, std::string>>& fields) {
  std::lock_guard lock(*mutex_);
  storage::WriteTransaction transaction(db_);
  if (!transaction.began()) return std::unexpected(error_of(db_, "begin"));
  const auto current = find_in(db_, id);
  if (!current) return std::unexpected(JournalError{"journal: no attempt " + id});
  if (std::find(from.begin(), from.end(), current->state) == from.end()) {
    return std::unexpected(JournalError{"journal: " + id + " is " +
                                        std::string(to_string(current->state)) +
                                        ", cannot become " + std::string(to_string(to))});
  }
  std::string sql =
      "UPDATE payments SET state = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', "
      "'now')";
  std::vector<std::string> parameters{std::string(to_string(to))};
  for (const auto& [column, value] : fields) {
    sql += ", " + column + " = ?";
    parameters.push_back(value);
  }
  sql += " WHERE sale_transaction_id = ?";
  parameters.push_back(id);
  if (auto updated = execute(db_, sql, parameters); !updated) {
    return std::unexpected(updated.error());
  }
  if (auto event = execute(db_,
                           "INSERT INTO events (sale_transaction_id, state, detail) "
                           "VALUES (?, ?, ?)",
                           {id, std::string(to_string(to)), detail});
      !event) {
    return std::unexpected(event.error());
  }
  if (auto committed = commit(transaction, db_); !committed)
    return std::unexpected(committed.error());
  if (auto entry = find_in(db_, id)) return *entry;
  return std::unexpected(JournalError{"journal: entry vanished after update"});
}

JournalResult<JournalEntry> PaymentJournal::record_sent(const std::string& id,
                                                        const std::string& handle) {
  return transition(id, {JournalState::Intent, JournalState::Sent}, JournalState::Sent,
                    "handle " + handle, {{"handle", handle}});
}

JournalResult<JournalEntry> PaymentJournal::record_answer(const std::string& id,
                                                          const PaymentResult& result) {
  const std::initializer_list<JournalState> open{JournalState::Intent, JournalState::Sent,
                                                 JournalState::InDoubt};
  const std::string detail = std::string(payment::to_string(result.outcome)) +
                             (result.error_condition.empty() ? "" : " " + result.error_condition) +
                             (result.message.empty() ? "" : ": " + result.message);
  std::vector<std::pair<std::string, std::string>> fields{
      {"error_condition", result.error_condition}, {"note", result.message}};
  JournalState to = JournalState::NotCharged;
  switch (result.outcome) {
    case PaymentOutcome::Approved:
      to = JournalState::Approved;
      fields.emplace_back("poi_transaction_id", result.poi_transaction_id);
      fields.emplace_back("poi_timestamp", result.poi_timestamp);
      fields.emplace_back("approval_code", result.approval_code);
      fields.emplace_back("method_used", std::string(payment::to_string(result.method)));
      fields.emplace_back("authorized_yen", std::to_string(result.amount_yen));
      break;
    case PaymentOutcome::Declined:
      to = JournalState::Declined;
      break;
    case PaymentOutcome::Cancelled:
      to = JournalState::Cancelled;
      break;
    case PaymentOutcome::Timeout:
    case PaymentOutcome::Unknown:
      to = JournalState::InDoubt;
      break;
    case PaymentOutcome::TerminalUnavailable:
    case PaymentOutcome::Error:
      to = JournalState::NotCharged;
      break;
  }
  return transition(id, open, to, detail, fields);
}

JournalResult<JournalEntry> PaymentJournal::record_not_sent(const std::string& id,
                                                            const std::string& why) {
  return transition(id, {JournalState::Intent}, JournalState::NotCharged, "not sent: " + why,
                    {{"note", why}});
}

JournalResult<JournalEntry> PaymentJournal::record_document_done(const std::string& id) {
  return transition(id, {JournalState::Approved, JournalState::HandedToCounter},
                    JournalState::DocumentDone, "document delivered", {});
}

JournalResult<JournalEntry> PaymentJournal::record_handed_to_counter(const std::string& id) {
  return transition(id, {JournalState::Approved}, JournalState::HandedToCounter,
                    "counter slip given", {});
}

JournalResult<JournalEntry> PaymentJournal::record_reversal_sent(const std::string& id,
                                                                 const std::string& reversal_id,
                                                                 ReversalReason reason) {
  std::string before;
  {
    std::lock_guard lock(*mutex_);
    const auto current = find_in(db_, id);
    if (!current) return std::unexpected(JournalError{"journal: no attempt " + id});
    if (current->state == JournalState::ReversalSent) {
      // Sending the same reversal again (it was in doubt): keep what it was before.
      if (current->reversal_id != reversal_id) {
        return std::unexpected(
            JournalError{"journal: " + id + " is being reversed as " + current->reversal_id});
      }
      return *current;
    }
    before = std::string(to_string(current->state));
  }
  return transition(id, {JournalState::Approved, JournalState::HandedToCounter},
                    JournalState::ReversalSent,
                    "reversal " + reversal_id + " " + std::string(payment::to_string(reason)),
                    {{"reversal_id", reversal_id},
                     {"reversal_reason", std::string(payment::to_string(reason))},
                     {"before_reversal", before}});
}

JournalResult<JournalEntry> PaymentJournal::record_reversal_answer(const std::string& id,
                                                                   const ReversalResult& result) {
  const std::string detail = std::string(payment::to_string(result.outcome)) +
                             (result.reason.empty() ? "" : " " + result.reason) +
                             (result.message.empty() ? "" : ": " + result.message);
  switch (result.outcome) {
    case ReversalOutcome::Reversed:
    case ReversalOutcome::AlreadyReversed:
      return transition(id, {JournalState::ReversalSent}, JournalState::Reversed, detail,
                        {{"reversal_poi_transaction_id", result.reversal_poi_transaction_id},
                         {"reversed_yen", std::to_string(result.amount_yen)},
                         {"note", result.message}});
    case ReversalOutcome::Unknown:
      return transition(id, {JournalState::ReversalSent}, JournalState::ReversalSent, detail,
                        {{"note", result.message}});
    case ReversalOutcome::NotFound:
    case ReversalOutcome::NotAllowed:
    case ReversalOutcome::TerminalUnavailable:
    case ReversalOutcome::Error:
      break;
  }
  JournalState back = JournalState::Approved;
  {
    std::lock_guard lock(*mutex_);
    Statement statement(db_, "SELECT before_reversal FROM payments WHERE sale_transaction_id = ?",
                        {id});
    if (statement.prepared() && statement.step() == SQLITE_ROW) {
      back = journal_state_from_string(statement.column_text(0)).value_or(JournalState::Approved);
    }
  }
  // Not reversed: the payment stands, and still needs its document (or a counter slip).
  return transition(id, {JournalState::ReversalSent}, back, "reversal refused: " + detail,
                    {{"note", result.message}, {"reversal_id", ""}});
}

JournalResult<JournalEntry> PaymentJournal::record_cash_received(const std::string& id) {
  return transition(id, {JournalState::CashAtCounter}, JournalState::CashReceived,
                    "cash received at the counter", {});
}

std::optional<JournalEntry> PaymentJournal::find(const std::string& id) const {
  std::lock_guard lock(*mutex_);
  return find_in(db_, id);
}

std::vector<JournalEntry> PaymentJournal::entries() const {
  std::lock_guard lock(*mutex_);
  return query(db_, "ORDER BY rowid", {});
}

std::vector<JournalEntry> PaymentJournal::in_states(
    std::initializer_list<JournalState> states) const {
  std::lock_guard lock(*mutex_);
  return query(db_, "WHERE state IN " + in_list(states) + " ORDER BY rowid", {});
}

std::vector<JournalEntry> PaymentJournal::unsettled_entries() const {
  return in_states({JournalState::Intent, JournalState::Sent, JournalState::InDoubt,
                    JournalState::ReversalSent});
}

std::vector<JournalEntry> PaymentJournal::approved_without_document() const {
  return in_states({JournalState::Approved});
}

std::vector<JournalEvent> PaymentJournal::history(const std::string& id) const {
  std::lock_guard lock(*mutex_);
  Statement statement(db_,
                      "SELECT sale_transaction_id, state, detail, at FROM events "
                      "WHERE sale_transaction_id = ? ORDER BY id",
                      {id});
  std::vector<JournalEvent> events;
  if (!statement.prepared()) return events;
  while (statement.step() == SQLITE_ROW) {
    JournalEvent event;
    event.sale_transaction_id = statement.column_text(0);
    event.state =
        journal_state_from_string(statement.column_text(1)).value_or(JournalState::InDoubt);
    event.detail = statement.column_text(2);
    event.at = statement.column_text(3);
    events.push_back(std::move(event));
  }
  return events;
}

std::vector<MethodTotals> PaymentJournal::open_totals() const {
  std::lock_guard lock(*mutex_);
  const std::string sql = std::string(R"sql(
    SELECT method_used,
      SUM(CASE WHEN payment_period = '' AND state IN )sql") +
                          kChargedStates + R"sql( THEN 1 ELSE 0 END),
      SUM(CASE WHEN payment_period = '' AND state IN )sql" +
                          kChargedStates + R"sql( THEN authorized_yen ELSE 0 END),
      SUM(CASE WHEN reversal_period = '' AND state = 'Reversed' THEN 1 ELSE 0 END),
      SUM(CASE WHEN reversal_period = '' AND state = 'Reversed' THEN reversed_yen ELSE 0 END)
    FROM payments WHERE cash = 0 GROUP BY method_used)sql";
  Statement statement(db_, sql, {});
  std::map<PaymentMethod, MethodTotals> by_method;
  if (statement.prepared()) {
    while (statement.step() == SQLITE_ROW) {
      MethodTotals line;
      line.method = method_from_string(statement.column_text(0));
      line.payments = statement.column_int(1);
      line.payment_yen = statement.column_int64(2);
      line.reversals = statement.column_int(3);
      line.reversal_yen = statement.column_int64(4);
      if (line.payments != 0 || line.reversals != 0) by_method[line.method] = line;
    }
  }
  std::vector<MethodTotals> totals;
  for (const auto& [method, line] : by_method) totals.push_back(line);
  return totals;
}

CashTotals PaymentJournal::open_cash() const {
  std::lock_guard lock(*mutex_);
  Statement statement(db_,
                      "SELECT SUM(state = 'CashAtCounter'), "
                      "SUM(CASE WHEN state = 'CashAtCounter' THEN amount_yen ELSE 0 END), "
                      "SUM(state = 'CashReceived' AND payment_period = ''), "
                      "SUM(CASE WHEN state = 'CashReceived' AND payment_period = '' "
                      "THEN amount_yen ELSE 0 END) FROM payments WHERE cash = 1",
                      {});
  CashTotals totals;
  if (statement.prepared() && statement.step() == SQLITE_ROW) {
    totals.pending = statement.column_int(0);
    totals.pending_yen = statement.column_int64(1);
    totals.received = statement.column_int(2);
    totals.received_yen = statement.column_int64(3);
  }
  return totals;
}

JournalResult<void> PaymentJournal::begin_close(const std::string& period_id) {
  std::lock_guard lock(*mutex_);
  return execute(db_, "INSERT OR IGNORE INTO reconciliations (period_id) VALUES (?)", {period_id});
}

JournalResult<JournalReconciliation> PaymentJournal::finish_close(
    const std::string& period_id, const std::vector<MethodTotals>& terminal,
    const std::vector<MethodTotals>& journal, bool matched) {
  {
    std::lock_guard lock(*mutex_);
    storage::WriteTransaction transaction(db_);
    if (!transaction.began()) return std::unexpected(error_of(db_, "begin"));
    auto written = execute(db_,
                           std::string("UPDATE payments SET payment_period = ? WHERE "
                                       "payment_period = '' AND ((cash = 0 AND state IN ") +
                               kChargedStates + ") OR (cash = 1 AND state = 'CashReceived'))",
                           {period_id});
    if (written) {
      written = execute(db_,
                        "UPDATE payments SET reversal_period = ? WHERE reversal_period = '' AND "
                        "state = 'Reversed'",
                        {period_id});
    }
    if (written) {
      written = execute(
          db_,
          "INSERT INTO reconciliations (period_id) VALUES (?1) ON CONFLICT (period_id) DO NOTHING",
          {period_id});
    }
    if (written) {
      written = execute(db_,
                        "UPDATE reconciliations SET closed = 1, terminal_totals = ?, "
                        "journal_totals = ?, matched = ?, "
                        "closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE period_id = ?",
                        {totals_json(terminal).dump(), totals_json(journal).dump(),
                         matched ? "1" : "0", period_id});
    }
    if (!written) return std::unexpected(written.error());
    if (auto committed = commit(transaction, db_); !committed) {
      return std::unexpected(committed.error());
    }
  }
  for (auto& reconciliation : reconciliations()) {
    if (reconciliation.period_id == period_id) return reconciliation;
  }
  return std::unexpected(JournalError{"journal: reconciliation vanished"});
}

std::vector<JournalReconciliation> PaymentJournal::reconciliations() const {
  std::lock_guard lock(*mutex_);
  Statement statement(db_,
                      "SELECT period_id, closed, terminal_totals, journal_totals, matched, "
                      "started_at, closed_at FROM reconciliations ORDER BY started_at, rowid",
                      {});
  std::vector<JournalReconciliation> list;
  if (!statement.prepared()) return list;
  while (statement.step() == SQLITE_ROW) {
    JournalReconciliation reconciliation;
    reconciliation.period_id = statement.column_text(0);
    reconciliation.closed = statement.column_int(1) != 0;
    reconciliation.terminal = totals_from_json(statement.column_text(2));
    reconciliation.journal = totals_from_json(statement.column_text(3));
    reconciliation.matched = statement.column_int(4) != 0;
    reconciliation.started_at = statement.column_text(5);
    reconciliation.closed_at = statement.column_text(6);
    list.push_back(std::move(reconciliation));
  }
  return list;
}

std::optional<JournalReconciliation> PaymentJournal::closing() const {
  for (auto& reconciliation : reconciliations()) {
    if (!reconciliation.closed) return reconciliation;
  }
  return std::nullopt;
}

}  // namespace madoguchi::payment
