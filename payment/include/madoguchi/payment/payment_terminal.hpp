// The payment-terminal adapter as the kiosk sees it: one vendor-neutral interface, whatever
// protocol the multi-payment terminal beside the kiosk speaks (see nexo_terminal.hpp).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::payment {

// How the resident chose to pay on the kiosk screen. Any lets the terminal offer every method.
enum class PaymentMethod { Any, CreditCard, EMoney, QrCode };

struct PaymentRequest {
  // Unique per attempt, made by the kiosk (and journaled before the terminal is called). The
  // terminal never charges the same SaleTransactionID twice.
  std::string sale_transaction_id;
  int amount_yen = 0;
  PaymentMethod method = PaymentMethod::Any;
  std::string description;  // e.g. "住民票の写し 1通"; never personal data
};

enum class PaymentOutcome {
  Approved,
  Declined,
  Cancelled,  // by the resident on the terminal, or by abort()
  Timeout,    // no final answer within the time given; pay() asked the terminal to abort
  Unknown,    // outcome in doubt (connection lost, 処理未了): ask status(), never retry blindly
  TerminalUnavailable,  // nothing was charged: not reachable, busy, offline, not logged in
  Error,                // nothing usable came back, or the terminal has no such transaction
};

// Why a payment was declined, where the terminal says so.
enum class DeclineReason { None, Refused, InsufficientBalance };

struct PaymentResult {
  PaymentOutcome outcome = PaymentOutcome::Error;
  std::string poi_transaction_id;  // the terminal's reference, for the receipt and reconciliation
  std::string approval_code;
  std::string method_used;  // "クレジットカード", "電子マネー", "QRコード決済"
  int amount_yen = 0;       // the amount the terminal authorised (0 unless Approved)
  std::string message;      // terminal's or ours, for logs (no personal data)
  // Terminal-level detail, for logs and for the kiosk's decisions.
  std::string error_condition;  // nexo ErrorCondition as received ("Refusal", "NotFound", ...)
  DeclineReason decline_reason = DeclineReason::None;
  // The method the terminal actually used (Any when it did not say), for the daily totals.
  PaymentMethod method = PaymentMethod::Any;
  std::string poi_timestamp;  // when the terminal made poi_transaction_id (a reversal names it)
};

// --- Reversal (取消): the whole of an approved payment given back, on the same terminal ----------

// Why a payment is reversed; the terminal records it.
enum class ReversalReason {
  CustomerCancel,  // the resident chose to take the money back (after a print failure, ...)
  MerchantCancel,  // the clerk reversed it
  Malfunction,     // the kiosk could not deliver what was paid for
};

struct ReversalRequest {
  std::string sale_transaction_id;  // of the payment being reversed (the kiosk's id)
  std::string poi_transaction_id;   // the terminal's reference of that payment
  std::string poi_timestamp;        // and its time stamp, as the terminal gave it
  // The reversal's own id, unique, journaled before the request is sent. Sending the same id
  // again never reverses twice: the terminal repeats its earlier answer.
  std::string reversal_id;
  int amount_yen = 0;  // the whole authorised amount: there are no partial reversals
  ReversalReason reason = ReversalReason::CustomerCancel;
};

enum class ReversalOutcome {
  Reversed,         // the money goes back; reversal_poi_transaction_id names the reversal
  AlreadyReversed,  // an earlier reversal (another id) already gave it back: nothing more done
  NotFound,         // the terminal has no such approved payment
  NotAllowed,  // refused: not an approved payment, period already closed (日計後), amount differs
  Unknown,     // no answer: send the same reversal_id again to learn the outcome
  TerminalUnavailable,  // nothing was done: not reachable, offline, busy
  Error,                // the terminal rejected the request itself
};

struct ReversalResult {
  ReversalOutcome outcome = ReversalOutcome::Error;
  std::string reversal_poi_transaction_id;
  int amount_yen = 0;  // the amount given back (0 unless Reversed / AlreadyReversed)
  std::string error_condition;
  std::string reason;   // the terminal's reason code for a refusal ("AlreadyReversed", ...)
  std::string message;  // for logs
};

// --- Totals (日計)
// --------------------------------------------------------------------------------

// One payment method's totals in one reconciliation period.
struct MethodTotals {
  PaymentMethod method = PaymentMethod::Any;
  int payments = 0;  // approved payments (including those reversed later)
  long long payment_yen = 0;
  int reversals = 0;  // reversals made in the period
  long long reversal_yen = 0;
  long long net_yen() const { return payment_yen - reversal_yen; }
  bool operator==(const MethodTotals&) const = default;
};

enum class TotalsOutcome { Ok, Unknown, TerminalUnavailable, Error };

struct TerminalTotals {
  TotalsOutcome outcome = TotalsOutcome::Error;
  // The terminal's reconciliation period (nexo POIReconciliationID): for totals() the open one,
  // for reconcile() the one just closed.
  std::string period_id;
  std::vector<MethodTotals> methods;  // one per method with anything in it, in enum order
  std::string error_condition;
  std::string message;  // for logs
  bool ok() const { return outcome == TotalsOutcome::Ok; }
};

// What the terminal says about itself (Login answer): for the staff status screen.
struct TerminalHealth {
  bool reachable = false;        // it answered
  bool networks_online = false;  // it can reach the card networks (else every method fails)
  std::string message;           // for logs
};

// Called by pay() just before the request leaves the kiosk, with the terminal's handle for it
// (nexo: the ServiceID the Payment travels in). The crash-safe journal writes the handle here:
// after a crash, whether a handle was journaled tells whether the request can have been sent.
// Returning false stops the payment before anything is sent.
using BeforeSend =
    std::function<bool(const std::string& sale_transaction_id, const std::string& handle)>;

class PaymentTerminal {
 public:
  virtual ~PaymentTerminal() = default;
  // Blocks until the terminal answers or `timeout` passes (the kiosk calls it from a worker
  // thread). On timeout the adapter asks the terminal to abort and returns Timeout, unless the
  // terminal approved in the meantime.
  PaymentResult pay(const PaymentRequest& request, std::chrono::milliseconds timeout) {
    return pay(request, timeout, BeforeSend{});
  }
  virtual PaymentResult pay(const PaymentRequest& request, std::chrono::milliseconds timeout,
                            const BeforeSend& before_send) = 0;
  // Asks the terminal to stop the pay() in progress for this transaction (from another thread).
  // True when the request went to the terminal; the outcome still arrives through pay(), which
  // returns Cancelled, or Approved when the card was already read. Also stops a payment that a
  // previous run of the kiosk left waiting on the terminal, when its handle was restored.
  virtual bool abort(const std::string& sale_transaction_id) = 0;
  // What happened to that transaction, according to the terminal (nexo TransactionStatus).
  // Unknown while it is still in progress; Error with error_condition "NotFound" when the
  // terminal never processed it (nothing was charged).
  virtual PaymentResult status(const std::string& sale_transaction_id) = 0;
  // Gives back the handle a previous run journaled (see BeforeSend), so that status() and
  // abort() can name the exact request after a restart.
  virtual void restore_handle(const std::string& sale_transaction_id,
                              const std::string& handle) = 0;

  // Gives the whole of an approved payment back. Safe to repeat with the same reversal_id.
  virtual ReversalResult reverse(const ReversalRequest& request) = 0;
  // The totals of the open reconciliation period, per method, without closing it.
  virtual TerminalTotals totals() = 0;
  // Closes the open period (日計) and returns its totals. If the answer is lost, previous_totals()
  // with the period id totals() gave before gets them again.
  virtual TerminalTotals reconcile() = 0;
  virtual TerminalTotals previous_totals(const std::string& period_id) = 0;

  // Connects (and logs in) if needed and reports the terminal's state.
  virtual TerminalHealth health() = 0;
  // Ends the session with the terminal (nexo Logout), e.g. when the kiosk shuts down.
  virtual bool logout() = 0;
};

// Whether the outcome is final (the kiosk may act on it) or must be settled with status().
bool settled(const PaymentResult& result);

// 「クレジットカード」「電子マネー」「QRコード決済」; Any is 「カード等」.
std::string_view method_label(PaymentMethod method);

std::string_view to_string(PaymentOutcome outcome);
std::string_view to_string(PaymentMethod method);
// The value a name of to_string stands for; Any for a name it never gives.
PaymentMethod method_from_string(std::string_view name);
std::string_view to_string(ReversalOutcome outcome);
std::string_view to_string(ReversalReason reason);
// The value a name of to_string stands for; CustomerCancel for a name it never gives.
ReversalReason reversal_reason_from_string(std::string_view name);

}  // namespace madoguchi::payment
