#include "glyph_atlas.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <imgui_freetype.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <memory>
#include <optional>
#include <vector>

#include "face_characters.hpp"
#include "font_bytes.hpp"
#include "madoguchi/text/utf8.hpp"

namespace madoguchi::kiosk::ui {

namespace {

// The font files, read or mapped (font_bytes.hpp) for the length of one build. The three sizes
// share one reading per file, and only the tables and the glyphs baked are held (of a mapped
// collection, the pages FreeType reads). AddFontFromFileTTF reads the whole 4.6 MB file into the
// heap once per size and keeps the three copies as long as the atlas; and AddFontFromMemoryTTF
// copies data it is not to own (imgui_draw.cpp v1.86, ImFontAtlas::AddFont), so the bytes are
// handed over as owned and taken back by FontDataLoan before Dear ImGui could free it.
constexpr std::size_t kLargestFont = std::size_t{1} << 30;

// At every size, whatever is noted: U+FFFD, what a character the fonts lack is drawn as, and
// the PIN's marks (● a digit typed, ○ one to come). The rest arrives through note(), baked as
// the screens draw it.
constexpr std::uint32_t kAlwaysBaked[] = {0xFFFD, 0x25CF, 0x25CB};

// A mapped font's size as FreeType and Dear ImGui take it (below kLargestFont: it fits).
int size_of(const FontBytes& file) { return static_cast<int>(file.size()); }

// Takes the mapping back from every font configuration of the atlas (on every way out
// of rebuild(), before the mapping ends), so that no Clear() frees or reads it.
class FontDataLoan {
 public:
  explicit FontDataLoan(ImFontAtlas& atlas) : atlas_(atlas) {}
  ~FontDataLoan() { give_back(); }
  void give_back() {
    for (ImFontConfig& config : atlas_.ConfigData) {
      config.FontData = nullptr;
      config.FontDataSize = 0;
      config.FontDataOwnedByAtlas = false;
    }
  }
  FontDataLoan(const FontDataLoan&) = delete;
  FontDataLoan& operator=(const FontDataLoan&) = delete;

 private:
  ImFontAtlas& atlas_;
};

}  // namespace

GlyphAtlas::GlyphAtlas(std::filesystem::path font_file, bool naive)
    : GlyphAtlas(std::move(font_file), naive, !naive) {}

GlyphAtlas::GlyphAtlas(std::filesystem::path font_file, bool naive, bool compact_codes)
    : font_file_(std::move(font_file)),
      faces_(font_faces_for("ja", font_file_)),
      line_face_(line_face_for("ja", font_file_)),
      codes_(compact_codes),
      naive_(naive) {
  for (auto& set : codepoints_) set.insert(std::begin(kAlwaysBaked), std::end(kAlwaysBaked));
  for (const std::uint32_t cp : kAlwaysBaked) codes_.give(cp);
}

GlyphAtlas::GlyphAtlas(std::filesystem::path font_file, Sizes sizes)
    : GlyphAtlas(std::move(font_file), false, false) {
  sizes_ = {sizes.body, sizes.heading, sizes.huge};
  // The staff's programs also draw Dear ImGui's own widgets (a slider's number, a check box's
  // label), whose text is never noted: printable ASCII at every size.
  for (auto& set : codepoints_) {
    for (std::uint32_t cp = 0x20; cp < 0x7F; ++cp) set.insert(cp);
  }
}

bool GlyphAtlas::set_language(std::string_view language) {
  std::vector<FontFace> faces = font_faces_for(language, font_file_);
  FontFace line = line_face_for(language, font_file_);
  if (faces == faces_ && line == line_face_) return false;
  faces_ = std::move(faces);
  line_face_ = std::move(line);
  if (!naive_) dirty_ = true;
  return !naive_;
}

std::uint32_t GlyphAtlas::key_of(std::uint32_t cp) const {
  if (cp <= 0xFFFF) return cp;
  const auto slot = supplementary_.find(cp);
  return slot != supplementary_.end() ? slot->second : 0xFFFD;
}

float GlyphAtlas::advance(const ImFont* font, std::uint32_t cp) const {
  return font->GetCharAdvance(codes_.code(key_of(cp)));
}

const ImFontGlyph* GlyphAtlas::glyph(TextSize size, std::uint32_t cp) const {
  const ImFont* font = fonts_[static_cast<int>(size)];
  return font != nullptr ? font->FindGlyphNoFallback(codes_.code(key_of(cp))) : nullptr;
}

int GlyphAtlas::longest_lookup() const {
  int longest = 0;
  for (const ImFont* font : fonts_) {
    if (font != nullptr) longest = std::max(longest, font->IndexLookup.Size);
  }
  return longest;
}

bool GlyphAtlas::add(std::uint32_t cp, TextSize size) const {
  frame_noted_[static_cast<int>(size)].insert(cp);
  if (!codepoints_[static_cast<int>(size)].insert(cp).second) return false;
  if (!naive_) dirty_ = true;
  return true;
}

namespace {

// Decodes `text` into the code points the atlas bakes: control characters are skipped,
// and a character beyond the BMP gets a private-use slot of its own (U+F000–U+F8FF), with
// a glyph drawn by FreeType (ImWchar is 16-bit in Debian's build); without a free slot it
// is left out and shows as U+FFFD.
template <typename Visit>
void for_each_drawable(std::string_view text, std::map<std::uint32_t, ImWchar>& supplementary,
                       Visit visit) {
  constexpr std::uint32_t kFirstSlot = 0xF000;
  constexpr std::uint32_t kLastSlot = 0xF8FF;
  for (const std::uint32_t cp : text::decode_utf8(text)) {
    if (cp < 0x20) continue;
    if (cp > 0xFFFF && !supplementary.contains(cp)) {
      if (kFirstSlot + supplementary.size() > kLastSlot) continue;
      supplementary.emplace(cp, static_cast<ImWchar>(kFirstSlot + supplementary.size()));
    }
    visit(cp);
  }
}

}  // namespace

std::string GlyphAtlas::shaped(std::string_view text) const {
  if (!has_devanagari(text)) return std::string(text);
  if (!shaper_) shaper_ = std::make_unique<DevanagariShaper>(kNotoDevanagariFile);
  return shaper_->shape(text);
}

bool GlyphAtlas::note(std::string_view original) {
  const std::string text = shaped(original);
  if (pending_fetched_) {
    pending_.clear();
    pending_fetched_ = false;
  }
  bool added = false;
  const auto pend = [&](std::uint32_t cp) {
    codes_.give(key_of(cp));
    pending_.push_back(cp);
    if (!added) {
      added = !codepoints_[0].contains(cp) && !codepoints_[1].contains(cp) &&
              !codepoints_[2].contains(cp);
    }
  };
  for_each_drawable(text, supplementary_, pend);
  // Shaped text is drawn from its slots, but lines are measured and broken on its letters as
  // written (Ui's wrapped_lines): their glyphs too, so that a line measures as it did.
  if (text != original) for_each_drawable(original, supplementary_, pend);
  return added && !naive_;
}

bool GlyphAtlas::note(std::string_view original, TextSize size) {
  const std::string text = shaped(original);
  bool added = false;
  const auto add_one = [&](std::uint32_t cp) {
    codes_.give(key_of(cp));
    added |= add(cp, size);
  };
  for_each_drawable(text, supplementary_, add_one);
  if (text != original) for_each_drawable(original, supplementary_, add_one);  // as note(text)
  return added && !naive_;
}

namespace {

// The code points of one size below U+10000 as Dear ImGui's glyph ranges: [first, last]
// pairs of consecutive points, zero-terminated.
void bmp_ranges(const std::set<std::uint32_t>& set, std::vector<ImWchar>& ranges) {
  ranges.clear();
  auto it = set.begin();
  while (it != set.end() && *it <= 0xFFFF) {
    if (is_shaped_slot(*it)) {  // drawn from their glyphs (rasterise_shaped)
      ++it;
      continue;
    }
    const std::uint32_t first = *it;
    std::uint32_t last = first;
    ++it;
    while (it != set.end() && *it == last + 1 && *it <= 0xFFFF && !is_shaped_slot(*it)) {
      last = *it;
      ++it;
    }
    ranges.push_back(static_cast<ImWchar>(first));
    ranges.push_back(static_cast<ImWchar>(last));
  }
  ranges.push_back(0);
}

// A character beyond the BMP, rasterised at one size, and the atlas's rectangle for it.
struct Bitmap {
  int rect = -1;
  int width = 0, rows = 0;
  std::vector<unsigned char> alpha;
};

// The glyph FreeType rendered into `glyph`, at least 1×1 (Dear ImGui takes no empty
// rectangle: a mark with nothing to draw gets one clear pixel).
Bitmap copy_bitmap(const FT_GlyphSlot glyph) {
  Bitmap bitmap;
  bitmap.width = std::max(1, static_cast<int>(glyph->bitmap.width));
  bitmap.rows = std::max(1, static_cast<int>(glyph->bitmap.rows));
  bitmap.alpha.assign(static_cast<std::size_t>(bitmap.width * bitmap.rows), 0);
  for (int y = 0; y < static_cast<int>(glyph->bitmap.rows); ++y) {
    const unsigned char* row = glyph->bitmap.buffer + y * glyph->bitmap.pitch;
    std::copy(row, row + glyph->bitmap.width,
              bitmap.alpha.begin() + static_cast<std::ptrdiff_t>(y * bitmap.width));
  }
  return bitmap;
}

// The pixel em of each size (BIZ UD Gothic's, which every face is drawn at) and the ascent of
// the face that sets the line (font_faces.hpp), as Dear ImGui's FreeType builder sizes them.
struct SizeMetrics {
  std::array<FT_UInt, 3> em_px{};
  std::array<float, 3> ascent_px{};
};
SizeMetrics size_metrics(const void* main, int main_size, const void* line, int line_size,
                         int line_index, float line_scale, const std::array<float, 3>& sizes) {
  SizeMetrics metrics;
  FT_Library library = nullptr;
  if (FT_Init_FreeType(&library) != 0) return metrics;
  FT_Face main_face = nullptr, line_face = nullptr;
  if (FT_New_Memory_Face(library, static_cast<const FT_Byte*>(main), main_size, 0, &main_face) ==
          0 &&
      FT_New_Memory_Face(library, static_cast<const FT_Byte*>(line), line_size, line_index,
                         &line_face) == 0) {
    for (std::size_t i = 0; i < 3; ++i) {
      FT_Size_RequestRec request{};
      request.type = FT_SIZE_REQUEST_TYPE_REAL_DIM;
      request.height = static_cast<FT_Long>(sizes[i] * 64.0F);
      if (FT_Request_Size(main_face, &request) != 0) continue;
      request.height = static_cast<FT_Long>(sizes[i] * line_scale * 64.0F);
      if (FT_Request_Size(line_face, &request) != 0) continue;
      metrics.em_px[i] = main_face->size->metrics.y_ppem;
      metrics.ascent_px[i] = static_cast<float>((line_face->size->metrics.ascender + 63) >> 6);
    }
  }
  if (line_face != nullptr) FT_Done_Face(line_face);
  if (main_face != nullptr) FT_Done_Face(main_face);
  FT_Done_FreeType(library);
  return metrics;
}

// Shaped Devanagari (devanagari_shaper.hpp): each slot drawn from its glyph at each size it
// was noted at, with HarfBuzz's advance and offsets, as a custom glyph under the slot.
void rasterise_shaped(ImFontAtlas& atlas, const DevanagariShaper* shaper,
                      const std::set<std::uint32_t> (&codepoints)[3], ImFont* const (&fonts)[3],
                      const SizeMetrics& metrics, std::vector<Bitmap>& bitmaps) {
  if (shaper == nullptr) return;
  FT_Library library = nullptr;
  if (FT_Init_FreeType(&library) != 0) return;
  FT_Face face = nullptr;
  if (FT_New_Face(library, shaper->font_file().c_str(), 0, &face) == 0) {
    for (std::size_t i = 0; i < 3; ++i) {
      if (metrics.em_px[i] == 0 || FT_Set_Pixel_Sizes(face, 0, metrics.em_px[i]) != 0) continue;
      const float scale =
          static_cast<float>(metrics.em_px[i]) / static_cast<float>(shaper->units_per_em());
      for (auto it = codepoints[i].lower_bound(kFirstShapedSlot);
           it != codepoints[i].end() && *it <= kLastShapedSlot; ++it) {
        const PlacedGlyph* placed = shaper->glyph_at(*it);
        if (placed == nullptr) continue;
        Bitmap bitmap;
        int left = 0, top = 0;
        if (placed->glyph == kBlank) {  // room only: one clear pixel
          bitmap.width = bitmap.rows = 1;
          bitmap.alpha.assign(1, 0);
        } else {
          if (FT_Load_Glyph(face, placed->glyph, FT_LOAD_RENDER | FT_LOAD_TARGET_NORMAL) != 0) {
            continue;
          }
          bitmap = copy_bitmap(face->glyph);
          left = face->glyph->bitmap_left;
          top = face->glyph->bitmap_top;
        }
        const ImVec2 offset(static_cast<float>(left) + static_cast<float>(placed->x_offset) * scale,
                            metrics.ascent_px[i] - static_cast<float>(top) -
                                static_cast<float>(placed->y_offset) * scale);
        bitmap.rect = atlas.AddCustomRectFontGlyph(
            fonts[i], static_cast<ImWchar>(*it), bitmap.width, bitmap.rows,
            static_cast<float>(placed->x_advance) * scale, offset);
        bitmaps.push_back(std::move(bitmap));
      }
    }
  }
  if (face != nullptr) FT_Done_Face(face);
  FT_Done_FreeType(library);
}

// Characters beyond the BMP: rasterised here with FreeType at each size, as custom glyphs
// under their private-use slots, to be copied into the atlas after Build(). `font_files`:
// BIZ UD Gothic first, then the fallback for what it lacks.
std::vector<Bitmap> rasterise_beyond_bmp(ImFontAtlas& atlas,
                                         const std::array<std::filesystem::path, 2>& font_files,
                                         const std::set<std::uint32_t> (&codepoints)[3],
                                         const std::map<std::uint32_t, ImWchar>& supplementary,
                                         ImFont* const (&fonts)[3], const SizeMetrics& metrics) {
  std::vector<Bitmap> bitmaps;
  std::set<std::pair<int, std::uint32_t>> drawn;  // (size, code point) already rasterised
  FT_Library library = nullptr;
  std::vector<FT_Face> faces;  // BIZ UD Gothic first, then the fallback for what it lacks
  const bool beyond_bmp =
      std::any_of(std::begin(codepoints), std::end(codepoints),
                  [](const auto& set) { return !set.empty() && *set.rbegin() > 0xFFFF; });
  if (beyond_bmp && FT_Init_FreeType(&library) == 0) {
    for (const auto& path : font_files) {
      FT_Face face = nullptr;
      if (FT_New_Face(library, path.c_str(), 0, &face) == 0) faces.push_back(face);
    }
  }
  // Every face at BIZ UD Gothic's em, on the line's baseline.
  const auto& em_px = metrics.em_px;
  const auto& ascent_px = metrics.ascent_px;
  for (FT_Face face : faces) {
    for (int i = 0; i < 3; ++i) {
      const auto at = static_cast<std::size_t>(i);
      if (em_px[at] == 0 || FT_Set_Pixel_Sizes(face, 0, em_px[at]) != 0) continue;
      const float ascent = ascent_px[at];
      for (auto it = codepoints[i].upper_bound(0xFFFF); it != codepoints[i].end(); ++it) {
        const std::uint32_t cp = *it;
        const auto slot = supplementary.find(cp);
        if (slot == supplementary.end()) continue;
        if (drawn.contains({i, cp})) continue;           // an earlier face had it
        if (FT_Get_Char_Index(face, cp) == 0) continue;  // this face lacks it
        if (FT_Load_Char(face, cp, FT_LOAD_RENDER | FT_LOAD_TARGET_NORMAL) != 0) continue;
        drawn.insert({i, cp});
        const FT_GlyphSlot glyph = face->glyph;
        Bitmap bitmap = copy_bitmap(glyph);
        const float advance = static_cast<float>(glyph->advance.x) / 64.0F;
        bitmap.rect =
            atlas.AddCustomRectFontGlyph(fonts[i], slot->second, bitmap.width, bitmap.rows, advance,
                                         ImVec2(static_cast<float>(glyph->bitmap_left),
                                                ascent - static_cast<float>(glyph->bitmap_top)));
        bitmaps.push_back(std::move(bitmap));
      }
    }
  }
  for (FT_Face face : faces) FT_Done_Face(face);
  if (library != nullptr) FT_Done_FreeType(library);
  return bitmaps;
}

// The glyphs rasterised here go into the atlas's 8-bit coverage, beside those Dear ImGui drew
// there; the renderer's texture is made from that coverage (atlas_texture.hpp), so no 32-bit
// copy is made.
bool coverage_with(ImFontAtlas& atlas, const std::vector<Bitmap>& bitmaps) {
  unsigned char* pixels = nullptr;
  int tex_w = 0;
  int tex_h = 0;
  atlas.GetTexDataAsAlpha8(&pixels, &tex_w, &tex_h);
  if (pixels == nullptr) return false;
  for (const auto& bitmap : bitmaps) {
    const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(bitmap.rect);
    if (rect == nullptr || !rect->IsPacked()) continue;
    for (int y = 0; y < bitmap.rows; ++y) {
      std::copy_n(bitmap.alpha.begin() + static_cast<std::ptrdiff_t>(y * bitmap.width),
                  bitmap.width,
                  pixels + static_cast<std::size_t>(rect->Y + y) * static_cast<std::size_t>(tex_w) +
                      static_cast<std::size_t>(rect->X));
    }
  }
  return true;
}

// A face's ascender + descender in ems (how Dear ImGui's FreeType builder sizes it); 0 when
// FreeType cannot read the face.
float em_height(const FontBytes& file, int index) {
  FT_Library library = nullptr;
  if (FT_Init_FreeType(&library) != 0) return 0.0F;
  float height = 0.0F;
  FT_Face face = nullptr;
  if (FT_New_Memory_Face(library, static_cast<const FT_Byte*>(file.data()), size_of(file), index,
                         &face) == 0) {
    if (face->units_per_EM > 0) {
      height = static_cast<float>(face->ascender - face->descender) /
               static_cast<float>(face->units_per_EM);
    }
    FT_Done_Face(face);
  }
  FT_Done_FreeType(library);
  return height;
}

// The characters of `left` that `face` draws, taken out of `left` (a script-only face: only
// those of its script).
std::set<std::uint32_t> take_own(std::set<std::uint32_t>& left, const FontFace& face,
                                 const FaceCharacters& characters) {
  std::set<std::uint32_t> own;
  for (auto it = left.begin(); it != left.end();) {
    const bool of_script =
        face.script_first == 0 || (*it >= face.script_first && *it <= face.script_last);
    if (of_script && characters.has(*it)) {
      own.insert(*it);
      it = left.erase(it);
    } else {
      ++it;
    }
  }
  return own;
}

}  // namespace

bool GlyphAtlas::rebuild() {
  ImGuiIO& io = ImGui::GetIO();
  restored_.reset();
  from_cache_ = false;

  if (naive_) {
    // As FONTS.md shows it: stb_truetype (FontBuilderIO left null), OversampleH = 3,
    // a power-of-two texture up to 4096 wide, the font file read once per size.
    io.Fonts->Clear();
    io.Fonts->FontBuilderIO = nullptr;
    io.Fonts->TexDesiredWidth = 0;
    for (int i = 0; i < 3; ++i) {
      fonts_[i] =
          io.Fonts->AddFontFromFileTTF(font_file_.c_str(), sizes_[static_cast<std::size_t>(i)],
                                       nullptr, io.Fonts->GetGlyphRangesJapanese());
      if (fonts_[i] == nullptr) return false;
    }
    if (!io.Fonts->Build()) return false;
    dirty_ = false;
    ++rebuilds_;
    change_.whole = true;
    return true;
  }

  // New characters that would take the texture past its limit: the visit's glyphs go and the
  // last frame's characters are added to the base; when even those do not fit, or the base is
  // not there, every noted character is baked afresh, packed anew; and when those do not fit
  // the largest texture (the audit's every screen in every language), only the last frame's.
  bool compacted = false;
  bool last_frame_only = false;
  for (int attempt = 0; attempt < 4; ++attempt) {
    const bool whole = whole_ || fonts_[0] == nullptr || baked_faces_ != faces_;
    std::set<std::uint32_t> wanted[3];
    for (int i = 0; i < 3; ++i) {
      if (whole) {
        wanted[i] = codepoints_[i];
      } else {
        std::set_difference(codepoints_[i].begin(), codepoints_[i].end(), in_atlas_[i].begin(),
                            in_atlas_[i].end(), std::inserter(wanted[i], wanted[i].end()));
      }
    }
    ImFontAtlas baked_atlas;
    ImFont* baked[3] = {nullptr, nullptr, nullptr};
    if (!bake(baked_atlas, wanted, baked)) return false;
    if (whole) {
      if (baked[0] == nullptr || baked[1] == nullptr || baked[2] == nullptr) return false;
      start_sheet(baked);
      base_atlas_.reset();  // the glyphs kept as the base are gone
    }
    const bool merged = merge(baked_atlas, baked, row_limit(compacted));
    if (merged) {
      for (int i = 0; i < 3; ++i) in_atlas_[i].insert(wanted[i].begin(), wanted[i].end());
    }
    finish_fonts();  // also after a merge cut short: the glyphs added so far are looked up
    hide_blanks();
    if (merged) {
      whole_ = false;
      baked_faces_ = faces_;
      dirty_ = false;
      ++(whole ? rebuilds_ : additions_);
      if (whole && at_base()) keep_as_base();  // the base baked afresh (after another language)
      return true;
    }
    if (!whole && !compacted && base_atlas_) {
      back_to_base();
      for (int i = 0; i < 3; ++i) {
        codepoints_[i] = base_[i];
        codepoints_[i].insert(frame_noted_[i].begin(), frame_noted_[i].end());
      }
      compacted = true;
    } else if (!whole) {
      whole_ = true;
    } else if (!last_frame_only) {
      for (int i = 0; i < 3; ++i) {
        codepoints_[i] = frame_noted_[i];
        codepoints_[i].insert(std::begin(kAlwaysBaked), std::end(kAlwaysBaked));
      }
      last_frame_only = true;
    } else {
      break;
    }
  }
  // Not even the last frame's characters fit the largest texture: those that did not fit show as
  // the fallback glyph, and no frame asks again for them.
  whole_ = true;
  dirty_ = false;
  return false;
}

void GlyphAtlas::begin_frame() {
  for (auto& set : frame_noted_) set.clear();
}

bool GlyphAtlas::bake(ImFontAtlas& into, const std::set<std::uint32_t> (&wanted)[3],
                      ImFont* (&baked)[3]) {
  into.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  into.TexDesiredWidth = GlyphSheet::kWidth;
  // The software renderer takes any height: no rounding up to the next power of two.
  into.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight | ImFontAtlasFlags_NoMouseCursors;
  // One reading (or mapping) per font file, shared by its faces and sizes; a face whose file is
  // missing (a package not installed) is left out, and its characters fall to the next face.
  std::vector<std::unique_ptr<FontBytes>> files;
  std::vector<std::filesystem::path> paths;
  const auto mapped = [&](const std::filesystem::path& path) -> FontBytes& {
    const auto known = std::find(paths.begin(), paths.end(), path);
    if (known != paths.end()) return *files[static_cast<std::size_t>(known - paths.begin())];
    paths.push_back(path);
    files.push_back(std::make_unique<FontBytes>(path, kLargestFont));
    return *files.back();
  };
  FontBytes& main = mapped(font_file_);
  if (main.data() == nullptr) return false;
  const float main_height = em_height(main, 0);
  const bool own_line = line_face_.file != font_file_;
  FontBytes& line = own_line ? mapped(line_face_.file) : main;
  const float line_height = line.data() != nullptr ? em_height(line, line_face_.index) : 0.0F;
  const bool line_usable = line_height > 0.0F;
  FontBytes& line_file = line_usable ? line : main;
  const int line_index = line_usable ? line_face_.index : 0;
  const float line_scale = line_usable ? line_height / main_height * line_face_.leading : 1.0F;
  // The one character of the face that sets the line (below), read before FreeType draws it.
  const unsigned line_glyph =
      FaceCharacters(line_file.data(), line_file.size(), static_cast<unsigned>(line_index))
          .glyph(line_usable && own_line ? U' ' : U'\u3000');
  const SizeMetrics metrics = size_metrics(main.data(), size_of(main), line_file.data(),
                                           size_of(line_file), line_index, line_scale, sizes_);
  FontDataLoan loan(into);  // ends before `files` do
  // One character from the face that sets the line (Dear ImGui needs a glyph there to set
  // the font up): its ascent and line height are the font's; the faces merged after it draw
  // the characters. BIZ UD Gothic gives the ideographic space; Noto Sans Devanagari the word
  // space, half as wide as BIZ UD Gothic's.
  static const ImWchar kIdeographicSpace[] = {0x3000, 0x3000, 0};
  static const ImWchar kSpace[] = {0x20, 0x20, 0};
  // Each face's ascender + descender, read once for the three sizes, and only for a face that
  // draws a wanted character (FreeType opening a Noto Sans CJK face reads 1.2 MB of the file and
  // holds 2.5 MB); 0: left out.
  std::vector<std::optional<float>> heights(faces_.size());
  // Each face's characters, read when a character is still without a face when its turn comes.
  std::vector<std::unique_ptr<FaceCharacters>> characters(faces_.size());
  bool any = false;
  for (int i = 0; i < 3; ++i) {
    if (wanted[i].empty()) continue;
    any = true;
    face_ranges_[i].clear();
    face_ranges_[i].reserve(faces_.size());  // no reallocation of the list: kept as it is
    const float px = sizes_[static_cast<std::size_t>(i)];
    ImFontConfig config;
    config.FontDataOwnedByAtlas = true;  // no copy: FontDataLoan takes it back
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    ImFontConfig line_config = config;
    line_config.FontNo = line_index;
    line_file.load(line_glyph);
    baked[i] = into.AddFontFromMemoryTTF(line_file.data(), size_of(line_file), px * line_scale,
                                         &line_config,
                                         line_usable && own_line ? kSpace : kIdeographicSpace);
    if (baked[i] == nullptr) return false;
    // The first face that has a character draws it (Dear ImGui's merge keeps the first glyph):
    // each face is given only the characters no face before it has, and a face left with none
    // is not handed to FreeType at all. U+10000 and up and the shaped slots are drawn apart.
    std::set<std::uint32_t> left;
    for (const std::uint32_t cp : wanted[i]) {
      if (cp <= 0xFFFF && !is_shaped_slot(cp)) left.insert(cp);
    }
    for (std::size_t f = 0; f < faces_.size() && !left.empty(); ++f) {
      const FontFace& face = faces_[f];
      FontBytes& file = mapped(face.file);
      if (heights[f] && *heights[f] <= 0.0F) continue;
      if (!characters[f]) {
        characters[f] = std::make_unique<FaceCharacters>(file.data(), file.size(),
                                                         static_cast<unsigned>(face.index));
      }
      std::set<std::uint32_t> own = take_own(left, face, *characters[f]);
      if (own.empty()) continue;
      if (!heights[f]) heights[f] = file.data() != nullptr ? em_height(file, face.index) : 0.0F;
      const float height = *heights[f];
      if (height <= 0.0F) {  // unusable: its characters fall to the next face
        left.insert(own.begin(), own.end());
        continue;
      }
      // A script-only face draws its script's words with its own space (Noto Sans Devanagari).
      if (face.script_first != 0) own.insert(0x20);
      for (const std::uint32_t cp : own) file.load(characters[f]->glyph(cp));
      ImFontConfig merged = config;
      merged.MergeMode = true;
      merged.FontNo = face.index;
      face_ranges_[i].emplace_back();
      bmp_ranges(own, face_ranges_[i].back());
      // Sized by the same em as BIZ UD Gothic: Dear ImGui's FreeType builder sizes a face by
      // its ascender + descender, which is 1.0 em in BIZ UD Gothic and 1.3–1.45 em in Noto.
      into.AddFontFromMemoryTTF(file.data(), size_of(file), px * height / main_height, &merged,
                                face_ranges_[i].back().data());
      ++faces_read_;
    }
  }

  if (!any) return true;

  std::vector<Bitmap> bitmaps = rasterise_beyond_bmp(into, {font_file_, kFallbackFont}, wanted,
                                                     supplementary_, baked, metrics);
  rasterise_shaped(into, shaper_.get(), wanted, baked, metrics, bitmaps);

  if (!into.Build()) return false;
  if (!coverage_with(into, bitmaps)) return false;
  // The glyphs are built: the font configurations go before the mappings do.
  loan.give_back();
  into.ClearInputData();
  return true;
}

void GlyphAtlas::hide_blanks() {
  if (!shaper_) return;
  for (int i = 0; i < 3; ++i) {
    for (auto it = codepoints_[i].lower_bound(kFirstShapedSlot);
         it != codepoints_[i].end() && *it <= kLastShapedSlot; ++it) {
      const PlacedGlyph* placed = shaper_->glyph_at(*it);
      if (placed == nullptr || placed->glyph != kBlank) continue;
      // Room only: Dear ImGui takes no empty custom glyph, so its one pixel is not drawn.
      if (const ImFontGlyph* glyph = fonts_[i]->FindGlyphNoFallback(codes_.code(*it))) {
        const_cast<ImFontGlyph*>(glyph)->Visible = 0;
      }
    }
  }
}

void GlyphAtlas::release_pixels() {
  // Only once the renderer has made its texture (it sets the id). The naive build keeps its
  // copies, as Dear ImGui's examples do.
  ImFontAtlas& fonts = *ImGui::GetIO().Fonts;
  if (naive_ || fonts.TexID == nullptr || fonts.TexPixelsRGBA32 == nullptr) return;
  IM_FREE(fonts.TexPixelsRGBA32);
  fonts.TexPixelsRGBA32 = nullptr;
}

void GlyphAtlas::keep_as_base() {
  for (int i = 0; i < 3; ++i) base_[i] = codepoints_[i];
  base_codes_ = codes_.count();
  base_supplementary_ = supplementary_;
  base_atlas_.reset();
  if (dirty_ || naive_ || fonts_[0] == nullptr) return;
  Base base{sheet_, {}, ImGui::GetIO().Fonts->TexHeight, baked_faces_};
  for (int i = 0; i < 3; ++i) base.glyphs[i] = placed_[i].size();
  base_atlas_ = std::move(base);
}

bool GlyphAtlas::at_base() const {
  return supplementary_ == base_supplementary_ &&
         std::equal(std::begin(codepoints_), std::end(codepoints_), std::begin(base_));
}

std::size_t GlyphAtlas::glyph_count() const {
  std::set<std::uint32_t> all;
  for (const auto& set : codepoints_) all.insert(set.begin(), set.end());
  return all.size();
}

std::size_t GlyphAtlas::baked_glyph_count() const {
  std::size_t count = 0;
  for (const ImFont* f : fonts_) {
    count += f != nullptr ? static_cast<std::size_t>(f->Glyphs.Size) : 0;
  }
  return count;
}

ImFont* GlyphAtlas::font(TextSize size) const {
  if (!naive_) {
    for (const auto cp : pending_) add(cp, size);
    pending_fetched_ = true;
  }
  return fonts_[static_cast<int>(size)];
}

std::string GlyphAtlas::displayable(std::string_view original) const {
  const std::string text = shaped(original);
  bool plain = true;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xF8) == 0xF0) plain = false;
  }
  if (plain) return text;
  std::string out;
  out.reserve(text.size());
  for (std::uint32_t cp : text::decode_utf8(text)) {
    if (cp > 0xFFFF) {
      const auto it = supplementary_.find(cp);
      cp = it != supplementary_.end() ? it->second : 0xFFFD;
    }
    text::append_utf8(out, cp);
  }
  return out;
}

int GlyphAtlas::texture_width() const { return ImGui::GetIO().Fonts->TexWidth; }
int GlyphAtlas::texture_height() const { return ImGui::GetIO().Fonts->TexHeight; }

}  // namespace madoguchi::kiosk::ui
