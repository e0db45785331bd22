// まだ続けますか: the resident has not touched the screen for a while.
#include "screen_parts.hpp"

#include <algorithm>
#include <string>

namespace madoguchi::kiosk::ui::screens {

// まだ続けますか: over the screen (which takes no taps meanwhile), with the seconds left. The
// dialog is as high as what it says (文字を大きく and furigana make the sentence longer).
void idle_dialog(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  dim_behind_dialog(ui);
  const float w = 1200.0F;
  const float text_w = w - 120.0F;
  const std::string title = ui.tr("まだ続けますか？");
  const std::string left = std::to_string(session.idle_seconds_left());
  const std::string body =
      ui.tr("あと {n} 秒で、入力した内容を消して、最初の画面に戻ります。", {{"n", left}});
  const float title_h = ui.text_height(title, TextSize::Huge, text_w);
  const float body_h = ui.text_height(body, TextSize::Body, text_w);
  // With 車いすの方 the sentence's own number is the countdown (the big one has no room).
  const float number_h = ui.reach() ? 0.0F : ui.text_height(left, TextSize::Huge, text_w);
  const float button_h = ui.reach() ? 0.0F : 140.0F;  // 車いすの方: 続ける is in the band
  // With 車いすの方 続ける is in the band, and the card closer round its words.
  const float pad = ui.reach() ? 0.5F : 1.0F;
  const float h = pad * 60.0F + title_h + 32.0F + body_h + pad * 40.0F + number_h + 32.0F +
                  button_h + pad * 50.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F,
                   std::max(kHeaderHeight + 20.0F, (ui.screen().y - h) * 0.5F + 40.0F));
  dialog_card(ui, min, ImVec2(w, h));
  float y = min.y + pad * 60.0F;
  ui.text_centered(title, TextSize::Huge, y, t.text, text_w);
  y += title_h + 32.0F;
  ui.text_centered(body, TextSize::Body, y, t.text, text_w);
  y += body_h + pad * 40.0F;
  if (!ui.reach()) ui.text_centered(left, TextSize::Huge, y, t.notice, text_w);
  y += number_h + 32.0F;
  const float button_w = 640.0F;
  if (ui.button("keep_going", ui.tr("続ける"), ImVec2((ui.screen().x - button_w) * 0.5F, y),
                ImVec2(button_w, button_h), ButtonStyle::Primary)) {
    session.keep_going();
  }
}

}  // namespace madoguchi::kiosk::ui::screens
