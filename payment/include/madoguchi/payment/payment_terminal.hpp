// The payment-terminal adapter as the kiosk sees it: one vendor-neutral interface, whatever
// protocol the multi-payment terminal beside the kiosk speaks (see nexo_terminal.hpp).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

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
};

class PaymentTerminal {
 public:
  virtual ~PaymentTerminal() = default;
  // Blocks until the terminal answers or `timeout` passes (the kiosk calls it from a worker
  // thread). On timeout the adapter asks the terminal to abort and returns Timeout, unless the
  // terminal approved in the meantime.
  virtual PaymentResult pay(const PaymentRequest& request, std::chrono::milliseconds timeout) = 0;
  // Asks the terminal to stop the pay() in progress for this transaction (from another thread).
  // True when the request went to the terminal; the outcome still arrives through pay(), which
  // returns Cancelled, or Approved when the card was already read.
  virtual bool abort(const std::string& sale_transaction_id) = 0;
  // What happened to that transaction, according to the terminal (nexo TransactionStatus).
  // Unknown while it is still in progress; Error with error_condition "NotFound" when the
  // terminal never processed it (nothing was charged).
  virtual PaymentResult status(const std::string& sale_transaction_id) = 0;
};

// The big plain sentence shown to the resident for a result.
std::string plain_japanese(const PaymentResult& result);

// Whether the outcome is final (the kiosk may act on it) or must be settled with status().
bool settled(const PaymentResult& result);

std::string_view to_string(PaymentOutcome outcome);
std::string_view to_string(PaymentMethod method);

}  // namespace madoguchi::payment
