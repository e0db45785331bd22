// While the payment terminal takes the fee.
#include "screen_parts.hpp"

#include <algorithm>
#include <string>

namespace madoguchi::kiosk::ui::screens {

// While the terminal takes the fee: what it accepts and what to do on it.
void paying(Session& session, Ui& ui, double time_seconds) {
  const auto& t = ui.theme();
  const int total = session.visit_fee_yen();
  if (total <= 0 || session.cash_requested()) {
    busy(ui, ui.tr("申請書を準備しています"), ui.tr("しばらくお待ちください"), time_seconds);
    return;
  }
  if (session.cancelling_payment()) {
    busy(ui, ui.tr("お支払いを取りやめています"),
         ui.tr("支払い端末の表示が消えるまでお待ちください"), time_seconds);
    return;
  }
  const float width = ui.screen().x - 2 * kMargin;
  float y = 260.0F;
  y += ui.text_centered(
      ui.tr("右の支払い端末で、{yen}をお支払いください", {{"yen", yen(ui, total)}}),
      TextSize::Heading, y, t.text, width);
  y = std::max(y + 27.0F, 360.0F);
  y += ui.text_centered(ui.tr("カードやスマートフォンを端末にかざすか、差し込んでください"),
                        TextSize::Body, y, t.text, width);
  y = std::max(y + 21.0F, 430.0F);
  y += ui.text_centered(
      ui.tr("使えるもの：クレジットカード、電子マネー（交通系IC・iD・QUICPay）、QRコード決済"),
      TextSize::Body, y, t.muted_text, width);
  spinner(ui, ImVec2(ui.screen().x * 0.5F, std::max(680.0F, y + 110.0F)), 80.0F, time_seconds);
  // Changed one's mind, or no card at hand: the terminal is asked to stop; then 窓口で現金で払う
  // is offered.
  if (back_button(ui, say("やめる"))) session.cancel_payment();
}

}  // namespace madoguchi::kiosk::ui::screens
