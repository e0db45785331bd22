// The town settings dialog (町の設定…): office.json's values as fields, the check's verdict
// under them, the lines that change, and 保存する once it passes.
#include "studio_panels.hpp"

namespace madoguchi::studio {

void town_settings_dialog(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  auto& form = state.town;
  if (!ImGui::BeginPopupModal("town", nullptr,
                              ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar))
    return;
  say.push_heading();
  ImGui::TextUnformatted(say.heading(w.town).c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s", say(form.file.string()).c_str());
  bool changed = false;
  say(form.town_name.data());
  say(form.addressee.data());
  ImGui::SetNextItemWidth(360);
  changed |=
      ImGui::InputText(say(w.town_name).c_str(), form.town_name.data(), form.town_name.size());
  ImGui::SetNextItemWidth(360);
  changed |=
      ImGui::InputText(say(w.addressee).c_str(), form.addressee.data(), form.addressee.size());
  const char* papers[] = {"A6", "80 mm", "A4"};
  ImGui::SetNextItemWidth(360);
  changed |= ImGui::Combo(say(w.slip_paper).c_str(), &form.slip_paper, papers, 3);
  ImGui::SetNextItemWidth(200);
  changed |= ImGui::InputInt(say(w.quiet_seconds).c_str(), &form.quiet, 10);
  ImGui::SetNextItemWidth(200);
  changed |= ImGui::InputInt(say(w.countdown).c_str(), &form.countdown, 5);
  ImGui::SetNextItemWidth(200);
  changed |= ImGui::InputInt(say(w.card_back).c_str(), &form.card_back, 5);
  if (changed) check_town_settings(state);
  if (!form.problem.empty()) {
    ImGui::PushTextWrapPos(720);
    ImGui::TextColored({0.75F, 0.0F, 0.0F, 1.0F}, "%s", say(form.problem).c_str());
    ImGui::PopTextWrapPos();
  }
  const auto diff = line_diff(form.saved, form.text, 1);
  for (const auto& line : diff) {
    if (line.kind == DiffLine::Kind::Removed) {
      ImGui::TextColored({0.75F, 0.0F, 0.0F, 1.0F}, "- %s", say(line.text).c_str());
    } else if (line.kind == DiffLine::Kind::Added) {
      ImGui::TextColored({0.0F, 0.5F, 0.0F, 1.0F}, "+ %s", say(line.text).c_str());
    }
  }
  ImGui::BeginDisabled(!form.problem.empty() || diff.empty());
  if (ImGui::Button(say(w.save_confirm).c_str()) && save_town_settings(state)) {
    state.status = std::string(w.saved) + ": " + form.file.string();
    state.status_is_problem = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(say(w.cancel).c_str())) {
    read_town_settings(state, form.file);  // the edits are dropped
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace madoguchi::studio
