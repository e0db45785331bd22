#include "madoguchi/card/status_word.hpp"

#include <cstdio>

namespace madoguchi::card {

std::optional<StatusWord> status_word_of(std::span<const std::uint8_t> response) {
  if (response.size() < 2) return std::nullopt;
  return StatusWord{response[response.size() - 2], response[response.size() - 1]};
}

StatusClass classify(StatusWord sw) {
  switch (sw.value()) {
    case 0x9000:
      return StatusClass::Success;
    case 0x6282:
      return StatusClass::EndOfFileWarning;
    case 0x6300:
      return StatusClass::VerifyFailedNoCounter;
    case 0x6700:
      return StatusClass::WrongLength;
    case 0x6982:
      return StatusClass::SecurityNotSatisfied;
    case 0x6983:
    case 0x6984:
      return StatusClass::AuthenticationBlocked;
    case 0x6985:
    case 0x6986:
      return StatusClass::ConditionsNotSatisfied;
    case 0x6A82:
      return StatusClass::FileNotFound;
    case 0x6A86:
    case 0x6A88:
    case 0x6B00:
      return StatusClass::WrongParameters;
    case 0x6D00:
      return StatusClass::InstructionNotSupported;
    case 0x6E00:
      return StatusClass::ClassNotSupported;
    default:
      break;
  }
  if (sw.sw1 == 0x63 && (sw.sw2 & 0xF0) == 0xC0) return StatusClass::VerifyFailed;
  if (sw.sw1 == 0x6C) return StatusClass::WrongLength;
  return StatusClass::Other;
}

std::optional<int> tries_left(StatusWord sw) {
  if (sw.sw1 == 0x63 && (sw.sw2 & 0xF0) == 0xC0) return sw.sw2 & 0x0F;
  return std::nullopt;
}

std::string describe(StatusWord sw) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "%02X %02X", sw.sw1, sw.sw2);
  std::string text = hex;
  switch (classify(sw)) {
    case StatusClass::Success:
      return text + " (ok)";
    case StatusClass::EndOfFileWarning:
      return text + " (end of file reached)";
    case StatusClass::VerifyFailed:
      return text + " (verification failed, " + std::to_string(*tries_left(sw)) + " tries left)";
    case StatusClass::VerifyFailedNoCounter:
      return text + " (verification failed)";
    case StatusClass::WrongLength:
      return text + " (wrong length)";
    case StatusClass::SecurityNotSatisfied:
      return text + " (security status not satisfied)";
    case StatusClass::AuthenticationBlocked:
      return text + " (PIN blocked)";
    case StatusClass::ConditionsNotSatisfied:
      return text + " (conditions of use not satisfied)";
    case StatusClass::FileNotFound:
      return text + " (file or application not found)";
    case StatusClass::WrongParameters:
      return text + " (wrong parameters or offset)";
    case StatusClass::InstructionNotSupported:
      return text + " (instruction not supported)";
    case StatusClass::ClassNotSupported:
      return text + " (class not supported)";
    case StatusClass::Other:
      break;
  }
  return text;
}

}  // namespace madoguchi::card
