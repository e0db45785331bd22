// What the resident is told of a payment or a refund, as a kind. The payment library decides
// which it is; the kiosk, which alone speaks to the resident, holds the words in every language
// (kiosk/devices/payment_words.cpp), so no sentence for the resident is written down here.
#pragma once

#include "madoguchi/payment/payment_terminal.hpp"

namespace madoguchi::payment {

enum class PaymentNotice {
  Paid,                  // the fee was taken
  CardRefused,           // declined: another method, please
  BalanceTooLow,         // declined for the balance: another method, please
  Cancelled,             // the resident stopped it at the terminal
  TimedOut,              // the terminal gave up waiting; the outcome is being checked
  Checking,              // the terminal's answer is not known yet
  TerminalUnavailable,   // no card payment now: pay at the counter
  Failed,                // it went wrong: call staff
  NotKnown,              // the desk could not learn whether money was taken: nothing printed
  NeverTaken,            // the terminal never processed it: nothing was charged, pay again
  WrongAmountGivenBack,  // approved for another amount, and given back at once
  WrongAmount,           // approved for another amount, and it could not be given back
};

enum class RefundNotice {
  GivenBack,         // the money goes back to the card it came from
  DayAlreadyClosed,  // the day's totals are closed: the counter refunds
  Checking,          // the terminal's answer is not known yet
  Unavailable,       // no reversal now: the counter refunds
  NothingCharged,    // the payment took no money, so there is nothing to give back
  Failed,            // it went wrong: call staff
};

// The notice of a terminal's answer on its own (the desk may know more, see DeskPayment).
PaymentNotice notice_of(const PaymentResult& result);
RefundNotice notice_of(const ReversalResult& result);

}  // namespace madoguchi::payment
