#include "font_file.hpp"

#include "madoguchi/fonts/truetype_bytes.hpp"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace madoguchi::printer::detail {
namespace {

constexpr hb_tag_t tag(const char (&name)[5]) { return HB_TAG(name[0], name[1], name[2], name[3]); }

// The tables libharu 2.3 reads and embeds (hpdf_fontdef_tt.c, REQUIRED_TAGS); a subset keeps
// these only. cmap is made anew.
constexpr std::array<hb_tag_t, 12> kEmbeddedTables = {
    tag("OS/2"), tag("cvt "), tag("fpgm"), tag("glyf"), tag("head"), tag("hhea"),
    tag("hmtx"), tag("loca"), tag("maxp"), tag("name"), tag("post"), tag("prep")};

template <typename T, void (*Destroy)(T*)>
struct Deleter {
  void operator()(T* p) const { Destroy(p); }
};
using Blob = std::unique_ptr<hb_blob_t, Deleter<hb_blob_t, hb_blob_destroy>>;
using Face = std::unique_ptr<hb_face_t, Deleter<hb_face_t, hb_face_destroy>>;
using SubsetInput =
    std::unique_ptr<hb_subset_input_t, Deleter<hb_subset_input_t, hb_subset_input_destroy>>;
using SubsetPlan =
    std::unique_ptr<hb_subset_plan_t, Deleter<hb_subset_plan_t, hb_subset_plan_destroy>>;

// Big-endian reads from a table.
unsigned u16(const char* p) {
  return (static_cast<unsigned>(static_cast<unsigned char>(p[0])) << 8) |
         static_cast<unsigned char>(p[1]);
}
int s16(const char* p) { return static_cast<std::int16_t>(static_cast<std::uint16_t>(u16(p))); }

void put16(std::string& out, unsigned value) {
  out.push_back(static_cast<char>((value >> 8) & 0xFF));
  out.push_back(static_cast<char>(value & 0xFF));
}

// cmap with one (3, 1) format-4 subtable: runs of consecutive codes become segments that look
// their glyphs up in glyphIdArray, so any code may map to any glyph.
std::string make_cmap(const std::vector<std::pair<std::uint16_t, unsigned>>& codes) {
  struct Segment {
    unsigned start, end, first_index;
  };
  std::vector<Segment> segments;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const unsigned code = codes[i].first;
    if (!segments.empty() && segments.back().end + 1 == code) {
      segments.back().end = code;
    } else {
      segments.push_back({code, code, static_cast<unsigned>(i)});
    }
  }
  segments.push_back({0xFFFF, 0xFFFF, 0});  // the required last segment
  const auto count = static_cast<unsigned>(segments.size());
  const unsigned search_range = 2 * std::bit_floor(count);
  const unsigned entry_selector = static_cast<unsigned>(std::countr_zero(search_range / 2));

  std::string sub;
  put16(sub, 4);  // format
  put16(sub, 0);  // length, patched below
  put16(sub, 0);  // language
  put16(sub, 2 * count);
  put16(sub, search_range);
  put16(sub, entry_selector);
  put16(sub, 2 * count - search_range);
  for (const auto& s : segments) put16(sub, s.end);
  put16(sub, 0);  // reservedPad
  for (const auto& s : segments) put16(sub, s.start);
  for (std::size_t i = 0; i < segments.size(); ++i) put16(sub, i + 1 == segments.size() ? 1 : 0);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    // From this idRangeOffset entry to the segment's first glyphIdArray entry, in bytes.
    const bool last = i + 1 == segments.size();
    put16(sub, last ? 0 : 2 * (count - i) + 2 * segments[i].first_index);
  }
  for (const auto& [code, glyph] : codes) put16(sub, glyph);
  sub[2] = static_cast<char>((sub.size() >> 8) & 0xFF);
  sub[3] = static_cast<char>(sub.size() & 0xFF);

  std::string cmap;
  put16(cmap, 0);  // version
  put16(cmap, 1);  // one encoding record
  put16(cmap, 3);  // Windows
  put16(cmap, 1);  // Unicode BMP
  put16(cmap, 0);
  put16(cmap, 12);  // offset of the subtable
  return cmap + sub;
}

struct OutlineData {
  std::vector<PathStep>* steps;
  double scale;
};

void move_to(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
  auto* d = static_cast<OutlineData*>(data);
  d->steps->push_back({.kind = PathStep::Kind::Move, .x = x * d->scale, .y = y * d->scale});
}

void line_to(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
  auto* d = static_cast<OutlineData*>(data);
  d->steps->push_back({.kind = PathStep::Kind::Line, .x = x * d->scale, .y = y * d->scale});
}

void quadratic_to(hb_draw_funcs_t*, void* data, hb_draw_state_t* st, float cx, float cy, float x,
                  float y, void*) {
  // The cubic with the same curve: controls at 2/3 of the way to the quadratic control.
  auto* d = static_cast<OutlineData*>(data);
  const double x0 = st->current_x, y0 = st->current_y;
  d->steps->push_back({.kind = PathStep::Kind::Cubic,
                       .x1 = (x0 + 2.0 * (cx - x0) / 3.0) * d->scale,
                       .y1 = (y0 + 2.0 * (cy - y0) / 3.0) * d->scale,
                       .x2 = (x + 2.0 * (cx - x) / 3.0) * d->scale,
                       .y2 = (y + 2.0 * (cy - y) / 3.0) * d->scale,
                       .x = x * d->scale,
                       .y = y * d->scale});
}

void cubic_to(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float c1x, float c1y, float c2x,
              float c2y, float x, float y, void*) {
  auto* d = static_cast<OutlineData*>(data);
  d->steps->push_back({.kind = PathStep::Kind::Cubic,
                       .x1 = c1x * d->scale,
                       .y1 = c1y * d->scale,
                       .x2 = c2x * d->scale,
                       .y2 = c2y * d->scale,
                       .x = x * d->scale,
                       .y = y * d->scale});
}

void close_path(hb_draw_funcs_t*, void* data, hb_draw_state_t*, void*) {
  static_cast<OutlineData*>(data)->steps->push_back({.kind = PathStep::Kind::Close});
}

hb_draw_funcs_t* outline_funcs() {
  static hb_draw_funcs_t* const funcs = [] {
    hb_draw_funcs_t* f = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(f, move_to, nullptr, nullptr);
    hb_draw_funcs_set_line_to_func(f, line_to, nullptr, nullptr);
    hb_draw_funcs_set_quadratic_to_func(f, quadratic_to, nullptr, nullptr);
    hb_draw_funcs_set_cubic_to_func(f, cubic_to, nullptr, nullptr);
    hb_draw_funcs_set_close_path_func(f, close_path, nullptr, nullptr);
    hb_draw_funcs_make_immutable(f);
    return f;
  }();
  return funcs;
}

}  // namespace

std::expected<FontFile, std::string> FontFile::open(const std::filesystem::path& file,
                                                    unsigned index) {
  FontFile font;
  if (index == 0)
    font.bytes_ = fonts::TrueTypeBytes::read(file, fonts::TrueTypeBytes::Use::subsetting());
  font.blob_ = font.bytes_
                   ? hb_blob_create(font.bytes_->data(), static_cast<unsigned>(font.bytes_->size()),
                                    HB_MEMORY_MODE_WRITABLE, nullptr, nullptr)
                   : hb_blob_create_from_file_or_fail(file.c_str());
  if (font.blob_ == nullptr) return std::unexpected("cannot read " + file.string());
  if (index >= hb_face_count(font.blob_)) {
    return std::unexpected(file.string() + " is not a font file (or has no face " +
                           std::to_string(index) + ")");
  }
  font.face_ = hb_face_create(font.blob_, index);
  if (hb_face_get_glyph_count(font.face_) == 0) {
    return std::unexpected(file.string() + " is not a font file (no glyphs)");
  }
  font.font_ = hb_font_create(font.face_);
  font.upem_ = hb_face_get_upem(font.face_);

  const Blob hhea(hb_face_reference_table(font.face_, tag("hhea")));
  unsigned length = 0;
  const char* data = hb_blob_get_data(hhea.get(), &length);
  if (length < 8 || font.upem_ == 0) {
    return std::unexpected(file.string() + " has no horizontal metrics (hhea)");
  }
  font.ascender_ = s16(data + 4);
  font.descender_ = s16(data + 6);

  std::array<char, 128> name{};
  unsigned name_size = name.size();
  hb_ot_name_get_utf8(font.face_, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &name_size,
                      name.data());
  font.postscript_name_ = name.data();
  return font;
}

FontFile::FontFile() = default;

FontFile::FontFile(FontFile&& other) noexcept
    : bytes_(std::move(other.bytes_)),
      blob_(std::exchange(other.blob_, nullptr)),
      face_(std::exchange(other.face_, nullptr)),
      font_(std::exchange(other.font_, nullptr)),
      upem_(other.upem_),
      ascender_(other.ascender_),
      descender_(other.descender_),
      postscript_name_(std::move(other.postscript_name_)) {}

FontFile& FontFile::operator=(FontFile&& other) noexcept {
  std::swap(bytes_, other.bytes_);
  std::swap(blob_, other.blob_);
  std::swap(face_, other.face_);
  std::swap(font_, other.font_);
  upem_ = other.upem_;
  ascender_ = other.ascender_;
  descender_ = other.descender_;
  postscript_name_ = std::move(other.postscript_name_);
  return *this;
}

FontFile::~FontFile() {
  hb_font_destroy(font_);
  hb_face_destroy(face_);
  hb_blob_destroy(blob_);
}

unsigned FontFile::glyph(char32_t c) const {
  hb_codepoint_t glyph = 0;
  return hb_font_get_nominal_glyph(font_, c, &glyph) ? glyph : 0;
}

unsigned FontFile::advance(unsigned glyph) const {
  return static_cast<unsigned>(std::max(0, hb_font_get_glyph_h_advance(font_, glyph)));
}

bool FontFile::has_truetype_outlines() const {
  const Blob glyf(hb_face_reference_table(face_, tag("glyf")));
  return hb_blob_get_length(glyf.get()) > 0;
}

bool FontFile::allows_embedding() const {
  const Blob os2(hb_face_reference_table(face_, tag("OS/2")));
  unsigned length = 0;
  const char* data = hb_blob_get_data(os2.get(), &length);
  if (length < 10) return true;          // no OS/2 table: no restriction stated
  return (u16(data + 8) & 0x0302) == 0;  // restricted, bitmap only, no subsetting
}

std::vector<PathStep> FontFile::outline(unsigned glyph) const {
  if (bytes_) bytes_->load(glyph);
  std::vector<PathStep> steps;
  OutlineData data{&steps, 1.0 / upem_};
  hb_font_get_glyph_shape(font_, glyph, outline_funcs(), &data);
  return steps;
}

std::expected<std::string, std::string> FontFile::subset(
    const std::vector<std::pair<std::uint16_t, char32_t>>& codes) const {
  const SubsetInput input(hb_subset_input_create_or_fail());
  if (!input) return std::unexpected("HarfBuzz could not start a subset");
  // No TrueType hinting (instructions, fpgm, cvt, prep; libharu writes the last three empty):
  // it is a quarter of the glyph data, and at a printer's 600 dpi a 9 pt glyph is 75 pixels
  // high, where hints change nothing. PDF viewers mostly ignore them too.
  hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING);
  // By characters, not glyph ids: given glyphs, HarfBuzz scans the whole cmap for the characters
  // that map to them (1.5 ms for BIZ UD Gothic's 20,000), given characters it looks them up.
  hb_set_t* characters = hb_subset_input_unicode_set(input.get());
  for (const auto& [code, c] : codes) hb_set_add(characters, c);
  if (bytes_) {  // the glyphs the subset holds, read before HarfBuzz looks at them
    bytes_->load(0);
    for (const auto& [code, c] : codes) bytes_->load(glyph(c));
  }
  // Drop every table libharu does not embed, the layout tables above all: subsetting GSUB would
  // pull in every vertical and alternate form of each glyph. cmap is made anew below.
  hb_set_t* drop = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
  std::array<hb_tag_t, 64> tags{};
  for (unsigned start = 0;; start += tags.size()) {
    unsigned count = tags.size();
    hb_face_get_table_tags(face_, start, &count, tags.data());
    for (unsigned i = 0; i < count; ++i) {
      if (std::ranges::find(kEmbeddedTables, tags[i]) == kEmbeddedTables.end()) {
        hb_set_add(drop, tags[i]);
      }
    }
    if (count < tags.size()) break;
  }

  const SubsetPlan plan(hb_subset_plan_create_or_fail(face_, input.get()));
  if (!plan) return std::unexpected("HarfBuzz could not plan the font subset");
  const hb_map_t* old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan.get());
  std::vector<std::pair<std::uint16_t, unsigned>> new_codes;
  new_codes.reserve(codes.size());
  for (const auto& [code, c] : codes) {
    const hb_codepoint_t mapped = hb_map_get(old_to_new, glyph(c));
    if (mapped == HB_MAP_VALUE_INVALID || mapped == 0) {
      return std::unexpected("character " + std::to_string(static_cast<unsigned>(c)) +
                             " has no glyph in the subset");
    }
    new_codes.emplace_back(code, mapped);
  }
  const Face subset_face(hb_subset_plan_execute_or_fail(plan.get()));
  if (!subset_face) return std::unexpected("HarfBuzz could not subset the font");

  const Face builder(hb_face_builder_create());
  for (const hb_tag_t table : kEmbeddedTables) {
    const Blob blob(hb_face_reference_table(subset_face.get(), table));
    if (hb_blob_get_length(blob.get()) > 0) {
      hb_face_builder_add_table(builder.get(), table, blob.get());
    }
  }
  const std::string cmap = make_cmap(new_codes);
  const Blob cmap_blob(hb_blob_create(cmap.data(), static_cast<unsigned>(cmap.size()),
                                      HB_MEMORY_MODE_DUPLICATE, nullptr, nullptr));
  hb_face_builder_add_table(builder.get(), tag("cmap"), cmap_blob.get());
  const Blob font(hb_face_reference_blob(builder.get()));
  unsigned length = 0;
  const char* data = hb_blob_get_data(font.get(), &length);
  if (length == 0) return std::unexpected("HarfBuzz could not write the font subset");
  return std::string(data, length);
}

}  // namespace madoguchi::printer::detail
