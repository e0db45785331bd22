// The baked atlas kept between starts (glyph_atlas.hpp, save and restore): read back, it is the
// atlas a bake gives, glyph for glyph and pixel for pixel; a file cut short, damaged, written by
// another build or from other fonts is refused with its reason, and the atlas is baked anew.
#include <gtest/gtest.h>
#include <imgui.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "screens/glyph_atlas.hpp"

namespace madoguchi::kiosk::ui {
namespace {

namespace fs = std::filesystem;

// What the screens hand the atlas at a start: Japanese, a name character beyond the BMP
// (𠮷), Nepali shaped by HarfBuzz, Korean from Noto Sans CJK, at every size.
void note_screens(GlyphAtlas& atlas) {
  atlas.note("住民票の写し　手数料 1通300円", TextSize::Heading);
  atlas.note("𠮷田さま　ご用件をお選びください", TextSize::Body);
  atlas.note("नेपाली", TextSize::Heading);
  atlas.note("한국어", TextSize::Body);
  atlas.note("0123456789", TextSize::Huge);
}

// One font as Dear ImGui holds it, and the coverage.
struct Baked {
  std::vector<std::vector<unsigned char>> glyphs;
  std::vector<std::vector<float>> advances;
  std::vector<std::vector<ImWchar>> lookup;
  std::vector<float> metrics;
  std::vector<unsigned char> coverage;
  int width = 0, height = 0;
};

Baked baked(const GlyphAtlas& atlas) {
  Baked b;
  const ImFontAtlas& fonts = *ImGui::GetIO().Fonts;
  for (const TextSize size : {TextSize::Body, TextSize::Heading, TextSize::Huge}) {
    const ImFont* font = const_cast<GlyphAtlas&>(atlas).font(size);
    // Each glyph under its character, in the characters' order: the codes Dear ImGui finds them
    // by are given as a run meets the characters (glyph_codes.hpp).
    std::map<std::uint32_t, ImFontGlyph> by_character;
    for (ImFontGlyph glyph : font->Glyphs) {
      const ImWchar code = static_cast<ImWchar>(glyph.Codepoint);
      const std::uint32_t character = atlas.character_of(code);
      glyph.Codepoint = character;
      EXPECT_EQ(font->FindGlyphNoFallback(code)->AdvanceX, glyph.AdvanceX);
      by_character.emplace(character, glyph);
    }
    std::vector<unsigned char> glyphs;
    std::vector<float> advances;
    std::vector<ImWchar> lookup;
    for (const auto& [character, glyph] : by_character) {
      const auto* bytes = reinterpret_cast<const unsigned char*>(&glyph);
      glyphs.insert(glyphs.end(), bytes, bytes + sizeof glyph);
      advances.push_back(atlas.advance(font, character));
      lookup.push_back(static_cast<ImWchar>(character));
    }
    b.glyphs.push_back(std::move(glyphs));
    b.advances.push_back(std::move(advances));
    b.lookup.push_back(std::move(lookup));
    b.metrics.insert(b.metrics.end(),
                     {font->FontSize, font->Ascent, font->Descent, font->FallbackAdvanceX,
                      static_cast<float>(
                          atlas.character_of(static_cast<ImWchar>(font->FallbackGlyph->Codepoint))),
                      static_cast<float>(font->EllipsisChar)});
  }
  // Where shapes take their white pixel and anti-aliased lines their texture.
  b.metrics.insert(b.metrics.end(),
                   {fonts.TexUvWhitePixel.x, fonts.TexUvWhitePixel.y, fonts.TexUvScale.x,
                    fonts.TexUvScale.y, static_cast<float>(fonts.Flags)});
  for (const ImVec4& uv : fonts.TexUvLines)
    b.metrics.insert(b.metrics.end(), {uv.x, uv.y, uv.z, uv.w});
  b.width = fonts.TexWidth;
  b.height = fonts.TexHeight;
  b.coverage.assign(fonts.TexPixelsAlpha8,
                    fonts.TexPixelsAlpha8 + static_cast<std::size_t>(b.width * b.height));
  return b;
}

class GlyphAtlasCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    context_ = ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    folder_ = fs::temp_directory_path() /
              ("glyph-atlas-cache-test-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
    file_ = folder_ / "glyph-atlas.cache";
  }
  void TearDown() override {
    ImGui::DestroyContext(context_);
    fs::remove_all(folder_);
  }

  // A start without a kept atlas: bake, then keep it. Returns what was baked.
  Baked bake_and_save(const fs::path& font = MADOGUCHI_FONT) {
    GlyphAtlas atlas(font);
    note_screens(atlas);
    EXPECT_TRUE(atlas.rebuild());
    EXPECT_TRUE(atlas.save(file_).has_value());
    return baked(atlas);
  }

  // A new start's atlas, in a new context (nothing left of the last one).
  GlyphAtlas& fresh(const fs::path& font = MADOGUCHI_FONT) {
    ImGui::DestroyContext(context_);
    context_ = ImGui::CreateContext();
    atlas_ = std::make_unique<GlyphAtlas>(font);
    return *atlas_;
  }

  void change_byte(std::size_t at) {
    std::fstream f(file_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(at));
    char c = 0;
    f.get(c);
    f.seekp(static_cast<std::streamoff>(at));
    f.put(static_cast<char>(c ^ 0x01));
  }

  ImGuiContext* context_ = nullptr;
  std::unique_ptr<GlyphAtlas> atlas_;
  fs::path folder_;
  fs::path file_;
};

TEST_F(GlyphAtlasCacheTest, ReadBackItIsTheBakedAtlasGlyphForGlyphAndPixelForPixel) {
  const Baked original = bake_and_save();
  ASSERT_GT(original.coverage.size(), 100000U);

  GlyphAtlas& atlas = fresh();
  const auto restored = atlas.restore(file_);
  ASSERT_TRUE(restored.has_value()) << restored.error();
  note_screens(atlas);  // the first screens noted, as at a start
  ASSERT_TRUE(atlas.confirm_restored());
  EXPECT_FALSE(atlas.needs_rebuild());
  EXPECT_TRUE(atlas.restored());
  EXPECT_EQ(atlas.rebuild_count(), 0U);

  const Baked read = baked(atlas);
  EXPECT_EQ(read.width, original.width);
  EXPECT_EQ(read.height, original.height);
  EXPECT_TRUE(read.coverage == original.coverage) << "the coverage differs";
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(read.glyphs[i] == original.glyphs[i]) << "size " << i << ": glyphs differ";
    EXPECT_TRUE(read.advances[i] == original.advances[i]) << "size " << i << ": advances differ";
    EXPECT_TRUE(read.lookup[i] == original.lookup[i]) << "size " << i << ": lookup differs";
  }
  EXPECT_EQ(read.metrics, original.metrics);
  // 𠮷 is drawn from its own private-use slot, as in the baked atlas.
  EXPECT_NE(atlas.displayable("𠮷"), "\xEF\xBF\xBD");
  EXPECT_EQ(atlas.supplementary_count(), 1U);
}

TEST_F(GlyphAtlasCacheTest, ACharacterTheKeptAtlasLacksHasTheAtlasBakedAnew) {
  bake_and_save();
  GlyphAtlas& atlas = fresh();
  ASSERT_TRUE(atlas.restore(file_).has_value());
  note_screens(atlas);
  atlas.note("髙橋", TextSize::Heading);  // a new procedure's title, say
  EXPECT_FALSE(atlas.confirm_restored());
  EXPECT_TRUE(atlas.needs_rebuild());
  ASSERT_TRUE(atlas.rebuild());
  EXPECT_FALSE(atlas.restored());
}

TEST_F(GlyphAtlasCacheTest, FewerCharactersThanKeptAlsoBakeAnewNotAnAtlasThatGrowsForever) {
  bake_and_save();
  GlyphAtlas& atlas = fresh();
  ASSERT_TRUE(atlas.restore(file_).has_value());
  atlas.note("住民票の写し　手数料 1通300円", TextSize::Heading);  // a procedure was removed
  EXPECT_FALSE(atlas.confirm_restored());
  EXPECT_TRUE(atlas.needs_rebuild());
}

TEST_F(GlyphAtlasCacheTest, AFileCutShortDamagedOrNotAnAtlasIsRefusedWithItsReason) {
  bake_and_save();
  const auto size = fs::file_size(file_);

  change_byte(size / 2);  // a bit flipped in the coverage
  auto read = fresh().restore(file_);
  ASSERT_FALSE(read.has_value());
  EXPECT_NE(read.error().find("damaged"), std::string::npos) << read.error();
  EXPECT_NE(read.error().find(file_.string()), std::string::npos) << read.error();
  EXPECT_TRUE(atlas_->needs_rebuild());

  bake_and_save();
  fs::resize_file(file_, size - 1000);
  read = fresh().restore(file_);
  ASSERT_FALSE(read.has_value());
  EXPECT_NE(read.error().find("cut short"), std::string::npos) << read.error();

  { std::ofstream(file_, std::ios::trunc) << "{\"not\": \"an atlas\"}"; }
  read = fresh().restore(file_);
  ASSERT_FALSE(read.has_value());
  EXPECT_NE(read.error().find("not a glyph atlas"), std::string::npos) << read.error();

  fs::remove(file_);
  read = fresh().restore(file_);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), "") << "a first start says nothing";
}

TEST_F(GlyphAtlasCacheTest, AFontFileChangedSinceIsNotReadFrom) {
  const fs::path font = folder_ / "font.ttf";
  fs::copy_file(MADOGUCHI_FONT, font);
  bake_and_save(font);
  ASSERT_TRUE(fresh(font).restore(file_).has_value());

  // A package update: the same path, another file.
  fs::last_write_time(font, fs::last_write_time(font) + std::chrono::seconds(60));
  const auto read = fresh(font).restore(file_);
  ASSERT_FALSE(read.has_value());
  EXPECT_NE(read.error().find("other fonts"), std::string::npos) << read.error();
  EXPECT_TRUE(atlas_->needs_rebuild());
}

TEST_F(GlyphAtlasCacheTest, OnlyABuiltAtlasIsKept) {
  GlyphAtlas atlas(MADOGUCHI_FONT);
  note_screens(atlas);
  EXPECT_FALSE(atlas.save(file_).has_value()) << "nothing baked yet";
  EXPECT_FALSE(fs::exists(file_));
}

}  // namespace
}  // namespace madoguchi::kiosk::ui
