// The keys a spreadsheet user expects: Ctrl+Z, Ctrl+Y (or Ctrl+Shift+Z), Ctrl+S; and the arrow
// keys nudge the selected box 0.5 mm (5 mm with Shift), Escape lets go of it. Not while a
// field is being typed in.
#include <SDL.h>

#include "arrange.hpp"
#include "studio_panels.hpp"

namespace madoguchi::studio {

void keyboard_shortcuts(StudioState& state) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || state.save_dialog || !state.open) return;
  if (io.KeyCtrl) {
    if (ImGui::IsKeyPressed(SDL_SCANCODE_Z, false) && !io.KeyShift) undo(state);
    if (ImGui::IsKeyPressed(SDL_SCANCODE_Y, false) ||
        (ImGui::IsKeyPressed(SDL_SCANCODE_Z, false) && io.KeyShift)) {
      redo(state);
    }
    if (ImGui::IsKeyPressed(SDL_SCANCODE_S, false)) ask_to_save(state);
    return;
  }
  if (state.selected.empty()) return;
  if (ImGui::IsKeyPressed(SDL_SCANCODE_ESCAPE, false)) {
    clear_selection(state);
    return;
  }
  const double step = io.KeyShift ? 5.0 : 0.5;
  double dx = 0, dy = 0;
  if (ImGui::IsKeyPressed(SDL_SCANCODE_LEFT)) dx -= step;
  if (ImGui::IsKeyPressed(SDL_SCANCODE_RIGHT)) dx += step;
  if (ImGui::IsKeyPressed(SDL_SCANCODE_UP)) dy -= step;
  if (ImGui::IsKeyPressed(SDL_SCANCODE_DOWN)) dy += step;
  if (dx != 0 || dy != 0) {
    apply_edit(state, move_items(state.open->text(), selected_boxes(state), dx, dy));
  }
}

}  // namespace madoguchi::studio
