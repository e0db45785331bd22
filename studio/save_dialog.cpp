// Saving: what changes, line by line (removed in red, added in green), then 保存する; or, when
// the check fails, what to fix, and no way to save. Enter saves, Escape goes back.
#include <SDL.h>

#include "studio_panels.hpp"

namespace madoguchi::studio {

void save_dialog(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  if (state.save_dialog && !ImGui::IsPopupOpen("save")) ImGui::OpenPopup("save");
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowSize({display.x * 0.7F, display.y * 0.6F}, ImGuiCond_Appearing);
  ImGui::SetNextWindowPos({display.x * 0.5F, display.y * 0.5F}, ImGuiCond_Appearing, {0.5F, 0.5F});
  if (!ImGui::BeginPopupModal("save", nullptr, ImGuiWindowFlags_NoTitleBar)) return;
  say.push_heading();
  ImGui::TextUnformatted(say.heading(w.save_title).c_str());
  ImGui::PopFont();
  ImGui::TextUnformatted(say(state.open ? state.open->file().string() : "").c_str());
  const float buttons = ImGui::GetFrameHeightWithSpacing() * 2;
  ImGui::BeginChild("diff", {0, -buttons}, true, ImGuiWindowFlags_HorizontalScrollbar);
  if (state.diff.empty()) ImGui::TextUnformatted(say(w.no_changes).c_str());
  for (const auto& line : state.diff) {
    switch (line.kind) {
      case DiffLine::Kind::Skipped:
        ImGui::TextDisabled("…");
        break;
      case DiffLine::Kind::Same:
        ImGui::TextDisabled("%5d   %s", line.line, say(line.text).c_str());
        break;
      case DiffLine::Kind::Removed:
        ImGui::TextColored({0.75F, 0.0F, 0.0F, 1.0F}, "%5d - %s", line.line,
                           say(line.text).c_str());
        break;
      case DiffLine::Kind::Added:
        ImGui::TextColored({0.0F, 0.5F, 0.0F, 1.0F}, "%5d + %s", line.line, say(line.text).c_str());
        break;
    }
  }
  ImGui::EndChild();
  const bool can_save = state.save_findings.empty() && !state.diff.empty();
  if (!state.save_findings.empty()) {
    ImGui::TextColored({0.75F, 0.0F, 0.0F, 1.0F}, "%s", say(w.not_saved).c_str());
    for (const auto& finding : state.save_findings) {
      ImGui::TextWrapped("%s", say(finding).c_str());
    }
  }
  ImGui::BeginDisabled(!can_save);
  const bool enter =
      ImGui::IsKeyPressed(SDL_SCANCODE_RETURN) || ImGui::IsKeyPressed(SDL_SCANCODE_KP_ENTER);
  if (ImGui::Button(say(w.save_confirm).c_str()) || (can_save && enter)) save_now(state);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(say(w.cancel).c_str()) || ImGui::IsKeyPressed(SDL_SCANCODE_ESCAPE)) {
    state.save_dialog = false;
  }
  if (!state.save_dialog) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace madoguchi::studio
