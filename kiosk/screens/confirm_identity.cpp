// カードから読み取った内容です: the four facts read from the card, for the resident to confirm.
#include "screen_parts.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "madoguchi/text/japanese_date.hpp"

namespace madoguchi::kiosk::ui::screens {

namespace {

std::string birth_date_text(const std::string& yyyymmdd) {
  const auto date = text::parse_yyyymmdd(yyyymmdd);
  if (!date) return yyyymmdd;
  const auto wareki = text::to_wareki(*date);
  const auto seireki = text::to_seireki(*date);
  if (!wareki) return seireki;
  return *wareki + "（" + seireki + "）";
}

}  // namespace

void confirm_identity(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  const auto& id = session.identity();
  // With 音声案内 the card's details are not read out (anyone near may hear): the name is, when
  // the resident asks for it, on the right of the heading.
  const bool voice = session.view().voice();
  const float read_w = 440.0F;
  float y =
      heading(ui, ui.tr("カードから読み取った内容です。正しいですか？"), kHeaderHeight + 60.0F,
              voice ? ui.screen().x - 2 * kMargin - read_w - 40.0F : 0.0F);
  y += 30.0F;
  if (voice) {
    if (ui.button("read_name", ui.tr("お名前を読み上げる"),
                  ImVec2(ui.screen().x - kMargin - read_w, kHeaderHeight + 30.0F),
                  ImVec2(read_w, 100.0F), ButtonStyle::Secondary)) {
      state.read_name = true;
    }
    if (state.read_name) ui.say(ui.tr("お名前は{name}です", {{"name", id.name}}));
    y = std::max(y, kHeaderHeight + 160.0F);
  }
  const std::pair<std::string_view, std::string> rows[] = {
      {say("氏名"), id.name},
      {say("住所"), id.address},
      {say("生年月日"), birth_date_text(id.birth_date)},
      {say("性別"), forms::sex_label(id.sex)},
  };
  const float label_w = 260.0F;
  const float value_w = ui.screen().x - 2 * kMargin - label_w - 40.0F;
  // With 車いすの方 (the room above the band is short) the birth date and the sex share a row,
  // each in half of it.
  const bool paired = ui.reach();
  const float half = (ui.screen().x - 2 * kMargin) * 0.5F;
  struct Row {
    std::string label;
    std::string value;
    TextSize size = TextSize::Heading;
    float x = kMargin;  // where the row starts
    float value_w = 0.0F;
  };
  std::vector<Row> shown;
  for (const auto& [label, value] : rows) {
    shown.push_back({ui.tr(label), value, TextSize::Heading, kMargin, value_w});
  }
  if (paired) {
    shown[2].value_w = half - label_w - 20.0F;
    shown[3].value_w = half - label_w - 20.0F;
    shown[3].x = kMargin + half;
  }
  // A label wraps in its column (English, 文字を大きく); a row is as high as its longer side.
  const auto row_height = [&](const Row& r) {
    return std::max({ui.text_height(r.value, r.size, r.value_w),
                     ui.text_height(r.label, TextSize::Body, label_w - 30.0F) + 14.0F, 70.0F}) +
           24.0F;
  };
  const auto total = [&] {
    float h = 0.0F;
    for (const Row& r : shown) h += row_height(r);
    if (paired) h -= std::min(row_height(shown[2]), row_height(shown[3]));
    return h;
  };
  // Rows too long for the screen above the footer (an address of a hundred characters, a name
  // as long as the card can hold): the address, then the name, in body text, then both cut
  // to the lines there is room for, ending in "…".
  const float available = words_bottom(ui) - y;
  if (total() > available) shown[1].size = TextSize::Body;
  if (total() > available) shown[0].size = TextSize::Body;
  if (ui.reach() && total() > available) {  // 車いすの方: the room above the band is short
    shown[2].size = TextSize::Body;
    shown[3].size = TextSize::Body;
  }
  if (total() > available) {
    const float last_rows = paired ? std::max(row_height(shown[2]), row_height(shown[3]))
                                   : row_height(shown[2]) + row_height(shown[3]);
    const float each = (available - last_rows) / 2.0F - 24.0F;
    const float line = ui.text_height("あ", TextSize::Body, value_w);
    const auto lines = static_cast<std::size_t>(std::max(1.0F, std::floor(each / line)));
    for (Row* r : {&shown[0], &shown[1]}) {
      r->value = ui.cut_to_lines(r->value, TextSize::Body, value_w, lines);
    }
  }
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const Row& r = shown[i];
    float h = row_height(r);
    if (paired && i >= 2) {
      h = std::max(row_height(shown[2]), row_height(shown[3]));
      if (i == 3) y -= h;  // beside the birth date, and the line under both once
    }
    ui.text(r.label, TextSize::Body, ImVec2(r.x + 20.0F, y + 14.0F), t.muted_text, label_w - 30.0F);
    {
      const Ui::Unspoken personal(ui);
      ui.text(r.value, r.size, ImVec2(r.x + label_w, y), t.text, r.value_w);
    }
    y += h;
    ui.rect(ImVec2(kMargin, y - 12.0F), ImVec2(ui.screen().x - kMargin, y - 10.0F),
            IM_COL32(0xB0, 0xB8, 0xC4, 0xFF));
  }
  if (ui.button("wrong_identity", ui.tr("ちがう（係員に相談）"),
                ImVec2(kMargin + 360.0F, footer_y(ui)), ImVec2(600.0F, kFooterButtonHeight),
                ButtonStyle::Secondary)) {
    session.go_to_counter(
        say("カードの内容と違う場合は、窓口で確認します。係員にお声がけください。"));
  }
  if (back_button(ui, say("やめる"))) session.back();
  if (primary_button(ui, "confirm", ui.tr("はい、正しいです"))) session.confirm_identity();
}

}  // namespace madoguchi::kiosk::ui::screens
