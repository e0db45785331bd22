// The studio window's parts, one file each: the procedure list (procedure_list.cpp), the paper
// with its boxes (paper_view.cpp), the kiosk's screens (screen_texts.cpp, screens_panel.cpp),
// the selected box and the page's notes (box_inspector.cpp),
// the save dialog with what changes (save_dialog.cpp), and office.json (town_settings_dialog.cpp).
// Each lays itself out with Dear ImGui inside the window the app opened for it.
#pragma once

#include <string>
#include <string_view>

#include <imgui.h>

#include "screens/glyph_atlas.hpp"
#include "studio_state.hpp"

namespace madoguchi::studio {

// Strings as the atlas can draw them: each is noted (its characters baked before the next
// frame) and made displayable (𠮷 and other characters beyond the BMP).
class Glyphs {
 public:
  explicit Glyphs(kiosk::ui::GlyphAtlas& atlas) : atlas_(atlas) {}
  std::string operator()(std::string_view text) const;
  // For a heading: noted at the heading size; draw it inside push_heading / ImGui::PopFont.
  std::string heading(std::string_view text) const;
  void push_heading() const;
  // The small font of the box names on the paper.
  ImFont* label_font() const;

 private:
  kiosk::ui::GlyphAtlas& atlas_;
};

// The page on screen: the texture the app made of the preview's pixels.
struct PageOnScreen {
  ImTextureID texture = nullptr;
  int width = 0;  // pixels of the texture
  int height = 0;
};

void procedure_list(StudioState& state, const Glyphs& say);
void paper_view(StudioState& state, const Glyphs& say, const PageOnScreen& page);
void screen_texts(StudioState& state, const Glyphs& say);
void screens_panel(StudioState& state, const Glyphs& say);
void box_inspector(StudioState& state, const Glyphs& say);
void fee_panel(StudioState& state, const Glyphs& say);
void answers_panel(StudioState& state, const Glyphs& say);
void save_dialog(StudioState& state, const Glyphs& say);
void town_settings_dialog(StudioState& state, const Glyphs& say);
// Ctrl+Z, Ctrl+Y (Ctrl+Shift+Z), Ctrl+S, and the arrow keys for the selected box.
void keyboard_shortcuts(StudioState& state);

}  // namespace madoguchi::studio
