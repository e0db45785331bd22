// The answers the page is filled with (見本の答え): the sample answers, and for each question
// with choices, a yes/no or a number, the answer staff choose instead — so that they see the
// page, and record golden cases, for both sides of a condition ("その他" with its note, 世帯全員).
// A question the chosen answers leave unasked says so.
#include <algorithm>

#include "studio_panels.hpp"

namespace madoguchi::studio {

void answers_panel(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  if (!ImGui::CollapsingHeader(say(w.answers).c_str())) return;
  const auto& procedure = state.open->procedure();
  const auto answers = page_answers(state);
  const auto asked = forms::questions_to_ask(procedure, answers);
  for (const auto& question : procedure.questions) {
    const bool is_asked = std::any_of(asked.begin(), asked.end(),
                                      [&](const auto* q) { return q->id == question.id; });
    const auto found = answers.find(question.id);
    const std::string current = found == answers.end() ? "" : found->second;
    ImGui::PushID(question.id.c_str());
    ImGui::TextWrapped("%s", say(question.title + (is_asked ? "" : w.not_asked)).c_str());
    ImGui::SetNextItemWidth(-1);
    if (question.kind == forms::QuestionKind::Choice ||
        question.kind == forms::QuestionKind::YesNo) {
      std::string shown = current;
      for (const auto& choice : question.choices) {
        if (choice.id == current) shown = choice.label;
      }
      if (ImGui::BeginCombo("##answer", say(shown).c_str())) {
        for (const auto& choice : question.choices) {
          if (ImGui::Selectable(say(choice.label).c_str(), choice.id == current)) {
            state.chosen_answers[question.id] = choice.id;
            state.preview_stale = true;
          }
        }
        ImGui::EndCombo();
      }
    } else if (question.kind == forms::QuestionKind::Number) {
      int number = std::atoi(current.c_str());
      if (ImGui::InputInt("##answer", &number, 1, 1)) {
        number = std::clamp(number, question.min, question.max);
        state.chosen_answers[question.id] = std::to_string(number);
        state.preview_stale = true;
      }
    } else {
      ImGui::TextDisabled("%s", say(current).c_str());
    }
    ImGui::PopID();
  }
}

}  // namespace madoguchi::studio
