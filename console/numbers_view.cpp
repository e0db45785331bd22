// 数字: the town's numbers for a period a clerk picks (today, 7 days, 30 days) — the headline
// figures large (applications, the cashless share against the plan's 30 %, the median time, the
// share assisted), then charts: applications day by day, per procedure, how visits ended, where
// residents gave up, languages; and the CSV for the town's report, one click.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <vector>

#include "console_panels.hpp"
#include "console_words.hpp"
#include "report_output.hpp"

namespace madoguchi::console {

namespace {

constexpr double kCashlessTarget = 0.30;  // the towns' DX plans (seeds-requirements.md)

std::string percent(double share) {
  return std::to_string(static_cast<int>(std::lround(share * 100))) + " %";
}

// One labelled bar a row: the label, a bar as long as its share of `most`, the count.
void bars(const ConsoleText& t, const std::vector<std::pair<std::string, long long>>& rows) {
  long long most = 1;
  for (const auto& [label, n] : rows) most = std::max(most, n);
  for (const auto& [label, n] : rows) {
    ImGui::TextUnformatted(t(label).c_str());
    ImGui::SameLine(260.0F);
    ImGui::ProgressBar(static_cast<float>(n) / static_cast<float>(most), {360.0F, 0.0F},
                       std::to_string(n).c_str());
  }
}

void headline(const ConsoleText& t, const char* label, const std::string& figure, ImVec4 colour) {
  ImGui::BeginGroup();
  ImGui::TextColored(kQuiet, "%s", t(label).c_str());
  t.push_large();
  ImGui::TextColored(colour, "%s", t.large(figure).c_str());
  ImGui::PopFont();
  ImGui::EndGroup();
  ImGui::SameLine(0.0F, 70.0F);
}

}  // namespace

void numbers_view(const CounterView& view, CounterFeed& feed, const ConsoleText& t,
                  const std::map<std::string, std::string>& titles) {
  for (const auto& [label, days] : {std::pair{"今日", 1}, {"直近7日", 7}, {"直近30日", 30}}) {
    const bool chosen = view.days == days;
    if (chosen)
      ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(t(label).c_str(), {150.0F, 40.0F})) feed.set_period(days);
    if (chosen) ImGui::PopStyleColor();
    ImGui::SameLine();
  }
  if (!view.numbers) return;
  const counter::VisitReport& r = *view.numbers;
  ImGui::TextColored(kQuiet, "%s", t(r.from + " 〜 " + r.to).c_str());
  ImGui::SameLine(0.0F, 40.0F);
  if (ImGui::Button(t("CSVで保存").c_str(), {170.0F, 40.0F})) {
    const std::string file = "madoguchi-" + r.from + "_" + r.to + ".csv";
    std::ofstream(file, std::ios::binary) << report_csv(r);
  }
  ImGui::Spacing();
  int applications = 0;
  for (const auto& [id, a] : r.procedures) applications += a.total;
  headline(t, "申請（印刷）", std::to_string(applications) + " 件", ImVec4{0, 0, 0, 1});
  headline(t, "キャッシュレス率", percent(r.cashless_share()),
           r.cashless_share() >= kCashlessTarget ? kGood : kTrouble);
  headline(t, "利用時間（中央値）", duration_words(std::lround(r.median_seconds)),
           ImVec4{0, 0, 0, 1});
  headline(t, "支援ありの割合", percent(r.assisted_share()), ImVec4{0, 0, 0, 1});
  ImGui::NewLine();
  ImGui::TextColored(
      kQuiet, "%s",
      t("キャッシュレス率の目標 " + percent(kCashlessTarget) + "（手数料の金額で）").c_str());
  ImGui::Separator();

  // Applications day by day (every procedure), as columns.
  std::map<std::string, int> by_day;
  for (const auto& [id, a] : r.procedures) {
    for (const auto& [day, n] : a.by_day) by_day[day] += n;
  }
  std::vector<float> columns;
  for (const auto& [day, n] : by_day) columns.push_back(static_cast<float>(n));
  ImGui::TextUnformatted(t("日ごとの申請").c_str());
  if (!columns.empty()) {
    const float most = *std::max_element(columns.begin(), columns.end());
    ImGui::PlotHistogram("##by_day", columns.data(), static_cast<int>(columns.size()), 0,
                         (by_day.begin()->first + " 〜 " + by_day.rbegin()->first).c_str(), 0.0F,
                         most * 1.15F, {ImGui::GetContentRegionAvail().x, 140.0F});
  }
  ImGui::Columns(2, nullptr, false);
  ImGui::TextUnformatted(t("手続きごとの申請").c_str());
  std::vector<std::pair<std::string, long long>> rows;
  for (const auto& [id, a] : r.procedures) {
    const auto title = titles.find(id);
    rows.emplace_back(title != titles.end() ? title->second : id, a.total);
  }
  bars(t, rows);
  ImGui::Spacing();
  ImGui::TextUnformatted(t("どう終わったか（" + std::to_string(r.visits) + " 件）").c_str());
  rows.clear();
  for (const auto& [outcome, n] : r.outcomes) rows.emplace_back(outcome_words(outcome), n);
  bars(t, rows);
  ImGui::NextColumn();
  ImGui::TextUnformatted(t("途中でやめた画面").c_str());
  rows.clear();
  constexpr std::size_t kDropOffShown = 6;  // the places most give up at; the rest in the CSV
  for (const auto& d : r.drop_off) {
    if (rows.size() == kDropOffShown) break;
    rows.emplace_back(std::string(screen_words(d.screen)) +
                          (d.step > 0 ? "（" + std::to_string(d.step) + "）" : ""),
                      d.visits);
  }
  bars(t, rows);
  if (r.drop_off.size() > kDropOffShown) {
    ImGui::TextColored(
        kQuiet, "%s",
        t("ほか " + std::to_string(r.drop_off.size() - kDropOffShown) + " か所").c_str());
  }
  ImGui::Spacing();
  ImGui::TextUnformatted(t("支払い方法（件数）").c_str());
  rows.clear();
  for (const auto& [method, p] : r.payments) rows.emplace_back(payment_words(method), p.count);
  bars(t, rows);
  ImGui::Spacing();
  ImGui::TextUnformatted(t("言語").c_str());
  rows.clear();
  for (const auto& [language, n] : r.languages) rows.emplace_back(language_words(language), n);
  bars(t, rows);
  ImGui::Columns(1);
}

}  // namespace madoguchi::console
