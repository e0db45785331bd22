// The glyph atlas's texture draws what FreeType rasterises: each character drawn through the
// kiosk's atlas and texture (atlas_texture.hpp) on SDL's software renderer, the renderer the
// kiosk uses, is compared with the same glyph rasterised by FreeType from the font file. The
// audit measures draw data, not pixels: a texture that no longer matched the atlas drew every
// character as noise and passed it, and only the demo's screenshots showed it.
#include <ft2build.h>
#include FT_FREETYPE_H
#include <SDL.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "madoguchi/text/utf8.hpp"
#include "screens/atlas_texture.hpp"
#include "screens/font_bytes.hpp"
#include "screens/font_faces.hpp"
#include "screens/glyph_atlas.hpp"
#include "support/own_mappings.hpp"

namespace madoguchi::kiosk::ui {
namespace {

constexpr int kWidth = 640;
constexpr int kHeight = 160;

// Darkness (0 white … 255 black) of a grey image.
struct Image {
  int width = 0, height = 0;
  std::vector<double> ink;
  double at(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= height) return 0.0;
    return ink[static_cast<std::size_t>(y * width + x)];
  }
};

// Pearson correlation of `drawn` with `expected` placed at (dx, dy), over expected's box.
double likeness(const Image& drawn, const Image& expected, int dx, int dy) {
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  const double n = static_cast<double>(expected.width * expected.height);
  for (int y = 0; y < expected.height; ++y) {
    for (int x = 0; x < expected.width; ++x) {
      const double a = expected.at(x, y);
      const double b = drawn.at(x + dx, y + dy);
      sx += a;
      sy += b;
      sxx += a * a;
      syy += b * b;
      sxy += a * b;
    }
  }
  const double cov = sxy - sx * sy / n;
  const double var = (sxx - sx * sx / n) * (syy - sy * sy / n);
  return var > 0 ? cov / std::sqrt(var) : 0.0;
}

class AtlasTextureTest : public ::testing::Test {
 public:
  void SetUp() override {
    surface_ = SDL_CreateRGBSurfaceWithFormat(0, kWidth, kHeight, 32, SDL_PIXELFORMAT_RGBA32);
    ASSERT_NE(surface_, nullptr) << SDL_GetError();
    renderer_ = SDL_CreateSoftwareRenderer(surface_);
    ASSERT_NE(renderer_, nullptr) << SDL_GetError();
    context_ = ImGui::CreateContext();
    ImGui::GetIO().DisplaySize = ImVec2(kWidth, kHeight);
    ImGui::GetIO().IniFilename = nullptr;
    ASSERT_TRUE(ImGui_ImplSDLRenderer_Init(renderer_));
  }
  void TearDown() override {
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext(context_);
    SDL_DestroyRenderer(renderer_);
    SDL_FreeSurface(surface_);
  }

  // `text` drawn in black on white at the atlas's heading size, at (x, y); the screen back.
  Image draw(GlyphAtlas& atlas, AtlasTexture& texture, const std::string& text, float x, float y) {
    ImGui::NewFrame();
    ImFont* font = atlas.font(TextSize::Heading);
    const std::string shown = atlas.glyph_codes(atlas.displayable(text));
    ImGui::GetForegroundDrawList()->AddText(font, font->FontSize, ImVec2(x, y),
                                            IM_COL32(0, 0, 0, 255), shown.c_str());
    ImGui::Render();
    EXPECT_TRUE(texture.ready());
    SDL_SetRenderDrawColor(renderer_, 255, 255, 255, 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    SDL_RenderPresent(renderer_);
    Image screen{kWidth, kHeight, std::vector<double>(kWidth * kHeight)};
    const auto* pixels = static_cast<const std::uint8_t*>(surface_->pixels);
    for (int py = 0; py < kHeight; ++py) {
      for (int px = 0; px < kWidth; ++px) {
        screen.ink[static_cast<std::size_t>(py * kWidth + px)] =
            255.0 - pixels[py * surface_->pitch + px * 4];  // red: black text on white
      }
    }
    return screen;
  }

 protected:
  SDL_Surface* surface_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  ImGuiContext* context_ = nullptr;
};

// FreeType's rasterisation of `cp` at `px` pixels, from the font file itself.
Image freetype_glyph(FT_Face face, std::uint32_t cp, float px, int& left, int& top) {
  FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(std::lround(px)));
  EXPECT_EQ(FT_Load_Char(face, cp, FT_LOAD_RENDER | FT_LOAD_TARGET_NORMAL), 0);
  const FT_Bitmap& bitmap = face->glyph->bitmap;
  Image glyph{static_cast<int>(bitmap.width), static_cast<int>(bitmap.rows), {}};
  for (unsigned row = 0; row < bitmap.rows; ++row) {
    for (unsigned col = 0; col < bitmap.width; ++col) {
      glyph.ink.push_back(bitmap.buffer[static_cast<int>(row) * bitmap.pitch + col]);
    }
  }
  left = face->glyph->bitmap_left;
  top = face->glyph->bitmap_top;
  return glyph;
}

// Each character of `text` drawn through the atlas's texture, compared with FreeType's glyph.
void expect_drawn_as_freetype(AtlasTextureTest& test, GlyphAtlas& atlas, AtlasTexture& texture,
                              const std::string& text) {
  FT_Library library = nullptr;
  ASSERT_EQ(FT_Init_FreeType(&library), 0);
  // BIZ UD Gothic, and for what it lacks (𠮷) the atlas's fallback, Noto Sans CJK JP.
  FT_Face main_face = nullptr;
  ASSERT_EQ(FT_New_Face(library, MADOGUCHI_FONT, 0, &main_face), 0);
  FT_Face fallback = nullptr;
  ASSERT_EQ(FT_New_Face(library, GlyphAtlas::kFallbackFont, 0, &fallback), 0);

  const float x = 20.0F;
  const float y = 30.0F;
  std::size_t compared = 0;
  float pen = x;
  for (const char32_t cp : text::decode_utf8(text)) {
    const std::string one = text::encode_utf8(cp);
    const Image screen = test.draw(atlas, texture, one, pen, y);
    ImFont* font = atlas.font(TextSize::Heading);
    int left = 0, top = 0;
    FT_Face face = FT_Get_Char_Index(main_face, cp) != 0 ? main_face : fallback;
    const Image expected = freetype_glyph(face, cp, font->FontSize, left, top);
    // Where the font's baseline puts FreeType's bitmap, give or take 2 px of rounding.
    const int base_x = static_cast<int>(pen) + left;
    const int base_y = static_cast<int>(y + font->Ascent) - top;
    double best = -1.0;
    int best_dx = 0, best_dy = 0;
    for (int dy = -2; dy <= 2; ++dy) {
      for (int dx = -2; dx <= 2; ++dx) {
        const double l = likeness(screen, expected, base_x + dx, base_y + dy);
        if (l > best) {
          best = l;
          best_dx = dx;
          best_dy = dy;
        }
      }
    }
    EXPECT_GT(best, 0.9) << "U+" << std::hex << static_cast<std::uint32_t>(cp)
                         << " drawn unlike its glyph";
    // Pixel for pixel: each texel copied once, none from the clear rows around the glyph (a
    // copy one row off, stretched, gives the right shape with rows out of place).
    double worst = 0.0;
    for (int gy = 0; gy < expected.height; ++gy) {
      for (int gx = 0; gx < expected.width; ++gx) {
        worst = std::max(worst, std::fabs(expected.at(gx, gy) -
                                          screen.at(base_x + best_dx + gx, base_y + best_dy + gy)));
      }
    }
    EXPECT_LE(worst, 2.0) << "U+" << std::hex << static_cast<std::uint32_t>(cp)
                          << " drawn off by a row or a column somewhere";
    ++compared;
  }
  EXPECT_EQ(compared, text::decode_utf8(text).size());
  FT_Done_Face(main_face);
  FT_Done_Face(fallback);
  FT_Done_FreeType(library);
}

TEST_F(AtlasTextureTest, EachCharacterIsDrawnAsFreeTypeRastersItFromTheFont) {
  // Kanji and kana through Dear ImGui's builder; 𠮷 (beyond the BMP) through the atlas's own
  // glyphs, written into the coverage beside them.
  const std::string text = "住民票を𠮷";
  GlyphAtlas atlas(MADOGUCHI_FONT);
  atlas.note(text, TextSize::Heading);
  ASSERT_TRUE(atlas.rebuild());
  ASSERT_EQ(atlas.supplementary_count(), 1u);
  AtlasTexture texture(renderer_);
  ASSERT_TRUE(texture.upload(*ImGui::GetIO().Fonts));
  atlas.release_pixels();  // as the kiosk does
  ASSERT_EQ(ImGui::GetIO().Fonts->TexPixelsRGBA32, nullptr) << "no 32-bit copy is kept";
  expect_drawn_as_freetype(*this, atlas, texture, text);
}

// Enough characters to fill many rows of the texture: each drawn exactly as FreeType rasterises
// it, wherever in the texture it landed (SDL copies a glyph from (int)(v × height): a texture
// height other than a power of two puts some rows' v a hair short).
TEST_F(AtlasTextureTest, GlyphsOnEveryRowOfTheTextureAreCopiedExactly) {
  const std::string text =
      "住民票の写し印鑑登録証明書戸籍謄本抄本附票税課証明所得児童手当妊娠届出介護保険要認定"
      "再交付罹災国民健康後期高齢者医療転入出居世帯変更窓口係員呼ぶ音声案内選択確認支払受付番号"
      "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
      "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲ"
      "ン";
  GlyphAtlas atlas(MADOGUCHI_FONT);
  atlas.note(text, TextSize::Heading);
  ASSERT_TRUE(atlas.rebuild());
  ASSERT_GT(ImGui::GetIO().Fonts->TexHeight, 256) << "more than one texture height's worth";
  AtlasTexture texture(renderer_);
  ASSERT_TRUE(texture.upload(*ImGui::GetIO().Fonts));
  expect_drawn_as_freetype(*this, atlas, texture, text);
}

// Only the faces that draw a wanted character are handed to FreeType (a Noto Sans CJK face costs
// it 2.5 MB while a bake lasts). Japanese text takes BIZ UD Gothic, and Noto Sans for U+FFFD
// (baked at every size: what a character no face has is drawn as), which BIZ UD Gothic lacks;
// Hangul, which both lack, then brings Noto Sans CJK in, at the one size it is wanted at.
TEST_F(AtlasTextureTest, OnlyTheFacesThatDrawAWantedCharacterAreRead) {
  GlyphAtlas atlas(MADOGUCHI_FONT);
  atlas.note("住民票の写し", TextSize::Heading);
  ASSERT_TRUE(atlas.rebuild());
  EXPECT_EQ(atlas.faces_read(), 6U) << "BIZ UD Gothic and Noto Sans, at three sizes";
  atlas.note("한국어", TextSize::Heading);
  ASSERT_TRUE(atlas.rebuild());
  EXPECT_EQ(atlas.addition_count(), 1U);
  EXPECT_EQ(atlas.faces_read(), 7U) << "and Noto Sans CJK, for the Hangul";
  const ImFontGlyph* hangul = atlas.glyph(TextSize::Heading, U'한');
  ASSERT_NE(hangul, nullptr);
  EXPECT_TRUE(hangul->Visible);
  AtlasTexture texture(renderer_);
  ASSERT_TRUE(texture.upload(*ImGui::GetIO().Fonts));
  expect_drawn_as_freetype(*this, atlas, texture, "住民票");
}

// A screen's new characters are baked alone and drawn into the texture beside the glyphs already
// there, which keep their places; after the visit they are wiped again.
TEST_F(AtlasTextureTest, CharactersAddedLaterGoBesideTheOthersAndAreWipedAfterTheVisit) {
  GlyphAtlas atlas(MADOGUCHI_FONT);
  atlas.note("住民票", TextSize::Heading);
  ASSERT_TRUE(atlas.rebuild());
  atlas.keep_as_base();
  AtlasTexture texture(renderer_);
  ASSERT_TRUE(atlas.take_texture_change().whole);
  ASSERT_TRUE(texture.upload(*ImGui::GetIO().Fonts));
  const ImFontGlyph before = *atlas.glyph(TextSize::Heading, U'住');
  const int rows = ImGui::GetIO().Fonts->TexHeight;

  // A resident's name: a kanji and 𠮷, beyond the BMP.
  atlas.note("髙𠮷", TextSize::Heading);
  ASSERT_TRUE(atlas.needs_rebuild());
  ASSERT_TRUE(atlas.rebuild());
  EXPECT_EQ(atlas.rebuild_count(), 1U) << "nothing baked afresh";
  EXPECT_EQ(atlas.addition_count(), 1U);
  const GlyphAtlas::TextureChange change = atlas.take_texture_change();
  ASSERT_FALSE(change.whole);
  ASSERT_GT(change.rows, 0);
  ASSERT_TRUE(texture.update(*ImGui::GetIO().Fonts, change.first_row, change.rows));
  const ImFontGlyph after = *atlas.glyph(TextSize::Heading, U'住');
  EXPECT_EQ(std::memcmp(&before, &after, sizeof before), 0) << "住 stays where it was";
  EXPECT_EQ(ImGui::GetIO().Fonts->TexHeight, rows);
  // No space among the characters, so no tab glyph: Dear ImGui makes one from the space it
  // finds, and a lookup that answered the fallback glyph as it was before the glyphs grew made a
  // tab of freed memory.
  EXPECT_EQ(atlas.glyph(TextSize::Heading, U' '), nullptr);
  EXPECT_EQ(atlas.glyph(TextSize::Heading, U'\t'), nullptr);
  expect_drawn_as_freetype(*this, atlas, texture, "住民票髙𠮷");

  // The visit ends: its glyphs go from the fonts, and their pixels from the coverage.
  const ImFontGlyph name = *atlas.glyph(TextSize::Heading, U'髙');
  atlas.forget_session();
  EXPECT_FALSE(atlas.needs_rebuild()) << "nothing to bake: the base is still there";
  EXPECT_EQ(atlas.glyph(TextSize::Heading, U'髙'), nullptr);
  EXPECT_NE(atlas.glyph(TextSize::Heading, U'住'), nullptr);
  const ImFontAtlas& fonts = *ImGui::GetIO().Fonts;
  const int x0 = static_cast<int>(std::lround(name.U0 * static_cast<float>(fonts.TexWidth)));
  const int y0 = static_cast<int>(std::lround(name.V0 * static_cast<float>(fonts.TexHeight)));
  const int x1 = static_cast<int>(std::lround(name.U1 * static_cast<float>(fonts.TexWidth)));
  const int y1 = static_cast<int>(std::lround(name.V1 * static_cast<float>(fonts.TexHeight)));
  ASSERT_GT(x1, x0);
  int ink = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) ink += fonts.TexPixelsAlpha8[y * fonts.TexWidth + x];
  }
  EXPECT_EQ(ink, 0) << "髙 is wiped from the coverage";
  const GlyphAtlas::TextureChange wiped = atlas.take_texture_change();
  EXPECT_FALSE(wiped.whole);
  EXPECT_LE(wiped.first_row, y0);
  EXPECT_GE(wiped.first_row + wiped.rows, y1) << "and from the texture";
}

// A visit whose screens bring more characters than the texture holds: a visit's glyphs take it at
// most 128 rows (two bands) past the welcome screen's; then the earlier screens' glyphs go and the
// current screen's are added beside the welcome screen's, which keep their places, up to 1024
// rows for a screen this large; nothing is baked afresh.
TEST_F(AtlasTextureTest, AVisitsGlyphsPastTheTexturesLimitMakeRoomForTheCurrentScreen) {
  GlyphAtlas atlas(MADOGUCHI_FONT);
  atlas.note("住民票", TextSize::Heading);
  ASSERT_TRUE(atlas.rebuild());
  atlas.keep_as_base();
  const ImFontGlyph base = *atlas.glyph(TextSize::Heading, U'住');
  // Where a glyph's pixels are in the texture, whatever its height then.
  const auto pixel_place = [](const ImFontGlyph& g) {
    const ImFontAtlas& fonts = *ImGui::GetIO().Fonts;
    return std::array<long, 2>{std::lround(g.U0 * static_cast<float>(fonts.TexWidth)),
                               std::lround(g.V0 * static_cast<float>(fonts.TexHeight))};
  };
  const auto base_place = pixel_place(base);
  const int base_rows = ImGui::GetIO().Fonts->TexHeight;
  // Screens of 60 kanji each at the 80 px size, some 70 rows of texture a screen.
  const auto screen = [](int n) {
    std::string text;
    for (int k = 0; k < 60; ++k)
      text += text::encode_utf8(static_cast<char32_t>(0x4E00 + 60 * n + k));
    return text;
  };
  int most_rows = 0;
  for (int n = 0; n < 24; ++n) {
    atlas.begin_frame();
    atlas.note(screen(n), TextSize::Huge);
    ASSERT_TRUE(atlas.rebuild()) << "screen " << n;
    most_rows = std::max(most_rows, ImGui::GetIO().Fonts->TexHeight);
  }
  EXPECT_GT(most_rows, base_rows + 128) << "one screen's characters need more than two bands";
  EXPECT_LE(most_rows, 1024) << "the texture grew to its limit for a screen, no further";
  EXPECT_EQ(atlas.rebuild_count(), 1U) << "nothing baked afresh";
  EXPECT_NE(atlas.glyph(TextSize::Huge, 0x4E00 + 60 * 23), nullptr)
      << "the current screen's characters are there";
  EXPECT_EQ(atlas.glyph(TextSize::Huge, 0x4E00), nullptr) << "the first screen's have gone";
  const ImFontGlyph* kept = atlas.glyph(TextSize::Heading, U'住');
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(pixel_place(*kept), base_place) << "the welcome screen's glyphs stay put";
  EXPECT_EQ(kept->X0, base.X0);
  EXPECT_EQ(kept->Y1, base.Y1);
  EXPECT_EQ(kept->AdvanceX, base.AdvanceX);
}

// Screens of a few new characters each: the visit's glyphs never take the texture more than 128
// rows (two bands, 512 KB of RGBA) past the welcome screen's; the earlier screens' make room, and
// the glyphs added after that are drawn as FreeType draws them, as the welcome screen's are.
TEST_F(AtlasTextureTest, AVisitsGlyphsStayWithinTwoBandsOfTheWelcomeScreens) {
  // Kanji BIZ UD Gothic has (the others come from Noto Sans CJK, sized by its own em).
  FT_Library library = nullptr;
  ASSERT_EQ(FT_Init_FreeType(&library), 0);
  FT_Face face = nullptr;
  ASSERT_EQ(FT_New_Face(library, MADOGUCHI_FONT, 0, &face), 0);
  std::vector<char32_t> kanji;
  for (char32_t cp = 0x5000; kanji.size() < 16 * 20; ++cp) {
    if (FT_Get_Char_Index(face, cp) != 0) kanji.push_back(cp);
  }
  FT_Done_Face(face);
  FT_Done_FreeType(library);
  const auto screen = [&](int n) {
    std::string text;
    for (int k = 0; k < 20; ++k)
      text += text::encode_utf8(kanji[static_cast<std::size_t>(20 * n + k)]);
    return text;
  };

  GlyphAtlas atlas(MADOGUCHI_FONT);
  atlas.note("住民票", TextSize::Heading);
  ASSERT_TRUE(atlas.rebuild());
  atlas.keep_as_base();
  const int base_rows = ImGui::GetIO().Fonts->TexHeight;
  int most_rows = 0;
  for (int n = 0; n < 16; ++n) {
    atlas.begin_frame();
    atlas.note(screen(n), TextSize::Heading);
    ASSERT_TRUE(atlas.rebuild()) << "screen " << n;
    EXPECT_TRUE(atlas.exact_coordinates()) << "screen " << n;
    most_rows = std::max(most_rows, ImGui::GetIO().Fonts->TexHeight);
  }
  EXPECT_EQ(most_rows, base_rows + 128);
  EXPECT_EQ(atlas.rebuild_count(), 1U) << "nothing baked afresh";
  EXPECT_NE(atlas.glyph(TextSize::Heading, kanji[300]), nullptr);
  EXPECT_EQ(atlas.glyph(TextSize::Heading, kanji[0]), nullptr);
  AtlasTexture texture(renderer_);
  ASSERT_TRUE(texture.upload(*ImGui::GetIO().Fonts));
  expect_drawn_as_freetype(*this, atlas, texture, "住民票" + screen(15));
}

// A bake reads BIZ UD Gothic (one TrueType font): its tables, and the glyphs it is asked for;
// nothing of the file is mapped, so the kernel brings no 64 KB around each glyph FreeType reads.
// Noto Sans CJK (a collection of CFF fonts) is mapped.
TEST(FontBytes, ATrueTypeFontIsReadACollectionMapped) {
  {
    FontBytes font(MADOGUCHI_FONT, std::size_t{1} << 30);
    ASSERT_NE(font.data(), nullptr);
    EXPECT_FALSE(tests::is_mapped(MADOGUCHI_FONT));
    EXPECT_EQ(std::memcmp(font.data(), "\0\1\0\0", 4), 0) << "a TrueType font's bytes";
  }
  FontBytes collection(kNotoCjkFile, std::size_t{1} << 30);
  ASSERT_NE(collection.data(), nullptr);
  EXPECT_TRUE(tests::is_mapped(kNotoCjkFile));
  FontBytes missing("/nonexistent/font.ttf", std::size_t{1} << 30);
  EXPECT_EQ(missing.data(), nullptr);
}

// Dear ImGui 1.86 keeps two lookup tables per font as long as its highest code + 1: under the
// characters' own code points, （ U+FF08 or U+FFFD makes them 65,534 entries (393 KB a font).
// The kiosk's glyphs are found by codes of their own (glyph_codes.hpp): the tables are as long
// as the characters held, and the text is drawn as before.
TEST_F(AtlasTextureTest, TheFontsLookupTablesAreAsLongAsTheCharactersHeld) {
  const std::string text = "手数料（３００円）：住民票";
  GlyphAtlas atlas(MADOGUCHI_FONT);
  atlas.note(text, TextSize::Heading);
  ASSERT_TRUE(atlas.rebuild());
  // The always-baked three (U+FFFD, ● ○) and the text's 12 characters, from U+0100.
  EXPECT_LE(atlas.longest_lookup(), 0x100 + 15 + 1);
  const ImFontGlyph* paren = atlas.glyph(TextSize::Heading, U'（');
  ASSERT_NE(paren, nullptr);
  EXPECT_EQ(atlas.character_of(static_cast<ImWchar>(paren->Codepoint)), U'（');
  // A character the atlas has no glyph for is drawn as U+FFFD, as under its code point.
  ImFont* font = atlas.font(TextSize::Heading);
  ASSERT_NE(font->FallbackGlyph, nullptr);
  EXPECT_EQ(atlas.character_of(static_cast<ImWchar>(font->FallbackGlyph->Codepoint)), 0xFFFDU);
  EXPECT_EQ(atlas.advance(font, U'鬱'), font->FallbackGlyph->AdvanceX);
  AtlasTexture texture(renderer_);
  ASSERT_TRUE(texture.upload(*ImGui::GetIO().Fonts));
  expect_drawn_as_freetype(*this, atlas, texture, text);
}

// A day of residents: each brings characters of their own (a name, an address), whose codes go
// with their glyphs after the visit, so that the tables do not grow resident by resident.
TEST_F(AtlasTextureTest, AVisitsCodesGoWithItsGlyphs) {
  GlyphAtlas atlas(MADOGUCHI_FONT);
  atlas.note("住民票の写し", TextSize::Heading);
  ASSERT_TRUE(atlas.rebuild());
  atlas.keep_as_base();
  const int base = atlas.longest_lookup();
  int longest = 0;
  for (int visit = 0; visit < 20; ++visit) {
    std::string name;
    for (int k = 0; k < 30; ++k) name += text::encode_utf8(0x5000 + 30 * visit + k);
    atlas.begin_frame();
    atlas.note(name, TextSize::Heading);
    ASSERT_TRUE(atlas.rebuild()) << "visit " << visit;
    ASSERT_NE(atlas.glyph(TextSize::Heading, 0x5000 + 30 * visit), nullptr);
    longest = std::max(longest, atlas.longest_lookup());
    atlas.forget_session();
  }
  EXPECT_LE(longest, base + 30);
  // The staff's programs draw with Dear ImGui's own widgets: their codes are the characters'.
  GlyphAtlas staff(MADOGUCHI_FONT, GlyphAtlas::Sizes{});
  staff.note("住民票（写し）", TextSize::Body);
  ASSERT_TRUE(staff.rebuild());
  const ImFontGlyph* paren = staff.glyph(TextSize::Body, U'（');
  ASSERT_NE(paren, nullptr);
  EXPECT_EQ(paren->Codepoint, U'（');
}

TEST_F(AtlasTextureTest, WithoutPixelsThereIsNoTexture) {
  GlyphAtlas atlas(MADOGUCHI_FONT);
  atlas.note("窓口", TextSize::Body);
  ASSERT_TRUE(atlas.rebuild());
  AtlasTexture texture(renderer_);
  ASSERT_TRUE(texture.upload(*ImGui::GetIO().Fonts));
  ImGui::GetIO().Fonts->ClearTexData();
  texture.drop();
  EXPECT_EQ(ImGui::GetIO().Fonts->TexID, nullptr);
  EXPECT_FALSE(texture.upload(*ImGui::GetIO().Fonts)) << "the pixels were released";
  EXPECT_FALSE(texture.ready());
}

}  // namespace
}  // namespace madoguchi::kiosk::ui
