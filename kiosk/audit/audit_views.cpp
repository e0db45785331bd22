// The views the audit walks the screens in (audit_run.hpp): their names, and the list the
// command line gives.
#include <string>

#include "audit/audit_run.hpp"

namespace madoguchi::kiosk::ui::audit {

std::string_view view_name(View view) {
  switch (view) {
    case View::Normal:
      return "normal";
    case View::LargeText:
      return "large_text";
    case View::HighContrast:
      return "high_contrast";
    case View::LowReach:
      return "low_reach";
  }
  return "normal";
}

std::expected<std::vector<View>, std::string> parse_views(std::string_view list) {
  std::vector<View> views;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view word = list.substr(0, comma);
    bool known = false;
    for (const auto view : {View::Normal, View::LargeText, View::HighContrast, View::LowReach}) {
      if (word == view_name(view)) {
        views.push_back(view);
        known = true;
      }
    }
    if (!known) {
      return std::unexpected("\"" + std::string(word) +
                             "\" is not a view (normal, large_text, high_contrast, low_reach)");
    }
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  if (views.empty()) return std::unexpected("no view named");
  return views;
}

}  // namespace madoguchi::kiosk::ui::audit
