#include "report_output.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace madoguchi::console {

namespace {

double rounded(double value, int places) {
  const double scale = std::pow(10.0, places);
  return std::round(value * scale) / scale;
}

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

nlohmann::json report_json(const counter::VisitReport& r) {
  nlohmann::json procedures = nlohmann::json::object();
  for (const auto& [id, a] : r.procedures) {
    procedures[id] = {{"applications", a.total},
                      {"by_day", a.by_day},
                      {"by_week", a.by_week},
                      {"by_month", a.by_month}};
  }
  nlohmann::json payments = nlohmann::json::object();
  for (const auto& [method, p] : r.payments)
    payments[method] = {{"count", p.count}, {"yen", p.yen}};
  nlohmann::json drop_off = nlohmann::json::array();
  for (const auto& d : r.drop_off) {
    drop_off.push_back({{"screen", d.screen}, {"step", d.step}, {"visits", d.visits}});
  }
  return {{"from", r.from},
          {"to", r.to},
          {"time_zone", r.time_zone},
          {"visits", r.visits},
          {"outcomes", r.outcomes},
          {"procedures", procedures},
          {"fees_yen", r.fees_yen()},
          {"cashless_yen", r.cashless_yen()},
          {"cashless_share", rounded(r.cashless_share(), 4)},
          {"payments", payments},
          {"median_visit_seconds", rounded(r.median_seconds, 1)},
          {"drop_off", drop_off},
          {"assisted", r.assisted},
          {"assisted_share", rounded(r.assisted_share(), 4)},
          {"languages", r.languages},
          {"view_options", r.view_options}};
}

std::string report_csv(const counter::VisitReport& r) {
  std::ostringstream out;
  const auto row = [&](const std::string& section, const std::string& item,
                       const std::string& detail, const std::string& value) {
    out << field(section) << ',' << field(item) << ',' << field(detail) << ',' << field(value)
        << "\r\n";
  };
  char share[32];
  row("section", "item", "detail", "value");
  row("period", r.from, r.to, r.time_zone);
  row("visits", "all", "", std::to_string(r.visits));
  for (const auto& [outcome, n] : r.outcomes) row("outcome", outcome, "", std::to_string(n));
  for (const auto& [id, a] : r.procedures) {
    row("applications", id, "total", std::to_string(a.total));
    for (const auto& [day, n] : a.by_day) row("applications_by_day", id, day, std::to_string(n));
    for (const auto& [week, n] : a.by_week)
      row("applications_by_week", id, week, std::to_string(n));
    for (const auto& [month, n] : a.by_month) {
      row("applications_by_month", id, month, std::to_string(n));
    }
  }
  for (const auto& [method, p] : r.payments) {
    row("payments", method, "count", std::to_string(p.count));
    row("payments", method, "yen", std::to_string(p.yen));
  }
  std::snprintf(share, sizeof share, "%.4f", r.cashless_share());
  row("fees", "cashless_share", "", share);
  std::snprintf(share, sizeof share, "%.1f", r.median_seconds);
  row("visit_time", "median_seconds", "", share);
  for (const auto& d : r.drop_off) {
    row("drop_off", d.screen, std::to_string(d.step), std::to_string(d.visits));
  }
  std::snprintf(share, sizeof share, "%.4f", r.assisted_share());
  row("assisted", "share", std::to_string(r.assisted), share);
  for (const auto& [language, n] : r.languages) row("language", language, "", std::to_string(n));
  for (const auto& [option, n] : r.view_options) {
    row("view_option", option, "", std::to_string(n));
  }
  return out.str();
}

std::string report_text(const counter::VisitReport& r) {
  std::ostringstream out;
  out << r.from << " .. " << r.to << " (" << r.time_zone << "): " << r.visits << " visit(s)\n";
  for (const auto& [id, a] : r.procedures) out << "  " << id << ": " << a.total << " printed\n";
  out << "  fees: " << r.fees_yen() << " yen, cashless " << std::lround(r.cashless_share() * 100)
      << " %\n";
  out << "  median time: " << std::lround(r.median_seconds) << " s\n";
  out << "  assisted: " << std::lround(r.assisted_share() * 100) << " %\n";
  for (const auto& d : r.drop_off) {
    out << "  gave up at " << d.screen << (d.step > 0 ? " " + std::to_string(d.step) : "") << ": "
        << d.visits << "\n";
  }
  return out.str();
}

}  // namespace madoguchi::console
