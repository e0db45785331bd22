// Private to the printer module: a font file parsed once with HarfBuzz, for what libharu 2.3 cannot
// do itself: look up any code point (also beyond U+FFFF), cut a per-document subset TrueType with
// a cmap of our own, and give a glyph's outline (CFF fonts included).
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

struct hb_blob_t;
struct hb_face_t;
struct hb_font_t;

namespace madoguchi::fonts {
class TrueTypeBytes;
}

namespace madoguchi::printer::detail {

// One step of a glyph outline in ems (1.0 = the font size), y upwards from the baseline.
// Quadratic curves come as cubic ones, as PDF draws them.
struct PathStep {
  enum class Kind { Move, Line, Cubic, Close } kind;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0, x = 0, y = 0;  // Cubic: controls 1 and 2, then the end
};

class FontFile {
 public:
  // `index`: the face in a .ttc collection (0 for a .ttf). Errors say what is wrong, in English.
  static std::expected<FontFile, std::string> open(const std::filesystem::path& file,
                                                   unsigned index = 0);

  FontFile(FontFile&&) noexcept;
  FontFile& operator=(FontFile&&) noexcept;
  ~FontFile();

  // 0 when the font has no glyph for the character.
  unsigned glyph(char32_t c) const;
  // Advance width in font units.
  unsigned advance(unsigned glyph) const;
  unsigned units_per_em() const { return upem_; }
  // hhea ascender and descender, in font units (the descender is negative).
  int ascender() const { return ascender_; }
  int descender() const { return descender_; }
  // The PostScript name (name ID 6), e.g. "BIZUDGothic-Regular".
  const std::string& postscript_name() const { return postscript_name_; }
  // TrueType outlines (a glyf table), which libharu needs to embed the font.
  bool has_truetype_outlines() const;
  // OS/2 fsType allows embedding (not "restricted license").
  bool allows_embedding() const;

  std::vector<PathStep> outline(unsigned glyph) const;

  // A TrueType font for embedding in one PDF: .notdef and the glyphs of the characters in
  // `codes` only, without layout tables and hinting, and with a format-4 cmap that maps each
  // code to the glyph of its character (which the font must have). Several codes may share a
  // character. Codes must be sorted, unique, and in 0x0020..0xFFFE.
  std::expected<std::string, std::string> subset(
      const std::vector<std::pair<std::uint16_t, char32_t>>& codes) const;

 private:
  FontFile();
  // A single TrueType font's bytes, read as needed (truetype_bytes.hpp); null when mapped.
  std::unique_ptr<fonts::TrueTypeBytes> bytes_;
  hb_blob_t* blob_ = nullptr;
  hb_face_t* face_ = nullptr;
  hb_font_t* font_ = nullptr;
  unsigned upem_ = 1000;
  int ascender_ = 880;
  int descender_ = -120;
  std::string postscript_name_;
};

}  // namespace madoguchi::printer::detail
