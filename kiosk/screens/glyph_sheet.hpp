// Where each glyph goes in the atlas's texture: shelves across its width, filled left to right,
// each glyph on the lowest shelf it fits (glyphs placed tallest first), a shelf opened below the
// others when none has room. Glyphs are only ever added (a
// visit's new characters beside the ones already there), and a copy of the sheet taken before
// a visit is what the atlas goes back to after it (glyph_atlas.hpp, forget_session).
#pragma once

#include <optional>
#include <vector>

namespace madoguchi::kiosk::ui {

class GlyphSheet {
 public:
  // The texture's width; every glyph keeps one clear pixel above it and to its left.
  static constexpr int kWidth = 1024;

  struct Spot {
    int x = 0, y = 0;  // the glyph's first pixel (past its clear pixel)
  };

  // A place for a glyph of `width` × `height` pixels, or none when it is wider than the sheet.
  // Placed tallest first, glyphs waste the fewest rows.
  std::optional<Spot> place(int width, int height);
  // The rows the placed glyphs reach down to.
  int used_rows() const { return top_; }

  struct Shelf {
    int y = 0, height = 0, filled = 0;
  };
  const std::vector<Shelf>& shelves() const { return shelves_; }
  // The sheet with these shelves (a kept atlas read back); none when they are not shelves this
  // sheet could have opened, one below the other.
  static std::optional<GlyphSheet> from_shelves(std::vector<Shelf> shelves);

  // The texture's height for `rows` rows: the first height at or above it, a whole number of
  // 64-row bands, at which every row's texture coordinate leads SDL back to that row.
  // The coordinate is v = y × (1 / height) as a float; SDL copies a glyph from the rectangle
  // (int)(v × height) … of the texture (SDL_render.c, 2.26, SDL_RenderGeometryRaw). At some
  // heights (1600, 1728 …) that lands a hair below y for some rows, and the copy would take the
  // clear row above and stretch one more row into the glyph's place; every 64th height up to
  // 1536 is exact.
  static int texture_rows(int rows);
  // Whether a texture of this height gives every row back exactly (as texture_rows chooses).
  static bool exact_rows(int height);

 private:
  std::vector<Shelf> shelves_;
  int top_ = 0;
};

}  // namespace madoguchi::kiosk::ui
