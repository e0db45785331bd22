// The accessibility audit's measurements of one frame, computed from what Dear ImGui was
// asked to draw (ImDrawData after ImGui::Render) and from the Ui's own records of its
// buttons and lines of text: the smallest text, the smallest touch target and the gap
// between targets, the lowest text/background contrast, and text overflowing its box.
// The thresholds are DESIGN.md's ("Look and feel"); docs/accessibility.md explains each
// measurement. kiosk_driver --audit (audit_run.hpp) runs it over every screen.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <imgui.h>

#include "screens/widgets.hpp"

namespace madoguchi::kiosk::ui::audit {

struct Thresholds {
  float body_px = 32.0F;       // DESIGN.md: body text ≥ 32 px at 1080p (every label and line)
  float heading_px = 48.0F;    // DESIGN.md: headings ≥ 48 px
  float ruby_px = 16.0F;       // furigana: half the smallest body text (docs/accessibility.md)
  float target_px = 88.0F;     // DESIGN.md: touch targets ≥ 15 mm, 88 px
  float target_gap_px = 8.0F;  // "spaced apart" (docs/accessibility.md)
  double contrast = 7.0;       // DESIGN.md: ≥ 7:1 for text (WCAG 1.4.6, AAA)
  float tolerance_px = 1.0F;   // rounding of glyph boxes against the boxes they belong in
  // 車いすの方: no target above y = 640, a seated resident's forward reach over the kiosk's
  // counter (docs/accessibility.md, "Voice, keypad and low reach"; the audit's own number, not
  // the band's).
  float reach_line_px = 640.0F;
};

// An sRGB colour with straight alpha, each part 0..1.
struct Colour {
  float r = 0.0F, g = 0.0F, b = 0.0F, a = 1.0F;
};
Colour colour_of(ImU32 packed);
ImU32 packed(Colour colour);    // alpha dropped
std::string hex(ImU32 colour);  // "#RRGGBB"
// `top` drawn over `below` (an opaque colour) with ordinary alpha blending, as the SDL
// renderer blends.
Colour over(Colour top, Colour below);
double relative_luminance(Colour colour);   // WCAG 2.x
double contrast_ratio(Colour a, Colour b);  // (L1 + 0.05) / (L2 + 0.05), ≥ 1

// A glyph quad of the draw data, known by its texture coordinates: they are those of one
// glyph of one font of the atlas, so the font size it was drawn at is the font's size times
// the quad's size over the glyph's.
struct Glyph {
  ImVec2 min;
  ImVec2 max;
  float px = 0.0F;
  unsigned codepoint = 0;  // the glyph's code in the atlas (glyph_codes.hpp): ASCII as itself
  Colour colour;
  ImVec4 clip;            // the clip rectangle of its draw command
  int run = -1;           // the Ui's line of text it belongs to (index in the runs), or -1
  std::size_t order = 0;  // its place in the draw order (counted in triangles)
};

// A triangle drawn with the atlas' white pixel (rectangles, panels, overlays, rounded
// corners and their anti-aliased fringes): what text is seen against.
struct Fill {
  ImVec2 p[3];
  Colour c[3];
  ImVec4 clip;
  std::size_t order = 0;
};

struct Geometry {
  std::vector<Glyph> glyphs;
  std::vector<Fill> fills;
  std::size_t other_triangles = 0;  // lines drawn with the atlas' line texture (borders, rings)
};

// Takes the draw data apart into glyphs and fills. `runs` (may be empty) tell which line of
// text each glyph quad belongs to.
Geometry decompose(const ImDrawData& draw, const ImFontAtlas& fonts,
                   std::span<const TextRun> runs = {});

// The text colour and the background at `point` for a glyph drawn at `order`: the fills
// drawn before it composited over `clear`, the glyph's colour over that, then whatever is
// drawn over both later (a dialog's translucent overlay). `hidden` when an opaque fill
// covers the point afterwards.
struct Seen {
  Colour text;
  Colour background;
  bool hidden = false;
};
class Backgrounds {
 public:
  Backgrounds(const std::vector<Fill>& fills, ImVec2 screen, Colour clear);
  Seen at(ImVec2 point, Colour text, std::size_t order) const;

 private:
  const std::vector<Fill>& fills_;
  Colour clear_;
  int columns_ = 0, rows_ = 0;
  std::vector<std::vector<std::size_t>> cells_;  // fill indices, in draw order
};

// A threshold broken: what, by how much, and the words on the screen that break it.
struct Finding {
  std::string metric;  // text_size, heading_size, ruby_size, target_size, target_gap,
                       // contrast, overflow, missing_glyph, speech, reach
  std::string detail;  // e.g. "outside its button", "overlaps another line"
  double value = 0.0;
  double threshold = 0.0;
  std::string text;  // the line of text or the button (id and label)
  ImVec2 min;
  ImVec2 max;
};

struct FrameMetrics {
  static constexpr double kNone = std::numeric_limits<double>::infinity();
  std::size_t glyphs = 0;
  std::size_t glyphs_without_line = 0;  // glyph quads the Ui did not record (0 in the kiosk)
  std::size_t glyphs_hidden = 0;
  std::size_t targets = 0;
  // The smallest (lowest) value of each measure on the frame, with what it belongs to.
  double text_px = kNone;  // every text but furigana
  std::string text_px_text;
  double heading_px = kNone;
  std::string heading_px_text;
  double ruby_px = kNone;
  std::string ruby_px_text;
  double target_px = kNone;  // min(width, height)
  std::string target_text;
  double target_gap_px = kNone;  // to the nearest other target; < 0 when they overlap
  std::string target_gap_text;
  double contrast = kNone;
  std::string contrast_text;
  ImU32 contrast_text_colour = 0;
  ImU32 contrast_background = 0;
  std::size_t overflows = 0;
  std::size_t missing_glyphs = 0;  // lines with characters drawn as the fallback '?'
  std::vector<Finding> findings;   // every threshold broken (the first 200)
};

// Measures one frame. `buttons`, `runs` and `panels` come from the Ui that drew it
// (Ui::buttons(), and Ui::text_runs() and Ui::panels() with record_text on); `clear` is the
// colour the frame is cleared to.
FrameMetrics measure(const ImDrawData& draw, const ImFontAtlas& fonts,
                     std::span<const ButtonRecord> buttons, std::span<const TextRun> runs,
                     std::span<const PanelRecord> panels, ImVec2 screen,
                     const Thresholds& thresholds = {},
                     Colour clear = Colour{1.0F, 1.0F, 1.0F, 1.0F});

// What a frame says and where its targets are (speech_and_reach.cpp): a frame whose voice has
// no words of its own, and with 車いすの方 (`low_reach`) a target above the reach line or a
// line of words under the band, are findings added to `m`. Returns how many sentences the
// frame says on arrival.
std::size_t find_speech_and_reach(const Ui& ui, const std::string& screen, bool low_reach,
                                  const Thresholds& t, FrameMetrics& m);

}  // namespace madoguchi::kiosk::ui::audit
