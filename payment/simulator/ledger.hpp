// The terminal simulator's record of what it charged, keyed by (SaleID, SaleTransactionID), in
// SQLite: a file when the simulator is given --ledger, ":memory:" otherwise.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace madoguchi::payment::simulator {

// States a transaction goes through on the terminal.
inline constexpr const char* kInProgress = "InProgress";
inline constexpr const char* kApproved = "Approved";
inline constexpr const char* kDeclined = "Declined";
inline constexpr const char* kCancelled = "Cancelled";  // by the customer on the terminal
inline constexpr const char* kAborted = "Aborted";      // by an Abort from the Sale System
inline constexpr const char* kFailed = "Failed";        // offline, ...

struct LedgerEntry {
  std::string sale_id;
  std::string sale_transaction_id;
  std::string service_id;  // of the Payment that started it
  std::string poi_transaction_id;
  int amount_yen = 0;
  std::string method;  // PaymentInstrumentType
  std::string state;
  std::string error_condition;
  std::string response;  // the SaleToPOIResponse sent (or due) for it, as JSON text
  std::string created_at;
  long long period = 0;  // reconciliation period it was approved in (0 unless Approved)
};

// A reversal the terminal carried out (refused reversals leave no record: they may be retried).
struct ReversalEntry {
  std::string sale_id;
  std::string reversal_id;  // the Sale System's SaleTransactionID of the reversal
  std::string service_id;   // of the ReversalRequest that made it
  std::string original_poi_transaction_id;
  std::string poi_transaction_id;  // the reversal's own
  int amount_yen = 0;
  std::string method;
  std::string reason;
  std::string response;  // the SaleToPOIResponse sent for it, as JSON text
  long long period = 0;
  std::string created_at;
};

// Count and amount of one kind of transaction, per SaleID and PaymentInstrumentType.
struct TotalsRow {
  std::string sale_id;
  std::string method;
  int payments = 0;
  long long payment_yen = 0;
  int reversals = 0;
  long long reversal_yen = 0;
};

class Ledger {
 public:
  static std::expected<Ledger, std::string> open(const std::string& path);
  ~Ledger();
  Ledger(Ledger&& other) noexcept;
  Ledger& operator=(Ledger&& other) noexcept;
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Records a new transaction (state InProgress) and the Payment ServiceID that carried it.
  std::expected<void, std::string> begin(const LedgerEntry& entry);
  // Sets the final state and the response of a transaction.
  std::expected<void, std::string> finish(const std::string& sale_id,
                                          const std::string& sale_transaction_id,
                                          const std::string& state,
                                          const std::string& error_condition,
                                          const std::string& response);
  // Another Payment (a repeat) that referred to an existing transaction.
  std::expected<void, std::string> add_service(const std::string& sale_id,
                                               const std::string& service_id,
                                               const std::string& sale_transaction_id);

  std::optional<LedgerEntry> find(const std::string& sale_id,
                                  const std::string& sale_transaction_id) const;
  std::optional<LedgerEntry> find_by_service(const std::string& sale_id,
                                             const std::string& service_id) const;
  std::optional<LedgerEntry> last(const std::string& sale_id) const;
  std::vector<LedgerEntry> all() const;
  std::optional<LedgerEntry> find_by_poi(const std::string& sale_id,
                                         const std::string& poi_transaction_id) const;

  // Reversals.
  std::expected<void, std::string> add_reversal(const ReversalEntry& reversal);
  std::optional<ReversalEntry> find_reversal(const std::string& sale_id,
                                             const std::string& reversal_id) const;
  // The reversal a ReversalRequest with this ServiceID made.
  std::optional<ReversalEntry> find_reversal_by_service(const std::string& sale_id,
                                                        const std::string& service_id) const;
  std::optional<ReversalEntry> reversal_of(const std::string& original_poi_transaction_id) const;
  std::vector<ReversalEntry> reversals() const;
  std::string next_reversal_poi_transaction_id() const;

  // Reconciliation periods (nexo POIReconciliationID, "the reconciliation period between Sale
  // and POI"): one open per SaleID, so that one kiosk's 日計 does not close another's. Approvals
  // and reversals count in their SaleID's period open when they happen; closing one opens the
  // next. Ids are unique over all SaleIDs.
  long long open_period(const std::string& sale_id);
  // Closes the SaleID's open period and returns its id.
  std::expected<long long, std::string> close_period(const std::string& sale_id);
  bool period_closed(long long period) const;
  // Totals of a period, per SaleID and method; `sale_id` empty for every SaleID.
  std::vector<TotalsRow> totals(long long period, const std::string& sale_id) const;
  // A fresh POITransactionID, unique within this ledger.
  std::string next_poi_transaction_id() const;
  // Transactions still in progress (after a restart: those the terminal never completed).
  std::vector<LedgerEntry> in_progress() const;

 private:
  explicit Ledger(sqlite3* db) : db_(db) {}
  std::vector<LedgerEntry> query(const std::string& where,
                                 const std::vector<std::string>& parameters) const;
  std::expected<void, std::string> execute(const std::string& sql,
                                           const std::vector<std::string>& parameters);
  std::vector<ReversalEntry> query_reversals(const std::string& where,
                                             const std::vector<std::string>& parameters) const;
  long long number(const std::string& sql, const std::vector<std::string>& parameters) const;
  std::expected<void, std::string> migrate();

  sqlite3* db_ = nullptr;
};

}  // namespace madoguchi::payment::simulator
