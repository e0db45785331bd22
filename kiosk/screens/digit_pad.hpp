// The digit pad: 3 × 4 keys (1–9, 訂正, 0, 確定), as on the PIN screen and the code pads of
// volunteers and staff. It draws the keys and says which was tapped; what a digit does (the
// PIN goes to the session, a code stays in the dialog until 確定) is the caller's.
#pragma once

#include <string>

#include "widgets.hpp"

namespace madoguchi::kiosk::ui {

// Where the pad sits and how big its keys are.
struct DigitPadLayout {
  ImVec2 origin;  // the top-left corner of the key "1"
  ImVec2 key;     // one key's size
  float gap = 0;  // between keys, across and down
};

// The ids the scenarios and the audit tap the keys by: `digit_prefix` + the digit ("key:4"),
// and the ids of 訂正 and 確定.
struct DigitPadIds {
  std::string digit_prefix;
  std::string erase;
  std::string submit;
};

struct DigitPadTap {
  enum class Key { None, Digit, Erase, Submit };
  Key key = Key::None;
  char digit = 0;  // '0'..'9' when key is Digit
};

// Draws the pad; the key tapped this frame, if any.
DigitPadTap digit_pad(Ui& ui, const DigitPadLayout& layout, const DigitPadIds& ids);

}  // namespace madoguchi::kiosk::ui
