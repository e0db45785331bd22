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

#include <cstddef>
#include <filesystem>
#include <memory>
#include <vector>

namespace madoguchi::fonts {

class TrueTypeBytes {
 public:
  // nullptr when `file` is not one TrueType font with glyf and loca tables (a collection, CFF
  // outlines) or cannot be read: the caller maps it as before.
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
