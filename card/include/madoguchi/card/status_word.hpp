// Status words (SW1 SW2) that end every card answer, and what they mean to the kiosk.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace madoguchi::card {

struct StatusWord {
  std::uint8_t sw1 = 0;
  std::uint8_t sw2 = 0;

  constexpr std::uint16_t value() const { return static_cast<std::uint16_t>(sw1 << 8 | sw2); }
  constexpr bool ok() const { return value() == 0x9000; }
  bool operator==(const StatusWord&) const = default;
};

// The last two bytes of an R-APDU; nullopt when the answer is shorter than 2 bytes.
std::optional<StatusWord> status_word_of(std::span<const std::uint8_t> response);

enum class StatusClass {
  Success,                  // 90 00
  EndOfFileWarning,         // 62 82: fewer bytes than Le because the file ended
  VerifyFailed,             // 63 Cx: PIN wrong (or tries query), x tries left; 63 C0 = now blocked
  VerifyFailedNoCounter,    // 63 00: wrong, key has no retry counter
  WrongLength,              // 67 00, 6C xx
  SecurityNotSatisfied,     // 69 82: e.g. READ BINARY before VERIFY
  AuthenticationBlocked,    // 69 83 / 69 84: PIN blocked
  ConditionsNotSatisfied,   // 69 85, 69 86 (no current EF)
  FileNotFound,             // 6A 82: unknown AID or FID
  WrongParameters,          // 6A 86, 6A 88, 6B 00 (e.g. READ BINARY at or past the end)
  InstructionNotSupported,  // 6D 00
  ClassNotSupported,        // 6E 00
  Other,
};

StatusClass classify(StatusWord sw);

// Tries left carried by 63 Cx (x = 0..15); nullopt for any other status word.
std::optional<int> tries_left(StatusWord sw);

// "6A 82 (file or application not found)": for messages and traces.
std::string describe(StatusWord sw);

}  // namespace madoguchi::card
