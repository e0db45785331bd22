// 言語・見やすさ: the language, 文字を大きく and the high-contrast screen.
#include "screen_parts.hpp"

#include <algorithm>
#include <string>

namespace madoguchi::kiosk::ui::screens {

// The languages as big buttons, each in its own language, over the screen.
void view_options_dialog(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  dim_behind_dialog(ui);
  const auto& languages = session.view().translations().languages();
  const float w = 1500.0F, gap = 26.0F;
  const float column_w = (w - 180.0F) * 0.5F;
  // As high as the longest option needs (in やさしい日本語 they have furigana).
  float button_h = 120.0F;
  for (const std::string& option :
       {ui.tr("文字を大きくする"), ui.tr("画面を見やすくする（白黒）")}) {
    button_h = std::max(button_h, ui.button_height(option, column_w, ButtonStyle::Choice));
  }
  const float rows = static_cast<float>(std::max<std::size_t>(languages.size(), 3));
  const float h = 130.0F + rows * (button_h + gap) + 170.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F, kHeaderHeight + 40.0F);
  dialog_card(ui, min, ImVec2(w, h));
  ui.text_centered("Language・言語・見やすさ", TextSize::Heading, min.y + 36.0F, t.text,
                   ui.screen().x);
  // Left: the languages, each in its own language.
  for (std::size_t i = 0; i < languages.size(); ++i) {
    const ImVec2 pos(min.x + 60.0F, min.y + 130.0F + static_cast<float>(i) * (button_h + gap));
    if (ui.button(
            "language:" + languages[i].code, languages[i].name, pos, ImVec2(column_w, button_h),
            i == session.view().language() ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
      session.view().set_language(i);
    }
  }
  // Right: bigger text and the high-contrast screen, each one tap to turn on or off.
  const float right_x = min.x + 120.0F + column_w;
  if (ui.button("large_text", ui.tr("文字を大きくする"), ImVec2(right_x, min.y + 130.0F),
                ImVec2(column_w, button_h),
                session.view().large_text() ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
    session.view().toggle_large_text();
  }
  if (ui.button(
          "high_contrast", ui.tr("画面を見やすくする（白黒）"),
          ImVec2(right_x, min.y + 130.0F + button_h + gap), ImVec2(column_w, button_h),
          session.view().high_contrast() ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
    session.view().toggle_high_contrast();
  }
  const float close_w = 520.0F;
  if (ui.button("close_options", ui.tr("閉じる"),
                ImVec2((ui.screen().x - close_w) * 0.5F, min.y + h - 150.0F),
                ImVec2(close_w, 120.0F), ButtonStyle::Primary)) {
    state.choosing_language = false;
  }
}

}  // namespace madoguchi::kiosk::ui::screens
