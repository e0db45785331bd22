// The digit pad: 3 × 4 keys (1–9, 訂正, 0, and one key for what the pad is for), on the PIN
// screen, the code pads of volunteers and staff, and the keyboards of postal codes, phone
// numbers and dates. It draws the keys and says which was tapped; what a key does (the PIN goes
// to the session, a code stays in the dialog until 確定, a digit joins an answer) is the
// caller's.
#pragma once

#include <optional>
#include <string>

#include "widgets.hpp"

namespace madoguchi::kiosk::ui {

// Where the pad sits and how big its keys are.
struct DigitPadLayout {
  ImVec2 origin;  // the top-left corner of the key "1"
  ImVec2 key;     // one key's size
  float gap = 0;  // between keys, across and down
};

// The ids the scenarios and the audit tap the keys by, and the key right of 0.
struct DigitPadKeys {
  std::string digit_prefix;  // + the digit: a digit key's id ("key:4")
  std::string erase_id;      // 訂正, left of 0
  std::string action_id;     // right of 0: 確定 on the PIN and code pads; 全部消す, －, 元
  std::string action_label;  // as shown (translated by the caller where it is a word)
  ButtonStyle action_style = ButtonStyle::Key;
  // The PIN and the codes: the digit keys' labels are never spoken (Ui::Unspoken).
  bool secret_digits = false;
};

struct DigitPadTap {
  enum class Key { None, Digit, Erase, Action };
  Key key = Key::None;
  char digit = 0;  // '0'..'9' when key is Digit
};

// Draws the pad; the key tapped this frame, if any.
DigitPadTap digit_pad(Ui& ui, const DigitPadLayout& layout, const DigitPadKeys& keys);

}  // namespace madoguchi::kiosk::ui
