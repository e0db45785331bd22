// kiosk_driver --audit: walks every screen of every catalogue procedure in every language and view
// (文字を大きく, the high-contrast screen) with synthetic device events — no card reader,
// terminal or printer is touched — and measures each frame (audit.hpp). Writes
// OUT/audit.json and a PNG per audited frame; docs/accessibility.md describes it.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit.hpp"
#include "screens/kiosk_app.hpp"

namespace madoguchi::kiosk::ui::audit {

enum class View { Normal, LargeText, HighContrast, LowReach };
// "normal", "large_text", "high_contrast", "low_reach" (車いすの方)
std::string_view view_name(View view);
// "normal,large_text" → the views; the error names the word that is not one.
std::expected<std::vector<View>, std::string> parse_views(std::string_view list);

// All: a PNG per frame. Distinct: a PNG per frame unlike the earlier frames of its language
// and view below the header (a screen that differs from another only in the procedure's
// title points to that one's PNG), and one for every frame that breaks a threshold (the
// first 100 of them).
// Failures: only those (the first 100). None: no PNG.
enum class Screenshots { All, Distinct, Failures, None };

// Answers that pass every question they ask, on the day they were made for: one walk through a
// procedure's questions (the golden cases of tests/forms/golden; the staff studio's samples).
struct WalkAnswers {
  forms::Answers answers;
  std::string today;      // YYYY-MM-DD; "" for today
  std::size_t asked = 0;  // how many questions they ask
};

struct AuditOptions {
  std::filesystem::path out;
  // The residents whose cards are read (persona files): the first through every procedure, the
  // others to the identity and check screens (short and long names and addresses).
  std::vector<std::filesystem::path> residents;
  // The walks of a procedure; the one that asks the most goes first (it shows the most screens).
  std::function<std::vector<WalkAnswers>(const forms::Procedure&)> walks;
  std::string procedure;  // only this procedure ("" = the whole catalogue)
  std::string language;   // only this language code ("" = every language)
  std::vector<View> views{View::Normal, View::LargeText, View::HighContrast, View::LowReach};
  Screenshots screenshots = Screenshots::Distinct;
  Thresholds thresholds;
};

struct AuditResult {
  std::size_t frames = 0;
  std::size_t failing_frames = 0;
  std::vector<std::string> walk_errors;  // screens the walk could not reach
  double seconds = 0.0;
  nlohmann::json report;
  bool passed() const { return failing_frames == 0 && walk_errors.empty(); }
};

// The session must be the one `app` draws, created without devices. Sets its clock.
AuditResult run_audit(KioskApp& app, Session& session, const AuditOptions& options);

}  // namespace madoguchi::kiosk::ui::audit
