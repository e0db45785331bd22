// The volunteer's menu while they assist a resident.
#include "screen_parts.hpp"

#include <string>
#include <vector>

namespace madoguchi::kiosk::ui::screens {

// The volunteer's menu: any step of the procedure at one tap (once the resident has confirmed
// the card's details), and the end of assist mode. The PIN is never among the steps.
void assist_menu_dialog(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  dim_behind_dialog(ui);
  const float w = 1700.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F, kHeaderHeight + 20.0F);
  const float h = ui.screen().y - min.y - 20.0F;
  dialog_card(ui, min, ImVec2(w, h));
  ui.text(ui.tr("サポート中：{name}", {{"name", session.sign_in().volunteer().name}}),
          TextSize::Heading, ImVec2(min.x + 60.0F, min.y + 30.0F), t.text, w - 120.0F);
  const float column_w = (w - 180.0F) * 0.5F;
  const float button_h = 96.0F, gap = 16.0F;
  const float top = min.y + 120.0F;
  if (session.may_jump()) {
    struct Step {
      std::string id;
      std::string label;
      bool current;
    };
    std::vector<Step> steps;
    steps.push_back({"jump:identity", ui.tr("カードの内容の確認"),
                     session.screen() == Screen::ConfirmIdentity});
    const auto questions = session.questions();
    const forms::Question* current = session.current_question();
    for (std::size_t i = 0; i < questions.size(); ++i) {
      steps.push_back(
          {"jump:" + questions[i]->id,
           std::to_string(i + 1) + ". " +
               std::string(questions[i]->summary_labels.in(session.view().procedure_language())),
           questions[i] == current});
    }
    steps.push_back(
        {"jump:check", ui.tr("入力内容の確認と支払い"), session.screen() == Screen::CheckAnswers});
    const std::size_t rows = (steps.size() + 1) / 2;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::size_t column = i / rows;
      const std::size_t row = i % rows;
      const ImVec2 pos(min.x + 60.0F + static_cast<float>(column) * (column_w + 60.0F),
                       top + static_cast<float>(row) * (button_h + gap));
      const bool is_check = i + 1 == steps.size();
      if (is_check && !session.may_jump_to_check()) {
        ui.text(ui.tr("まだ答えていない質問があります"), TextSize::Body,
                ImVec2(pos.x, pos.y + 26.0F), t.muted_text, column_w);
        continue;
      }
      if (ui.button(steps[i].id, steps[i].label, pos, ImVec2(column_w, button_h),
                    steps[i].current ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
        if (i == 0) {
          session.jump_to_identity();
        } else if (is_check) {
          session.jump_to_check();
          state.check_page = 0;
        } else {
          session.jump_to_question(i - 1);
          state.typing = TypingState{};
        }
        state.assist_menu = false;
      }
    }
  } else {
    ui.text(ui.tr("カードの内容をご本人が確かめたあと、ここから好きな手順へ移れます。"
                  "暗証番号は、ご本人が押してください。"),
            TextSize::Body, ImVec2(min.x + 60.0F, top), t.text, w - 120.0F);
  }
  const float footer = min.y + h - kFooterButtonHeight - 30.0F;
  if (ui.button("assist_end", ui.tr("サポートを終える"), ImVec2(min.x + 60.0F, footer),
                ImVec2(560.0F, kFooterButtonHeight), ButtonStyle::Secondary)) {
    session.end_assist();
    state.assist_menu = false;
  }
  if (ui.button("assist_close", ui.tr("閉じる"), ImVec2(min.x + w - 60.0F - 440.0F, footer),
                ImVec2(440.0F, kFooterButtonHeight), ButtonStyle::Primary)) {
    state.assist_menu = false;
  }
}

}  // namespace madoguchi::kiosk::ui::screens
