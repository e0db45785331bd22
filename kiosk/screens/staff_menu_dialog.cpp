// The staff menu: stop the kiosk.
#include "screen_parts.hpp"

#include <string>

namespace madoguchi::kiosk::ui::screens {

// The staff menu, after a right staff code on the welcome screen: stop the kiosk, or go back.
void staff_menu_dialog(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  dim_behind_dialog(ui);
  const float w = 1200.0F;
  const float text_w = w - 120.0F;
  const std::string title =
      ui.tr("職員メニュー（{name}）", {{"name", session.sign_in().staff().name}});
  const std::string detail = ui.tr("終了すると、キオスクが止まります。画面は元に戻りません。");
  const float h = 40.0F + ui.text_height(title, TextSize::Heading, text_w) + 20.0F +
                  ui.text_height(detail, TextSize::Body, text_w) + 60.0F + kFooterButtonHeight +
                  50.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F, kHeaderHeight + 60.0F);
  dialog_card(ui, min, ImVec2(w, h));
  float y = min.y + 40.0F;
  y += ui.text(title, TextSize::Heading, ImVec2(min.x + 60.0F, y), t.text, text_w);
  y += 20.0F;
  y += ui.text(detail, TextSize::Body, ImVec2(min.x + 60.0F, y), t.muted_text, text_w);
  const float footer = min.y + h - 50.0F - kFooterButtonHeight;
  if (ui.button("staff_back", ui.tr("戻る"), ImVec2(min.x + 60.0F, footer),
                ImVec2(360.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.close_staff_menu();
  }
  if (ui.button("staff_stop", ui.tr("終了"), ImVec2(min.x + w - 60.0F - 360.0F, footer),
                ImVec2(360.0F, kFooterButtonHeight), ButtonStyle::Primary)) {
    session.stop_kiosk();
  }
}

}  // namespace madoguchi::kiosk::ui::screens
