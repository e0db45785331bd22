// The audit's totals: a measure rounded for audit.json, and the worst value of each measure over
// many frames (the whole audit, and each language and view). Part of madoguchi_audit.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "audit/audit.hpp"

namespace madoguchi::kiosk::ui::audit {

// Two decimals, or null for a measure the frame does not have.
nlohmann::json number_or_null(double value);

// The worst value of each measure over many frames.
struct Worst {
  struct Entry {
    double value = FrameMetrics::kNone;
    std::string frame;
    std::string text;
    std::string colours;
  };
  Entry text_px, heading_px, ruby_px, target_px, target_gap_px, contrast;
  std::size_t overflows = 0;
  std::size_t frames = 0;
  std::size_t failing = 0;

  void add(const FrameMetrics& m, const std::string& frame);
  nlohmann::json to_json() const;
};

// The thresholds as audit.json lists them.
nlohmann::json to_json(const Thresholds& t);

}  // namespace madoguchi::kiosk::ui::audit
