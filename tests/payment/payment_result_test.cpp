// What the resident reads for each result, and which results the kiosk may act on.
#include <gtest/gtest.h>

#include "madoguchi/payment/payment_terminal.hpp"

namespace madoguchi::payment {
namespace {

PaymentResult with(PaymentOutcome outcome, DeclineReason reason = DeclineReason::None) {
  PaymentResult result;
  result.outcome = outcome;
  result.decline_reason = reason;
  return result;
}

TEST(PlainJapanese, SaysWhatHappenedAndWhatToDo) {
  EXPECT_EQ(plain_japanese(with(PaymentOutcome::Approved)), "お支払いが完了しました");
  EXPECT_EQ(plain_japanese(with(PaymentOutcome::Declined, DeclineReason::Refused)),
            "カードが使えませんでした。別のお支払い方法をお選びください");
  EXPECT_EQ(plain_japanese(with(PaymentOutcome::Declined, DeclineReason::InsufficientBalance)),
            "残高が足りませんでした。別のお支払い方法をお選びください");
  EXPECT_EQ(plain_japanese(with(PaymentOutcome::Cancelled)), "お支払いを取りやめました");
  EXPECT_NE(plain_japanese(with(PaymentOutcome::Unknown)).find("確認"), std::string::npos);
  EXPECT_NE(plain_japanese(with(PaymentOutcome::Timeout)).find("確認"), std::string::npos);
  EXPECT_NE(plain_japanese(with(PaymentOutcome::TerminalUnavailable)).find("窓口"),
            std::string::npos);
  EXPECT_NE(plain_japanese(with(PaymentOutcome::Error)).find("係員"), std::string::npos);
}

TEST(PlainJapanese, NeverShowsTheTerminalsTechnicalMessage) {
  auto result = with(PaymentOutcome::Declined, DeclineReason::Refused);
  result.message = "refusalReason=05 Do not honour";
  EXPECT_EQ(plain_japanese(result).find("honour"), std::string::npos);
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

TEST(PlainJapanese, ReversalsSayWhereTheMoneyGoes) {
  EXPECT_NE(plain_japanese(reversal(ReversalOutcome::Reversed)).find("取り消しました"),
            std::string::npos);
  EXPECT_EQ(plain_japanese(reversal(ReversalOutcome::AlreadyReversed)),
            plain_japanese(reversal(ReversalOutcome::Reversed)));
  EXPECT_NE(plain_japanese(reversal(ReversalOutcome::NotAllowed, "PeriodClosed")).find("窓口"),
            std::string::npos);
  EXPECT_NE(plain_japanese(reversal(ReversalOutcome::TerminalUnavailable)).find("窓口"),
            std::string::npos);
  EXPECT_NE(plain_japanese(reversal(ReversalOutcome::Unknown)).find("確認"), std::string::npos);
  EXPECT_NE(plain_japanese(reversal(ReversalOutcome::Error)).find("係員"), std::string::npos);
  for (const auto outcome : {ReversalOutcome::Reversed, ReversalOutcome::NotAllowed,
                             ReversalOutcome::NotFound, ReversalOutcome::Error}) {
    EXPECT_EQ(plain_japanese(reversal(outcome)).find("NotAllowed"), std::string::npos);
  }
}

TEST(PlainJapanese, MethodLabels) {
  EXPECT_EQ(method_label(PaymentMethod::CreditCard), "クレジットカード");
  EXPECT_EQ(method_label(PaymentMethod::EMoney), "電子マネー");
  EXPECT_EQ(method_label(PaymentMethod::QrCode), "QRコード決済");
  EXPECT_EQ(method_label(PaymentMethod::Any), "カード等");
}

}  // namespace
}  // namespace madoguchi::payment
