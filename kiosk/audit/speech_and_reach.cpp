#include "audit/audit.hpp"

#include "screens/keypad_focus.hpp"
#include "screens/screens.hpp"
#include "screens/spoken_screen.hpp"

namespace madoguchi::kiosk::ui::audit {

std::size_t find_speech_and_reach(const Ui& ui, const std::string& screen, bool low_reach,
                                  const Thresholds& t, FrameMetrics& m) {
  const float header = header_height();
  const std::size_t sentences =
      screen_sentences(ui, header, first_focus(ui.buttons(), header)).size();
  // 音声案内: every frame says words of its own (its heading, what is happening), not only the
  // name of a button: a resident who cannot see it would not know where they are.
  if (ui.spoken().empty()) {
    m.findings.push_back(
        {"speech", "nothing of its own to say", 0.0, 1.0, screen, ImVec2(), ImVec2()});
  }
  if (!low_reach) return sentences;
  // 車いすの方: every target within a seated resident's reach (reach_band.cpp).
  for (const ButtonRecord& b : ui.buttons()) {
    if (!b.hidden && b.min.y < t.reach_line_px) {
      m.findings.push_back({"reach", "above a seated resident's reach", b.min.y, t.reach_line_px,
                            b.id + " (" + b.label + ")", b.min, b.max});
    }
  }
  // The band is drawn over the screen: words laid out down there would be hidden.
  for (const TextRun& run : ui.text_runs()) {
    if (run.button < 0 && run.laid_max.y > ui.reach_band_top() + 1.0F) {
      m.findings.push_back({"reach", "under the band of buttons", run.laid_max.y,
                            ui.reach_band_top(), run.text, run.laid_min, run.laid_max});
    }
  }
  return sentences;
}

}  // namespace madoguchi::kiosk::ui::audit
