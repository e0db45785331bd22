// カードが読み取り機から外れました: the card came off mid-way.
#include "screen_parts.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace madoguchi::kiosk::ui::screens {

// カードを置いてください: the card came off mid-way; the screen stays, waiting for it. The
// dialog grows with its sentences; the picture of the card shrinks when they need its room.
void card_back_dialog(Session& session, Ui& ui, double time_seconds) {
  const auto& t = ui.theme();
  dim_behind_dialog(ui);
  const float w = 1400.0F;
  const float text_w = w - 120.0F;
  const std::string title = ui.tr("カードが読み取り機から外れました");
  const std::string body = ui.tr("続けるには、同じマイナンバーカードをもう一度置いてください。");
  const std::string left = std::to_string(session.card_back_seconds_left());
  const std::string countdown =
      ui.tr("あと {n} 秒で、入力した内容を消して、最初の画面に戻ります。", {{"n", left}});
  const float title_h = ui.text_height(title, TextSize::Heading, text_w);
  const float body_h = ui.text_height(body, TextSize::Body, text_w);
  const float countdown_h = ui.text_height(countdown, TextSize::Body, text_w);
  const float button_h = ui.reach() ? 0.0F : 120.0F;  // 車いすの方: やめる is in the band
  const float words =
      50.0F + title_h + 17.0F + body_h + 30.0F + 30.0F + countdown_h + 30.0F + button_h + 40.0F;
  const float room = ui.screen().y - kHeaderHeight - 40.0F;
  // With 車いすの方 the room above the band may leave none for the picture: then it is left out.
  const float picture_h = std::clamp(room - words, ui.reach() ? 0.0F : 160.0F, 320.0F);
  const bool picture = picture_h >= 120.0F;
  const float h = words + (picture ? picture_h : 0.0F);
  const ImVec2 min((ui.screen().x - w) * 0.5F,
                   kHeaderHeight + std::max(20.0F, std::min(50.0F, (room - h) * 0.5F + 20.0F)));
  dialog_card(ui, min, ImVec2(w, h));
  float y = min.y + 50.0F;
  ui.text_centered(title, TextSize::Heading, y, t.text, text_w);
  y += title_h + 17.0F;
  ui.text_centered(body, TextSize::Body, y, t.text, text_w);
  y += body_h + 30.0F;
  // The card going down onto the reader, as on the first screen.
  const float k = picture_h / 320.0F;
  const float cx = ui.screen().x * 0.5F;
  const float reader_top = y + 250.0F * k;
  auto* dl = ui.draw_list();
  if (picture) {
    dl->AddRectFilled(ImVec2(cx - 200.0F * k, reader_top),
                      ImVec2(cx + 200.0F * k, reader_top + 70.0F * k),
                      IM_COL32(0x33, 0x3A, 0x44, 0xFF), 14.0F * k);
    const float phase = static_cast<float>(std::fmod(time_seconds, 2.4) / 2.4);
    const float lift = 60.0F * k * (1.0F - std::min(phase * 1.6F, 1.0F));
    const ImVec2 card_min(cx - 150.0F * k, reader_top - 190.0F * k - lift);
    const ImVec2 card_max(cx + 150.0F * k, reader_top - 14.0F * k - lift);
    dl->AddRectFilled(card_min, card_max, IM_COL32(0xE9, 0xF1, 0xFB, 0xFF), 12.0F * k);
    dl->AddRect(card_min, card_max, t.border, 12.0F * k, 0, 4.0F);
  }
  y += (picture ? picture_h : 0.0F) + 30.0F;
  ui.text_centered(countdown, TextSize::Body, y, t.text, text_w);
  y += countdown_h + 30.0F;
  // Wide enough for the label on one line (in やさしい日本語 it has furigana).
  const float button_w = 800.0F;
  if (ui.button("give_up_card", ui.tr("やめる（最初の画面に戻る）"),
                ImVec2((ui.screen().x - button_w) * 0.5F, y), ImVec2(button_w, button_h),
                ButtonStyle::Secondary)) {
    session.give_up_waiting_for_card();
  }
}

}  // namespace madoguchi::kiosk::ui::screens
