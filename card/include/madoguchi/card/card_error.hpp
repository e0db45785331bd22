// Why a card operation failed. Every public card function returns these as values
// (std::expected<T, CardError>); no exception leaves the module.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::card {

enum class CardErrorKind {
  NoReaderService,   // pcscd is not running (or stopped while we used it)
  NoReader,          // no reader connected, or the named reader is gone
  NoCard,            // no card on the reader (or the card does not answer)
  NotMyNumberCard,   // a card is there but has no 券面事項入力補助AP
  CardRemoved,       // the card left the reader during an operation
  PinWrong,          // wrong PIN (tries_left says how many remain), or a PIN that is not 4 digits
  PinBlocked,        // no tries left: only the municipal office can unblock it
  PinLastTry,        // one try left: the kiosk refuses to spend it (nothing was sent)
  AccessDenied,      // the card refused to read: PIN not verified in this session (69 82)
  MalformedData,     // the card's answer does not have the documented layout
  UnexpectedStatus,  // the card answered a status word we do not expect here
  Timeout,           // a wait ended without the awaited event (also: cancelled)
  Transport,         // any other PC/SC failure (reader busy, driver error, session ended)
};

struct CardError {
  CardErrorKind kind;
  std::string message;  // for staff and logs; never contains a PIN or a 個人番号
  int tries_left = -1;  // PIN tries remaining when known (PinWrong, PinLastTry, PinBlocked)
};

// "NoReaderService", "PinWrong", ...
std::string_view to_string(CardErrorKind kind);

// "PinWrong: wrong PIN, 2 tries left" style, for logs.
std::string describe(const CardError& error);

}  // namespace madoguchi::card
