// The procedure's fee in the studio's right-hand side: per copy, per kind of certificate where
// the fee depends on it (戸籍 450円, 除籍 750円), each an edit of the file's "fee" (undone as any
// other), and when it is free (read-only here).
#include "layout_edit.hpp"
#include "studio_panels.hpp"

namespace madoguchi::studio {

void fee_panel(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  const auto& procedure = state.open->procedure();
  const auto& fee = procedure.fee;
  say.push_heading();
  ImGui::TextUnformatted(say.heading(w.fee).c_str());
  ImGui::PopFont();
  int yen = fee.per_copy_yen;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputInt(say(w.per_copy_yen).c_str(), &yen, 10, 100);
  if (ImGui::IsItemDeactivatedAfterEdit() || (ImGui::IsItemEdited() && !ImGui::IsItemActive())) {
    apply_edit(state, set_member(state.open->text(), "/fee", "per_copy_yen", std::to_string(yen)));
  }
  const auto* question =
      fee.per_copy_question.empty() ? nullptr : procedure.find_question(fee.per_copy_question);
  for (const auto& [choice, amount] : fee.per_copy_by_choice) {
    int by_choice = amount;
    std::string label = choice;
    if (question != nullptr) {
      for (const auto& option : question->choices) {
        if (option.id == choice) label = option.label;
      }
    }
    ImGui::PushID(choice.c_str());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputInt(say(label).c_str(), &by_choice, 10, 100);
    if (ImGui::IsItemDeactivatedAfterEdit() || (ImGui::IsItemEdited() && !ImGui::IsItemActive())) {
      apply_edit(state, set_member(state.open->text(), "/fee/per_copy_by/yen", choice,
                                   std::to_string(by_choice)));
    }
    ImGui::PopID();
  }
  if (!fee.free_cases.empty()) {
    ImGui::TextDisabled("%s", say(w.free_when).c_str());
    for (const auto& free : fee.free_cases) ImGui::TextWrapped("・%s", say(free.reason.ja).c_str());
  }
}

}  // namespace madoguchi::studio
