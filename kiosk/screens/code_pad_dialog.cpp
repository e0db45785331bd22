// The code pads: a volunteer signs in to assist (サポーター番号), or staff open their menu
// (職員番号).
#include "screen_parts.hpp"

#include <string>
#include <utility>

#include "digit_pad.hpp"
#include "madoguchi/kiosk/access_code.hpp"

namespace madoguchi::kiosk::ui::screens {

// The volunteer's code: a keypad like the PIN's, the digits masked; 3 wrong codes lock it.
void code_pad_dialog(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  const Session::CodePad pad = *state.code_pad;
  const bool staff = pad == Session::CodePad::Staff;
  // A staff code is for the welcome screen between visits only.
  if (staff && (session.screen() != Screen::Welcome || session.in_visit())) {
    close_code_pad(state);
    return;
  }
  if (const auto answer = session.take_code_answer()) {
    switch (*answer) {
      case Session::CodeAnswer::Accepted:
        close_code_pad(state);
        return;
      case Session::CodeAnswer::WrongCode:
        state.pad_message = say("番号が違います。もう一度押してください。");
        break;
      case Session::CodeAnswer::Locked:
      case Session::CodeAnswer::NoRoster:
        state.pad_message = say("続けてまちがえたため、しばらく使えません");
        break;
    }
  }
  dim_behind_dialog(ui);
  const float w = 1600.0F, h = 860.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F, kHeaderHeight + 30.0F);
  dialog_card(ui, min, ImVec2(w, h));
  float y = min.y + 40.0F;
  y += ui.text(
      ui.tr(staff ? say("職員番号を押してください") : say("サポーター番号を押してください")),
      TextSize::Heading, ImVec2(min.x + 60.0F, y), t.text, 860.0F);
  y += 10.0F +
       ui.text(ui.tr(staff ? say("市役所の職員が、キオスクを止めるときに使います。")
                           : say("デジタル活用支援員の方が、手続きをお手伝いするときに使います。")),
               TextSize::Body, ImVec2(min.x + 60.0F, y + 10.0F), t.muted_text, 860.0F);
  const bool checking = session.sign_in().checking();
  if (checking || !state.pad_message.empty()) {
    std::string message = ui.tr(checking ? say("番号を確かめています") : state.pad_message);
    if (!checking && session.code_lock_seconds_left(pad) > 0) {
      message = ui.tr("続けてまちがえたため、しばらく使えません（あと{n}分）",
                      {{"n", std::to_string((session.code_lock_seconds_left(pad) + 59) / 60)}});
    }
    y += 20.0F +
         ui.text(message, TextSize::Body, ImVec2(min.x + 60.0F, y + 20.0F), t.notice, 860.0F);
  }
  // The digits typed, as ●.
  const float box = 80.0F;
  const float boxes_y = std::max(y + 30.0F, min.y + 330.0F);
  for (std::size_t i = 0; i < kCodeLongest; ++i) {
    const ImVec2 bmin(min.x + 60.0F + static_cast<float>(i) * (box + 14.0F), boxes_y);
    const ImVec2 bmax(bmin.x + box, bmin.y + box);
    ui.frame(bmin, bmax, t.border, 3.0F, 8.0F);
    if (i < state.pad_code.size()) {
      ui.draw_list()->AddCircleFilled(ImVec2(bmin.x + box * 0.5F, bmin.y + box * 0.5F), 16.0F,
                                      t.text, 24);
    }
  }
  const float key_w = 180.0F, key_h = 120.0F, gap = 20.0F;
  const float pad_x = min.x + w - 60.0F - 3 * key_w - 2 * gap;
  const std::string prefix = staff ? "staff_" : "assist_";
  const DigitPadTap tap = digit_pad(ui, {ImVec2(pad_x, min.y + 40.0F), ImVec2(key_w, key_h), gap},
                                    {prefix + "key:", prefix + "erase", prefix + "submit",
                                     ui.tr("確定"), ButtonStyle::Primary, true});
  switch (checking ? DigitPadTap::Key::None : tap.key) {  // while a code is checked, keys wait
    case DigitPadTap::Key::None:
      break;
    case DigitPadTap::Key::Digit:
      if (state.pad_code.size() < kCodeLongest) state.pad_code.push_back(tap.digit);
      break;
    case DigitPadTap::Key::Erase:
      if (!state.pad_code.empty()) state.pad_code.pop_back();
      break;
    case DigitPadTap::Key::Action:
      state.pad_message.clear();
      session.check_code(pad, std::exchange(state.pad_code, {}));
      break;
  }
  if (ui.button(prefix + "cancel", ui.tr("やめる"), ImVec2(min.x + 60.0F, min.y + h - 160.0F),
                ImVec2(360.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    close_code_pad(state);
  }
}

}  // namespace madoguchi::kiosk::ui::screens
