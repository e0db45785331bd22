// 印刷できませんでした: print again, collect the form at the counter, or take the payment back.
#include "screen_parts.hpp"

namespace madoguchi::kiosk::ui::screens {

void print_problem(Session& session, Ui& ui) {
  float y = heading(ui, ui.tr("印刷できませんでした"));
  // With 車いすの方 the screen above the band is shorter: the words closer together.
  const float gap = ui.reach() ? 20.0F : 50.0F;
  y = notice(ui, session.notice(), y + gap - 10.0F);
  if (session.paying_at_counter()) {
    ui.text(ui.tr("受付番号：") + session.reception_number(), TextSize::Heading,
            ImVec2(kMargin, y + 20.0F), ui.theme().text);
  } else {
    y += ui.text(ui.tr("お支払いは済んでいます。受付番号：") + session.reception_number(),
                 ui.reach() ? TextSize::Body : TextSize::Heading, ImVec2(kMargin, y + 20.0F),
                 ui.theme().text, ui.screen().x - 2 * kMargin);
    if (session.may_refund()) {
      ui.text(ui.tr("窓口で申請書を受け取るか、お支払いを取り消すことができます。"), TextSize::Body,
              ImVec2(kMargin, y + gap), ui.theme().text, ui.screen().x - 2 * kMargin);
    } else {
      // The printer did not confirm that the form cannot come out any more: no refund here.
      ui.text(
          ui.tr("申請書がプリンターから出てくることがあるため、ここではお支払いを取り消せません。"
                "窓口で受け取ってください。"),
          TextSize::Body, ImVec2(kMargin, y + gap), ui.theme().text, ui.screen().x - 2 * kMargin);
    }
  }
  if (ui.button("counter", ui.tr("窓口で受け取る"), ImVec2(kMargin, footer_y(ui)),
                ImVec2(480.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.collect_at_counter();
  }
  if (session.may_refund() &&
      ui.button("refund", ui.tr("お支払いを取り消す"), ImVec2(kMargin + 520.0F, footer_y(ui)),
                ImVec2(520.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.refund();
  }
  if (primary_button(ui, "retry", ui.tr("もう一度印刷する"))) session.retry();
}

}  // namespace madoguchi::kiosk::ui::screens
