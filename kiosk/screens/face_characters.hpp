// Which characters a font face has, read from its cmap with HarfBuzz over bytes its caller keeps
// mapped. The glyph atlas asks it before it hands a face to FreeType: a face none of whose
// characters are wanted is not opened (a Noto Sans CJK face costs FreeType 2.5 MB while a build
// lasts, for the language buttons' few Hangul and Chinese letters).
#pragma once

#include <cstddef>

struct hb_blob_t;
struct hb_face_t;
struct hb_font_t;

namespace madoguchi::kiosk::ui {

class FaceCharacters {
 public:
  // `index`: the face in a collection (.ttc). A face HarfBuzz cannot read has no character.
  FaceCharacters(const void* data, std::size_t size, unsigned index);
  ~FaceCharacters();
  FaceCharacters(const FaceCharacters&) = delete;
  FaceCharacters& operator=(const FaceCharacters&) = delete;

  bool has(char32_t c) const { return glyph(c) != 0; }
  // The glyph that draws `c` (0: none).
  unsigned glyph(char32_t c) const;

 private:
  hb_blob_t* blob_ = nullptr;
  hb_face_t* face_ = nullptr;
  hb_font_t* font_ = nullptr;
};

}  // namespace madoguchi::kiosk::ui
