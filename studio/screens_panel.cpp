// キオスクの画面: the open procedure's screens as the kiosk draws them (screens_run.hpp), after
// staff press 画面を描いて点検する or, with 変更のたびに描き直す ticked, after each change while
// the tab is open. The frame chosen is shown large with the places that break a threshold outlined
// in red and said in words; below it every screen small, the failing ones framed in red.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "audit/audit_run.hpp"
#include "studio_panels.hpp"

namespace madoguchi::studio {

namespace {

constexpr ImU32 kFailColour = IM_COL32(200, 0, 0, 255);
const ImVec4 kFailText{0.75F, 0.0F, 0.0F, 1.0F};
const ImVec4 kPassText{0.0F, 0.4F, 0.0F, 1.0F};
constexpr float kThumbnailWidth = 240.0F;  // 1920 × 1080 at one eighth

const char* screen_name(const ScreenWords& w, const std::string& id) {
  for (std::size_t i = 0; i < std::size(kScreenIds); ++i) {
    if (id == kScreenIds[i]) return w.screen_names[i];
  }
  return id.c_str();
}

const char* metric_name(const ScreenWords& w, const std::string& id) {
  for (std::size_t i = 0; i < std::size(kMetricIds); ++i) {
    if (id == kMetricIds[i]) return w.metric_names[i];
  }
  return id.c_str();
}

// "問い: 必要な通数" for a question's frame (its variant starts with the question's id), the
// group for the welcome screen's, the sample resident for those that show the card; else the
// screen's name.
std::string caption(const StudioState& state, const ScreenFrame& frame) {
  const ScreenWords& w = state.words->screens;
  std::string text = screen_name(w, frame.screen);
  if (frame.screen == "question" && state.open) {
    const std::string id = frame.variant.substr(0, frame.variant.find('-'));
    if (const auto* question = state.open->procedure().find_question(id)) {
      text += ": " + question->title;
    }
  }
  for (int g = 0; g < 5; ++g) {
    if (frame.screen == "welcome" &&
        frame.variant == forms::group_name(static_cast<forms::ProcedureGroup>(g))) {
      text += ": " + std::string(state.words->group_names[g]);
    }
  }
  if (!frame.persona.empty()) {
    for (const auto& sample : state.samples) {
      if (sample.file.stem() == frame.persona) text += ": " + sample.label;
    }
  }
  return text;
}

// "日本語 · 標準".
std::string language_and_view(const StudioState& state, const ScreenFrame& frame) {
  std::string text = frame.language;
  for (int l = 0; l < 3; ++l) {
    if (frame.language == kLanguageCodes[l]) text = state.words->languages[l];
  }
  text += " · ";
  for (int v = 0; v < 3; ++v) {
    if (frame.view == kiosk::ui::audit::view_name(static_cast<kiosk::ui::audit::View>(v))) {
      text += state.words->screens.views[v];
    }
  }
  return text;
}

// "文字が小さい: 28 px（32 px 以上）「…」".
std::string finding_words(const ScreenWords& w, const ScreenFinding& f) {
  if (f.metric == "target_gap" && f.value < 0) return w.overlapping + ("「" + f.text + "」");
  std::string text = metric_name(w, f.metric);
  if (f.metric == "overflow") {
    text += f.detail.find("screen") != std::string::npos     ? w.overflow_places[0]
            : f.detail.find("overlaps") != std::string::npos ? w.overflow_places[2]
                                                             : w.overflow_places[1];
  } else if (f.threshold > 0) {
    char numbers[96];
    const char* unit = f.metric == "contrast" ? ":1" : " px";
    std::snprintf(numbers, sizeof numbers, ": %.1f%s（%.1f%s %s）", f.value, unit, f.threshold,
                  unit, w.at_least);
    text += numbers;
  }
  if (!f.text.empty()) text += "「" + f.text.substr(0, 120) + "」";
  return text;
}

void controls(StudioState& state, const Glyphs& say) {
  const ScreenWords& w = state.words->screens;
  ScreensTab& tab = state.screens;
  const bool running = tab.run && tab.run->state() == ScreensRun::State::Running;
  ImGui::BeginDisabled(running || !state.open);
  if (ImGui::Button(say(w.draw).c_str())) draw_screens(state);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(180);
  const char* shown =
      tab.language == 0 ? w.every_language : state.words->languages[tab.language - 1];
  if (ImGui::BeginCombo("##language", say(shown).c_str())) {
    if (ImGui::Selectable(say(w.every_language).c_str(), tab.language == 0)) tab.language = 0;
    for (int l = 0; l < 3; ++l) {
      if (ImGui::Selectable(say(state.words->languages[l]).c_str(), tab.language == l + 1))
        tab.language = l + 1;
    }
    ImGui::EndCombo();
  }
  for (int v = 0; v < 3; ++v) {
    ImGui::SameLine();
    ImGui::Checkbox(say(w.views[v]).c_str(), &tab.views[v]);
  }
  ImGui::Checkbox(say(w.redraw_on_edit).c_str(), &tab.redraw_on_edit);
}

void status(StudioState& state, const Glyphs& say) {
  const ScreenWords& w = state.words->screens;
  ScreensRun& run = *state.screens.run;
  char seconds[32];
  if (run.state() == ScreensRun::State::Running) {
    std::snprintf(seconds, sizeof seconds, " %.1f %s", run.seconds_running(), w.seconds);
    ImGui::TextUnformatted(say(std::string(w.drawing) + seconds).c_str());
  } else if (run.state() == ScreensRun::State::Failed) {
    ImGui::TextColored(kFailText, "%s", say(w.could_not_draw).c_str());
    ImGui::TextWrapped("%s", say(run.problem()).c_str());
  }
  const ScreensReport& report = run.report();
  if (report.frames == 0) {
    if (run.state() == ScreensRun::State::Idle) ImGui::TextWrapped("%s", say(w.none_yet).c_str());
    return;
  }
  std::snprintf(seconds, sizeof seconds, "%.1f %s", report.seconds, w.seconds);
  ImGui::TextUnformatted(
      say(std::string(w.checked) + ": " + std::to_string(report.frames) + "（" + seconds + "）")
          .c_str());
  if (report.failing == 0 && report.walk_errors.empty()) {
    ImGui::TextColored(kPassText, "%s", say(w.all_pass).c_str());
  } else if (report.failing > 0) {
    ImGui::TextColored(kFailText, "%s",
                       say(std::string(w.failing) + ": " + std::to_string(report.failing)).c_str());
  }
  for (const auto& error : report.walk_errors) {
    ImGui::TextColored(kFailText, "%s", say(std::string(w.not_reached) + ": " + error).c_str());
  }
  if (state.open && run.drawn().text != state.open->text()) {
    ImGui::TextColored({0.75F, 0.35F, 0.0F, 1.0F}, "%s", say(w.out_of_date).c_str());
  }
}

// The chosen frame at the width of the tab, its findings' places outlined, said below it.
void large_frame(StudioState& state, const Glyphs& say, const ScreenFrame& frame) {
  const ScreensTab& tab = state.screens;
  ImGui::TextUnformatted(say(caption(state, frame)).c_str());
  if (tab.large != nullptr && tab.large_of == tab.selected && tab.large_width > 0) {
    const float width =
        std::min(ImGui::GetContentRegionAvail().x, static_cast<float>(tab.large_width));
    const float scale = width / static_cast<float>(tab.large_width);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Image(tab.large, {width, static_cast<float>(tab.large_height) * scale});
    ImDrawList* draw = ImGui::GetWindowDrawList();
    // A place off the screen (buttons pushed below its edge) is marked on the edge it crossed.
    const ImVec2 end{origin.x + width, origin.y + static_cast<float>(tab.large_height) * scale};
    const auto inside = [&](float x, float y) {
      return ImVec2{std::clamp(x, origin.x, end.x), std::clamp(y, origin.y, end.y)};
    };
    for (const auto& f : frame.findings) {
      draw->AddRect(inside(origin.x + f.box[0] * scale - 3, origin.y + f.box[1] * scale - 3),
                    inside(origin.x + f.box[2] * scale + 3, origin.y + f.box[3] * scale + 3),
                    kFailColour, 0.0F, 0, 3.0F);
    }
  }
  // Each finding once, with how many times the frame has it.
  std::vector<std::pair<std::string, int>> said;
  for (const auto& f : frame.findings) {
    const std::string words = finding_words(state.words->screens, f);
    const auto same =
        std::find_if(said.begin(), said.end(), [&](const auto& one) { return one.first == words; });
    if (same != said.end()) {
      ++same->second;
    } else {
      said.emplace_back(words, 1);
    }
  }
  for (const auto& [words, times] : said) {
    const std::string counted = times > 1 ? words + " ×" + std::to_string(times) : words;
    ImGui::TextColored(kFailText, "%s", say(counted).c_str());
  }
}

void thumbnails(StudioState& state, const Glyphs& say) {
  ScreensTab& tab = state.screens;
  const ScreensReport& report = tab.run->report();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const int columns = std::max(
      1, static_cast<int>((ImGui::GetContentRegionAvail().x + gap) / (kThumbnailWidth + gap)));
  std::string group;
  int column = 0;
  for (std::size_t i = 0; i < report.shown.size(); ++i) {
    const ScreenFrame& frame = report.shown[i];
    const std::string this_group = language_and_view(state, frame);
    if (this_group != group) {
      group = this_group;
      column = 0;
      ImGui::Separator();
      ImGui::TextDisabled("%s", say(group).c_str());
    }
    if (column > 0) ImGui::SameLine();
    column = (column + 1) % columns;
    ImGui::BeginGroup();
    ImGui::PushID(static_cast<int>(i));
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 size{kThumbnailWidth, kThumbnailWidth * 9.0F / 16.0F};
    void* picture = i < tab.thumbnails.size() ? tab.thumbnails[i] : nullptr;
    if (picture != nullptr) {
      if (ImGui::ImageButton(picture, size, {0, 0}, {1, 1}, 0)) tab.selected = static_cast<int>(i);
    } else if (ImGui::Button("##frame", size)) {
      tab.selected = static_cast<int>(i);
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    if (frame.failing()) {
      draw->AddRect({at.x - 2, at.y - 2}, {at.x + size.x + 2, at.y + size.y + 2}, kFailColour, 0.0F,
                    0, 4.0F);
    }
    if (tab.selected == static_cast<int>(i)) {
      draw->AddRect({at.x - 4, at.y - 4}, {at.x + size.x + 4, at.y + size.y + 4},
                    IM_COL32(235, 110, 0, 255), 0.0F, 0, 2.0F);
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + kThumbnailWidth);
    const std::string words = caption(state, frame);
    if (frame.failing()) {
      ImGui::TextColored(kFailText, "%s", say("！" + words).c_str());
    } else {
      ImGui::TextUnformatted(say(words).c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::PopID();
    ImGui::EndGroup();
  }
}

}  // namespace

void screens_panel(StudioState& state, const Glyphs& say) {
  ScreensTab& tab = state.screens;
  if (!tab.run) return;
  tab.visible = true;
  controls(state, say);
  status(state, say);
  const ScreensReport& report = tab.run->report();
  if (report.shown.empty()) return;
  if (tab.selected < 0 || tab.selected >= static_cast<int>(report.shown.size())) return;
  ImGui::Separator();
  large_frame(state, say, report.shown[static_cast<std::size_t>(tab.selected)]);
  ImGui::TextDisabled("%s", say(state.words->screens.click_to_enlarge).c_str());
  thumbnails(state, say);
}

}  // namespace madoguchi::studio
