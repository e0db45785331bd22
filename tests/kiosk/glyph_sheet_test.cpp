// Where glyphs go in the atlas's texture (glyph_sheet.hpp): never on top of each other, each
// with a clear pixel above and to its left, within the texture's width and the rows the sheet
// says it uses; a sheet read back from a kept atlas is refused when its shelves do not fit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "screens/glyph_sheet.hpp"

namespace madoguchi::kiosk::ui {
namespace {

struct Box {
  int x, y, width, height;
};

TEST(GlyphSheet, GlyphsNeverTouchAndStayWithinTheRowsItUses) {
  GlyphSheet sheet;
  std::vector<Box> boxes;
  std::uint32_t seed = 12345;
  const auto next = [&seed](int below) {
    seed = seed * 1103515245U + 12345U;
    return static_cast<int>((seed >> 16) % static_cast<std::uint32_t>(below));
  };
  // Tallest first within each batch, as the atlas places them; three batches of mixed sizes.
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<Box> wanted;
    for (int i = 0; i < 150; ++i) wanted.push_back({0, 0, 1 + next(80), 1 + next(80)});
    std::stable_sort(wanted.begin(), wanted.end(),
                     [](const Box& a, const Box& b) { return a.height > b.height; });
    for (Box box : wanted) {
      const auto spot = sheet.place(box.width, box.height);
      ASSERT_TRUE(spot.has_value());
      box.x = spot->x;
      box.y = spot->y;
      boxes.push_back(box);
    }
  }
  for (const Box& box : boxes) {
    EXPECT_GE(box.x, 1);
    EXPECT_GE(box.y, 1);
    EXPECT_LE(box.x + box.width, GlyphSheet::kWidth);
    EXPECT_LE(box.y + box.height, sheet.used_rows());
  }
  // With the clear pixel above and to the left, no two boxes share a pixel.
  for (std::size_t a = 0; a < boxes.size(); ++a) {
    for (std::size_t b = a + 1; b < boxes.size(); ++b) {
      const Box& p = boxes[a];
      const Box& q = boxes[b];
      const bool apart = p.x + p.width < q.x || q.x + q.width < p.x || p.y + p.height < q.y ||
                         q.y + q.height < p.y;
      ASSERT_TRUE(apart) << "glyphs " << a << " and " << b << " touch";
    }
  }
  // Packed tightly enough: the glyphs' own pixels cover at least half of the rows used.
  long covered = 0;
  for (const Box& box : boxes) covered += static_cast<long>(box.width) * box.height;
  EXPECT_GT(covered * 2, static_cast<long>(sheet.used_rows()) * GlyphSheet::kWidth);
}

TEST(GlyphSheet, AGlyphWiderThanTheTextureHasNoPlace) {
  GlyphSheet sheet;
  EXPECT_FALSE(sheet.place(GlyphSheet::kWidth, 10).has_value());
  EXPECT_TRUE(sheet.place(GlyphSheet::kWidth - 1, 10).has_value());
}

TEST(GlyphSheet, ShelvesReadBackMustBeOnesItCouldHaveOpened) {
  GlyphSheet sheet;
  for (int i = 0; i < 40; ++i) sheet.place(30 + i, 20 + i);
  const auto again = GlyphSheet::from_shelves(sheet.shelves());
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->used_rows(), sheet.used_rows());

  auto overlapping = sheet.shelves();
  ASSERT_GE(overlapping.size(), 2U);
  overlapping[1].y -= 8;  // on top of the first
  EXPECT_FALSE(GlyphSheet::from_shelves(overlapping).has_value());
  auto overfull = sheet.shelves();
  overfull[0].filled = GlyphSheet::kWidth + 1;
  EXPECT_FALSE(GlyphSheet::from_shelves(overfull).has_value());
}

// SDL copies a glyph from (int)(v × height) of the texture, v = y × (1 / height) a float: at the
// heights the texture takes, every row comes back as itself. Heights are whole 64-row bands, the
// first exact one at or above what is asked (1600 is not: 1550 rows take 1664), one band at most
// above what is asked up to 1536 rows.
TEST(GlyphSheet, TheTextureTakesOnlyHeightsWhoseRowsComeBackExactly) {
  EXPECT_EQ(GlyphSheet::texture_rows(650), 704);
  EXPECT_EQ(GlyphSheet::texture_rows(1024), 1024);
  EXPECT_EQ(GlyphSheet::texture_rows(1550), 1664);
  for (int rows = 1; rows <= 4096; rows += 7) {
    const int height = GlyphSheet::texture_rows(rows);
    ASSERT_GE(height, rows);
    ASSERT_EQ(height % 64, 0) << rows;
    if (rows <= 1536) {
      EXPECT_LT(height - rows, 64) << rows;
    }
    const volatile float h = static_cast<float>(height);
    const volatile float scale = 1.0F / h;
    for (int y = 0; y <= height; ++y) {
      const volatile float v = static_cast<float>(y) * scale;
      const volatile float back = v * h;
      ASSERT_EQ(static_cast<int>(back), y) << "height " << height;
    }
  }
  EXPECT_FALSE(GlyphSheet::exact_rows(1600));
  EXPECT_FALSE(GlyphSheet::exact_rows(700));
  EXPECT_TRUE(GlyphSheet::exact_rows(704));
}

}  // namespace
}  // namespace madoguchi::kiosk::ui
