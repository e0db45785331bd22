// The kiosk's crash-safe payment journal: one row per payment attempt, keyed by its
// SaleTransactionID, in SQLite (WAL, synchronous=FULL: a state is on disk when the call
// returns). The kiosk writes a state before every terminal call and after every answer, so
// that after a crash or a power cut it knows, for every attempt, whether the request can have
// reached the terminal — and settles what is in doubt by asking the terminal, never by paying
// again. It holds the procedure/reception reference, never personal data. See docs/payment.md.
#pragma once

#include <expected>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/payment/payment_terminal.hpp"

struct sqlite3;

namespace madoguchi::payment {

enum class JournalState {
  Intent,           // written before the terminal is called; nothing sent yet
  Sent,             // the request's handle (ServiceID) is on disk; the request leaves right after
  InDoubt,          // sent, and no final answer came back (time-out, connection lost, 処理未了)
  Approved,         // the terminal charged it; the document is not delivered yet
  Declined,         // final: refused, nothing charged
  Cancelled,        // final: cancelled (resident, kiosk, terminal), nothing charged
  NotCharged,       // final: never sent, terminal unavailable, or unknown to the terminal
  DocumentDone,     // final: approved and the document printed / submitted
  HandedToCounter,  // approved; the resident took a slip and gets the document at the counter
  ReversalSent,     // a reversal of the approved payment is on disk and leaves right after
  Reversed,         // final: the money was given back
  CashAtCounter,  // 窓口で現金で支払う: a slip the counter settles (no terminal involved)
  CashReceived,   // final: the counter took the cash for that slip
};

std::string_view to_string(JournalState state);
std::optional<JournalState> journal_state_from_string(std::string_view name);
// For the clerk's screen: 「支払い済み（書類未交付）」, 「取消済み」, ...
std::string_view clerk_label(JournalState state);

// True for the states settle_in_doubt() must resolve: Intent, Sent, InDoubt, ReversalSent.
bool unsettled(JournalState state);
// True when the terminal kept (or keeps, unless reversed) money for this attempt.
bool charged(JournalState state);

struct JournalEntry {
  std::string sale_transaction_id;  // the key; also what the terminal knows the attempt by
  std::string reference;            // procedure / reception reference (e.g. "juminhyo/0401-012")
  std::string description;          // e.g. "住民票の写し 1通"
  int amount_yen = 0;               // the fee asked for (from the fee rules)
  PaymentMethod method = PaymentMethod::Any;  // asked for on the kiosk
  bool cash_at_counter = false;
  JournalState state = JournalState::Intent;
  std::string handle;  // the terminal's handle of the request (nexo ServiceID)
  std::string poi_transaction_id;
  std::string poi_timestamp;
  std::string approval_code;
  PaymentMethod method_used = PaymentMethod::Any;  // as the terminal reported it
  int authorized_yen = 0;
  std::string error_condition;  // the terminal's, of the last answer
  std::string note;             // the last answer's message, for the clerk's log
  std::string reversal_id;
  ReversalReason reversal_reason = ReversalReason::CustomerCancel;
  std::string reversal_poi_transaction_id;
  int reversed_yen = 0;
  // Reconciliation period ids (the terminal's POIReconciliationID) the payment and its reversal
  // were counted in; empty while the period is open.
  std::string payment_period;
  std::string reversal_period;
  std::string day;  // local date of the attempt, YYYY-MM-DD
  std::string created_at;
  std::string updated_at;
};

struct JournalEvent {
  std::string sale_transaction_id;
  JournalState state = JournalState::Intent;
  std::string detail;
  std::string at;  // ISO 8601 UTC with milliseconds
};

struct JournalError {
  std::string message;
};

template <typename T>
using JournalResult = std::expected<T, JournalError>;

struct NewPayment {
  std::string reference;
  std::string description;
  int amount_yen = 0;
  PaymentMethod method = PaymentMethod::Any;
};

// Cash slips of a period, for the clerk.
struct CashTotals {
  int pending = 0;  // slips the counter has not settled yet
  long long pending_yen = 0;
  int received = 0;
  long long received_yen = 0;
};

// A reconciliation (日計) the journal has started or finished.
struct JournalReconciliation {
  std::string period_id;
  bool closed = false;
  std::vector<MethodTotals> terminal;  // what the terminal reported for the period
  std::vector<MethodTotals> journal;   // what the journal counted
  bool matched = false;
  std::string started_at;
  std::string closed_at;
};

class PaymentJournal {
 public:
  // Opens (creating if needed) the journal file. `id_prefix` starts every SaleTransactionID
  // (e.g. the kiosk's name); ids are "<prefix>-YYYYMMDD-HHMMSS-XXXXXX", unique across restarts.
  static JournalResult<PaymentJournal> open(const std::filesystem::path& path,
                                            std::string id_prefix = "MDG");
  ~PaymentJournal();
  PaymentJournal(PaymentJournal&& other) noexcept;
  PaymentJournal& operator=(PaymentJournal&& other) noexcept;
  PaymentJournal(const PaymentJournal&) = delete;
  PaymentJournal& operator=(const PaymentJournal&) = delete;

  // Intent: a new attempt with a fresh SaleTransactionID.
  JournalResult<JournalEntry> begin_payment(const NewPayment& payment);
  // A cash slip for the counter (CashAtCounter); no terminal is involved.
  JournalResult<JournalEntry> begin_cash_at_counter(const NewPayment& payment);

  // Every record_*() checks that the transition is allowed (nothing becomes DocumentDone unless
  // it was Approved, ...) and writes the state and an event in one fsync'd transaction.
  JournalResult<JournalEntry> record_sent(const std::string& id, const std::string& handle);
  // The terminal's answer (or the status that settles it): Approved, Declined, Cancelled,
  // NotCharged (TerminalUnavailable / Error / NotFound) or InDoubt (Timeout / Unknown).
  JournalResult<JournalEntry> record_answer(const std::string& id, const PaymentResult& result);
  // Intent that never left the kiosk (settlement after a crash before sending).
  JournalResult<JournalEntry> record_not_sent(const std::string& id, const std::string& why);
  JournalResult<JournalEntry> record_document_done(const std::string& id);
  JournalResult<JournalEntry> record_handed_to_counter(const std::string& id);
  // The resident's consent (or the clerk's decision) is on disk once this returns: a crash
  // after it ends in the reversal being sent again, never forgotten.
  JournalResult<JournalEntry> record_reversal_sent(const std::string& id,
                                                   const std::string& reversal_id,
                                                   ReversalReason reason);
  // Reversed / AlreadyReversed → Reversed; Unknown → stays ReversalSent; a refusal returns the
  // entry to the state it had before the reversal (Approved or HandedToCounter).
  JournalResult<JournalEntry> record_reversal_answer(const std::string& id,
                                                     const ReversalResult& result);
  JournalResult<JournalEntry> record_cash_received(const std::string& id);

  std::optional<JournalEntry> find(const std::string& id) const;
  std::vector<JournalEntry> entries() const;  // oldest first
  std::vector<JournalEntry> in_states(std::initializer_list<JournalState> states) const;
  std::vector<JournalEntry> unsettled_entries() const;
  // Approved, with no document, no counter slip and no reversal: the kiosk must act on these.
  std::vector<JournalEntry> approved_without_document() const;
  std::vector<JournalEvent> history(const std::string& id) const;

  // Card / e-money / QR totals of the period not closed yet, counted the way the terminal
  // counts them: approvals (reversed ones too) and reversals made in the period.
  std::vector<MethodTotals> open_totals() const;
  CashTotals open_cash() const;

  // Reconciliation bookkeeping: begin_close() before the Reconciliation is sent, finish_close()
  // with the terminal's totals once it answered (counts every open entry into the period).
  JournalResult<void> begin_close(const std::string& period_id);
  JournalResult<JournalReconciliation> finish_close(const std::string& period_id,
                                                    const std::vector<MethodTotals>& terminal,
                                                    const std::vector<MethodTotals>& journal,
                                                    bool matched);
  std::optional<JournalReconciliation> closing() const;  // a close begun and not finished
  std::vector<JournalReconciliation> reconciliations() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  PaymentJournal(sqlite3* db, std::filesystem::path path, std::string id_prefix);
  JournalResult<JournalEntry> transition(
      const std::string& id, std::initializer_list<JournalState> from, JournalState to,
      const std::string& detail, const std::vector<std::pair<std::string, std::string>>& fields);
  JournalResult<JournalEntry> insert(const NewPayment& payment, bool cash);

  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
  std::string id_prefix_;
  std::unique_ptr<std::mutex> mutex_;  // one writer at a time through this connection
};

std::string plain_japanese(const JournalError& error);

}  // namespace madoguchi::payment
