// 個人番号（マイナンバー）の欄: for a procedure whose form has the 個人番号's cells
// (needs_my_number), asked once after the card's details. It says plainly why the number is
// wanted and where it goes, and offers two big choices: read it from the card (printed in the
// form's cells), or write it at the counter (the cells stay empty). While the card is read a
// spinner shows; a card that does not give it is said in the notice, and only 窓口で書く is left.
// No digit of the number is ever drawn here.
#include <algorithm>

#include "screen_parts.hpp"

namespace madoguchi::kiosk::ui::screens {

void my_number_consent(Session& session, Ui& ui, double time_seconds) {
  const auto& t = ui.theme();
  const float width = ui.screen().x - 2 * kMargin;
  float y = heading(ui, ui.tr("申請書の個人番号（マイナンバー）の欄"));
  y += 20.0F;
  const bool failed = session.my_number_read_failed();
  if (!failed) {  // once the card did not give it, the notice says what happens instead
    y += ui.text(ui.tr("この申請書には、あなたの個人番号（マイナンバー）を書く欄があります。"
                       "カードから読み取って印刷します。読み取った番号は申請書と市役所への送信に"
                       "だけ使い、この機械には残しません。"),
                 TextSize::Body, ImVec2(kMargin, y), t.text, width);
    y += 30.0F;
  }
  if (session.my_number_choice() == Session::MyNumberChoice::Reading) {
    y += ui.text_centered(ui.tr("個人番号を読み取っています"), TextSize::Heading, y + 20.0F, t.text,
                          width);
    spinner(ui, ImVec2(ui.screen().x * 0.5F, std::min(y + 170.0F, footer_y(ui) - 100.0F)), 70.0F,
            time_seconds);
    return;  // no button while the card is read (戻る too: the answer is on its way)
  }
  y = notice(ui, session.notice(), y);
  const std::string read_label = ui.tr("カードから読み取る");
  const std::string read_detail = ui.tr("申請書の個人番号の欄に印刷します");
  const std::string counter_label = ui.tr("窓口で書く");
  const std::string counter_detail =
      ui.tr("個人番号の欄は空けて印刷します。窓口で職員と一緒に書いてください");
  const float space = footer_y(ui) - 30.0F - y;
  constexpr float kGap = 30.0F;
  // The labels' height at a width, the taller of the two choices.
  const auto needed = [&](float w) {
    return std::max(ui.button_height(read_label, w, ButtonStyle::Choice, read_detail),
                    ui.button_height(counter_label, w, ButtonStyle::Choice, counter_detail));
  };
  if (failed) {
    const float height = std::max(needed(width), std::min(space, 240.0F));
    if (ui.button("my_number:counter", counter_label, ImVec2(kMargin, y), ImVec2(width, height),
                  ButtonStyle::Choice, counter_detail)) {
      session.write_my_number_at_counter();
    }
  } else {
    // One above the other, each at least 200 high; side by side where that does not fit
    // (larger text, furigana).
    const bool stacked = 2 * std::max(needed(width), 200.0F) + kGap <= space;
    const float w = stacked ? width : (width - kGap) / 2.0F;
    const float height =
        std::max(needed(w), std::min(stacked ? (space - kGap) / 2.0F : space, 240.0F));
    const ImVec2 second =
        stacked ? ImVec2(kMargin, y + height + kGap) : ImVec2(kMargin + w + kGap, y);
    if (ui.button("my_number:read", read_label, ImVec2(kMargin, y), ImVec2(w, height),
                  ButtonStyle::Choice, read_detail)) {
      session.read_my_number();
    }
    if (ui.button("my_number:counter", counter_label, second, ImVec2(w, height),
                  ButtonStyle::Choice, counter_detail)) {
      session.write_my_number_at_counter();
    }
  }
  if (back_button(ui)) session.back();
}

}  // namespace madoguchi::kiosk::ui::screens
