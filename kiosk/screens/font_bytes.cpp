#include "font_bytes.hpp"

#include <system_error>

namespace madoguchi::kiosk::ui {

FontBytes::FontBytes(const std::filesystem::path& file, std::size_t largest) {
  std::error_code ignored;
  const auto size = std::filesystem::file_size(file, ignored);
  if (!ignored && size < largest) {
    read_ = fonts::TrueTypeBytes::read(file, fonts::TrueTypeBytes::Use::drawing());
  }
  if (!read_) mapped_ = std::make_unique<MappedFile>(file, largest);
}

void* FontBytes::data() const { return read_ ? read_->data() : mapped_->data(); }

std::size_t FontBytes::size() const { return read_ ? read_->size() : mapped_->size(); }

void FontBytes::load(unsigned glyph) {
  if (read_) read_->load(glyph);
}

}  // namespace madoguchi::kiosk::ui
