// Private to the printer module: a TrueType file's bytes as HarfBuzz reads them, read rather
// than mapped. A mapped font costs far more memory than what is read of it: the kernel maps the
// 64 KB around every page touched, and a document's glyphs lie scattered over BIZ UD Gothic's
// 4 MB of glyf, so a form's subset held 1.4–1.9 MB of each weight's file. Here the tables are
// read into memory of the file's size that is never touched elsewhere (so it costs nothing),
// every table but glyf whole (about 420 KB for BIZ UD Gothic), and of glyf only the glyphs asked
// for (load), with the glyphs their composites are made of.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <vector>

struct hb_blob_t;

namespace madoguchi::printer::detail {

class TrueTypeBytes {
 public:
  // nullptr when `file` is not one TrueType font with glyf and loca tables (a collection, CFF
  // outlines) or cannot be read: the caller maps it as before.
  static std::unique_ptr<TrueTypeBytes> read(const std::filesystem::path& file);
  ~TrueTypeBytes();
  TrueTypeBytes(const TrueTypeBytes&) = delete;
  TrueTypeBytes& operator=(const TrueTypeBytes&) = delete;

  // A blob over the bytes, which must not outlive this.
  hb_blob_t* blob() const;
  // Reads `glyph` (and its components) into glyf, once; a glyph id out of range is ignored.
  void load(unsigned glyph);

 private:
  TrueTypeBytes() = default;
  bool read_range(std::size_t at, std::size_t size);
  std::size_t glyph_offset(unsigned glyph) const;

  int fd_ = -1;
  char* bytes_ = nullptr;
  std::size_t size_ = 0;
  std::size_t glyf_at_ = 0, glyf_size_ = 0, loca_at_ = 0;
  bool long_offsets_ = false;
  unsigned glyphs_ = 0;
  std::vector<bool> loaded_;
};

}  // namespace madoguchi::printer::detail
