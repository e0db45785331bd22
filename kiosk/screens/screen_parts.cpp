#include "screen_parts.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::kiosk::ui::screens {

std::string yen(const Ui& ui, int amount) {
  std::string digits = std::to_string(amount);
  std::string out;
  const int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    out.push_back(digits[static_cast<std::size_t>(i)]);
    if ((n - i - 1) % 3 == 0 && i != n - 1) out.push_back(',');
  }
  return ui.tr("{amount}円", {{"amount", out}});
}

std::string with_unit(const Ui& ui, int n, const std::string& unit) {
  const std::string word = ui.tr(unit);
  const bool is_word = !word.empty() && std::isalpha(static_cast<unsigned char>(word[0])) != 0;
  return is_word ? std::to_string(n) : std::to_string(n) + word;
}

float footer_y(const Ui& ui) {
  // With 車いすの方 the footer's buttons are in the band; what else it holds (the fee, the
  // masked password) stays in a row above the reach line. The line, not the band's top: a
  // screen whose targets depend on its room (the check screen's 変更 per row) would move the
  // band, and the band the room, frame after frame.
  if (ui.reach()) return Ui::reach_top() - kFooterButtonHeight - 50.0F;
  return ui.screen().y - kFooterButtonHeight - 50.0F;
}

float words_bottom(const Ui& ui) {
  return ui.reach() ? ui.screen().y - 16.0F : footer_y(ui) - 30.0F;
}

bool back_button(Ui& ui, std::string_view label) {
  return ui.button("back", ui.tr(label), ImVec2(kMargin, footer_y(ui)),
                   ImVec2(320.0F, kFooterButtonHeight), ButtonStyle::Secondary);
}

bool primary_button(Ui& ui, std::string_view id, std::string_view label, float width) {
  return ui.button(id, label, ImVec2(ui.screen().x - kMargin - width, footer_y(ui)),
                   ImVec2(width, kFooterButtonHeight), ButtonStyle::Primary);
}

void open_code_pad(ScreenState& state, Session::CodePad pad) {
  state.code_pad = pad;
  wiping::wipe(state.pad_code);
  state.pad_message.clear();
}

void close_code_pad(ScreenState& state) {
  wiping::wipe(state.pad_code);
  state.code_pad.reset();
  state.pad_message.clear();
}

float heading(Ui& ui, std::string_view text, float y, float width) {
  return y + ui.text(text, TextSize::Heading, ImVec2(kMargin, y), ui.theme().text,
                     width > 0.0F ? width : ui.screen().x - 2 * kMargin);
}

float notice(Ui& ui, std::string_view text, float y, float width) {
  if (text.empty()) return y;
  const auto& t = ui.theme();
  if (width <= 0.0F) width = ui.screen().x - 2 * kMargin;
  const float h = ui.text_height(text, TextSize::Body, width - 60.0F) + 40.0F;
  ui.panel(ImVec2(kMargin, y), ImVec2(kMargin + width, y + h), t.notice_panel, 10.0F);
  ui.rect(ImVec2(kMargin, y), ImVec2(kMargin + 12.0F, y + h), t.notice);
  ui.text(text, TextSize::Body, ImVec2(kMargin + 40.0F, y + 20.0F), t.notice, width - 60.0F);
  return y + h + 30.0F;
}

void spinner(Ui& ui, ImVec2 centre, float radius, double time_seconds) {
  const auto& t = ui.theme();
  ui.draw_list()->AddCircle(centre, radius, IM_COL32(0xD0, 0xD8, 0xE4, 0xFF), 64, 12.0F);
  const float start = static_cast<float>(std::fmod(time_seconds * 4.0, 2.0 * M_PI));
  ui.draw_list()->PathArcTo(centre, radius, start, start + 1.8F, 32);
  ui.draw_list()->PathStroke(t.primary, 0, 12.0F);
}

float busy(Ui& ui, std::string_view title, std::string_view detail, double time_seconds,
           bool with_spinner) {
  const auto& t = ui.theme();
  const float width = ui.screen().x - 2 * kMargin;
  // With 車いすの方 the screen above the band is shorter: the same, higher up and closer.
  const bool short_screen = ui.reach();
  float y = short_screen ? 190.0F : 330.0F;
  y += ui.text_centered(title, TextSize::Heading, y, t.text, width);
  y = std::max(y + 27.0F, short_screen ? 0.0F : 430.0F);
  y += ui.text_centered(detail, TextSize::Body, y, t.muted_text, width);
  if (!with_spinner) return y;
  const float centre = short_screen ? y + 100.0F : std::max(680.0F, y + 110.0F);
  spinner(ui, ImVec2(ui.screen().x * 0.5F, centre), 80.0F, time_seconds);
  return centre + 80.0F;
}

void dim_behind_dialog(Ui& ui) {
  ui.rect(ImVec2(0, kHeaderHeight), ui.screen(), IM_COL32(0x1A, 0x1A, 0x1A, 0xB0));
}

void dialog_card(Ui& ui, ImVec2 min, ImVec2 size) {
  // With 車いすの方 its buttons are in the band: the card ends above it.
  const ImVec2 max(min.x + size.x, std::min(min.y + size.y, ui.screen().y - 10.0F));
  ui.panel(min, max, ui.theme().background, 24.0F);
  ui.frame(min, max, ui.theme().border, 6.0F, 24.0F);
}

}  // namespace madoguchi::kiosk::ui::screens
