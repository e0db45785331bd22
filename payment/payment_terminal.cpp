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
