// 窓口へお越しください: the visit goes on at the counter (or the payment was taken back).
#include "screen_parts.hpp"

namespace madoguchi::kiosk::ui::screens {

void counter(Session& session, Ui& ui) {
  float y = heading(ui, session.outcome() == Outcome::Refunded ? ui.tr("お支払いを取り消しました")
                                                               : ui.tr("窓口へお越しください"));
  y = notice(ui, session.notice(), y + 40.0F);
  ui.text(session.outcome() == Outcome::Refunded
              ? ui.tr("カードをお取りください。")
              : ui.tr("カードをお取りになり、番号札をお取りください。"),
          TextSize::Body, ImVec2(kMargin, y), ui.theme().text, ui.screen().x - 2 * kMargin);
  if (primary_button(ui, "finish", ui.tr("最初の画面に戻る"), 600.0F)) session.finish();
}

}  // namespace madoguchi::kiosk::ui::screens
