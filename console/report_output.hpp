// The town's numbers as the console prints them (madoguchi-console --report): JSON for scripts,
// CSV for the town's spreadsheets (one row per figure: section, item, detail, value), and plain
// lines for a person at a terminal.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "madoguchi/counter/visit_book.hpp"

namespace madoguchi::console {

nlohmann::json report_json(const counter::VisitReport& report);
std::string report_csv(const counter::VisitReport& report);
std::string report_text(const counter::VisitReport& report);

}  // namespace madoguchi::console
