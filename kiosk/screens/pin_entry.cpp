// The card's PIN (券面事項入力補助用, four digits): the digits masked, the tries left, the keypad.
#include "screen_parts.hpp"

#include <algorithm>
#include <string>

#include "digit_pad.hpp"

namespace madoguchi::kiosk::ui::screens {

void pin_entry(Session& session, Ui& ui, ScreenState& /*state*/) {
  const auto& t = ui.theme();
  // The keypad: 3 × 4 keys of 190 × 140 px on the right; the words stay in the column left of
  // it (a long heading or notice used to run on under the keys).
  const float key_w = 190.0F;
  const float key_h = 140.0F;
  const float gap = 24.0F;
  const float pad_x = ui.screen().x - kMargin - 3 * key_w - 2 * gap;
  const float pad_y = kHeaderHeight + 50.0F;
  // With 車いすの方 the keys are in the band, and the words have the width.
  const float column = ui.reach() ? ui.screen().x - 2 * kMargin : pad_x - 60.0F - kMargin;
  float y =
      heading(ui, ui.tr("暗証番号（数字4けた）を押してください"), kHeaderHeight + 60.0F, column);
  // What the PIN is, or what was wrong with the last one: the column has room for one of them
  // (the wrong-PIN notice says how many tries are left).
  if (session.notice().empty()) {
    y += ui.text(ui.tr("カードを受け取ったときに決めた「券面事項入力補助用」の暗証番号です。"),
                 TextSize::Body, ImVec2(kMargin, y + 10.0F), t.muted_text, column) +
         10.0F;
  }
  if (session.sign_in().assisting()) {  // the volunteer looks away: the PIN is the resident's alone
    y += 20.0F + ui.text(ui.tr("暗証番号は、ご本人が押してください。サポーターの方は、画面から"
                               "目を離してください。"),
                         TextSize::Body, ImVec2(kMargin, y + 20.0F), t.notice, column);
  }
  y = notice(ui, session.notice(), y + 30.0F, column);

  // The entered digits, masked.
  const float box = 120.0F;
  const float boxes_y = std::max(y + 10.0F, ui.reach() ? 0.0F : 470.0F);
  for (std::size_t i = 0; i < Session::kPinDigits; ++i) {
    const ImVec2 min(kMargin + static_cast<float>(i) * (box + 30.0F), boxes_y);
    const ImVec2 max(min.x + box, min.y + box);
    ui.rect(min, max, t.panel, 12.0F);
    ui.frame(min, max, t.border, 4.0F, 12.0F);
    if (i < session.pin_length()) {
      ui.draw_list()->AddCircleFilled(ImVec2(min.x + box * 0.5F, min.y + box * 0.5F), 22.0F, t.text,
                                      32);
    }
  }
  if (session.pin_length() > 0) {
    ui.say(ui.tr("{n}けた入力しました", {{"n", std::to_string(session.pin_length())}}));
  }
  if (session.tries_left() >= 0) {
    // Under the boxes, or beside them when the column is too short for that.
    const std::string tries =
        ui.tr("まちがえられる回数：あと{n}回", {{"n", std::to_string(session.tries_left())}});
    const float below = boxes_y + box + 30.0F;
    if (below + ui.text_height(tries, TextSize::Body, column) <= footer_y(ui) - 20.0F) {
      ui.text(tries, TextSize::Body, ImVec2(kMargin, below), t.text, column);
    } else {
      const float beside = kMargin + Session::kPinDigits * (box + 30.0F) + 10.0F;
      ui.text(tries, TextSize::Body, ImVec2(beside, boxes_y), t.text, kMargin + column - beside);
    }
  }
  // In the footer, beside やめる: the column above keeps its room for the notice.
  if (ui.button("forgot_pin", ui.tr("暗証番号を忘れた"),
                ImVec2(kMargin + 320.0F + 40.0F, footer_y(ui)),
                ImVec2(pad_x - 40.0F - 480.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.go_to_counter(
        say("暗証番号を忘れた場合は、窓口で本人確認のうえ、再設定できます。"
            "マイナンバーカードをお持ちになって窓口へお越しください。"));
  }

  const DigitPadTap tap =
      digit_pad(ui, {ImVec2(pad_x, pad_y), ImVec2(key_w, key_h), gap},
                {"key:", "erase", "submit_pin", ui.tr("確定"), ButtonStyle::Primary, true});
  switch (tap.key) {
    case DigitPadTap::Key::None:
      break;
    case DigitPadTap::Key::Digit:
      session.press_digit(tap.digit);
      break;
    case DigitPadTap::Key::Erase:
      session.erase_digit();
      break;
    case DigitPadTap::Key::Action:
      session.submit_pin();
      break;
  }
  if (back_button(ui, say("やめる"))) session.back();
}

}  // namespace madoguchi::kiosk::ui::screens
