// The procedures as residents see them on the welcome screen: under their group, in order.
// Choosing one with unsaved changes in the open one asks first (save, discard, or stay).
#include "studio_panels.hpp"

namespace madoguchi::studio {

void procedure_list(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  say.push_heading();
  ImGui::TextUnformatted(say.heading(w.procedures).c_str());
  ImGui::PopFont();
  int group = -1;
  for (const auto& entry : state.entries) {
    if (static_cast<int>(entry.group) != group) {
      group = static_cast<int>(entry.group);
      ImGui::Spacing();
      ImGui::TextDisabled("%s", say(w.group_names[group]).c_str());
    }
    const bool open = state.open && state.open->procedure().id == entry.id;
    ImGui::PushID(entry.id.c_str());
    if (ImGui::Selectable(say(entry.title).c_str(), open) && !open) {
      if (state.open && state.open->changed()) {
        state.wanted = entry.id;
        ImGui::OpenPopup("unsaved");
      } else {
        open_procedure(state, entry.id);
      }
    }
    ImGui::PopID();
  }
  if (ImGui::BeginPopupModal("unsaved", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted(say(w.unsaved).c_str());
    if (ImGui::Button(say(w.save).c_str())) {
      ImGui::CloseCurrentPopup();
      ask_to_save(state);
    }
    ImGui::SameLine();
    if (ImGui::Button(say(w.discard).c_str())) {
      ImGui::CloseCurrentPopup();
      open_procedure(state, state.wanted);
    }
    ImGui::SameLine();
    if (ImGui::Button(say(w.cancel).c_str())) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace madoguchi::studio
