// PaymentDesk: what the kiosk's device worker calls to take a fee. It wraps every terminal call
// in the journal (a state on disk before the call and after the answer), settles payments left
// in doubt, reverses, records "pay at the counter in cash" slips, and gives the clerk's daily
// totals checked against the terminal's. See docs/payment.md.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "madoguchi/payment/journal.hpp"
#include "madoguchi/payment/payment_notice.hpp"
#include "madoguchi/payment/payment_terminal.hpp"

namespace madoguchi::payment {

// The fee as the procedure's fee rules computed it (forms::quote_fee(...).total_yen): an int,
// never text from the screen.
struct Fee {
  int amount_yen = 0;
  std::string description;  // e.g. "住民票の写し 1通"; printed on the terminal's receipt
};

// Points where the desk has just written (or is about to write) the journal: the crash tests
// kill the kiosk process at each of them.
enum class DeskStep {
  IntentWritten,           // Intent on disk, the terminal not called yet ("before request")
  SentWritten,             // Sent (handle) on disk, the request not written yet
  AnswerReceived,          // pay() returned, its answer not on disk yet
  AnswerWritten,           // the answer on disk
  StatusReceived,          // a TransactionStatus answered, not on disk yet
  DocumentDoneWritten,     // DocumentDone on disk
  ReversalIntentWritten,   // ReversalSent on disk, the Reversal not sent yet
  ReversalAnswerReceived,  // the Reversal answered, not on disk yet
};
std::string_view to_string(DeskStep step);

struct DeskOptions {
  std::chrono::milliseconds payment_timeout{120000};  // how long the resident has at the terminal
  // After an answer in doubt, how many TransactionStatus checks pay() makes, and how far apart
  // (a rebooting terminal needs a while), before it gives up and reports InDoubt.
  int status_checks = 3;
  std::chrono::milliseconds status_interval{2000};
  std::function<void(DeskStep, const std::string& sale_transaction_id)> checkpoint;
};

// The result of PaymentDesk::pay().
struct DeskPayment {
  std::string id;  // the SaleTransactionID: the journal's key; give it to mark_document_done()
  JournalState state = JournalState::NotCharged;
  PaymentResult result;                          // the terminal's last word on it
  PaymentNotice notice = PaymentNotice::Failed;  // what the resident is told (the kiosk's words)
  int fee_yen = 0;
  // Approved for exactly the fee: print / submit now, then mark_document_done(id).
  bool paid() const { return state == JournalState::Approved && result.amount_yen == fee_yen; }
  // Nobody knows yet whether money was taken: print nothing, call staff; settle() later.
  bool in_doubt() const { return unsettled(state); }
  // Nothing was taken (or it was given back): offer another method or the counter.
  bool nothing_charged() const { return !paid() && !in_doubt() && !charged(state); }
};

struct DeskReversal {
  std::string id;
  JournalState state = JournalState::Approved;  // Reversed when the money went back
  ReversalResult result;
  RefundNotice notice = RefundNotice::Failed;  // what the resident is told (the kiosk's words)
  bool reversed() const { return state == JournalState::Reversed; }
};

// What settle_in_doubt() found.
struct SettleReport {
  std::vector<JournalEntry> resolved;  // whose outcome was learned (or known) just now
  // Charged, without document, counter slip or reversal: reprint, give a counter slip
  // (hand_to_counter), or reverse with the resident's consent.
  std::vector<JournalEntry> approved_without_document;
  std::vector<JournalEntry> still_in_doubt;  // the terminal could not tell: settle again later
  bool clean() const { return approved_without_document.empty() && still_in_doubt.empty(); }
  std::string clerk_message() const;  // one Japanese sentence for the staff screen
};

struct SettleOptions {
  std::function<void(DeskStep, const std::string& sale_transaction_id)> checkpoint;
};

// For every journal entry left unsettled (Intent, Sent, InDoubt, ReversalSent): an Intent never
// left the kiosk (its handle is journaled before anything is sent) and becomes NotCharged
// without asking; Sent / InDoubt are asked with TransactionStatus (a payment still waiting on
// the terminal is aborted first); ReversalSent sends the same reversal again (the terminal
// never reverses twice). A Payment is never sent again.
SettleReport settle_in_doubt(PaymentJournal& journal, PaymentTerminal& terminal,
                             const SettleOptions& options = {});

// The clerk's totals for the open period (日計 not yet done), or the one just closed.
struct DeskTotals {
  std::vector<MethodTotals> journal;     // what this kiosk's journal counted
  TerminalTotals terminal;               // what the terminal says
  CashTotals cash;                       // 窓口現金 slips (not on the terminal)
  int in_doubt = 0;                      // journal entries not settled (the totals cannot match)
  bool matches = false;                  // terminal answered, nothing in doubt, every method equal
  std::vector<std::string> differences;  // one Japanese line per difference, for the clerk
  std::string period_id;
  bool closed = false;  // close_day(): the terminal's period was closed
  std::string message;  // the headline for the clerk
};

class PaymentDesk {
 public:
  PaymentDesk(PaymentJournal& journal, PaymentTerminal& terminal, DeskOptions options = {});

  // On start, before any pay(): see settle_in_doubt(). Also safe to call again later.
  SettleReport settle();

  // Takes `fee` for `reference` (procedure / reception number; never personal data) with the
  // method chosen on the screen. Blocks up to payment_timeout plus the status checks.
  DeskPayment pay(const Fee& fee, PaymentMethod method, const std::string& reference);
  // From another thread, while pay() blocks: the resident pressed やめる on the kiosk.
  // abort_current() stops whatever pay() is in progress (the UI does not know its id yet).
  bool abort(const std::string& id);
  bool abort_current();

  // The document of an approved payment was printed / submitted.
  JournalResult<JournalEntry> mark_document_done(const std::string& id);
  // The document could not be delivered here: the resident takes a slip with the transaction
  // reference to the counter, which delivers it (then mark_document_done()).
  JournalResult<JournalEntry> hand_to_counter(const std::string& id);
  // Gives the whole payment back (the resident agreed, or the clerk decided). Repeatable.
  DeskReversal reverse(const std::string& id, ReversalReason reason);

  // 窓口で現金で支払う: a slip the counter settles; no terminal call.
  JournalResult<JournalEntry> pay_at_counter(const Fee& fee, const std::string& reference);
  JournalResult<JournalEntry> mark_cash_received(const std::string& id);

  // Totals of the open period from the journal, checked against the terminal's (GetTotals).
  DeskTotals totals();
  // 日計: settles what is in doubt, closes the terminal's period (Reconciliation) and the
  // journal's, and checks the two. Refuses while anything stays in doubt. If the terminal's
  // answer was lost, the next close_day() (or this one) gets the closed period's totals again.
  DeskTotals close_day();

  PaymentJournal& journal() { return journal_; }

 private:
  void checkpoint(DeskStep step, const std::string& id) const;
  DeskPayment outcome(const JournalEntry& entry, const PaymentResult& result, int fee_yen) const;
  DeskReversal reverse_locked(const std::string& id, ReversalReason reason);
  DeskTotals compare(const std::vector<MethodTotals>& journal, TerminalTotals terminal) const;

  PaymentJournal& journal_;
  PaymentTerminal& terminal_;
  DeskOptions options_;
  std::mutex mutex_;  // one pay / reverse / settle / close at a time
  std::mutex current_mutex_;
  std::string current_id_;  // the attempt pay() is working on, for abort_current()
};

}  // namespace madoguchi::payment
