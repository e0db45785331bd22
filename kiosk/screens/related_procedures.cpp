// 一緒にできる手続き: after a procedure's answers are checked, the procedures that usually follow
// it (転入 → 国民健康保険 加入, 児童手当 住所変更 …), chosen by the catalogue's rules from the
// card's birth date and the answers. The resident ticks what they need; the ticked ones are
// answered next, each answer of the visit asked once, and paid and printed together.
#include "screen_parts.hpp"

#include <algorithm>
#include <string>

namespace madoguchi::kiosk::ui::screens {

void related_procedures(Session& session, Ui& ui) {
  float y = heading(ui, ui.tr("一緒にできる手続きがあります"));
  y = notice(ui,
             ui.tr("必要な手続きを選んでください。選んだ手続きも続けてお答えいただき、"
                   "お支払いと印刷は最後にまとめてします。"),
             y + 24.0F);
  const float width = ui.screen().x - 2 * kMargin;
  const auto offers = session.related_offers();
  const forms::Language language = session.view().procedure_language();
  const float bottom = footer_y(ui) - 24.0F;
  const float gap = 24.0F;
  // Each offer as tall as its title and description need, the descriptions left out when
  // they would not all fit.
  bool with_description = true;
  const auto height = [&](const forms::Procedure& procedure) {
    const std::string detail =
        with_description ? std::string(procedure.descriptions.in(language)) : std::string{};
    return std::max(
        ui.button_height(procedure.titles.in(language), width, ButtonStyle::Choice, detail),
        120.0F);
  };
  const auto total = [&] {
    float sum = 0.0F;
    for (const forms::Procedure* offer : offers) sum += height(*offer) + gap;
    return sum;
  };
  y += 30.0F;
  if (y + total() > bottom) with_description = false;
  for (const forms::Procedure* offer : offers) {
    const float h = height(*offer);
    const bool ticked = session.related_ticked(offer->id);
    if (ui.button(
            "related:" + offer->id, offer->titles.in(language), ImVec2(kMargin, y),
            ImVec2(width, h), ticked ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice,
            with_description ? std::string(offer->descriptions.in(language)) : std::string{})) {
      session.tick_related(offer->id);
    }
    y += h + gap;
  }
  if (back_button(ui)) session.back();
  const bool any = std::any_of(offers.begin(), offers.end(), [&](const forms::Procedure* offer) {
    return session.related_ticked(offer->id);
  });
  if (primary_button(ui, "next", ui.tr(any ? say("選んだ手続きへ進む") : say("選ばずに進む")),
                     560.0F)) {
    session.take_related();
  }
}

}  // namespace madoguchi::kiosk::ui::screens
