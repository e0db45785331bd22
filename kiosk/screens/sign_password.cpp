// The 署名用パスワード (6–16 letters and digits): masked as it is typed, the tries left, and a
// large keyboard of the digits and the letters in A–Z order (the password has no other
// characters; a lower-case letter counts as upper-case).
#include "screen_parts.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace madoguchi::kiosk::ui::screens {

namespace {

constexpr std::array<std::string_view, 4> kRows{"1234567890", "ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ"};

}  // namespace

void sign_password(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  const float width = ui.screen().x - 2 * kMargin;
  float y = heading(ui, ui.tr("署名用パスワードを入力してください"));
  if (session.notice().empty()) {
    y += ui.text(ui.tr("カードを受け取ったときに決めた、英字と数字で6〜16文字のパスワードです。"
                       "（暗証番号の4けたとは違います）"),
                 TextSize::Body, ImVec2(kMargin, y + 10.0F), t.muted_text, width) +
         10.0F;
  }
  if (session.sign_in().assisting()) {  // the password is the resident's alone
    y += 10.0F + ui.text(ui.tr("パスワードは、ご本人が押してください。サポーターの方は、画面から"
                               "目を離してください。"),
                         TextSize::Body, ImVec2(kMargin, y + 10.0F), t.notice, width);
  }
  y = notice(ui, session.notice(), y + 20.0F);

  // What is typed, masked: one dot per character, and how many of the 16 there are.
  const float box_h = 100.0F;
  const ImVec2 box_min(kMargin, y + 10.0F);
  const ImVec2 box_max(kMargin + width * 0.6F, box_min.y + box_h);
  ui.rect(box_min, box_max, t.panel, 12.0F);
  ui.frame(box_min, box_max, t.border, 4.0F, 12.0F);
  for (std::size_t i = 0; i < session.password_length(); ++i) {
    ui.draw_list()->AddCircleFilled(
        ImVec2(box_min.x + 40.0F + static_cast<float>(i) * 44.0F, box_min.y + box_h * 0.5F), 14.0F,
        t.text, 24);
  }
  const std::string count = std::to_string(session.password_length()) + "/16";
  ui.text(count, TextSize::Body, ImVec2(box_max.x + 24.0F, box_min.y + 28.0F), t.muted_text);
  if (session.sign_tries_left() >= 0) {
    ui.text(
        ui.tr("まちがえられる回数：あと{n}回", {{"n", std::to_string(session.sign_tries_left())}}),
        TextSize::Body, ImVec2(box_max.x + 160.0F, box_min.y + 28.0F), t.text,
        kMargin + width - box_max.x - 160.0F);
  }

  // The keys: 10 per row, as large as the room between the box and the footer allows.
  const float keys_top = box_max.y + 30.0F;
  const float gap = 14.0F;
  const float key_w = (width - 9 * gap) / 10.0F;
  const float key_h = std::min(
      110.0F, (footer_y(ui) - 30.0F - keys_top - 3 * gap) / static_cast<float>(kRows.size()));
  for (std::size_t row = 0; row < kRows.size(); ++row) {
    for (std::size_t col = 0; col < kRows[row].size(); ++col) {
      const char key = kRows[row][col];
      const std::string label(1, key);
      const ImVec2 pos(kMargin + static_cast<float>(col) * (key_w + gap),
                       keys_top + static_cast<float>(row) * (key_h + gap));
      if (ui.button("key:" + label, label, pos, ImVec2(key_w, key_h), ButtonStyle::Key)) {
        session.press_password_key(key);
      }
    }
  }
  // 訂正 takes the rest of the last row.
  const float last_row_y = keys_top + 3 * (key_h + gap);
  const float erase_x = kMargin + 6 * (key_w + gap);
  if (ui.button("erase", ui.tr("訂正"), ImVec2(erase_x, last_row_y),
                ImVec2(kMargin + width - erase_x, key_h), ButtonStyle::Key)) {
    session.erase_password_key();
  }
  if (back_button(ui, say("やめる"))) session.back();
  if (primary_button(ui, "submit_password", ui.tr("署名する"))) session.submit_password();
}

}  // namespace madoguchi::kiosk::ui::screens
