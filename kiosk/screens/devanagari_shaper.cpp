#include "devanagari_shaper.hpp"

#include <hb.h>

#include "madoguchi/text/utf8.hpp"

namespace madoguchi::kiosk::ui {

namespace {

bool is_devanagari(char32_t c) {
  return (c >= 0x0900 && c <= 0x097F) || (c >= 0xA8E0 && c <= 0xA8FF) || c == 0x200C ||
         c == 0x200D;  // ZWNJ and ZWJ shape the conjunct they sit in
}

}  // namespace

bool has_devanagari(std::string_view text) {
  // Every Devanagari character is three bytes starting E0 A4 or E0 A5 (U+0900–U+097F), or
  // EA A3 (U+A8E0–U+A8FF): a byte scan, as most strings on the screens have none.
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const auto a = static_cast<unsigned char>(text[i]);
    const auto b = static_cast<unsigned char>(text[i + 1]);
    if ((a == 0xE0 && (b == 0xA4 || b == 0xA5)) || (a == 0xEA && b == 0xA3)) return true;
  }
  return false;
}

struct DevanagariShaper::HarfBuzz {
  hb_blob_t* blob = nullptr;
  hb_face_t* face = nullptr;
  hb_font_t* font = nullptr;
  hb_buffer_t* buffer = nullptr;
  ~HarfBuzz() {
    if (buffer != nullptr) hb_buffer_destroy(buffer);
    if (font != nullptr) hb_font_destroy(font);
    if (face != nullptr) hb_face_destroy(face);
    if (blob != nullptr) hb_blob_destroy(blob);
  }
};

DevanagariShaper::DevanagariShaper(const std::filesystem::path& font_file)
    : font_file_(font_file), hb_(std::make_unique<HarfBuzz>()) {
  hb_->blob = hb_blob_create_from_file_or_fail(font_file.c_str());
  if (hb_->blob == nullptr) return;
  hb_->face = hb_face_create(hb_->blob, 0);
  units_per_em_ = static_cast<int>(hb_face_get_upem(hb_->face));
  hb_->font = hb_font_create(hb_->face);
  hb_font_set_scale(hb_->font, units_per_em_, units_per_em_);  // positions in font units
  hb_->buffer = hb_buffer_create();
}

DevanagariShaper::~DevanagariShaper() = default;

std::string DevanagariShaper::shape(std::string_view text) {
  if (hb_->font == nullptr || !has_devanagari(text)) return std::string(text);
  const std::u32string chars = text::decode_utf8(text);
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < chars.size()) {
    if (!is_devanagari(chars[at])) {
      text::append_utf8(out, chars[at++]);
      continue;
    }
    std::size_t end = at;
    while (end < chars.size() && is_devanagari(chars[end])) ++end;
    const std::u32string_view run(chars.data() + at, end - at);
    hb_buffer_clear_contents(hb_->buffer);
    for (std::size_t i = 0; i < run.size(); ++i) {
      hb_buffer_add(hb_->buffer, static_cast<hb_codepoint_t>(run[i]), static_cast<unsigned>(i));
    }
    hb_buffer_set_content_type(hb_->buffer, HB_BUFFER_CONTENT_TYPE_UNICODE);
    hb_buffer_set_direction(hb_->buffer, HB_DIRECTION_LTR);
    hb_buffer_set_script(hb_->buffer, HB_SCRIPT_DEVANAGARI);
    hb_buffer_set_language(hb_->buffer, hb_language_from_string("ne", -1));
    hb_shape(hb_->font, hb_->buffer, nullptr, 0);
    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(hb_->buffer, &count);
    const hb_glyph_position_t* position = hb_buffer_get_glyph_positions(hb_->buffer, &count);
    std::string shaped;
    bool fits = count > 0;
    // Ink left of the first glyph's pen position, and right of the last glyph's advance.
    hb_glyph_extents_t first{}, last{};
    if (fits) {
      hb_font_get_glyph_extents(hb_->font, info[0].codepoint, &first);
      hb_font_get_glyph_extents(hb_->font, info[count - 1].codepoint, &last);
      const int before = -(first.x_bearing + position[0].x_offset);
      if (before > 0) fits = place({kBlank, before, 0, 0}, shaped);
    }
    for (unsigned i = 0; i < count && fits; ++i) {
      fits = place(
          {info[i].codepoint, position[i].x_advance, position[i].x_offset, position[i].y_offset},
          shaped);
    }
    if (fits) {
      const int after = position[count - 1].x_offset + last.x_bearing + last.width -
                        position[count - 1].x_advance;
      if (after > 0) fits = place({kBlank, after, 0, 0}, shaped);
    }
    if (fits) {
      out += shaped;
    } else {
      for (const char32_t c : run) text::append_utf8(out, c);
    }
    at = end;
  }
  return out;
}

bool DevanagariShaper::place(const PlacedGlyph& glyph, std::string& shaped) {
  auto slot = slots_.find(glyph);
  if (slot == slots_.end()) {
    const char32_t next = kFirstShapedSlot + static_cast<char32_t>(slots_.size());
    if (next > kLastShapedSlot) return false;
    slot = slots_.emplace(glyph, next).first;
    glyphs_.emplace(next, glyph);
  }
  text::append_utf8(shaped, slot->second);
  return true;
}

const PlacedGlyph* DevanagariShaper::glyph_at(char32_t slot) const {
  const auto found = glyphs_.find(slot);
  return found == glyphs_.end() ? nullptr : &found->second;
}

}  // namespace madoguchi::kiosk::ui
