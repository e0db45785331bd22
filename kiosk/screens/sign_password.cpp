// The 署名用パスワード (6–16 letters and digits): masked as it is typed, the tries left, and a
// large keyboard of the digits and the letters in A–Z order (the password has no other
// characters; a lower-case letter counts as upper-case).
#include "screen_parts.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace madoguchi::kiosk::ui::screens {

namespace {

// The digits with 訂正 after them, then A–M and N–Z: 13 columns, every key at least
// kKeyHeight high, whatever the text above needs.
constexpr std::array<std::string_view, 3> kRows{"1234567890", "ABCDEFGHIJKLM", "NOPQRSTUVWXYZ"};
constexpr std::size_t kColumns = 13;
constexpr float kKeyHeight = 92.0F;
constexpr float kGap = 14.0F;

}  // namespace

void sign_password(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  const float width = ui.screen().x - 2 * kMargin;
  float y = heading(ui, ui.tr("署名用パスワードを入力してください"));
  if (session.notice().empty()) {
    y += ui.text(ui.tr("カードを受け取ったときに決めた、英字と数字で6〜16文字のパスワードです。"
                       "（暗証番号の4けたとは違います）"),
                 TextSize::Body, ImVec2(kMargin, y + 10.0F), t.text, width) +
         10.0F;
  }
  if (session.sign_in().assisting()) {  // the password is the resident's alone
    y += 10.0F + ui.text(ui.tr("パスワードは、ご本人が押してください。サポーターの方は、画面から"
                               "目を離してください。"),
                         TextSize::Body, ImVec2(kMargin, y + 10.0F), t.notice, width);
  }
  notice(ui, session.notice(), y + 20.0F);

  // From the footer up: the keys, and above them the tries left.
  const float key_w = (width - static_cast<float>(kColumns - 1) * kGap) / kColumns;
  const float keys_top = footer_y(ui) - 30.0F - 3 * kKeyHeight - 2 * kGap;
  // With 車いすの方 the keys and the footer's buttons are in the band: the masked box is what is
  // left of the footer, the whole width above the band.
  const float box_top = footer_y(ui);
  const float reach_box_w = 860.0F;  // 車いすの方: the box on the left, the tries left beside it
  if (session.sign_tries_left() >= 0) {
    const std::string tries =
        ui.tr("まちがえられる回数：あと{n}回", {{"n", std::to_string(session.sign_tries_left())}});
    const float tall = ui.text_height(tries, TextSize::Body, width);
    if (ui.reach()) {
      const float beside = kMargin + reach_box_w + 40.0F;
      ui.text(tries, TextSize::Body, ImVec2(beside, box_top + 20.0F), t.text,
              ui.screen().x - kMargin - beside);
    } else {
      ui.text(tries, TextSize::Body, ImVec2(kMargin, keys_top - 16.0F - tall), t.text, width);
    }
  }

  // What is typed, masked, in the footer between やめる and 署名する: one dot per character and
  // how many of the 16.
  const float box_left = ui.reach() ? kMargin : kMargin + 320.0F + 40.0F;
  const float box_right =
      ui.reach() ? kMargin + reach_box_w : ui.screen().x - kMargin - 560.0F - 40.0F;
  const ImVec2 box_min(box_left, box_top);
  const ImVec2 box_max(box_right, box_top + kFooterButtonHeight);
  ui.rect(box_min, box_max, t.panel, 12.0F);
  ui.frame(box_min, box_max, t.border, 4.0F, 12.0F);
  const std::string count = std::to_string(session.password_length()) + "/16";
  const ImVec2 count_size = ui.measure(count, TextSize::Body);
  const float dots_room = box_right - box_left - count_size.x - 60.0F;
  const float step = std::min(36.0F, dots_room / 16.0F);
  for (std::size_t i = 0; i < session.password_length(); ++i) {
    ui.draw_list()->AddCircleFilled(ImVec2(box_left + 30.0F + static_cast<float>(i) * step,
                                           box_min.y + kFooterButtonHeight * 0.5F),
                                    std::min(12.0F, step * 0.35F), t.text, 24);
  }
  ui.text(count, TextSize::Body,
          ImVec2(box_right - 20.0F - count_size.x,
                 box_min.y + (kFooterButtonHeight - count_size.y) * 0.5F),
          t.text);

  for (std::size_t row = 0; row < kRows.size(); ++row) {
    const Ui::Unspoken secret_keys(ui);  // the keys' labels are never said
    for (std::size_t col = 0; col < kRows[row].size(); ++col) {
      const char key = kRows[row][col];
      const std::string label(1, key);
      const ImVec2 pos(kMargin + static_cast<float>(col) * (key_w + kGap),
                       keys_top + static_cast<float>(row) * (kKeyHeight + kGap));
      if (ui.button("key:" + label, label, pos, ImVec2(key_w, kKeyHeight), ButtonStyle::Key)) {
        session.press_password_key(key);
      }
    }
  }
  // 訂正 in the three columns after the digits.
  const float erase_x = kMargin + 10 * (key_w + kGap);
  if (ui.button("erase", ui.tr("訂正"), ImVec2(erase_x, keys_top),
                ImVec2(kMargin + width - erase_x, kKeyHeight), ButtonStyle::Key)) {
    session.erase_password_key();
  }
  if (back_button(ui, say("やめる"))) session.back();
  if (primary_button(ui, "submit_password", ui.tr("署名する"))) session.submit_password();
}

}  // namespace madoguchi::kiosk::ui::screens
