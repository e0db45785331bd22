#include "digit_pad.hpp"

namespace madoguchi::kiosk::ui {

DigitPadTap digit_pad(Ui& ui, const DigitPadLayout& layout, const DigitPadKeys& keys) {
  constexpr int kErase = 9;
  constexpr int kAction = 11;
  const char* digits[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", ""};
  DigitPadTap tap;
  for (int i = 0; i < 12; ++i) {
    const ImVec2 pos(layout.origin.x + static_cast<float>(i % 3) * (layout.key.x + layout.gap),
                     layout.origin.y + static_cast<float>(i / 3) * (layout.key.y + layout.gap));
    if (i == kErase) {
      if (ui.button(keys.erase_id, ui.tr("訂正"), pos, layout.key, ButtonStyle::Key)) {
        tap = {DigitPadTap::Key::Erase, '\0'};
      }
    } else if (i == kAction) {
      if (ui.button(keys.action_id, keys.action_label, pos, layout.key, keys.action_style)) {
        tap = {DigitPadTap::Key::Action, '\0'};
      }
    } else {
      std::optional<Ui::Unspoken> secret;
      if (keys.secret_digits) secret.emplace(ui);
      if (ui.button(keys.digit_prefix + digits[i], digits[i], pos, layout.key, ButtonStyle::Key)) {
        tap = {DigitPadTap::Key::Digit, digits[i][0]};
      }
    }
  }
  return tap;
}

}  // namespace madoguchi::kiosk::ui
