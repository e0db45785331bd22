// キオスク: every kiosk on one line — all well in green, or what needs a clerk in red (paper, a
// jam, the terminal, the reader, applications waiting, payments in doubt, a kiosk gone silent) —
// with the details a clerk or the town's IT staff need next.
#include <cstdio>

#include "console_panels.hpp"
#include "console_words.hpp"

namespace madoguchi::console {

namespace {

std::string printer_words(const counter::PrinterHealth& p) {
  if (p.uri.empty()) return "";
  std::string words(printer_state_words(p.state));
  for (const auto& reason : p.reasons) words += "・" + std::string(printer_reason_words(reason));
  return words;
}

// What needs a clerk (KioskReport::trouble), in their words; empty when all is well.
std::string trouble_words(const counter::KioskReport& k) {
  using Kind = counter::KioskProblem::Kind;
  std::string out;
  const auto add = [&](const std::string& what) { out += (out.empty() ? "" : "、") + what; };
  for (const auto& t : k.trouble()) {
    const std::string which = t.device == "slip printer" ? "控えのプリンター" : "プリンター";
    switch (t.kind) {
      case Kind::Silent:
        add("報告が途絶えています（" + duration_words(t.count) + "）");
        break;
      case Kind::PrinterNotAnswering:
        add(which + "が応答しません");
        break;
      case Kind::PrinterReason:
        add(which + "：" + std::string(printer_reason_words(t.detail)));
        break;
      case Kind::PrinterStopped:
        add(which + "：停止");
        break;
      case Kind::Terminal:
        add("決済端末：" + std::string(terminal_words(t.detail)));
        break;
      case Kind::Reader:
        add("カードリーダー：" + std::string(reader_words(t.detail)));
        break;
      case Kind::PaymentsInDoubt:
        add("確認が必要な支払い " + std::to_string(t.count) + " 件");
        break;
      case Kind::OutboxWaiting:
        add("未送信の申請 " + std::to_string(t.count) + " 件");
        break;
    }
  }
  return out;
}

}  // namespace

void kiosks_view(const CounterView& view, const ConsoleText& t) {
  int troubled = 0;
  for (const auto& k : view.kiosks) troubled += trouble_words(k).empty() ? 0 : 1;
  t.push_large();
  ImGui::TextColored(
      troubled > 0 ? kTrouble : kGood, "%s",
      t.large(view.kiosks.empty() ? "報告しているキオスクはありません"
              : troubled > 0      ? std::to_string(troubled) + " 台に対応が必要です"
                             : std::to_string(view.kiosks.size()) + " 台すべて正常です")
          .c_str());
  ImGui::PopFont();
  ImGui::Spacing();
  if (view.kiosks.empty()) return;
  if (!ImGui::BeginTable("kiosks", 8, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    return;
  }
  for (const char* heading : {"キオスク", "状態", "プリンター", "決済端末", "カードリーダー",
                              "未送信", "空き容量", "最終報告"}) {
    ImGui::TableSetupColumn(t(heading).c_str(), heading == std::string_view("状態")
                                                    ? ImGuiTableColumnFlags_WidthStretch
                                                    : ImGuiTableColumnFlags_WidthFixed);
  }
  ImGui::TableHeadersRow();
  for (const auto& k : view.kiosks) {
    const auto& h = k.health;
    const std::string trouble = trouble_words(k);
    ImGui::TableNextRow(0, 44.0F);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t(k.kiosk).c_str());
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0F);
    ImGui::TextColored(trouble.empty() ? kGood : kTrouble, "%s",
                       t(trouble.empty() ? "正常" : trouble).c_str());
    ImGui::PopTextWrapPos();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t(printer_words(h.printer)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t(terminal_words(h.terminal)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t(reader_words(h.reader)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(
        t(std::to_string(h.outbox_backlog) + " 件" +
          (h.outbox_oldest.empty() ? "" : "（" + local_time(h.outbox_oldest) + " から）"))
            .c_str());
    ImGui::TableNextColumn();
    char disk[32];
    std::snprintf(disk, sizeof disk, "%.1f GB", static_cast<double>(h.disk_free_mb) / 1024.0);
    ImGui::TextColored(h.disk_free_mb < 1024 ? kTrouble : ImVec4{0, 0, 0, 1}, "%s", disk);
    ImGui::TableNextColumn();
    ImGui::TextColored(
        kQuiet, "%s",
        t(duration_words(static_cast<long long>(k.age_seconds)) + "前  v" + h.version).c_str());
  }
  ImGui::EndTable();
}

}  // namespace madoguchi::console
