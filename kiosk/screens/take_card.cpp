// カードとお控えをお取りください: the reception number, and what to do with the printed form.
#include "screen_parts.hpp"

#include <algorithm>

namespace madoguchi::kiosk::ui::screens {

void take_card(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  // With 車いすの方 the screen above the band is shorter: the same, closer together.
  const bool tall = !ui.reach();
  float y = tall ? 220.0F : 160.0F;
  y += ui.text_centered(ui.tr("カードとお控えをお取りください"), TextSize::Huge, y, t.success,
                        ui.screen().x - 2 * kMargin);
  y = std::max(y + 20.0F, tall ? 400.0F : 0.0F);
  // Every application of the payment's number (a bundle: 転入届, 国民健康保険 …), as on the slip.
  std::string numbers;
  for (const std::string& number : session.reception_numbers()) {
    numbers += (numbers.empty() ? "" : "　") + number;
  }
  if (tall) {
    y += ui.text_centered(ui.tr("受付番号"), TextSize::Heading, y, t.text, ui.screen().x);
    y = std::max(y + 7.0F, 480.0F);
    y += ui.text_centered(numbers, TextSize::Huge, y, t.text, ui.screen().x - 2 * kMargin);
  } else {  // on one line
    y += ui.text_centered(ui.tr("受付番号") + "　" + numbers, TextSize::Huge, y, t.text,
                          ui.screen().x - 2 * kMargin);
  }
  y = std::max(y + (tall ? 52.0F : 20.0F), tall ? 640.0F : 0.0F);
  y += ui.text_centered(ui.tr(session.hand_in_instruction()), TextSize::Body, y, t.text,
                        ui.screen().x - 2 * kMargin - 200.0F);
  if (session.paying_at_counter()) {
    ui.text_centered(ui.tr("手数料 {yen} は、窓口で現金でお支払いください。",
                           {{"yen", yen(ui, session.visit_fee_yen())}}),
                     TextSize::Heading, y + 20.0F, t.notice, ui.screen().x - 2 * kMargin);
  }
  if (primary_button(ui, "finish", ui.tr("終わる"), 440.0F)) session.finish();
  // Another procedure for the same resident, without reading the card again.
  if (ui.button("another", ui.tr("続けてほかの手続きをする"), ImVec2(kMargin, footer_y(ui)),
                ImVec2(720.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.another_procedure();
  }
}

}  // namespace madoguchi::kiosk::ui::screens
