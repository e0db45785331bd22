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

 private:
  std::vector<Shelf> shelves_;
  int top_ = 0;
};

}  // namespace madoguchi::kiosk::ui
