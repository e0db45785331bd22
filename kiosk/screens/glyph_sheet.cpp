#include "glyph_sheet.hpp"

#include <algorithm>
#include <utility>

namespace madoguchi::kiosk::ui {

namespace {

// Shelf heights are rounded up to 8 rows, so that the kana and kanji of one size, a few rows
// apart in height, share shelves.
constexpr int kRowStep = 8;
// The texture grows by bands of 64 rows (256 KB of RGBA pixels).
constexpr int kTextureBand = 64;

}  // namespace

bool GlyphSheet::exact_rows(int height) {
  if (height <= 0 || height % kTextureBand != 0) return false;
  const auto h = static_cast<float>(height);
  const float scale = 1.0F / h;
  for (int y = 0; y <= height; ++y) {
    // The coordinate as the kiosk and Dear ImGui make it, kept as the float a vertex holds, then
    // multiplied back as SDL does.
    const float v = static_cast<float>(y) * scale;
    const float back = v * h;
    if (static_cast<int>(back) != y) return false;
  }
  return true;
}

int GlyphSheet::texture_rows(int rows) {
  int height = std::max(kTextureBand, (rows + kTextureBand - 1) / kTextureBand * kTextureBand);
  while (!exact_rows(height)) height += kTextureBand;
  return height;
}

std::optional<GlyphSheet::Spot> GlyphSheet::place(int width, int height) {
  const int w = width + 1;   // the clear pixel to the left
  const int h = height + 1;  // and the one above
  if (w > kWidth || width < 0 || height < 0) return std::nullopt;
  // The shelf that wastes the fewest rows; a new one only when none has room.
  Shelf* best = nullptr;
  for (Shelf& shelf : shelves_) {
    if (shelf.height >= h && shelf.filled + w <= kWidth &&
        (best == nullptr || shelf.height < best->height)) {
      best = &shelf;
    }
  }
  if (best == nullptr) {
    shelves_.push_back(Shelf{top_, (h + kRowStep - 1) / kRowStep * kRowStep, 0});
    top_ += shelves_.back().height;
    best = &shelves_.back();
  }
  const Spot spot{best->filled + 1, best->y + 1};
  best->filled += w;
  return spot;
}

std::optional<GlyphSheet> GlyphSheet::from_shelves(std::vector<Shelf> shelves) {
  GlyphSheet sheet;
  for (const Shelf& shelf : shelves) {
    if (shelf.y != sheet.top_ || shelf.height <= 0 || shelf.height % kRowStep != 0 ||
        shelf.filled <= 0 || shelf.filled > kWidth) {
      return std::nullopt;
    }
    sheet.top_ += shelf.height;
  }
  sheet.shelves_ = std::move(shelves);
  return sheet;
}

}  // namespace madoguchi::kiosk::ui
