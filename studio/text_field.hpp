// A one-line text field whose words live in the procedure file (a fixed text on the paper, a
// question's title in one language): it shows the file's words, and gives the new ones once
// staff leave the field after typing (Enter, Tab, a click elsewhere) — one edit, undone as any
// other. Only the field being typed in keeps its own buffer (StudioState::typing).
#pragma once

#include <optional>
#include <string>

#include "studio_panels.hpp"

namespace madoguchi::studio {

// `key` names the field among all others ("/questions/0/title/en"); `label` is ImGui's.
std::optional<std::string> text_field(StudioState& state, const Glyphs& say, const char* label,
                                      const std::string& key, const std::string& value,
                                      float width);

}  // namespace madoguchi::studio
