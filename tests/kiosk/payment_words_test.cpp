// The resident's words for each payment and refund notice are the kiosk's
// (kiosk/payment_words.hpp): the same sentences the payment library used to write.
#include "madoguchi/kiosk/payment_words.hpp"

#include <gtest/gtest.h>

namespace madoguchi::kiosk {
namespace {

using payment::PaymentNotice;
using payment::RefundNotice;

TEST(PaymentWords, SayWhatHappenedAndWhatToDo) {
  EXPECT_EQ(payment_words(PaymentNotice::Paid), "お支払いが完了しました");
  EXPECT_EQ(payment_words(PaymentNotice::CardRefused),
            "カードが使えませんでした。別のお支払い方法をお選びください");
  EXPECT_EQ(payment_words(PaymentNotice::BalanceTooLow),
            "残高が足りませんでした。別のお支払い方法をお選びください");
  EXPECT_EQ(payment_words(PaymentNotice::Cancelled), "お支払いを取りやめました");
  EXPECT_NE(payment_words(PaymentNotice::Checking).find("確認"), std::string::npos);
  EXPECT_NE(payment_words(PaymentNotice::TimedOut).find("確認"), std::string::npos);
  EXPECT_NE(payment_words(PaymentNotice::TerminalUnavailable).find("窓口"), std::string::npos);
  EXPECT_EQ(
      payment_words(PaymentNotice::NeverTaken),
      "お支払いは行われませんでした（お金は引き落とされていません）。もう一度お支払いください");
  for (const PaymentNotice notice :
       {PaymentNotice::Failed, PaymentNotice::NotKnown, PaymentNotice::WrongAmountGivenBack,
        PaymentNotice::WrongAmount}) {
    EXPECT_TRUE(payment_words(notice).ends_with("係員をお呼びください")) << payment_words(notice);
  }
}

TEST(PaymentWords, RefundsSayWhereTheMoneyGoes) {
  EXPECT_EQ(refund_words(RefundNotice::GivenBack),
            "お支払いを取り消しました。お金はお支払いに使ったカードなどに戻ります");
  EXPECT_NE(refund_words(RefundNotice::DayAlreadyClosed).find("窓口"), std::string::npos);
  EXPECT_NE(refund_words(RefundNotice::Unavailable).find("窓口"), std::string::npos);
  EXPECT_NE(refund_words(RefundNotice::Checking).find("確認"), std::string::npos);
  EXPECT_EQ(refund_words(RefundNotice::NothingCharged), "このお支払いは取り消すものがありません");
  EXPECT_EQ(refund_words(RefundNotice::Failed), "取り消しができませんでした。係員をお呼びください");
}

}  // namespace
}  // namespace madoguchi::kiosk
