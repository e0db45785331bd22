// What the resident is told of each result (as a kind; the words are the kiosk's), and which
// results the kiosk may act on.
#include <gtest/gtest.h>

#include "madoguchi/payment/payment_notice.hpp"

namespace madoguchi::payment {
namespace {

PaymentResult with(PaymentOutcome outcome, DeclineReason reason = DeclineReason::None) {
  PaymentResult result;
  result.outcome = outcome;
  result.decline_reason = reason;
  return result;
}

TEST(Notice, SaysWhatHappenedAsAKind) {
  EXPECT_EQ(notice_of(with(PaymentOutcome::Approved)), PaymentNotice::Paid);
  EXPECT_EQ(notice_of(with(PaymentOutcome::Declined, DeclineReason::Refused)),
            PaymentNotice::CardRefused);
  EXPECT_EQ(notice_of(with(PaymentOutcome::Declined, DeclineReason::InsufficientBalance)),
            PaymentNotice::BalanceTooLow);
  EXPECT_EQ(notice_of(with(PaymentOutcome::Cancelled)), PaymentNotice::Cancelled);
  EXPECT_EQ(notice_of(with(PaymentOutcome::Unknown)), PaymentNotice::Checking);
  EXPECT_EQ(notice_of(with(PaymentOutcome::Timeout)), PaymentNotice::TimedOut);
  EXPECT_EQ(notice_of(with(PaymentOutcome::TerminalUnavailable)),
            PaymentNotice::TerminalUnavailable);
  EXPECT_EQ(notice_of(with(PaymentOutcome::Error)), PaymentNotice::Failed);
}

TEST(Settled, OnlyTimeoutAndUnknownNeedTheTerminalsStatus) {
  EXPECT_TRUE(settled(with(PaymentOutcome::Approved)));
  EXPECT_TRUE(settled(with(PaymentOutcome::Declined)));
  EXPECT_TRUE(settled(with(PaymentOutcome::Cancelled)));
  EXPECT_TRUE(settled(with(PaymentOutcome::TerminalUnavailable)));
  EXPECT_TRUE(settled(with(PaymentOutcome::Error)));
  EXPECT_FALSE(settled(with(PaymentOutcome::Timeout)));
  EXPECT_FALSE(settled(with(PaymentOutcome::Unknown)));
}

TEST(Names, OutcomesAndMethodsHaveNames) {
  EXPECT_EQ(to_string(PaymentOutcome::TerminalUnavailable), "TerminalUnavailable");
  EXPECT_EQ(to_string(PaymentOutcome::Unknown), "Unknown");
  EXPECT_EQ(to_string(PaymentMethod::EMoney), "EMoney");
  EXPECT_EQ(to_string(PaymentMethod::Any), "Any");
}

ReversalResult reversal(ReversalOutcome outcome, std::string reason = "") {
  ReversalResult result;
  result.outcome = outcome;
  result.reason = std::move(reason);
  result.message = "terminal: NotAllowed (technical detail)";
  return result;
}

TEST(Notice, ReversalsSayWhereTheMoneyGoes) {
  EXPECT_EQ(notice_of(reversal(ReversalOutcome::Reversed)), RefundNotice::GivenBack);
  EXPECT_EQ(notice_of(reversal(ReversalOutcome::AlreadyReversed)), RefundNotice::GivenBack);
  EXPECT_EQ(notice_of(reversal(ReversalOutcome::NotAllowed, "PeriodClosed")),
            RefundNotice::DayAlreadyClosed);
  EXPECT_EQ(notice_of(reversal(ReversalOutcome::NotAllowed)), RefundNotice::Failed);
  EXPECT_EQ(notice_of(reversal(ReversalOutcome::TerminalUnavailable)), RefundNotice::Unavailable);
  EXPECT_EQ(notice_of(reversal(ReversalOutcome::Unknown)), RefundNotice::Checking);
  EXPECT_EQ(notice_of(reversal(ReversalOutcome::NotFound)), RefundNotice::Failed);
  EXPECT_EQ(notice_of(reversal(ReversalOutcome::Error)), RefundNotice::Failed);
}

TEST(MethodLabels, NameTheMethodOnPaper) {
  EXPECT_EQ(method_label(PaymentMethod::CreditCard), "クレジットカード");
  EXPECT_EQ(method_label(PaymentMethod::EMoney), "電子マネー");
  EXPECT_EQ(method_label(PaymentMethod::QrCode), "QRコード決済");
  EXPECT_EQ(method_label(PaymentMethod::Any), "カード等");
}

}  // namespace
}  // namespace madoguchi::payment
