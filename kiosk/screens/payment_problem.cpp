// お支払いができませんでした: pay again, or at the counter in cash.
#include "screen_parts.hpp"

namespace madoguchi::kiosk::ui::screens {

void payment_problem(Session& session, Ui& ui) {
  float y = heading(ui, ui.tr("お支払いができませんでした"));
  y = notice(ui, session.notice(), y + 40.0F);
  ui.text(ui.tr("お金は引き落とされていません。別の方法でお支払いいただくか、窓口で現金でお支払い"
                "ください。"),
          TextSize::Body, ImVec2(kMargin, y), ui.theme().text, ui.screen().x - 2 * kMargin);
  // The fallback: the application is printed with a slip the counter settles in cash.
  if (ui.button("pay_at_counter", ui.tr("窓口で現金で払う"), ImVec2(kMargin + 360.0F, footer_y(ui)),
                ImVec2(560.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.pay_at_counter();
  }
  if (back_button(ui)) session.back();
  if (primary_button(ui, "retry", ui.tr("もう一度支払う"))) session.retry();
}

}  // namespace madoguchi::kiosk::ui::screens
