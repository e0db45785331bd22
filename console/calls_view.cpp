// 呼び出し: the residents waiting for a member of staff, oldest first, each with where they are
// and how long they have waited, and 対応する to take one (the kiosk then says 係員が向かいます).
#include "console_panels.hpp"
#include "console_words.hpp"

namespace madoguchi::console {

void calls_view(const CounterView& view, CounterFeed& feed, const ConsoleText& t) {
  t.push_large();
  ImGui::TextUnformatted(t.large(view.calls.empty()
                                     ? "呼び出しはありません"
                                     : std::to_string(view.calls.size()) + " 件の呼び出し")
                             .c_str());
  ImGui::PopFont();
  if (!view.taken_note.empty()) ImGui::TextColored(kTrouble, "%s", t(view.taken_note).c_str());
  ImGui::Spacing();
  if (view.calls.empty()) return;
  if (!ImGui::BeginTable("calls", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    return;
  }
  for (const char* heading : {"番号", "キオスク", "画面", "言語", "支援", "待ち時間", ""}) {
    ImGui::TableSetupColumn(t(heading).c_str());
  }
  ImGui::TableHeadersRow();
  for (const auto& call : view.calls) {
    ImGui::TableNextRow(0, 48.0F);
    ImGui::TableNextColumn();
    ImGui::Text("#%lld", static_cast<long long>(call.id));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t(call.kiosk).c_str());
    ImGui::TableNextColumn();
    std::string where(screen_words(call.request.screen));
    if (call.request.steps > 0) {
      where += "（" + std::to_string(call.request.step) + " / " +
               std::to_string(call.request.steps) + "）";
    }
    ImGui::TextUnformatted(t(where).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t(language_words(call.request.language)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t(call.request.assisted ? "ボランティア付き" : "").c_str());
    ImGui::TableNextColumn();
    const long long waited = seconds_since(call.called_at);
    ImGui::TextColored(
        waited >= 120 ? kTrouble : ImVec4{0, 0, 0, 1}, "%s",
        t(duration_words(waited) + "（" + local_time(call.called_at) + "）").c_str());
    ImGui::TableNextColumn();
    ImGui::PushID(static_cast<int>(call.id));
    if (ImGui::Button(t("対応する").c_str(), {160.0F, 40.0F})) feed.take(call.id);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace madoguchi::console
