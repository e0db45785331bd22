#include "frame_painter.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace madoguchi::kiosk::ui {

namespace {

static_assert(std::is_same_v<ImDrawIdx, unsigned short>, "the painter keeps 16-bit indices");

SDL_Rect to_sdl(const PixelRect& r) { return {r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0}; }

// A newly painted area this large is shown whole: one update beats many.
constexpr double kWholeFrom = 0.6;
// What changed under the finger is painted and shown before the rest when it is this small.
constexpr double kFirstAloneUpTo = 0.25;
// Boxes closer than this are painted as one rectangle; at most this many rectangles a frame.
constexpr int kMergeGap = 16;
constexpr std::size_t kMostParts = 8;

// How many corners (indices) triangles `a` and `b` have in common.
int shared_corners(const ImDrawIdx* a, const ImDrawIdx* b) {
  int shared = 0;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) shared += a[i] == b[j] ? 1 : 0;
  }
  return shared;
}

// SDL's software renderer draws two consecutive triangles that share two corners and make an
// axis-aligned rectangle as one rectangle (SDL_SW_RenderGeometryRaw), which rasterises
// differently from two triangles. A command's triangles are therefore taken in runs that SDL
// could never join to their neighbours: cut where two consecutive triangles share fewer than
// two corners. `each(first, end, box)` gets each run's triangles [first, end) (as offsets into
// `indices`) and the box of pixels it can touch.
template <typename Each>
void for_each_run(const ImDrawVert* base, const ImDrawIdx* indices, unsigned count,
                  const ImVec2& origin, Each each) {
  unsigned run_start = 0;
  PixelRect box;
  for (unsigned i = 0; i + 2 < count; i += 3) {
    if (i > 0) {
      if (shared_corners(indices + i - 3, indices + i) < 2) {
        each(run_start, i, box);
        run_start = i;
        box = {};
      }
    }
    float x0 = base[indices[i]].pos.x, x1 = x0;
    float y0 = base[indices[i]].pos.y, y1 = y0;
    for (unsigned c = 1; c < 3; ++c) {
      const ImVec2 p = base[indices[i + c]].pos;
      x0 = std::min(x0, p.x);
      x1 = std::max(x1, p.x);
      y0 = std::min(y0, p.y);
      y1 = std::max(y1, p.y);
    }
    box = bounding(box, PixelRect{static_cast<int>(std::floor(x0 - origin.x)) - 1,
                                  static_cast<int>(std::floor(y0 - origin.y)) - 1,
                                  static_cast<int>(std::ceil(x1 - origin.x)) + 1,
                                  static_cast<int>(std::ceil(y1 - origin.y)) + 1});
  }
  if (count >= 3) each(run_start, count - count % 3, box);
}

// Whether a run is a textured rectangle SDL copies with scaling (its pixels not one texel
// each, or not on whole pixels): such a copy clipped through its middle samples the texture
// differently from the same copy whole, so it is only ever painted whole.
bool scaled_copy(const ImDrawVert* base, const ImDrawIdx* indices, unsigned first, unsigned end,
                 int texture_w, int texture_h) {
  if (end - first != 6) return false;
  float x0 = 1e9F, y0 = 1e9F, x1 = -1e9F, y1 = -1e9F;
  float u0 = 1e9F, v0 = 1e9F, u1 = -1e9F, v1 = -1e9F;
  for (unsigned i = first; i < end; ++i) {
    const ImDrawVert& v = base[indices[i]];
    x0 = std::min(x0, v.pos.x);
    x1 = std::max(x1, v.pos.x);
    y0 = std::min(y0, v.pos.y);
    y1 = std::max(y1, v.pos.y);
    u0 = std::min(u0, v.uv.x);
    u1 = std::max(u1, v.uv.x);
    v0 = std::min(v0, v.uv.y);
    v1 = std::max(v1, v.uv.y);
  }
  if (u1 == u0 || v1 == v0) return false;  // one texel: a filled rectangle, exact when clipped
  const auto off = [](float a, float b) { return std::fabs(a - b) > 1e-3F; };
  return off(x1 - x0, (u1 - u0) * static_cast<float>(texture_w)) ||
         off(y1 - y0, (v1 - v0) * static_cast<float>(texture_h)) || off(x0, std::round(x0)) ||
         off(y0, std::round(y0));
}

// A triangle SDL can fill without the texture, with the same pixels: its three corners one
// opaque colour on the atlas's white texel (white × colour is the colour). SDL fills such a
// triangle three to four times as fast as it samples it, and Dear ImGui draws every button's
// body so: a rounded rectangle is a fan of some 60 triangles across it (docs/benchmarks.md).
bool plain(const ImDrawVert* base, const ImDrawIdx* triangle, const ImVec2& white) {
  const ImU32 colour = base[triangle[0]].col;
  if ((colour >> IM_COL32_A_SHIFT) != 0xFF) return false;
  for (int c = 0; c < 3; ++c) {
    const ImDrawVert& v = base[triangle[c]];
    if (v.col != colour || v.uv.x != white.x || v.uv.y != white.y) return false;
  }
  return true;
}

// Whether SDL could draw two consecutive triangles as one rectangle: they share exactly two
// corners and all four corners have one colour (SDL_SW_RenderGeometryRaw). Between two that
// cannot, SDL's way through the triangles starts afresh, so a call may end there.
bool may_pair(const ImDrawVert* base, const ImDrawIdx* a, const ImDrawIdx* b) {
  if (shared_corners(a, b) != 2) return false;
  const ImU32 colour = base[a[0]].col;
  for (int i = 0; i < 3; ++i) {
    if (base[a[i]].col != colour || base[b[i]].col != colour) return false;
  }
  return true;
}

}  // namespace

bool FramePainter::paint(const ImDrawData& frame, float touched_x, float touched_y) {
  const std::vector<PixelRect> boxes = damage_.next(frame, width_, height_);
  ++counts_.frames;
  if (boxes.empty()) {
    ++counts_.unchanged;
    return false;
  }
  std::vector<PixelRect> parts = merged(boxes, kMergeGap, kMostParts);
  long area = 0;
  for (const PixelRect& part : parts) area += part.area();
  const bool whole = static_cast<double>(area) >= kWholeFrom * width_ * height_;
  // What changed where the finger was (the button it let go of) first, when it is small and
  // not all that changed: shown a frame's raster sooner than the rest.
  // Scaled copies are only ever painted whole: every part to paint grows over those it cuts
  // (found once a frame, for the first part and the others alike).
  std::vector<PixelRect> copies;
  if (!whole) copies = scaled_copies(frame);
  std::vector<PixelRect> first = {touching_group(boxes, touched_x, touched_y)};
  if (!first.front().empty() && first.front().area() < kFirstAloneUpTo * width_ * height_ &&
      (whole || parts.size() > 1 || first.front() != parts.front())) {
    if (whole) copies = scaled_copies(frame);
    take_in(copies, first);
    paint_part(frame, first.front());
  }
  if (whole) {
    ++counts_.whole;
    draw(frame, PixelRect{0, 0, width_, height_}, true);
    counts_.pixels += static_cast<long long>(width_) * height_;
    SDL_RenderSetClipRect(renderer_, nullptr);
    show({}, true);
    return true;
  }
  take_in(copies, parts);
  for (const PixelRect& part : parts) paint_part(frame, part);
  return true;
}

void FramePainter::paint_part(const ImDrawData& frame, const PixelRect& part) {
  draw(frame, part, false);
  counts_.pixels += part.area();
  SDL_RenderSetClipRect(renderer_, nullptr);
  show({part}, false);
}

std::vector<PixelRect> FramePainter::scaled_copies(const ImDrawData& frame) const {
  std::vector<PixelRect> copies;
  for (int n = 0; n < frame.CmdListsCount; ++n) {
    const ImDrawList* list = frame.CmdLists[n];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr || cmd.GetTexID() == nullptr) continue;
      int texture_w = 0, texture_h = 0;
      SDL_QueryTexture(static_cast<SDL_Texture*>(cmd.GetTexID()), nullptr, nullptr, &texture_w,
                       &texture_h);
      const ImDrawVert* base = list->VtxBuffer.Data + cmd.VtxOffset;
      const ImDrawIdx* indices = list->IdxBuffer.Data + cmd.IdxOffset;
      for_each_run(base, indices, cmd.ElemCount, frame.DisplayPos,
                   [&](unsigned first, unsigned end, const PixelRect& box) {
                     if (scaled_copy(base, indices, first, end, texture_w, texture_h)) {
                       copies.push_back(box);
                     }
                   });
    }
  }
  return copies;
}

void FramePainter::take_in(const std::vector<PixelRect>& copies,
                           std::vector<PixelRect>& parts) const {
  for (bool grown = true; grown;) {
    grown = false;
    for (PixelRect& part : parts) {
      for (const PixelRect& copy : copies) {
        if (!intersection(part, copy).empty() && bounding(part, copy) != part) {
          part = intersection(bounding(part, copy), PixelRect{0, 0, width_, height_});
          grown = true;
        }
      }
    }
  }
}

void FramePainter::draw(const ImDrawData& frame, const PixelRect& part, bool whole) {
  SDL_SetRenderDrawColor(renderer_, 255, 255, 255, 255);
  if (whole) {
    SDL_RenderSetClipRect(renderer_, nullptr);
    SDL_RenderClear(renderer_);  // the letterbox too, when the panel is not 16:9
  } else {
    const SDL_Rect rect = to_sdl(part);
    SDL_RenderSetClipRect(renderer_, &rect);
    SDL_RenderFillRect(renderer_, &rect);
  }
  for (int n = 0; n < frame.CmdListsCount; ++n) {
    const ImDrawList* list = frame.CmdLists[n];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr) continue;
      // The command's clip rectangle as Dear ImGui's backend sets it, within the part.
      const PixelRect clip = intersection(
          part, clip_of(cmd.ClipRect.x - frame.DisplayPos.x, cmd.ClipRect.y - frame.DisplayPos.y,
                        cmd.ClipRect.z - frame.DisplayPos.x, cmd.ClipRect.w - frame.DisplayPos.y,
                        width_, height_));
      if (clip.empty()) continue;
      const SDL_Rect rect = to_sdl(clip);
      SDL_RenderSetClipRect(renderer_, &rect);
      submit_runs(*list, cmd, frame, whole ? nullptr : &clip);
    }
  }
}

void FramePainter::submit_runs(const ImDrawList& list, const ImDrawCmd& cmd,
                               const ImDrawData& frame, const PixelRect* only) {
  const ImDrawVert* base = list.VtxBuffer.Data + cmd.VtxOffset;
  const ImDrawIdx* indices = list.IdxBuffer.Data + cmd.IdxOffset;
  auto* texture = static_cast<SDL_Texture*>(cmd.GetTexID());
  const ImFontAtlas& fonts = *ImGui::GetIO().Fonts;
  const bool on_atlas = texture != nullptr && cmd.GetTexID() == fonts.TexID;
  const ImVec2 white = fonts.TexUvWhitePixel;
  unsigned from = 0, end = 0;  // the triangles not yet submitted: [from, end), of one kind
  bool untextured = false;
  const auto submit = [&] {
    if (end <= from) return;
    const auto* bytes = reinterpret_cast<const char*>(base);
    SDL_RenderGeometryRaw(
        renderer_, untextured ? nullptr : texture,
        reinterpret_cast<const float*>(bytes + offsetof(ImDrawVert, pos)), sizeof(ImDrawVert),
        reinterpret_cast<const SDL_Color*>(bytes + offsetof(ImDrawVert, col)), sizeof(ImDrawVert),
        reinterpret_cast<const float*>(bytes + offsetof(ImDrawVert, uv)), sizeof(ImDrawVert),
        list.VtxBuffer.Size - static_cast<int>(cmd.VtxOffset), indices + from,
        static_cast<int>(end - from), sizeof(ImDrawIdx));
    from = end;
  };
  const auto add = [&](unsigned first, unsigned last, bool without_texture) {
    if (end != first || without_texture != untextured) {
      submit();
      from = first;
      untextured = without_texture;
    }
    end = last;
  };
  for_each_run(base, indices, cmd.ElemCount, frame.DisplayPos,
               [&](unsigned first, unsigned last, const PixelRect& box) {
                 if (only != nullptr && intersection(box, *only).empty()) return;
                 if (!on_atlas) {
                   add(first, last, false);
                   return;
                 }
                 // Stretches of plain and other triangles; a plain one goes without the
                 // texture where SDL would start afresh at both its ends anyway.
                 for (unsigned at = first; at < last;) {
                   const bool kind = plain(base, indices + at, white);
                   unsigned stop = at + 3;
                   while (stop < last && plain(base, indices + stop, white) == kind) stop += 3;
                   const bool alone =
                       kind && (at == first || !may_pair(base, indices + at - 3, indices + at)) &&
                       (stop == last || !may_pair(base, indices + stop - 3, indices + stop));
                   add(at, stop, alone);
                   at = stop;
                 }
               });
  submit();
}

void FramePainter::show(const std::vector<PixelRect>& parts, bool whole) {
  SDL_RenderFlush(renderer_);  // the software renderer's queue, into the window's surface
  if (whole) {
    SDL_UpdateWindowSurface(window_);
    return;
  }
  int window_w = 0, window_h = 0;
  SDL_GetWindowSize(window_, &window_w, &window_h);
  std::vector<SDL_Rect> rects;
  for (const PixelRect& part : parts) {
    // The layout's pixels on the panel (SDL scales the 1920×1080 layout to it): rounded out,
    // and one more pixel each side for the scaler's neighbours.
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    SDL_RenderLogicalToWindow(renderer_, static_cast<float>(part.x0), static_cast<float>(part.y0),
                              &x0, &y0);
    SDL_RenderLogicalToWindow(renderer_, static_cast<float>(part.x1), static_cast<float>(part.y1),
                              &x1, &y1);
    const PixelRect on_panel =
        intersection({x0 - 1, y0 - 1, x1 + 1, y1 + 1}, {0, 0, window_w, window_h});
    if (!on_panel.empty()) rects.push_back(to_sdl(on_panel));
  }
  if (!rects.empty()) {
    SDL_UpdateWindowSurfaceRects(window_, rects.data(), static_cast<int>(rects.size()));
  }
}

long FramePainter::differences_from_whole(ImDrawData& frame) {
  SDL_Texture* target = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888,
                                          SDL_TEXTUREACCESS_TARGET, width_, height_);
  if (target == nullptr) return -1;
  const std::size_t bytes =
      static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 3;
  std::vector<std::uint8_t> painted(bytes), whole(bytes);
  bool read = SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGB24, painted.data(),
                                   width_ * 3) == 0;
  if (read && SDL_SetRenderTarget(renderer_, target) == 0) {
    SDL_SetRenderDrawColor(renderer_, 255, 255, 255, 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(&frame);
    read = SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGB24, whole.data(),
                                width_ * 3) == 0;
    SDL_SetRenderTarget(renderer_, nullptr);
  } else {
    read = false;
  }
  SDL_DestroyTexture(target);
  if (!read) return -1;
  long differ = 0;
  PixelRect where;
  for (std::size_t i = 0; i < bytes; i += 3) {
    if (painted[i] != whole[i] || painted[i + 1] != whole[i + 1] ||
        painted[i + 2] != whole[i + 2]) {
      ++differ;
      const int x = static_cast<int>(i / 3) % width_;
      const int y = static_cast<int>(i / 3) / width_;
      where = bounding(where, PixelRect{x, y, x + 1, y + 1});
    }
  }
  last_difference_ = where;
  return differ;
}

}  // namespace madoguchi::kiosk::ui
