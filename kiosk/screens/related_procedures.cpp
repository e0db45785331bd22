// 一緒にできる手続き: after a procedure's answers are checked, the procedures that usually follow
// it (転入 → 国民健康保険 加入, 児童手当 住所変更 …), chosen by the catalogue's rules from the
// card's birth date and the answers. The resident ticks what they need; the ticked ones are
// answered next, each answer of the visit asked once, and paid and printed together.
#include "screen_parts.hpp"

#include <algorithm>
#include <string>

namespace madoguchi::kiosk::ui::screens {

void related_procedures(Session& session, Ui& ui) {
  const auto& t = ui.theme();
  float y = heading(ui, ui.tr("一緒にできる手続きがあります"));
  const float width = ui.screen().x - 2 * kMargin;
  y += 16.0F + ui.text(ui.tr("必要な手続きを選んでください。選んだ手続きも続けてお答えいただき、"
                             "お支払いと印刷は最後にまとめてします。"),
                       TextSize::Body, ImVec2(kMargin, y + 16.0F), t.text, width);
  const auto offers = session.related_offers();
  const forms::Language language = session.view().procedure_language();
  const float bottom = footer_y(ui) - 24.0F;
  const float gap = 24.0F;
  y += 24.0F;
  // Each offer as tall as its title and description need; the descriptions left out when they
  // would not all fit, and two columns when even the titles would not.
  bool with_description = true;
  float column_w = width;
  const auto height = [&](const forms::Procedure& procedure) {
    const std::string detail =
        with_description ? std::string(procedure.descriptions.in(language)) : std::string{};
    return std::max(
        ui.button_height(procedure.titles.in(language), column_w, ButtonStyle::Choice, detail),
        120.0F);
  };
  const auto fits = [&](std::size_t columns) {
    float total = 0.0F;
    for (std::size_t i = 0; i < offers.size(); i += columns) {
      float row = 0.0F;
      for (std::size_t j = i; j < std::min(offers.size(), i + columns); ++j) {
        row = std::max(row, height(*offers[j]));
      }
      total += row + gap;
    }
    return total <= bottom - y + gap;
  };
  const Ui::SeveralChoices ticks(ui);  // several may be ticked: boxes, not radio marks
  std::size_t columns = 1;
  if (!fits(1)) with_description = false;
  if (!fits(1)) {
    columns = 2;
    column_w = (width - gap) / 2.0F;
  }
  for (std::size_t i = 0; i < offers.size(); i += columns) {
    float row = 0.0F;
    for (std::size_t j = i; j < std::min(offers.size(), i + columns); ++j) {
      row = std::max(row, height(*offers[j]));
    }
    for (std::size_t j = i; j < std::min(offers.size(), i + columns); ++j) {
      const forms::Procedure& offer = *offers[j];
      const float x = kMargin + static_cast<float>(j - i) * (column_w + gap);
      if (ui.button(
              "related:" + offer.id, offer.titles.in(language), ImVec2(x, y), ImVec2(column_w, row),
              session.related_ticked(offer.id) ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice,
              with_description ? std::string(offer.descriptions.in(language)) : std::string{})) {
        session.tick_related(offer.id);
      }
    }
    y += row + gap;
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
