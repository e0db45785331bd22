#include "madoguchi/payment/payment_terminal.hpp"

#include "enum_names.hpp"

namespace madoguchi::payment {
namespace {

constexpr EnumNames<PaymentMethod, 4> kMethodNames{{{PaymentMethod::Any, "Any"},
                                                    {PaymentMethod::CreditCard, "CreditCard"},
                                                    {PaymentMethod::EMoney, "EMoney"},
                                                    {PaymentMethod::QrCode, "QrCode"}}};

constexpr EnumNames<ReversalReason, 3> kReversalReasonNames{
    {{ReversalReason::CustomerCancel, "CustomerCancel"},
     {ReversalReason::MerchantCancel, "MerchantCancel"},
     {ReversalReason::Malfunction, "Malfunction"}}};

}  // namespace

std::string plain_japanese(const PaymentResult& result) {
  switch (result.outcome) {
    case PaymentOutcome::Approved:
      return "お支払いが完了しました";
    case PaymentOutcome::Declined:
      if (result.decline_reason == DeclineReason::InsufficientBalance) {
        return "残高が足りませんでした。別のお支払い方法をお選びください";
      }
      return "カードが使えませんでした。別のお支払い方法をお選びください";
    case PaymentOutcome::Cancelled:
      return "お支払いを取りやめました";
    case PaymentOutcome::Timeout:
      return "時間が過ぎたため、お支払いを止めました。いま確認していますので、お待ちください";
    case PaymentOutcome::Unknown:
      return "お支払いの結果を確認しています。そのままお待ちください";
    case PaymentOutcome::TerminalUnavailable:
      return "いまカードなどでのお支払いができません。窓口でお支払いください";
    case PaymentOutcome::Error:
      break;
  }
  return "お支払いができませんでした。係員をお呼びください";
}

std::string plain_japanese(const ReversalResult& result) {
  switch (result.outcome) {
    case ReversalOutcome::Reversed:
    case ReversalOutcome::AlreadyReversed:
      return "お支払いを取り消しました。お金はお支払いに使ったカードなどに戻ります";
    case ReversalOutcome::NotAllowed:
      if (result.reason == "PeriodClosed") {
        return "本日の締めが済んでいるため、ここでは取り消せません。窓口で返金の手続きをします";
      }
      break;
    case ReversalOutcome::Unknown:
      return "取り消しの結果を確認しています。そのままお待ちください";
    case ReversalOutcome::TerminalUnavailable:
      return "いまは取り消しができません。窓口で返金の手続きをします";
    case ReversalOutcome::NotFound:
    case ReversalOutcome::Error:
      break;
  }
  return "取り消しができませんでした。係員をお呼びください";
}

bool settled(const PaymentResult& result) {
  return result.outcome != PaymentOutcome::Unknown && result.outcome != PaymentOutcome::Timeout;
}

std::string_view to_string(PaymentOutcome outcome) {
  switch (outcome) {
    case PaymentOutcome::Approved:
      return "Approved";
    case PaymentOutcome::Declined:
      return "Declined";
    case PaymentOutcome::Cancelled:
      return "Cancelled";
    case PaymentOutcome::Timeout:
      return "Timeout";
    case PaymentOutcome::Unknown:
      return "Unknown";
    case PaymentOutcome::TerminalUnavailable:
      return "TerminalUnavailable";
    case PaymentOutcome::Error:
      break;
  }
  return "Error";
}

std::string_view method_label(PaymentMethod method) {
  switch (method) {
    case PaymentMethod::CreditCard:
      return "クレジットカード";
    case PaymentMethod::EMoney:
      return "電子マネー";
    case PaymentMethod::QrCode:
      return "QRコード決済";
    case PaymentMethod::Any:
      break;
  }
  return "カード等";
}

std::string_view to_string(ReversalOutcome outcome) {
  switch (outcome) {
    case ReversalOutcome::Reversed:
      return "Reversed";
    case ReversalOutcome::AlreadyReversed:
      return "AlreadyReversed";
    case ReversalOutcome::NotFound:
      return "NotFound";
    case ReversalOutcome::NotAllowed:
      return "NotAllowed";
    case ReversalOutcome::Unknown:
      return "Unknown";
    case ReversalOutcome::TerminalUnavailable:
      return "TerminalUnavailable";
    case ReversalOutcome::Error:
      break;
  }
  return "Error";
}

std::string_view to_string(ReversalReason reason) {
  return name_of(kReversalReasonNames, reason).value_or("CustomerCancel");
}

ReversalReason reversal_reason_from_string(std::string_view name) {
  return value_of(kReversalReasonNames, name).value_or(ReversalReason::CustomerCancel);
}

std::string_view to_string(PaymentMethod method) {
  return name_of(kMethodNames, method).value_or("Any");
}

PaymentMethod method_from_string(std::string_view name) {
  return value_of(kMethodNames, name).value_or(PaymentMethod::Any);
}

}  // namespace madoguchi::payment
