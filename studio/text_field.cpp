#include "text_field.hpp"

#include <cstdio>

namespace madoguchi::studio {

std::optional<std::string> text_field(StudioState& state, const Glyphs& say, const char* label,
                                      const std::string& key, const std::string& value,
                                      float width) {
  const bool typing_here = state.typing_in == key;
  std::array<char, 512> shown{};
  char* buffer = typing_here ? state.typing.data() : shown.data();
  if (!typing_here) std::snprintf(shown.data(), shown.size(), "%s", value.c_str());
  say(buffer);  // what is typed is drawn from the next frame
  ImGui::SetNextItemWidth(width);
  ImGui::InputText(label, buffer, shown.size());
  if (ImGui::IsItemActivated()) {
    state.typing_in = key;
    std::snprintf(state.typing.data(), state.typing.size(), "%s", value.c_str());
  }
  if (ImGui::IsItemDeactivatedAfterEdit() && typing_here) {
    state.typing_in.clear();
    return std::string(state.typing.data());
  }
  if (ImGui::IsItemDeactivated() && typing_here) state.typing_in.clear();
  return std::nullopt;
}

}  // namespace madoguchi::studio
