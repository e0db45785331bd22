// マイナンバーカードを読み取り機に置いてください: the reader, with the card coming down onto it.
#include "screen_parts.hpp"

#include <algorithm>
#include <cmath>

namespace madoguchi::kiosk::ui::screens {

void place_card(Session& session, Ui& ui, double time_seconds) {
  const auto& t = ui.theme();
  float y = heading(ui, ui.tr("マイナンバーカードを読み取り機に置いてください"));
  y = notice(ui, session.notice(), y + 20.0F);
  // With 車いすの方 the screen above the band is too short for the picture under the words: the
  // words take the left half and the picture the right.
  const bool beside = ui.reach();
  y += 10.0F + ui.text(ui.tr("カードは、読み取りが終わるまで置いたままにしてください。"),
                       TextSize::Body, ImVec2(kMargin, y + 10.0F), t.muted_text,
                       beside ? ui.screen().x * 0.5F - kMargin : ui.screen().x - 2 * kMargin);
  // The reader with the card coming down onto it, on a slow loop, under the words (lower, and
  // the card's drop shorter, when they are long).
  const float cx = ui.screen().x * (beside ? 0.75F : 0.5F);
  const float reader_top = beside ? ui.screen().y - 130.0F
                                  : std::clamp(y + 20.0F + 370.0F, 720.0F, footer_y(ui) - 140.0F);
  const float drop = std::clamp(
      reader_top - 270.0F - (beside ? header_height() + 10.0F : y + 20.0F), 0.0F, 100.0F);
  auto* dl = ui.draw_list();
  dl->AddRectFilled(ImVec2(cx - 260.0F, reader_top), ImVec2(cx + 260.0F, reader_top + 110.0F),
                    IM_COL32(0x33, 0x3A, 0x44, 0xFF), 18.0F);
  dl->AddRectFilled(ImVec2(cx - 200.0F, reader_top - 18.0F), ImVec2(cx + 200.0F, reader_top),
                    IM_COL32(0x55, 0x5E, 0x6A, 0xFF), 8.0F);
  const std::string reader = ui.tr("読み取り機");
  const float reader_w = std::min(480.0F, ui.measure(reader, TextSize::Body).x);
  ui.text(reader, TextSize::Body, ImVec2(cx - reader_w * 0.5F, reader_top + 30.0F),
          IM_COL32(0xFF, 0xFF, 0xFF, 0xFF), 480.0F);
  const float phase = static_cast<float>(std::fmod(time_seconds, 2.4) / 2.4);
  const float lift = drop * (1.0F - std::min(phase * 1.6F, 1.0F));
  const ImVec2 card_min(cx - 215.0F, reader_top - 270.0F - lift);
  const ImVec2 card_max(cx + 215.0F, reader_top - 20.0F - lift);
  ui.panel(card_min, card_max, IM_COL32(0xE9, 0xF1, 0xFB, 0xFF), 16.0F);
  dl->AddRect(card_min, card_max, t.border, 16.0F, 0, 4.0F);
  dl->AddRectFilled(ImVec2(card_min.x + 24.0F, card_min.y + 40.0F),
                    ImVec2(card_min.x + 120.0F, card_min.y + 170.0F),
                    IM_COL32(0xB8, 0xC7, 0xDA, 0xFF), 6.0F);
  // The card is light in both themes: its words are dark (the theme's text is white on black
  // in the high-contrast screen, 1.1:1 on the card).
  ui.text(ui.tr("個人番号カード"), TextSize::Body, ImVec2(card_min.x + 140.0F, card_min.y + 36.0F),
          Theme{}.text, card_max.x - 20.0F - (card_min.x + 140.0F));
  if (back_button(ui, say("やめる"))) session.back();
}

}  // namespace madoguchi::kiosk::ui::screens
