// A font file as one bake of the glyph atlas reads it. A single TrueType font (BIZ UD Gothic, Noto
// Sans) is read, its tables whole and of its glyphs only those the bake draws, packed
// (madoguchi/fonts/truetype_bytes.hpp): mapped, every glyph FreeType read brought the 64 KB
// around it into memory, 1.2 MB of BIZ UD Gothic for a screen's few dozen characters. A
// collection or a CFF font (Noto Sans CJK) is mapped (mapped_file.hpp).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>

#include "madoguchi/fonts/truetype_bytes.hpp"
#include "mapped_file.hpp"

namespace madoguchi::kiosk::ui {

class FontBytes {
 public:
  // Neither read nor mapped (data() null) when the file cannot be, or is `largest` bytes or more.
  FontBytes(const std::filesystem::path& file, std::size_t largest);

  // Dear ImGui and FreeType take the data as void* but only read it.
  void* data() const;
  std::size_t size() const;
  // Reads `glyph` (a glyph id of the face) before FreeType draws it; a mapped file has them all.
  void load(unsigned glyph);

 private:
  std::unique_ptr<fonts::TrueTypeBytes> read_;
  std::unique_ptr<MappedFile> mapped_;
};

}  // namespace madoguchi::kiosk::ui
