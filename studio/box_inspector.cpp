// The right-hand side: the sample resident, the page, the selected box in numbers (position,
// size, text size, a fixed text's words), the page's printing notes and the check's findings.
// A finding about a box selects it when clicked.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <variant>

#include "arrange.hpp"
#include "finding_words.hpp"
#include "layout_edit.hpp"
#include "madoguchi/kiosk/translations.hpp"
#include "studio_panels.hpp"
#include "text_field.hpp"

namespace madoguchi::studio {

namespace {

// The layout item a pointer names ("/layout/items/12", "/layout/pages/1/items/3"), if it is on
// the current page.
const forms::LayoutTemplateItem* item_at(const StudioState& state, const std::string& pointer) {
  if (!state.open) return nullptr;
  const auto& pages = state.open->procedure().layout.pages;
  if (state.page < 0 || static_cast<std::size_t>(state.page) >= pages.size()) return nullptr;
  const auto& page = pages[static_cast<std::size_t>(state.page)];
  if (pointer.rfind(page.items_pointer + "/", 0) != 0) return nullptr;
  const auto index = std::strtoul(pointer.c_str() + page.items_pointer.size() + 1, nullptr, 10);
  return index < page.items.size() ? &page.items[index] : nullptr;
}

// A number field; an edit applies when the field is left (Enter, Tab, a click elsewhere).
bool number(const char* label, double& value, double step) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputDouble(label, &value, step, step * 10, "%.1f");
  return ImGui::IsItemDeactivatedAfterEdit() ||
         (ImGui::IsItemEdited() && !ImGui::IsItemActive());  // the +/- buttons
}

// Several boxes selected: put them in line, as one edit.
void arrangement_buttons(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  const auto boxes = selected_boxes(state);
  ImGui::TextWrapped("%s", say(std::to_string(boxes.size()) + w.boxes_selected).c_str());
  for (int i = 0; i < 6; ++i) {
    if (i % 2 == 1) ImGui::SameLine();
    if (ImGui::Button(say(w.arrangements[i]).c_str(), {ImGui::GetFontSize() * 8, 0})) {
      apply_edit(state, arrange(state.open->text(), boxes, static_cast<Arrangement>(i)));
    }
  }
}

void selected_box_fields(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  if (!state.also_selected.empty()) {
    arrangement_buttons(state, say);
    return;
  }
  const PageBox* box = selected_box(state);
  if (box == nullptr) {
    ImGui::TextWrapped("%s", say(w.none_selected).c_str());
    return;
  }
  const std::string pointer = box->pointer;
  ImGui::TextUnformatted(
      say(box->text.empty() ? box->id : box->id + "「" + box->text + "」").c_str());
  ImGui::TextDisabled("%s", pointer.c_str());
  double x = box->x_mm, y = box->y_mm, width = box->w_mm, height = box->h_mm;
  const std::string& text = state.open->text();
  if (number(say(w.x_mm).c_str(), x, 0.5))
    apply_edit(state, move_item(text, pointer, x - box->x_mm, 0));
  if (number(say(w.y_mm).c_str(), y, 0.5))
    apply_edit(state, move_item(text, pointer, 0, y - box->y_mm));
  if (number(say(w.w_mm).c_str(), width, 0.5)) {
    apply_edit(state, resize_item(text, pointer, width - box->w_mm, 0));
  }
  if (number(say(w.h_mm).c_str(), height, 0.5)) {
    apply_edit(state, resize_item(text, pointer, 0, height - box->h_mm));
  }
  const auto* item = item_at(state, pointer);
  if (item == nullptr) return;
  // The text size of texts, fields and grids: never below the smallest print size the
  // catalogue allows (the check refuses less, and saving with it).
  double size = -1;
  if (const auto* t = std::get_if<forms::LayoutText>(item)) size = t->size_pt;
  if (const auto* t = std::get_if<forms::BoundText>(item)) size = t->box.size_pt;
  if (const auto* t = std::get_if<forms::BoundGrid>(item)) size = t->size_pt;
  if (size > 0 && number(say(w.size_pt).c_str(), size, 0.5)) {
    apply_edit(state, set_item_number(state.open->text(), pointer, "size", size));
  }
  if (const auto* check = std::get_if<forms::BoundCheck>(item)) {
    // Which answer ticks the box: one of its question's choices.
    const auto* question = state.open->procedure().find_question(check->binding.question_id);
    if (question != nullptr) {
      ImGui::TextUnformatted(say(w.ticked_when).c_str());
      std::string shown = check->when;
      for (const auto& choice : question->choices) {
        if (choice.id == check->when) shown = choice.label;
      }
      ImGui::SetNextItemWidth(-1);
      if (ImGui::BeginCombo("##when", say(shown).c_str())) {
        for (const auto& choice : question->choices) {
          if (ImGui::Selectable(say(choice.label).c_str(), choice.id == check->when)) {
            apply_edit(state,
                       set_member(state.open->text(), pointer, "when", "\"" + choice.id + "\""));
          }
        }
        ImGui::EndCombo();
      }
    }
  }
  if (const auto* fixed = std::get_if<forms::LayoutText>(item)) {
    ImGui::TextUnformatted(say(w.fixed_text).c_str());
    if (auto words = text_field(state, say, "##text", pointer + "/text", fixed->text, -1)) {
      apply_edit(state, set_item_text(state.open->text(), pointer, "text", *words));
    }
  }
}

// What printing the page does to its texts, box by box: left out (red), shrunk to fit (amber);
// then any other note of the form (a birth date the card does not give).
void page_notes(const StudioState& state, const Glyphs& say) {
  if (!state.preview) return;
  const Words& w = *state.words;
  std::vector<std::pair<std::string, bool>> notes;  // words, whether the text is lost
  for (const auto& box : state.preview->boxes) {
    if (!box.does_not_fit && box.shrunk_to_pt <= 0) continue;
    const std::string place =
        place_in_words(box.pointer, state.open->procedure(), w.japanese) + ": ";
    if (box.does_not_fit) {
      notes.emplace_back(place + w.text_left_out, true);
    } else {
      const auto pt = [](double size) {
        char number[32];
        std::snprintf(number, sizeof number, "%g", size);
        return std::string(number);
      };
      notes.emplace_back(
          place + kiosk::fill_placeholders(
                      w.text_shrunk, {{"from", pt(box.size_pt)}, {"to", pt(box.shrunk_to_pt)}}),
          false);
    }
  }
  for (const auto& warning : state.preview->warnings) {
    if (warning.find("does not fit") == std::string::npos) notes.emplace_back(warning, true);
  }
  if (notes.empty()) return;
  ImGui::TextColored({0.75F, 0.0F, 0.0F, 1.0F}, "%s", say(w.warnings).c_str());
  for (const auto& [words, lost] : notes) {
    const ImVec4 colour = lost ? ImVec4{0.75F, 0.0F, 0.0F, 1.0F} : ImVec4{0.6F, 0.35F, 0.0F, 1.0F};
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", say(words).c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace

void box_inspector(StudioState& state, const Glyphs& say) {
  const Words& w = *state.words;
  if (!state.open) return;
  ImGui::TextUnformatted(say(w.sample).c_str());
  ImGui::SetNextItemWidth(-1);
  const std::string current =
      state.samples.empty() ? "" : state.samples[static_cast<std::size_t>(state.sample)].label;
  if (ImGui::BeginCombo("##sample", say(current).c_str())) {
    for (std::size_t i = 0; i < state.samples.size(); ++i) {
      if (ImGui::Selectable(say(state.samples[i].label).c_str(),
                            static_cast<int>(i) == state.sample)) {
        state.sample = static_cast<int>(i);
        if (state.resident) state.resident->wipe();
        state.resident.reset();
        state.preview_stale = true;
      }
    }
    ImGui::EndCombo();
  }
  answers_panel(state, say);
  // Golden cases without hand work: what this sample's page prints, recorded as right.
  ImGui::BeginDisabled(state.open->changed());
  if (ImGui::Button(say(w.record).c_str())) record_sample(state);
  ImGui::EndDisabled();
  std::string count = std::string(w.golden_count) + ": " + std::to_string(state.golden_cases);
  if (state.golden_cases < 3) {
    count += "（" + std::string(w.golden_more) + "）";
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4{0.75F, 0.35F, 0.0F, 1.0F});
    ImGui::TextWrapped("%s", say(count).c_str());
    ImGui::PopStyleColor();
  } else {
    ImGui::TextDisabled("%s", say(count).c_str());
  }
  ImGui::Separator();
  fee_panel(state, say);
  ImGui::Separator();
  say.push_heading();
  ImGui::TextUnformatted(say.heading(w.selected).c_str());
  ImGui::PopFont();
  selected_box_fields(state, say);

  ImGui::Separator();
  page_notes(state, say);
  const auto& findings = state.open->findings();
  if (findings.empty()) {
    ImGui::TextColored({0.0F, 0.45F, 0.0F, 1.0F}, "%s", say(w.check_ok).c_str());
    return;
  }
  ImGui::TextColored({0.75F, 0.0F, 0.0F, 1.0F}, "%s", say(w.check_findings).c_str());
  for (const auto& finding : findings) {
    ImGui::PushID(&finding);
    ImGui::PushTextWrapPos(0.0F);
    const std::string words =
        finding_in_words(finding, state.open->procedure(), state.words->japanese);
    if (ImGui::Selectable(say(words).c_str())) {
      // A finding inside an item ("/layout/items/4/w") selects that box.
      if (state.preview) {
        for (const auto& box : state.preview->boxes) {
          if (finding.pointer == box.pointer || finding.pointer.rfind(box.pointer + "/", 0) == 0) {
            state.selected = box.pointer;
          }
        }
      }
    }
    ImGui::PopTextWrapPos();
    ImGui::PopID();
  }
}

}  // namespace madoguchi::studio
