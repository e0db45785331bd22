// The atlas as the screens draw from it (io.Fonts): its fonts, their glyphs and the 8-bit
// coverage the texture is made from. Dear ImGui's builder bakes new characters into an atlas of
// their own (glyph_atlas.cpp, bake); their glyphs are copied from there into free room of this
// one (glyph_sheet.hpp), and the glyphs already here stay where they are. A visit's glyphs are
// wiped again when it ends (forget_session).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "glyph_atlas.hpp"

namespace madoguchi::kiosk::ui {

namespace {

// The coverage's first height, and its largest: 1024 × 4096 holds more than every character
// of the catalogue at the three sizes (1,700 characters: 2.9 million pixels).
constexpr int kFirstRows = 256;
constexpr int kMostRows = 4096;
// Rows kept free below the glyphs when the texture is given its height.
constexpr int kSpareRows = 64;
// How far beyond the welcome screen's glyphs (the base) a visit's may take the texture before
// they are dropped for the current screen's: two bands, 512 KB of RGBA. One screen's new
// characters take a band or two; the earlier screens' go when the next needs room (the atlas
// holds what the current screen needs, not every character of the visit). A screen whose own
// characters need more may take the texture up to 1024 rows (4 MB of RGBA) beside the base.
constexpr int kVisitSpareRows = 128;
constexpr int kScreenRows = 1024;
constexpr int kLinesWidth = IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 2;
constexpr int kLinesHeight = IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1;

// The white pixels and the lines' texture: the first two places of every sheet.
struct FixedSpots {
  GlyphSheet::Spot white, lines;
};
FixedSpots fixed_spots(GlyphSheet& sheet) {
  return {*sheet.place(2, 2), *sheet.place(kLinesWidth, kLinesHeight)};
}
FixedSpots fixed_spots() {
  GlyphSheet sheet;
  return fixed_spots(sheet);
}

ImFontAtlas& resident() { return *ImGui::GetIO().Fonts; }

// Where a glyph's pixels are, as texture coordinates: x × (1 / width) and y × (1 / height), as
// Dear ImGui makes every coordinate (TexUvScale, set before), exact at the heights the texture
// takes (GlyphSheet::texture_rows).
void set_coordinates(ImFontGlyph& glyph, int x, int y, int width, int height,
                     const ImFontAtlas& atlas) {
  const ImVec2 scale = atlas.TexUvScale;
  glyph.U0 = static_cast<float>(x) * scale.x;
  glyph.V0 = static_cast<float>(y) * scale.y;
  glyph.U1 = static_cast<float>(x + width) * scale.x;
  glyph.V1 = static_cast<float>(y + height) * scale.y;
}

// Dear ImGui's tab glyph (a copy of the space, appended by BuildLookupTable) goes before glyphs
// are added or taken away, so that the glyphs stay beside their places.
void drop_tab(ImFont& font, std::size_t placed) {
  if (static_cast<std::size_t>(font.Glyphs.Size) > placed && font.Glyphs.back().Codepoint == '\t') {
    font.Glyphs.pop_back();
  }
}

// The texture's height for `rows` rows, with a band to spare for the next screen's characters
// (each time the texture grows it is made anew and the whole frame repainted).
int rows_for(int rows) { return GlyphSheet::texture_rows(std::max(kFirstRows, rows + kSpareRows)); }

}  // namespace

void GlyphAtlas::start_fonts(const FontMetrics (&metrics)[3]) {
  ImFontAtlas& atlas = resident();
  atlas.Clear();
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight | ImFontAtlasFlags_NoMouseCursors;
  atlas.TexWidth = GlyphSheet::kWidth;
  atlas.TexHeight = 0;
  atlas.TexPixelsUseColors = false;
  atlas.TexReady = true;
  for (int i = 0; i < 3; ++i) {
    placed_[i].clear();
    in_atlas_[i].clear();
    auto* font = IM_NEW(ImFont)();
    atlas.Fonts.push_back(font);
    font->ContainerAtlas = &atlas;
    font->FontSize = metrics[i].size;
    font->Ascent = metrics[i].ascent;
    font->Descent = metrics[i].descent;
    fonts_[i] = font;
  }
}

void GlyphAtlas::start_sheet(ImFont* const (&baked)[3]) {
  FontMetrics metrics[3];
  for (int i = 0; i < 3; ++i)
    metrics[i] = {baked[i]->FontSize, baked[i]->Ascent, baked[i]->Descent};
  start_fonts(metrics);
  ImFontAtlas& atlas = resident();
  sheet_ = GlyphSheet{};
  const FixedSpots spots = fixed_spots(sheet_);
  resize_coverage(kFirstRows);
  // Four white pixels, where shapes take their colour, and the lines' texture: row n holds a
  // line n pixels wide between clear pixels, as Dear ImGui's builder draws it.
  unsigned char* pixels = atlas.TexPixelsAlpha8;
  const auto at = [&](int x, int y) -> unsigned char& {
    return pixels[static_cast<std::size_t>(y) * GlyphSheet::kWidth + static_cast<std::size_t>(x)];
  };
  at(spots.white.x, spots.white.y) = at(spots.white.x + 1, spots.white.y) = 0xFF;
  at(spots.white.x, spots.white.y + 1) = at(spots.white.x + 1, spots.white.y + 1) = 0xFF;
  for (int n = 0; n < kLinesHeight; ++n) {
    const int pad_left = (kLinesWidth - n) / 2;
    for (int i = 0; i < n; ++i) at(spots.lines.x + pad_left + i, spots.lines.y + n) = 0xFF;
  }
  change_ = {true, 0, 0};
}

void GlyphAtlas::resize_coverage(int wanted_rows) {
  // Only ever a height at which the coordinates are exact (GlyphSheet::texture_rows).
  const int rows = GlyphSheet::texture_rows(wanted_rows);
  ImFontAtlas& atlas = resident();
  const std::size_t width = GlyphSheet::kWidth;
  // Resized where it is: glibc moves a block this large (a mapping of its own, see
  // private_memory.hpp) with mremap, so the old and the new coverage are never both resident.
  // Dear ImGui frees it with its default allocator, free() (the kiosk sets no other).
  const int kept = atlas.TexPixelsAlpha8 != nullptr ? std::min(rows, atlas.TexHeight) : 0;
  auto* pixels = static_cast<unsigned char*>(
      std::realloc(atlas.TexPixelsAlpha8, width * static_cast<std::size_t>(rows)));
  if (pixels == nullptr) throw std::bad_alloc();
  std::memset(pixels + width * static_cast<std::size_t>(kept), 0,
              width * static_cast<std::size_t>(rows - kept));
  atlas.TexPixelsAlpha8 = pixels;
  atlas.TexHeight = rows;

  set_texture_coordinates();
  change_ = {true, 0, 0};
}

void GlyphAtlas::set_texture_coordinates() {
  ImFontAtlas& atlas = resident();
  const auto width = static_cast<float>(atlas.TexWidth);
  const auto height = static_cast<float>(atlas.TexHeight);
  atlas.TexUvScale = ImVec2(1.0F / width, 1.0F / height);
  const FixedSpots spots = fixed_spots();
  atlas.TexUvWhitePixel = ImVec2((static_cast<float>(spots.white.x) + 0.5F) * atlas.TexUvScale.x,
                                 (static_cast<float>(spots.white.y) + 0.5F) * atlas.TexUvScale.y);
  for (int n = 0; n < kLinesHeight; ++n) {
    const int pad_left = (kLinesWidth - n) / 2;
    const ImVec2 uv0(static_cast<float>(spots.lines.x + pad_left - 1) * atlas.TexUvScale.x,
                     static_cast<float>(spots.lines.y + n) * atlas.TexUvScale.y);
    const ImVec2 uv1(static_cast<float>(spots.lines.x + pad_left + n + 1) * atlas.TexUvScale.x,
                     static_cast<float>(spots.lines.y + n + 1) * atlas.TexUvScale.y);
    const float half_v = (uv0.y + uv1.y) * 0.5F;  // the middle of the row
    atlas.TexUvLines[n] = ImVec4(uv0.x, half_v, uv1.x, half_v);
  }
  for (int i = 0; i < 3; ++i) {
    if (fonts_[i] == nullptr) continue;
    for (std::size_t k = 0; k < placed_[i].size(); ++k) {
      const Placed& p = placed_[i][k];
      set_coordinates(fonts_[i]->Glyphs[static_cast<int>(k)], p.x, p.y, p.width, p.height, atlas);
    }
  }
  finish_fonts();  // the tab glyph takes the space's new coordinates
}

bool GlyphAtlas::exact_coordinates() const {
  const ImFontAtlas& atlas = resident();
  const auto width = static_cast<float>(atlas.TexWidth);
  const auto height = static_cast<float>(atlas.TexHeight);
  for (int i = 0; i < 3; ++i) {
    if (fonts_[i] == nullptr) continue;
    for (std::size_t k = 0; k < placed_[i].size(); ++k) {
      const ImFontGlyph& glyph = fonts_[i]->Glyphs[static_cast<int>(k)];
      const Placed& p = placed_[i][k];
      if (static_cast<int>(glyph.U0 * width) != p.x || static_cast<int>(glyph.V0 * height) != p.y ||
          static_cast<int>(glyph.U1 * width) != p.x + p.width ||
          static_cast<int>(glyph.V1 * height) != p.y + p.height) {
        return false;
      }
    }
  }
  return true;
}

void GlyphAtlas::mark_changed(int first_row, int rows) {
  if (change_.whole || rows <= 0) return;
  if (change_.rows == 0) {
    change_.first_row = first_row;
    change_.rows = rows;
    return;
  }
  const int last = std::max(change_.first_row + change_.rows, first_row + rows);
  change_.first_row = std::min(change_.first_row, first_row);
  change_.rows = last - change_.first_row;
}

GlyphAtlas::TextureChange GlyphAtlas::take_texture_change() {
  const TextureChange change = change_;
  change_ = {};
  return change;
}

int GlyphAtlas::row_limit(bool one_screen) const {
  if (!base_atlas_ || base_atlas_->faces != baked_faces_) return kMostRows;
  if (one_screen) return std::max(kScreenRows, base_atlas_->rows);
  // A height the texture can take (GlyphSheet::texture_rows), as every height it is given.
  return std::min(kMostRows, GlyphSheet::texture_rows(base_atlas_->rows + kVisitSpareRows));
}

bool GlyphAtlas::merge(const ImFontAtlas& from, ImFont* const (&baked)[3], int most_rows) {
  ImFontAtlas& atlas = resident();
  const auto from_width = static_cast<float>(from.TexWidth);
  const auto from_height = static_cast<float>(from.TexHeight);
  struct Source {
    int x = 0, y = 0, width = 0, height = 0;
    const ImFontGlyph* glyph = nullptr;
  };
  std::vector<Source> sources[3];
  // Where the glyphs will go, worked out on a copy of the sheet: the coverage is given its new
  // height once, not once for each band the glyphs reach into.
  GlyphSheet planned = sheet_;
  for (int i = 0; i < 3; ++i) {
    if (baked[i] == nullptr) continue;
    // Tallest first, as Dear ImGui's packer takes them: the short ones fill the shelves' ends.
    std::vector<const ImFontGlyph*> glyphs;
    for (const ImFontGlyph& glyph : baked[i]->Glyphs) {
      if (glyph.Codepoint == '\t') continue;
      const ImWchar code = codes_.code(glyph.Codepoint);
      if (code == GlyphCodes::kNone || fonts_[i]->FindGlyphNoFallback(code) != nullptr) continue;
      glyphs.push_back(&glyph);
    }
    std::stable_sort(glyphs.begin(), glyphs.end(), [](const ImFontGlyph* a, const ImFontGlyph* b) {
      return a->V1 - a->V0 > b->V1 - b->V0;
    });
    for (const ImFontGlyph* glyph : glyphs) {
      Source source{static_cast<int>(std::lround(glyph->U0 * from_width)),
                    static_cast<int>(std::lround(glyph->V0 * from_height)),
                    static_cast<int>(std::lround((glyph->U1 - glyph->U0) * from_width)),
                    static_cast<int>(std::lround((glyph->V1 - glyph->V0) * from_height)), glyph};
      sources[i].push_back(source);
      if (planned.used_rows() <= most_rows) planned.place(source.width, source.height);
    }
  }
  // Glyphs that would take the texture past `most_rows`: nothing is added (the caller makes room).
  if (planned.used_rows() > most_rows) return false;
  if (planned.used_rows() > atlas.TexHeight) {
    resize_coverage(std::min(most_rows, rows_for(planned.used_rows())));
  }
  for (int i = 0; i < 3; ++i) {
    if (baked[i] == nullptr) continue;
    ImFont& font = *fonts_[i];
    drop_tab(font, placed_[i].size());
    for (const Source& source : sources[i]) {
      const auto spot = sheet_.place(source.width, source.height);
      // The same places as planned: within the coverage as sized above.
      if (!spot || sheet_.used_rows() > most_rows || sheet_.used_rows() > atlas.TexHeight) {
        return false;
      }
      for (int y = 0; y < source.height; ++y) {
        std::memcpy(
            atlas.TexPixelsAlpha8 + static_cast<std::size_t>(spot->y + y) * GlyphSheet::kWidth +
                static_cast<std::size_t>(spot->x),
            from.TexPixelsAlpha8 +
                static_cast<std::size_t>(source.y + y) * static_cast<std::size_t>(from.TexWidth) +
                static_cast<std::size_t>(source.x),
            static_cast<std::size_t>(source.width));
      }
      ImFontGlyph copy = *source.glyph;
      copy.Codepoint = codes_.code(copy.Codepoint);  // the key it was baked under, as its code
      set_coordinates(copy, spot->x, spot->y, source.width, source.height, atlas);
      font.Glyphs.push_back(copy);
      placed_[i].push_back(Placed{spot->x, spot->y, source.width, source.height});
      mark_changed(spot->y, source.height);
    }
  }
  return true;
}

void GlyphAtlas::finish_fonts() {
  for (int i = 0; i < 3; ++i) {
    if (fonts_[i] == nullptr) continue;
    ImFont& font = *fonts_[i];
    drop_tab(font, placed_[i].size());
    if (font.Glyphs.empty()) continue;  // a sheet just started
    // Chosen afresh from the glyphs there are now, as a build from nothing would choose them.
    // The fallback glyph's pointer goes too: BuildLookupTable looks the space up (FindGlyph,
    // which answers the fallback glyph for a character it lacks) before it sets the fallback,
    // and the old pointer is into the glyphs as they were before new ones were added.
    font.FallbackChar = font.EllipsisChar = font.DotChar = static_cast<ImWchar>(-1);
    // U+FFFD under the code it has (Dear ImGui looks for 0xFFFD itself, then '?', then ' ').
    if (codes_.code(0xFFFD) != GlyphCodes::kNone) font.FallbackChar = codes_.code(0xFFFD);
    font.FallbackGlyph = nullptr;
    font.BuildLookupTable();
  }
}

void GlyphAtlas::forget_session() {
  if (naive_) return;
  const bool same = at_base();
  for (int i = 0; i < 3; ++i) codepoints_[i] = base_[i];
  supplementary_ = base_supplementary_;
  codes_.keep_first(base_codes_);  // the base's glyphs have the first codes
  pending_.clear();
  if (same) return;
  // Baked since from other faces (another language), or never kept: the base is baked afresh.
  if (!base_atlas_ || whole_ || baked_faces_ != base_atlas_->faces) {
    whole_ = true;
    dirty_ = true;
    return;
  }
  back_to_base();
  dirty_ = faces_ != baked_faces_;  // a change of language still to bake
}

void GlyphAtlas::back_to_base() {
  // The glyphs added since wiped from the coverage (and so from the texture), their places freed.
  ImFontAtlas& atlas = resident();
  for (int i = 0; i < 3; ++i) {
    ImFont& font = *fonts_[i];
    drop_tab(font, placed_[i].size());
    for (std::size_t k = base_atlas_->glyphs[i]; k < placed_[i].size(); ++k) {
      const Placed& p = placed_[i][k];
      for (int y = 0; y < p.height; ++y) {
        std::memset(atlas.TexPixelsAlpha8 + static_cast<std::size_t>(p.y + y) * GlyphSheet::kWidth +
                        static_cast<std::size_t>(p.x),
                    0, static_cast<std::size_t>(p.width));
      }
      mark_changed(p.y, p.height);
    }
    placed_[i].resize(base_atlas_->glyphs[i]);
    font.Glyphs.resize(static_cast<int>(base_atlas_->glyphs[i]));
    in_atlas_[i] = base_[i];
  }
  sheet_ = base_atlas_->sheet;
  if (atlas.TexHeight != base_atlas_->rows) resize_coverage(base_atlas_->rows);
  finish_fonts();
  hide_blanks();
}

}  // namespace madoguchi::kiosk::ui
