#include "audit/audit_totals.hpp"

#include <cmath>

namespace madoguchi::kiosk::ui::audit {

nlohmann::json number_or_null(double value) {
  using nlohmann::json;
  return std::isfinite(value) ? json(std::round(value * 100.0) / 100.0) : json(nullptr);
}

void Worst::add(const FrameMetrics& m, const std::string& frame) {
  const auto keep = [&](Entry& e, double value, const std::string& text,
                        const std::string& colours = {}) {
    if (value < e.value) e = Entry{value, frame, text, colours};
  };
  keep(text_px, m.text_px, m.text_px_text);
  keep(heading_px, m.heading_px, m.heading_px_text);
  keep(ruby_px, m.ruby_px, m.ruby_px_text);
  keep(target_px, m.target_px, m.target_text);
  keep(target_gap_px, m.target_gap_px, m.target_gap_text);
  keep(contrast, m.contrast, m.contrast_text,
       hex(m.contrast_text_colour) + " on " + hex(m.contrast_background));
  overflows += m.overflows;
  ++frames;
  if (!m.findings.empty()) ++failing;
}

nlohmann::json Worst::to_json() const {
  using nlohmann::json;
  const auto entry = [](const Entry& e) {
    json j{{"value", number_or_null(e.value)}, {"frame", e.frame}, {"text", e.text}};
    if (!e.colours.empty()) j["colours"] = e.colours;
    return j;
  };
  return json{{"frames", frames},
              {"failing_frames", failing},
              {"smallest_text_px", entry(text_px)},
              {"smallest_heading_px", entry(heading_px)},
              {"smallest_ruby_px", entry(ruby_px)},
              {"smallest_target_px", entry(target_px)},
              {"smallest_target_gap_px", entry(target_gap_px)},
              {"lowest_contrast", entry(contrast)},
              {"overflows", overflows}};
}

nlohmann::json to_json(const Thresholds& t) {
  return {{"body_px", t.body_px},
          {"heading_px", t.heading_px},
          {"ruby_px", t.ruby_px},
          {"target_px", t.target_px},
          {"target_gap_px", t.target_gap_px},
          {"reach_line_px", t.reach_line_px},
          {"contrast", t.contrast}};
}

}  // namespace madoguchi::kiosk::ui::audit
