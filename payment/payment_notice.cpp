#include "madoguchi/payment/payment_notice.hpp"

namespace madoguchi::payment {

PaymentNotice notice_of(const PaymentResult& result) {
  switch (result.outcome) {
    case PaymentOutcome::Approved:
      return PaymentNotice::Paid;
    case PaymentOutcome::Declined:
      return result.decline_reason == DeclineReason::InsufficientBalance
                 ? PaymentNotice::BalanceTooLow
                 : PaymentNotice::CardRefused;
    case PaymentOutcome::Cancelled:
      return PaymentNotice::Cancelled;
    case PaymentOutcome::Timeout:
      return PaymentNotice::TimedOut;
    case PaymentOutcome::Unknown:
      return PaymentNotice::Checking;
    case PaymentOutcome::TerminalUnavailable:
      return PaymentNotice::TerminalUnavailable;
    case PaymentOutcome::Error:
      break;
  }
  return PaymentNotice::Failed;
}

RefundNotice notice_of(const ReversalResult& result) {
  switch (result.outcome) {
    case ReversalOutcome::Reversed:
    case ReversalOutcome::AlreadyReversed:
      return RefundNotice::GivenBack;
    case ReversalOutcome::NotAllowed:
      // The terminal's reason names the one refusal the counter can still put right.
      if (result.reason == "PeriodClosed") return RefundNotice::DayAlreadyClosed;
      break;
    case ReversalOutcome::Unknown:
      return RefundNotice::Checking;
    case ReversalOutcome::TerminalUnavailable:
      return RefundNotice::Unavailable;
    case ReversalOutcome::NotFound:
    case ReversalOutcome::Error:
      break;
  }
  return RefundNotice::Failed;
}

}  // namespace madoguchi::payment
