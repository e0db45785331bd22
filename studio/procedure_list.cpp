// The procedures as residents see them on the welcome screen: under their group, in order, to
// be dragged into another order within the group. Below them: a new procedure made from one of
// them, and retiring the open one. Choosing another procedure with unsaved changes in the open
// one asks first (save, discard, or stay).
#include <algorithm>
#include <cstring>

#include "catalog_edit.hpp"
#include "studio_panels.hpp"

namespace madoguchi::studio {

namespace {

constexpr const char* kDragged = "procedure";

// Moves `moved` to where `onto` is within their group, and writes the group's new order.
void reorder(StudioState& state, const std::string& moved, const std::string& onto) {
  auto find = [&](const std::string& id) {
    return std::find_if(state.entries.begin(), state.entries.end(),
                        [&](const auto& e) { return e.id == id; });
  };
  const auto from = find(moved);
  const auto to = find(onto);
  if (from == state.entries.end() || to == state.entries.end() || from->group != to->group) return;
  if (state.open && state.open->changed()) {
    state.status = state.words->save_first;
    state.status_is_problem = true;
    return;
  }
  std::vector<std::string> ids;
  for (const auto& entry : state.entries) {
    if (entry.group == from->group && entry.id != moved) ids.push_back(entry.id);
  }
  const auto at = std::find(ids.begin(), ids.end(), onto);
  ids.insert(from < to ? std::next(at) : at, moved);
  if (auto written = reorder_procedures(state.catalog, ids); !written) {
    state.status = written.error();
    state.status_is_problem = true;
    return;
  }
  const std::string open = state.open ? state.open->procedure().id : "";
  reload_entries(state);
  if (!open.empty()) open_procedure(state, open);  // its file has its new order
}

void new_procedure_dialog(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  auto& form = state.new_procedure;
  if (!ImGui::BeginPopupModal("new procedure", nullptr,
                              ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar))
    return;
  say.push_heading();
  ImGui::TextUnformatted(say.heading(w.new_procedure).c_str());
  ImGui::PopFont();
  form.from = std::clamp(form.from, 0, static_cast<int>(state.entries.size()) - 1);
  ImGui::SetNextItemWidth(420);
  if (ImGui::BeginCombo(say(w.based_on).c_str(),
                        say(state.entries[static_cast<std::size_t>(form.from)].title).c_str())) {
    for (std::size_t i = 0; i < state.entries.size(); ++i) {
      if (ImGui::Selectable(say(state.entries[i].title).c_str(),
                            static_cast<int>(i) == form.from)) {
        form.from = static_cast<int>(i);
      }
    }
    ImGui::EndCombo();
  }
  say(form.title_ja.data());
  say(form.title_en.data());
  ImGui::SetNextItemWidth(420);
  ImGui::InputText(say(w.id_label).c_str(), form.id.data(), form.id.size());
  ImGui::SetNextItemWidth(420);
  ImGui::InputText(say(w.title_ja).c_str(), form.title_ja.data(), form.title_ja.size());
  ImGui::SetNextItemWidth(420);
  ImGui::InputText(say(w.title_en).c_str(), form.title_en.data(), form.title_en.size());
  if (!form.problem.empty()) {
    ImGui::PushTextWrapPos(700);
    ImGui::TextColored({0.75F, 0.0F, 0.0F, 1.0F}, "%s", say(form.problem).c_str());
    ImGui::PopTextWrapPos();
  }
  if (ImGui::Button(say(w.create).c_str())) {
    const NewProcedure wanted{form.id.data(), form.title_ja.data(), form.title_en.data(),
                              state.entries[static_cast<std::size_t>(form.from)].id};
    const auto added = add_procedure(state.catalog, wanted);
    if (added) {
      reload_entries(state);
      open_procedure(state, wanted.id);
      form = {};
      ImGui::CloseCurrentPopup();
    } else {
      form.problem = added.error();
    }
  }
  ImGui::SameLine();
  if (ImGui::Button(say(w.cancel).c_str())) {
    form.problem.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void retire_dialog(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  if (!ImGui::BeginPopupModal("retire", nullptr,
                              ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar))
    return;
  if (state.open) ImGui::TextUnformatted(say(state.open->procedure().title).c_str());
  ImGui::PushTextWrapPos(600);
  ImGui::TextWrapped("%s", say(w.retire_confirm).c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::Button(say(w.retire).c_str()) && state.open) {
    const auto retired = retire_procedure(state.catalog, state.open->procedure().id);
    state.status = retired ? retired->string() : retired.error();
    state.status_is_problem = !retired;
    if (retired) {
      state.open.reset();
      reload_entries(state);
      if (!state.entries.empty()) open_procedure(state, state.entries.front().id);
    }
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(say(w.cancel).c_str())) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void procedure_list(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  say.push_heading();
  ImGui::TextUnformatted(say.heading(w.procedures).c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s", say(w.drag_to_reorder).c_str());
  int group = -1;
  std::string moved, onto;
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
    if (ImGui::BeginDragDropSource()) {
      ImGui::SetDragDropPayload(kDragged, entry.id.c_str(), entry.id.size() + 1);
      ImGui::TextUnformatted(say(entry.title).c_str());
      ImGui::EndDragDropSource();
    }
    if (ImGui::BeginDragDropTarget()) {
      if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload(kDragged)) {
        moved = static_cast<const char*>(payload->Data);
        onto = entry.id;
      }
      ImGui::EndDragDropTarget();
    }
    ImGui::PopID();
  }
  if (!moved.empty()) reorder(state, moved, onto);

  ImGui::Spacing();
  ImGui::Separator();
  if (ImGui::Button(say(w.new_procedure).c_str())) {
    state.new_procedure = {};
    if (state.open) {
      for (std::size_t i = 0; i < state.entries.size(); ++i) {
        if (state.entries[i].id == state.open->procedure().id)
          state.new_procedure.from = static_cast<int>(i);
      }
    }
    ImGui::OpenPopup("new procedure");
  }
  if (ImGui::Button(say(w.retire).c_str()) && state.open) ImGui::OpenPopup("retire");
  new_procedure_dialog(state, say);
  retire_dialog(state, say);

  if (ImGui::BeginPopupModal("unsaved", nullptr,
                             ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar)) {
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
