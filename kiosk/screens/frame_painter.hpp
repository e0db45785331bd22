// Paints the kiosk's frames with SDL's software renderer into the window's surface, only where
// they changed (frame_damage.hpp), and shows only those rectangles in the window: a pressed
// button is a few thousand pixels to draw and to send to the display, not 1920×1080 of them.
// The whole frame is painted the first time, after repaint_all() (a new glyph texture, the
// window shown, resized or uncovered), and when a new screen changes most of it anyway.
//
// Painting a part is the same drawing as painting the whole: the part is filled white, and the
// triangles that can touch it are drawn in order, clipped to it, by the same renderer calls;
// check_against_whole() proves it on the live frame (the tests' redraw check).
#pragma once

#include <cstddef>
#include <vector>

#include "frame_damage.hpp"

struct ImDrawCmd;
struct ImDrawData;
struct ImDrawList;
struct ImDrawVert;
struct SDL_Renderer;
struct SDL_Window;

namespace madoguchi::kiosk::ui {

class FramePainter {
 public:
  // `renderer`: the window's software renderer, laid out at width × height (its logical size).
  FramePainter(SDL_Window* window, SDL_Renderer* renderer, int width, int height)
      : window_(window), renderer_(renderer), width_(width), height_(height) {}

  // Paints `frame` where it differs from the frame painted last, and shows that; false when
  // nothing differed (nothing painted). What changed around `touched` (the last press or
  // lift-off) is painted and shown first: that is where the resident looks for an answer.
  bool paint(const ImDrawData& frame, float touched_x = -1.0F, float touched_y = -1.0F);
  void repaint_all() { damage_.forget(); }

  // Paints `frame` whole, with Dear ImGui's SDL renderer backend (the kiosk's way before this
  // painter), into a texture of the same renderer, and counts the pixels that differ from the
  // window's surface. -1 when it cannot be done (no render target).
  long differences_from_whole(ImDrawData& frame);
  // Where the pixels that differed lay, the last time.
  const PixelRect& last_difference() const { return last_difference_; }

  struct Counts {
    std::size_t frames = 0;     // painted
    std::size_t whole = 0;      // of which whole
    std::size_t unchanged = 0;  // of which nothing to paint
    long long pixels = 0;       // painted, over all frames
  };
  const Counts& counts() const { return counts_; }

 private:
  // The boxes of the frame's scaled textured copies (frame_painter.cpp), and the parts grown
  // over every such copy they cut through.
  std::vector<PixelRect> scaled_copies(const ImDrawData& frame) const;
  void take_in(const std::vector<PixelRect>& copies, std::vector<PixelRect>& parts) const;
  void draw(const ImDrawData& frame, const PixelRect& part, bool whole);
  // One command's triangles, those whose runs touch `only` (all when it is null), in as few
  // calls as keep SDL's pixels: plain stretches filled without the texture (frame_painter.cpp).
  void submit_runs(const ImDrawList& list, const ImDrawCmd& cmd, const ImDrawData& frame,
                   const PixelRect* only);
  void show(const std::vector<PixelRect>& parts, bool whole);
  void paint_part(const ImDrawData& frame, const PixelRect& part);

  SDL_Window* window_;
  SDL_Renderer* renderer_;
  int width_;
  int height_;
  FrameDamage damage_;
  Counts counts_;
  PixelRect last_difference_;
};

}  // namespace madoguchi::kiosk::ui
