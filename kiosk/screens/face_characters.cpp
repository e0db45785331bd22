#include "face_characters.hpp"

#include <hb.h>

namespace madoguchi::kiosk::ui {

FaceCharacters::FaceCharacters(const void* data, std::size_t size, unsigned index) {
  if (data == nullptr || size == 0) return;
  blob_ = hb_blob_create(static_cast<const char*>(data), static_cast<unsigned>(size),
                         HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  face_ = hb_face_create(blob_, index);
  font_ = hb_font_create(face_);
}

FaceCharacters::~FaceCharacters() {
  if (font_ != nullptr) hb_font_destroy(font_);
  if (face_ != nullptr) hb_face_destroy(face_);
  if (blob_ != nullptr) hb_blob_destroy(blob_);
}

unsigned FaceCharacters::glyph(char32_t c) const {
  hb_codepoint_t glyph = 0;
  return font_ != nullptr && hb_font_get_nominal_glyph(font_, c, &glyph) != 0 ? glyph : 0;
}

}  // namespace madoguchi::kiosk::ui
