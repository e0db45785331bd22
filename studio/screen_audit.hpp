// The screens of one procedure as the kiosk draws them, for staff: the kiosk's own screens
// (KioskApp, headless, no devices) walked by the accessibility audit (kiosk/audit) with the
// studio's sample residents and the answers staff chose, each frame measured against
// DESIGN.md's thresholds and kept as a PNG. `madoguchi-studio --screens` runs it; the studio's
// 画面 tab runs that in a child of its own (screens_run.hpp) and shows what it wrote.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "audit/audit_run.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::studio {

struct ScreenAuditRequest {
  std::filesystem::path catalog;    // the procedure files (the studio's copy with the edits)
  std::string procedure;            // the one walked through ("" = every procedure that loads)
  std::filesystem::path samples;    // sample residents: the first through every screen
  std::filesystem::path golden;     // recorded cases, walked too ("" or none: not)
  std::filesystem::path office;     // office.json ("" or none: the kiosk's defaults)
  std::filesystem::path languages;  // the kiosk's language files
  std::filesystem::path font;
  forms::Answers answers;  // the answers staff chose (empty: the sample answers)
  std::string language;    // "" = every language
  std::vector<kiosk::ui::audit::View> views{kiosk::ui::audit::View::Normal};  // {}: every view
  std::filesystem::path out;  // audit.json and screens/…/*.png
  kiosk::ui::audit::Screenshots screenshots = kiosk::ui::audit::Screenshots::Distinct;
};

// The walks for `procedure`: the answers staff chose (or the sample answers), then each case
// recorded in <golden>/<id>.json, on its day; the one that asks the most first.
std::vector<kiosk::ui::audit::WalkAnswers> screen_walks(const forms::Procedure& procedure,
                                                        const forms::Answers& chosen,
                                                        const std::filesystem::path& golden);

// Runs the walk; the error says why it could not start (a catalogue that does not load, no
// such procedure, no sample resident, no screen).
std::expected<kiosk::ui::audit::AuditResult, std::string> run_screen_audit(
    const ScreenAuditRequest& request);

}  // namespace madoguchi::studio
