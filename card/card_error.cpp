#include "madoguchi/card/card_error.hpp"

namespace madoguchi::card {

std::string_view to_string(CardErrorKind kind) {
  switch (kind) {
    case CardErrorKind::NoReaderService:
      return "NoReaderService";
    case CardErrorKind::NoReader:
      return "NoReader";
    case CardErrorKind::NoCard:
      return "NoCard";
    case CardErrorKind::NotMyNumberCard:
      return "NotMyNumberCard";
    case CardErrorKind::CardRemoved:
      return "CardRemoved";
    case CardErrorKind::PinWrong:
      return "PinWrong";
    case CardErrorKind::PinBlocked:
      return "PinBlocked";
    case CardErrorKind::PinLastTry:
      return "PinLastTry";
    case CardErrorKind::AccessDenied:
      return "AccessDenied";
    case CardErrorKind::MalformedData:
      return "MalformedData";
    case CardErrorKind::UnexpectedStatus:
      return "UnexpectedStatus";
    case CardErrorKind::Timeout:
      return "Timeout";
    case CardErrorKind::Transport:
      return "Transport";
  }
  return "Unknown";
}

std::string describe(const CardError& error) {
  std::string text(to_string(error.kind));
  if (!error.message.empty()) text += ": " + error.message;
  if (error.tries_left >= 0) text += " (tries left: " + std::to_string(error.tries_left) + ")";
  return text;
}

}  // namespace madoguchi::card
