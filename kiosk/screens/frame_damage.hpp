// Where a frame differs from the one on screen, from Dear ImGui's draw data alone, so that only
// that is painted again. Every triangle is hashed with all that decides its pixels (its three
// vertices' position, texture coordinates and colour, its clip rectangle, its texture); the two
// frames' triangles are lined up in drawing order (Myers's difference of two sequences), and
// each triangle off the common line (gone, new, or changed) damages the box it can touch. A
// pixel that no such triangle touches is drawn by the same triangles in the same order in both
// frames: it is unchanged. The atlas's texture changing under the same coordinates is the one
// change this cannot see: whoever uploads a texture calls forget().
#pragma once

#include <cstdint>
#include <vector>

struct ImDrawData;

namespace madoguchi::kiosk::ui {

// Pixels [x0, x1) × [y0, y1) of the 1920×1080 layout.
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  long area() const { return empty() ? 0 : static_cast<long>(x1 - x0) * (y1 - y0); }
  bool operator==(const PixelRect&) const = default;
};

PixelRect intersection(const PixelRect& a, const PixelRect& b);
PixelRect bounding(const PixelRect& a, const PixelRect& b);

// The rectangle a draw command's clip rectangle lets it draw into, as Dear ImGui's SDL renderer
// backend sets it (truncated to whole pixels, within the screen).
PixelRect clip_of(float x0, float y0, float x1, float y1, int width, int height);

// `boxes` merged into at most `most` rectangles that cover them all: boxes less than `gap`
// apart become one, then the two whose union adds least area, until few enough remain.
// (Boxes scattered so widely that more than 8 × `most` remain become one.)
std::vector<PixelRect> merged(std::vector<PixelRect> boxes, int gap, std::size_t most);

// The box around the boxes that overlap, one through another, a box holding (x, y): the one
// thing the resident touched (a button, its label and its border). Empty when none holds it.
PixelRect touching_group(const std::vector<PixelRect>& boxes, float x, float y);

class FrameDamage {
 public:
  // Differences beyond this many triangles (a new screen) damage everything between the first
  // and the last triangle that differ, without lining them up one by one.
  static constexpr int kMostEdits = 200;

  // The boxes to paint for `frame`, which becomes the frame on screen: one box for each
  // triangle that changed (merged() makes a few rectangles of them), the whole screen the
  // first time and after forget(), none when nothing changed.
  std::vector<PixelRect> next(const ImDrawData& frame, int width, int height);
  // The next frame is painted whole (a new texture, a window shown again).
  void forget() { known_ = false; }

 private:
  struct Triangle {
    std::uint64_t hash;
    PixelRect box;
  };
  std::vector<Triangle> shown_;
  std::vector<Triangle> scratch_;
  bool known_ = false;
};

}  // namespace madoguchi::kiosk::ui
