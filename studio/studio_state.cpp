#include "studio_state.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "audit/audit_run.hpp"
#include "finding_words.hpp"
#include "golden_record.hpp"
#include "sample_answers.hpp"
#include "sample_resident.hpp"

namespace madoguchi::studio {

std::vector<CatalogEntry> read_catalog_entries(const std::filesystem::path& folder) {
  std::vector<CatalogEntry> entries;
  const auto catalog = forms::load_catalog(folder);
  for (const auto& procedure : catalog.procedures) {
    entries.push_back(
        {procedure.id, procedure.title, procedure.group, procedure.order, procedure.file});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    if (a.group != b.group) return a.group < b.group;
    return a.order < b.order;
  });
  return entries;
}

std::vector<Sample> read_samples(const std::filesystem::path& folder) {
  std::vector<Sample> samples;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ignored)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const auto json = nlohmann::json::parse(in, nullptr, false);
    std::string label = entry.path().stem().string();
    if (json.is_object() && json.contains("note") && json["note"].is_string()) {
      label = json["note"].get<std::string>();
    }
    samples.push_back({label, entry.path()});
  }
  std::sort(samples.begin(), samples.end(),
            [](const auto& a, const auto& b) { return a.file.filename() < b.file.filename(); });
  return samples;
}

bool open_procedure(StudioState& state, const std::string& id) {
  const auto entry = std::find_if(state.entries.begin(), state.entries.end(),
                                  [&](const auto& e) { return e.id == id; });
  if (entry == state.entries.end()) {
    state.status = id + ": not in " + state.catalog.string();
    state.status_is_problem = true;
    return false;
  }
  auto opened = OpenProcedure::open(entry->file);
  if (!opened) {
    state.status = opened.error();
    state.status_is_problem = true;
    return false;
  }
  state.open = std::move(*opened);
  state.chosen_answers.clear();
  state.page = 0;
  clear_selection(state);
  state.drag = {};
  state.preview.reset();
  state.preview_stale = true;
  state.golden_cases = golden_case_count(state.golden, id);
  state.status = entry->file.filename().string();
  state.status_is_problem = false;
  return true;
}

void apply_edit(StudioState& state, const std::expected<std::string, std::string>& text) {
  if (!state.open) return;
  if (!text) {
    state.status = std::string(state.words->cannot_edit) + ": " + text.error();
    state.status_is_problem = true;
    return;
  }
  if (auto taken = state.open->edit(*text); !taken) {
    // Named against the procedure as it is, whose places the refused text shares.
    state.status = std::string(state.words->cannot_edit) + ": " +
                   finding_in_words(taken.error(), state.open->procedure(), state.words->japanese);
    state.status_is_problem = true;
    return;
  }
  state.status.clear();
  state.preview_stale = true;
}

void undo(StudioState& state) {
  if (state.open && state.open->undo()) state.preview_stale = true;
}

void redo(StudioState& state) {
  if (state.open && state.open->redo()) state.preview_stale = true;
}

std::vector<std::string> findings_in_words(const StudioState& state) {
  std::vector<std::string> words;
  if (!state.open) return words;
  for (const auto& finding : state.open->findings()) {
    words.push_back(finding_in_words(finding, state.open->procedure(), state.words->japanese));
  }
  return words;
}

void ask_to_save(StudioState& state) {
  if (!state.open) return;
  state.diff = line_diff(state.open->saved_text(), state.open->text());
  state.save_findings.clear();
  state.save_findings = findings_in_words(state);
  state.save_dialog = true;
}

void save_now(StudioState& state) {
  if (!state.open) return;
  auto saved = state.open->save();
  if (!saved) {
    // The check's findings in staff's words; a file that cannot be written says so itself.
    state.save_findings = state.open->findings().empty() ? saved.error() : findings_in_words(state);
    return;
  }
  state.save_dialog = false;
  state.status = std::string(state.words->saved) + ": " + state.open->file().string();
  state.status_is_problem = false;
}

void reload_entries(StudioState& state) { state.entries = read_catalog_entries(state.catalog); }

void record_sample(StudioState& state) {
  if (!state.open || state.samples.empty()) return;
  if (state.open->changed()) {
    state.status = state.words->save_first;
    state.status_is_problem = true;
    return;
  }
  const auto& sample = state.samples[static_cast<std::size_t>(state.sample)];
  const auto recorded =
      record_golden_case(state.golden, state.open->procedure(),
                         {sample.file, sample.label, today_in_japan(), page_answers(state), {}});
  if (!recorded) {
    state.status = recorded.error();
    state.status_is_problem = true;
    return;
  }
  state.golden_cases = *recorded;
  state.status = std::string(state.words->recorded) + ": " + sample.label + " → " +
                 (state.golden / (state.open->procedure().id + ".json")).string();
  state.status_is_problem = false;
}

forms::Answers page_answers(const StudioState& state) {
  if (!state.open) return {};
  const auto& procedure = state.open->procedure();
  auto answers = sample_answers(procedure);
  for (const auto& [id, value] : state.chosen_answers) {
    if (procedure.find_question(id) != nullptr) answers[id] = value;
  }
  return answers;
}

ScreensRequest screens_request(const StudioState& state) {
  ScreensRequest request;
  if (!state.open) return request;
  request.catalog = state.catalog;
  request.procedure = state.open->procedure().id;
  request.text = state.open->text();
  request.answers = state.chosen_answers;
  request.samples = state.screens.samples;
  request.golden = state.golden;
  request.office = state.town.file;
  const int language = state.screens.language;
  request.language = language <= 0 ? std::string{} : kLanguageCodes[language - 1];
  for (int v = 0; v < 3; ++v) {
    if (!state.screens.views[v]) continue;
    if (!request.views.empty()) request.views += ",";
    request.views += kiosk::ui::audit::view_name(static_cast<kiosk::ui::audit::View>(v));
  }
  if (request.views.empty()) request.views = "normal";
  return request;
}

void draw_screens(StudioState& state) {
  if (!state.screens.run || !state.open) return;
  state.screens.run->start(screens_request(state));
}

int question_frame(const StudioState& state, const std::string& question_id) {
  if (!state.screens.run) return -1;
  const auto& shown = state.screens.run->report().shown;
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const ScreenFrame& frame = shown[i];
    if (frame.screen == "question" && frame.variant.starts_with(question_id + "-") &&
        !frame.variant.ends_with("-problem")) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

void show_question_screen(StudioState& state, const std::string& question_id) {
  ScreensTab& tab = state.screens;
  if (!tab.run || !state.open) return;
  tab.bring_forward = true;
  const bool current =
      tab.run->state() == ScreensRun::State::Done && tab.run->drawn().text == state.open->text();
  if (const int frame = question_frame(state, question_id); current && frame >= 0) {
    tab.selected = frame;
    tab.wanted_question.clear();
    return;
  }
  tab.wanted_question = question_id;
  if (tab.run->state() != ScreensRun::State::Running) draw_screens(state);
}

void clear_selection(StudioState& state) {
  state.selected.clear();
  state.also_selected.clear();
}

std::vector<PageBox> selected_boxes(const StudioState& state) {
  std::vector<PageBox> boxes;
  if (!state.preview) return boxes;
  for (const auto& box : state.preview->boxes) {
    if (box.pointer == state.selected ||
        std::find(state.also_selected.begin(), state.also_selected.end(), box.pointer) !=
            state.also_selected.end()) {
      boxes.push_back(box);
    }
  }
  return boxes;
}

const PageBox* selected_box(const StudioState& state) {
  if (!state.preview || state.selected.empty()) return nullptr;
  for (const auto& box : state.preview->boxes) {
    if (box.pointer == state.selected) return &box;
  }
  return nullptr;
}

}  // namespace madoguchi::studio
