// A TrueType font read as the PDF's subset and the atlas need it (fonts/truetype_bytes.hpp): every
// table but glyf and loca as in the file, of glyf only the glyphs asked for and their components,
// packed, and no page of the file mapped (the kernel would map 64 KB around each glyph read).
#include "madoguchi/fonts/truetype_bytes.hpp"

#include <gtest/gtest.h>
#include <hb.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "support/own_mappings.hpp"
#include "support/text_file.hpp"

namespace madoguchi::fonts {
namespace {

unsigned be16(const std::string& s, std::size_t at) {
  return (static_cast<unsigned char>(s[at]) << 8) | static_cast<unsigned char>(s[at + 1]);
}
std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t{be16(s, at)} << 16) | be16(s, at + 2);
}

hb_blob_t* blob_of(const TrueTypeBytes& font) {
  return hb_blob_create(font.data(), static_cast<unsigned>(font.size()), HB_MEMORY_MODE_WRITABLE,
                        nullptr, nullptr);
}

struct Layout {
  std::size_t glyf_at = 0, glyf_size = 0, loca_at = 0, loca_size = 0;
  unsigned glyphs = 0;
  bool long_offsets = false;
  std::size_t offset(const std::string& s, unsigned glyph) const {
    return long_offsets ? be32(s, loca_at + 4 * glyph)
                        : 2 * std::size_t{be16(s, loca_at + 2 * glyph)};
  }
};
Layout layout_of(const std::string& s) {
  Layout l;
  std::size_t head = 0;
  for (unsigned i = 0; i < be16(s, 4); ++i) {
    const std::string tag = s.substr(12 + 16 * i, 4);
    const std::size_t at = be32(s, 12 + 16 * i + 8), size = be32(s, 12 + 16 * i + 12);
    if (tag == "glyf") l.glyf_at = at, l.glyf_size = size;
    if (tag == "loca") l.loca_at = at, l.loca_size = size;
    if (tag == "head") head = at;
    if (tag == "maxp") l.glyphs = be16(s, at + 4);
  }
  l.long_offsets = be16(s, head + 50) != 0;
  return l;
}

// The glyphs of the bytes, as their own loca places them: each empty or the file's glyph.
std::set<unsigned> glyphs_read(const std::string& bytes, const std::string& file, const Layout& l) {
  std::set<unsigned> read;
  for (unsigned g = 0; g < l.glyphs; ++g) {
    const std::size_t start = l.offset(bytes, g), end = l.offset(bytes, g + 1);
    if (end == start) continue;
    const std::size_t file_start = l.offset(file, g), file_end = l.offset(file, g + 1);
    EXPECT_EQ(bytes.substr(l.glyf_at + start, end - start),
              file.substr(l.glyf_at + file_start, file_end - file_start))
        << "glyph " << g;
    read.insert(g);
  }
  return read;
}

// A font file read through TrueTypeBytes, beside the file as it is, with HarfBuzz over the
// bytes read.
struct ReadFont {
  explicit ReadFont(const char* path)
      : file(madoguchi::tests::slurp(path)),
        layout(layout_of(file)),
        font(TrueTypeBytes::read(path)) {
    if (!font) return;
    blob = blob_of(*font);
    face = hb_face_create(blob, 0);
    hb = hb_font_create(face);
  }
  ~ReadFont() {
    if (hb != nullptr) hb_font_destroy(hb);
    if (face != nullptr) hb_face_destroy(face);
    if (blob != nullptr) hb_blob_destroy(blob);
  }
  ReadFont(const ReadFont&) = delete;
  ReadFont& operator=(const ReadFont&) = delete;

  std::string file;
  Layout layout;
  std::unique_ptr<TrueTypeBytes> font;
  hb_blob_t* blob = nullptr;
  hb_face_t* face = nullptr;
  hb_font_t* hb = nullptr;
};

TEST(TrueTypeBytes, EveryTableButGlyfAsInTheFileAndOnlyTheGlyphsAsked) {
  const char* path = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
  ReadFont read_font(path);
  ASSERT_NE(read_font.font, nullptr);
  auto& [file, l, font, blob, face, hb] = read_font;
  EXPECT_EQ(tests::resident_kb_of(path), 0) << "the file is read, not mapped";
  hb_codepoint_t e_acute = 0, e = 0, acute = 0;
  ASSERT_TRUE(hb_font_get_nominal_glyph(hb, U'é', &e_acute));  // cmap read whole
  ASSERT_TRUE(hb_font_get_nominal_glyph(hb, U'e', &e));
  ASSERT_TRUE(hb_font_get_nominal_glyph(hb, U'\u0301', &acute));
  font->load(e_acute);
  unsigned length = 0;
  const char* data = hb_blob_get_data(blob, &length);
  ASSERT_EQ(length, file.size());
  const std::string bytes(data, length);
  // é is a composite of e and the accent: both were read with it.
  ASSERT_LT(static_cast<std::int16_t>(be16(file, l.glyf_at + l.offset(file, e_acute))), 0);
  const std::set<unsigned> read = glyphs_read(bytes, file, l);
  EXPECT_TRUE(read.contains(e_acute));
  EXPECT_TRUE(read.contains(e)) << "a component of é";
  EXPECT_LE(read.size(), 4U) << "only é and what it is made of";
  // Everything outside glyf and loca is the file's.
  const auto outside = [&](const std::string& s) {
    std::string rest = s;
    rest.replace(l.glyf_at, l.glyf_size, l.glyf_size, '\0');
    rest.replace(l.loca_at, l.loca_size, l.loca_size, '\0');
    return rest;
  };
  EXPECT_TRUE(outside(bytes) == outside(file));
}

// Glyphs asked for in any order (here the last first) are packed at glyf's start, one after the
// other in glyph order, and HarfBuzz draws each from them as from the file; only the pages they
// fill are resident.
TEST(TrueTypeBytes, GlyphsAskedInAnyOrderArePackedAndDrawnAsFromTheFile) {
  const char* path = "/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf";
  ReadFont read_font(path);
  ASSERT_NE(read_font.font, nullptr);
  auto& [file, l, font, blob, face, hb] = read_font;
  hb_blob_t* file_blob = hb_blob_create_from_file_or_fail(path);
  hb_face_t* file_face = hb_face_create(file_blob, 0);
  hb_font_t* file_hb = hb_font_create(file_face);
  const std::u32string text = U"住民票の写し交付申請書髙橋花子神奈川県川崎市宮前区令和年月日ABC123";
  std::vector<hb_codepoint_t> glyphs;
  for (const char32_t c : text) {
    hb_codepoint_t g = 0;
    ASSERT_TRUE(hb_font_get_nominal_glyph(hb, c, &g));
    glyphs.push_back(g);
  }
  std::sort(glyphs.begin(), glyphs.end(), std::greater<>());
  for (const hb_codepoint_t g : glyphs) font->load(g);
  for (const hb_codepoint_t g : glyphs) {
    hb_glyph_extents_t ours{}, theirs{};
    ASSERT_TRUE(hb_font_get_glyph_extents(hb, g, &ours));
    ASSERT_TRUE(hb_font_get_glyph_extents(file_hb, g, &theirs));
    EXPECT_EQ(std::tie(ours.x_bearing, ours.y_bearing, ours.width, ours.height),
              std::tie(theirs.x_bearing, theirs.y_bearing, theirs.width, theirs.height))
        << "glyph " << g;
  }
  unsigned length = 0;
  const char* data = hb_blob_get_data(blob, &length);
  // Resident (before anything here reads the rest of glyf): the pages the packed glyphs fill,
  // not one for each glyph.
  const long page = ::sysconf(_SC_PAGESIZE);
  const auto first = reinterpret_cast<std::uintptr_t>(data + l.glyf_at) / page * page;
  const auto last = reinterpret_cast<std::uintptr_t>(data + l.glyf_at + l.glyf_size);
  std::vector<unsigned char> resident((last - first + page - 1) / page);
  ASSERT_EQ(::mincore(reinterpret_cast<void*>(first), last - first, resident.data()), 0);
  const auto pages =
      std::count_if(resident.begin(), resident.end(), [](unsigned char r) { return (r & 1) != 0; });
  const std::string bytes(data, length);
  const std::set<unsigned> read = glyphs_read(bytes, file, l);
  EXPECT_EQ(read.size(), std::set<unsigned>(glyphs.begin(), glyphs.end()).size());
  std::size_t packed = 0;
  for (const unsigned g : read) packed += l.offset(file, g + 1) - l.offset(file, g);
  EXPECT_EQ(l.offset(bytes, l.glyphs), packed) << "one after the other";
  // (glyf need not start on a page; a page more for HarfBuzz's look at its end.)
  EXPECT_LE(pages, static_cast<long>(packed / page + 3)) << packed << " bytes of glyphs";
  hb_font_destroy(file_hb);
  hb_face_destroy(file_face);
  hb_blob_destroy(file_blob);
}

// KB of `font`'s bytes resident (mincore): what it has read.
long resident_kb(const TrueTypeBytes& font) {
  const long page = ::sysconf(_SC_PAGESIZE);
  std::vector<unsigned char> resident((font.size() + page - 1) / page);
  if (::mincore(font.data(), font.size(), resident.data()) != 0) return -1;
  return std::count_if(resident.begin(), resident.end(),
                       [](unsigned char r) { return (r & 1) != 0; }) *
         page / 1024;
}

std::set<std::string> table_tags(hb_face_t* face) {
  std::set<std::string> tags;
  std::array<hb_tag_t, 64> some{};
  unsigned count = some.size();
  hb_face_get_table_tags(face, 0, &count, some.data());
  for (unsigned i = 0; i < count; ++i) {
    char name[5] = {};
    hb_tag_to_string(some[i], name);
    tags.insert(name);
  }
  return tags;
}

// The PDF's subset and the atlas's FreeType each see the tables they use: BIZ UD Gothic's
// vertical metrics, GSUB and the cmap subtables besides (3,10) are never read.
TEST(TrueTypeBytes, AReaderSeesOnlyTheTablesItUsesAndOneCmap) {
  const char* path = "/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf";
  const auto every = TrueTypeBytes::read(path);
  const auto subset = TrueTypeBytes::read(path, TrueTypeBytes::Use::subsetting());
  const auto drawing = TrueTypeBytes::read(path, TrueTypeBytes::Use::drawing());
  ASSERT_TRUE(every && subset && drawing);
  hb_blob_t* file_blob = hb_blob_create_from_file_or_fail(path);
  hb_face_t* file_face = hb_face_create(file_blob, 0);
  hb_font_t* file_hb = hb_font_create(file_face);
  EXPECT_TRUE(table_tags(file_face).contains("vmtx"));
  EXPECT_TRUE(table_tags(file_face).contains("GSUB"));
  for (const auto* font : {subset.get(), drawing.get()}) {
    hb_blob_t* blob = blob_of(*font);
    hb_face_t* face = hb_face_create(blob, 0);
    hb_font_t* hb = hb_font_create(face);
    const std::set<std::string> tags = table_tags(face);
    EXPECT_FALSE(tags.contains("vmtx") || tags.contains("vhea") || tags.contains("GSUB"));
    EXPECT_EQ(tags.contains("fpgm"), font == drawing.get()) << "hinting only to draw with";
    for (const char* kept : {"cmap", "glyf", "loca", "head", "hhea", "hmtx", "maxp", "OS/2"}) {
      EXPECT_TRUE(tags.contains(kept)) << kept;
    }
    // The characters map to the file's glyphs, through the one subtable listed: (3,10).
    hb_blob_t* cmap = hb_face_reference_table(face, HB_TAG('c', 'm', 'a', 'p'));
    unsigned cmap_size = 0;
    const std::string header(hb_blob_get_data(cmap, &cmap_size), 12);
    hb_blob_destroy(cmap);
    EXPECT_EQ(be16(header, 2), 1U) << "subtables listed";
    EXPECT_EQ(be16(header, 4), 3U) << "platform: Windows";
    EXPECT_EQ(be16(header, 6), 10U) << "encoding: Unicode, full repertoire";
    for (const char32_t c : std::u32string(U"住民票（１）髙﨑ABCé")) {
      hb_codepoint_t ours = 0, theirs = 0;
      ASSERT_TRUE(hb_font_get_nominal_glyph(file_hb, c, &theirs)) << static_cast<unsigned>(c);
      ASSERT_TRUE(hb_font_get_nominal_glyph(hb, c, &ours)) << static_cast<unsigned>(c);
      EXPECT_EQ(ours, theirs) << static_cast<unsigned>(c);
    }
    hb_font_destroy(hb);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
  }
  // The tables and subtables left out are not read: 55 KB of vmtx, 41 KB of GSUB, 77 KB of
  // cmap's format-4 and format-14 subtables.
  EXPECT_LE(resident_kb(*subset) + 150, resident_kb(*every))
      << resident_kb(*subset) << " KB against " << resident_kb(*every);
  hb_font_destroy(file_hb);
  hb_face_destroy(file_face);
  hb_blob_destroy(file_blob);
}

TEST(TrueTypeBytes, WhatIsNotOneTrueTypeFontIsLeftToTheMapping) {
  EXPECT_EQ(TrueTypeBytes::read("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), nullptr);
  EXPECT_EQ(TrueTypeBytes::read("/nonexistent/font.ttf"), nullptr);
  EXPECT_EQ(TrueTypeBytes::read("/etc/hostname"), nullptr);
}

}  // namespace
}  // namespace madoguchi::fonts
