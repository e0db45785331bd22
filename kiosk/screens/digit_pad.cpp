#include "digit_pad.hpp"

namespace madoguchi::kiosk::ui {

DigitPadTap digit_pad(Ui& ui, const DigitPadLayout& layout, const DigitPadIds& ids) {
  const char* keys[12] = {"1", "2", "3", "4",         "5", "6",
                          "7", "8", "9", say("訂正"), "0", say("確定")};
  DigitPadTap tap;
  for (int i = 0; i < 12; ++i) {
    const ImVec2 pos(layout.origin.x + static_cast<float>(i % 3) * (layout.key.x + layout.gap),
                     layout.origin.y + static_cast<float>(i / 3) * (layout.key.y + layout.gap));
    const std::string label = keys[i];
    const bool erase = i == 9;
    const bool submit = i == 11;
    const std::string id = erase ? ids.erase : submit ? ids.submit : ids.digit_prefix + label;
    if (ui.button(id, erase || submit ? ui.tr(label) : label, pos, layout.key,
                  submit ? ButtonStyle::Primary : ButtonStyle::Key)) {
      tap.key = erase    ? DigitPadTap::Key::Erase
                : submit ? DigitPadTap::Key::Submit
                         : DigitPadTap::Key::Digit;
      tap.digit = erase || submit ? '\0' : label[0];
    }
  }
  return tap;
}

}  // namespace madoguchi::kiosk::ui
