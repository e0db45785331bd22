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

}  // namespace
}  // namespace madoguchi::payment
