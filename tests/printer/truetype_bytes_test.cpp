// A TrueType font read as the PDF's subset needs it (printer/truetype_bytes.hpp): every table but
// glyf as in the file, of glyf only the glyphs asked for and their components, and no page of
// the file mapped (the kernel would map 64 KB around each glyph read).
#include "truetype_bytes.hpp"

#include <gtest/gtest.h>
#include <hb.h>

#include <cstdint>
#include <fstream>
#include <set>
#include <string>

#include "support/text_file.hpp"

namespace madoguchi::printer::detail {
namespace {

unsigned be16(const std::string& s, std::size_t at) {
  return (static_cast<unsigned char>(s[at]) << 8) | static_cast<unsigned char>(s[at + 1]);
}
std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t{be16(s, at)} << 16) | be16(s, at + 2);
}

struct Layout {
  std::size_t glyf_at = 0, glyf_size = 0, loca_at = 0;
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
    if (tag == "loca") l.loca_at = at;
    if (tag == "head") head = at;
  }
  l.long_offsets = be16(s, head + 50) != 0;
  return l;
}

long mapped_kb_of(const std::string& path) {
  std::ifstream maps("/proc/self/smaps");
  long kb = 0;
  bool in_file = false;
  for (std::string line; std::getline(maps, line);) {
    if (line.find(" /") != std::string::npos && line.find('-') < line.find(' ')) {
      in_file = line.ends_with(path);
    } else if (in_file && line.starts_with("Rss:")) {
      kb += std::stol(line.substr(4));
    }
  }
  return kb;
}

TEST(TrueTypeBytes, EveryTableButGlyfAsInTheFileAndOnlyTheGlyphsAsked) {
  const char* path = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
  const std::string file = madoguchi::tests::slurp(path);
  const Layout l = layout_of(file);
  auto font = TrueTypeBytes::read(path);
  ASSERT_NE(font, nullptr);
  EXPECT_EQ(mapped_kb_of(path), 0) << "the file is read, not mapped";
  hb_blob_t* blob = font->blob();
  hb_face_t* face = hb_face_create(blob, 0);
  hb_font_t* hb = hb_font_create(face);
  hb_codepoint_t e_acute = 0, e = 0, acute = 0;
  ASSERT_TRUE(hb_font_get_nominal_glyph(hb, U'é', &e_acute));  // cmap read whole
  ASSERT_TRUE(hb_font_get_nominal_glyph(hb, U'e', &e));
  ASSERT_TRUE(hb_font_get_nominal_glyph(hb, U'\u0301', &acute));
  font->load(e_acute);
  unsigned length = 0;
  const char* bytes = hb_blob_get_data(blob, &length);
  ASSERT_EQ(length, file.size());
  // é is a composite of e and the accent: both were read with it.
  ASSERT_LT(static_cast<std::int16_t>(be16(file, l.glyf_at + l.offset(file, e_acute))), 0);
  std::set<unsigned> read;
  for (unsigned g = 0; l.offset(file, g + 1) <= l.glyf_size && g + 1 < 5000; ++g) {
    const std::size_t start = l.glyf_at + l.offset(file, g),
                      end = l.glyf_at + l.offset(file, g + 1);
    if (end <= start) continue;
    const bool same =
        std::string_view(bytes + start, end - start) == file.substr(start, end - start);
    const bool blank = std::string_view(bytes + start, end - start).find_first_not_of('\0') ==
                       std::string_view::npos;
    EXPECT_TRUE(same || blank) << "glyph " << g;
    if (same && !blank) read.insert(g);
  }
  EXPECT_TRUE(read.contains(e_acute));
  EXPECT_TRUE(read.contains(e)) << "a component of é";
  EXPECT_LE(read.size(), 4U) << "only é and what it is made of";
  // Everything outside glyf is the file's.
  const std::size_t after = l.glyf_at + l.glyf_size;
  EXPECT_TRUE(std::string_view(bytes, l.glyf_at) == file.substr(0, l.glyf_at));
  EXPECT_TRUE(std::string_view(bytes + after, length - after) == file.substr(after));
  hb_font_destroy(hb);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
}

TEST(TrueTypeBytes, WhatIsNotOneTrueTypeFontIsLeftToTheMapping) {
  EXPECT_EQ(TrueTypeBytes::read("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), nullptr);
  EXPECT_EQ(TrueTypeBytes::read("/nonexistent/font.ttf"), nullptr);
  EXPECT_EQ(TrueTypeBytes::read("/etc/hostname"), nullptr);
}

}  // namespace
}  // namespace madoguchi::printer::detail
