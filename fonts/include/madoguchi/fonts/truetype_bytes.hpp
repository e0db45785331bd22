// A TrueType file's bytes as HarfBuzz and FreeType read them, read rather than mapped: for the
// PDF's subset (printer/font_file.cpp) and the screens' glyph atlas
// (kiosk/screens/glyph_atlas.cpp). A mapped font costs far more memory than what is read of it: the
// kernel maps the 64 KB around every page touched, and a document's glyphs lie scattered over BIZ
// UD Gothic's 4 MB of glyf, so a form's subset held 1.4–1.9 MB of each weight's file. Here the
// tables are read into memory of the file's size that is never touched elsewhere (so it costs
// nothing), every table but glyf and loca whole (about 360 KB for BIZ UD Gothic), and of glyf only
// the glyphs asked for (load), with the glyphs their composites are made of, packed one after the
// other in glyph order at glyf's start, a loca made to match (a glyph not loaded is empty): a
// form's 150 glyphs take 40 KB, not a page each.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <vector>

namespace madoguchi::fonts {

class TrueTypeBytes {
 public:
  // What a reader of the font uses besides head, maxp, glyf and loca, which every reader needs
  // and are always read. The other tables go from the table directory unread:
  // HarfBuzz and FreeType see a font without them. With `unicode_cmap_only`, of cmap only the
  // full Unicode subtable (3,10, format 12) is read and listed, where the font has one: FreeType
  // and HarfBuzz both choose it over the BMP's (format 4), and the variation sequences
  // (format 14) are no character of their own (BIZ UD Gothic: 124 KB of its 202 KB cmap).
  struct Use {
    std::vector<std::array<char, 4>> tables;  // empty: every table
    bool unicode_cmap_only = false;
    // FreeType drawing hinted glyphs (the screens' atlas): no vertical metrics, no layout tables.
    static Use drawing();
    // HarfBuzz's subset without hinting, advances and outlines (the PDF): the tables it embeds.
    static Use subsetting();
  };

  // nullptr when `file` is not one TrueType font with glyf and loca tables (a collection, CFF
  // outlines) or cannot be read: the caller maps it as before.
  static std::unique_ptr<TrueTypeBytes> read(const std::filesystem::path& file, const Use& use);
  // Every table.
  static std::unique_ptr<TrueTypeBytes> read(const std::filesystem::path& file);
  ~TrueTypeBytes();
  TrueTypeBytes(const TrueTypeBytes&) = delete;
  TrueTypeBytes& operator=(const TrueTypeBytes&) = delete;

  // The font as a file of its size: the tables, and glyf holding the glyphs loaded so far. Never
  // moves; whatever reads it must not outlive this, nor write to it.
  char* data() const { return bytes_; }
  std::size_t size() const { return size_; }
  // Reads `glyph` (and its components) into glyf, once; a glyph id out of range is ignored.
  void load(unsigned glyph);

 private:
  TrueTypeBytes() = default;
  bool read_range(std::size_t at, std::size_t size);
  // cmap at `at`, of its subtables only (3,10) format 12 when it has one (else whole).
  bool read_unicode_cmap(std::size_t at, std::size_t size);
  // The table directory with only the records in `kept` (16 bytes each), in their order.
  void list_tables(const std::vector<std::array<char, 16>>& kept, unsigned tables);
  bool read_into(char* into, std::size_t from, std::size_t size) const;
  // Where `glyph` lies in the file's glyf (false: empty, or beyond glyf).
  bool file_glyph(unsigned glyph, std::size_t& start, std::size_t& end) const;
  // Where `glyph` lies in the packed glyf (the loca made here).
  std::size_t glyph_offset(unsigned glyph) const;
  void move_glyphs_after(unsigned glyph, std::size_t by);

  int fd_ = -1;
  char* bytes_ = nullptr;
  std::size_t size_ = 0;
  std::size_t glyf_at_ = 0, glyf_size_ = 0, loca_at_ = 0, loca_size_ = 0;
  std::size_t used_ = 0;  // bytes of glyf filled
  bool long_offsets_ = false;
  unsigned glyphs_ = 0;
  std::vector<bool> loaded_;
};

}  // namespace madoguchi::fonts
