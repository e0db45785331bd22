#include "madoguchi/kiosk/payment_words.hpp"

#include "madoguchi/kiosk/translations.hpp"

namespace madoguchi::kiosk {

std::string payment_words(payment::PaymentNotice notice) {
  using Notice = payment::PaymentNotice;
  switch (notice) {
    case Notice::Paid:
      return say("お支払いが完了しました");
    case Notice::CardRefused:
      return say("カードが使えませんでした。別のお支払い方法をお選びください");
    case Notice::BalanceTooLow:
      return say("残高が足りませんでした。別のお支払い方法をお選びください");
    case Notice::Cancelled:
      return say("お支払いを取りやめました");
    case Notice::TimedOut:
      return say("時間が過ぎたため、お支払いを止めました。いま確認していますので、お待ちください");
    case Notice::Checking:
      return say("お支払いの結果を確認しています。そのままお待ちください");
    case Notice::TerminalUnavailable:
      return say("いまカードなどでのお支払いができません。窓口でお支払いください");
    case Notice::NotKnown:
      return say(
          "お支払いの結果を確認できませんでした。書類はまだ印刷しません。係員をお呼びください");
    case Notice::NeverTaken:
      return say(
          "お支払いは行われませんでした（お金は引き落とされていません）。"
          "もう一度お支払いください");
    case Notice::WrongAmountGivenBack:
      return say("金額が合わないため、お支払いを取り消しました。係員をお呼びください");
    case Notice::WrongAmount:
      return say("お支払いの金額が合いません。係員をお呼びください");
    case Notice::Failed:
      break;
  }
  return say("お支払いができませんでした。係員をお呼びください");
}

std::string refund_words(payment::RefundNotice notice) {
  using Notice = payment::RefundNotice;
  switch (notice) {
    case Notice::GivenBack:
      return say("お支払いを取り消しました。お金はお支払いに使ったカードなどに戻ります");
    case Notice::DayAlreadyClosed:
      return say("本日の締めが済んでいるため、ここでは取り消せません。窓口で返金の手続きをします");
    case Notice::Checking:
      return say("取り消しの結果を確認しています。そのままお待ちください");
    case Notice::Unavailable:
      return say("いまは取り消しができません。窓口で返金の手続きをします");
    case Notice::NothingCharged:
      return say("このお支払いは取り消すものがありません");
    case Notice::Failed:
      break;
  }
  return say("取り消しができませんでした。係員をお呼びください");
}

}  // namespace madoguchi::kiosk
