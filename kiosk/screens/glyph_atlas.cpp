#include "glyph_atlas.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <fcntl.h>
#include <imgui_freetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <vector>

#include "madoguchi/text/utf8.hpp"

namespace madoguchi::kiosk::ui {

namespace {

// The font file, mapped read-only for the length of one build. The three sizes share
// the one mapping, and only the pages FreeType reads (the tables, the outlines of the
// glyphs baked) become resident. AddFontFromFileTTF reads the whole 4.6 MB file into
// the heap once per size and keeps the three copies as long as the atlas; and
// AddFontFromMemoryTTF copies data it is not to own (imgui_draw.cpp v1.86,
// ImFontAtlas::AddFont), so the mapping is handed over as owned and taken back by
// FontDataLoan before Dear ImGui could free it.
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (1L << 30)) {
      void* data =
          ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (data != MAP_FAILED) {
        data_ = data;
        size_ = static_cast<std::size_t>(st.st_size);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(data_, size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  // Dear ImGui takes the data as void* but only reads it.
  void* data() const { return data_; }
  int size() const { return static_cast<int>(size_); }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

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
    : font_file_(std::move(font_file)), naive_(naive) {
  // Printable ASCII and U+FFFD at every size; the ideographic space and punctuation,
  // full-width forms and the marks every screen uses at the body and heading sizes.
  // The rest arrives through note().
  for (auto& set : codepoints_) {
    for (std::uint32_t cp = 0x20; cp < 0x7F; ++cp) set.insert(cp);
    set.insert(0xFFFD);
    set.insert(0x25CF);  // ● masked PIN digit
  }
  for (auto* set : {&codepoints_[0], &codepoints_[1]}) {
    for (std::uint32_t cp = 0x3000; cp <= 0x301F; ++cp) set->insert(cp);
    for (std::uint32_t cp = 0xFF01; cp <= 0xFF5E; ++cp) set->insert(cp);  // full width
    set->insert(0x25CB);                                                  // ○
  }
}

GlyphAtlas::GlyphAtlas(std::filesystem::path font_file, Sizes sizes)
    : GlyphAtlas(std::move(font_file)) {
  sizes_ = {sizes.body, sizes.heading, sizes.huge};
}

bool GlyphAtlas::add(std::uint32_t cp, TextSize size) const {
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

bool GlyphAtlas::note(std::string_view text) {
  if (pending_fetched_) {
    pending_.clear();
    pending_fetched_ = false;
  }
  bool added = false;
  for_each_drawable(text, supplementary_, [&](std::uint32_t cp) {
    pending_.push_back(cp);
    if (!added) {
      added = !codepoints_[0].contains(cp) && !codepoints_[1].contains(cp) &&
              !codepoints_[2].contains(cp);
    }
  });
  return added && !naive_;
}

bool GlyphAtlas::note(std::string_view text, TextSize size) {
  bool added = false;
  for_each_drawable(text, supplementary_, [&](std::uint32_t cp) { added |= add(cp, size); });
  return added && !naive_;
}

namespace {

// The code points of one size below U+10000 as Dear ImGui's glyph ranges: [first, last]
// pairs of consecutive points, zero-terminated.
void bmp_ranges(const std::set<std::uint32_t>& set, std::vector<ImWchar>& ranges) {
  ranges.clear();
  auto it = set.begin();
  while (it != set.end() && *it <= 0xFFFF) {
    const std::uint32_t first = *it;
    std::uint32_t last = first;
    ++it;
    while (it != set.end() && *it == last + 1 && *it <= 0xFFFF) {
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

// Characters beyond the BMP: rasterised here with FreeType at each size, as custom glyphs
// under their private-use slots, to be copied into the atlas after Build(). `font_files`:
// BIZ UD Gothic first, then the fallback for what it lacks.
std::vector<Bitmap> rasterise_beyond_bmp(ImFontAtlas& atlas,
                                         const std::array<std::filesystem::path, 2>& font_files,
                                         const std::set<std::uint32_t> (&codepoints)[3],
                                         const std::map<std::uint32_t, ImWchar>& supplementary,
                                         ImFont* const (&fonts)[3],
                                         const std::array<float, 3>& sizes) {
  std::vector<Bitmap> bitmaps;
  std::set<std::pair<int, std::uint32_t>> drawn;  // (size, code point) already rasterised
  FT_Library library = nullptr;
  std::vector<FT_Face> faces;  // BIZ UD Gothic first, then the fallback for what it lacks
  const bool beyond_bmp = std::any_of(std::begin(codepoints), std::end(codepoints),
                                      [](const auto& set) { return *set.rbegin() > 0xFFFF; });
  if (beyond_bmp && FT_Init_FreeType(&library) == 0) {
    for (const auto& path : font_files) {
      FT_Face face = nullptr;
      if (FT_New_Face(library, path.c_str(), 0, &face) == 0) faces.push_back(face);
    }
  }
  // Sizes and the baseline come from BIZ UD Gothic (sized as Dear ImGui's FreeType
  // builder sizes it); a fallback face is set to the same em, so its glyph matches.
  std::array<FT_UInt, 3> em_px{};
  std::array<float, 3> ascent_px{};
  if (!faces.empty()) {
    for (int i = 0; i < 3; ++i) {
      FT_Size_RequestRec request{};
      request.type = FT_SIZE_REQUEST_TYPE_REAL_DIM;
      request.height = static_cast<FT_Long>(sizes[static_cast<std::size_t>(i)] * 64.0F);
      if (FT_Request_Size(faces[0], &request) != 0) continue;
      em_px[static_cast<std::size_t>(i)] = faces[0]->size->metrics.y_ppem;
      ascent_px[static_cast<std::size_t>(i)] =
          static_cast<float>((faces[0]->size->metrics.ascender + 63) >> 6);
    }
  }
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
        Bitmap bitmap;
        bitmap.width = static_cast<int>(glyph->bitmap.width);
        bitmap.rows = static_cast<int>(glyph->bitmap.rows);
        for (int y = 0; y < bitmap.rows; ++y) {
          const unsigned char* row = glyph->bitmap.buffer + y * glyph->bitmap.pitch;
          bitmap.alpha.insert(bitmap.alpha.end(), row, row + bitmap.width);
        }
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

// The renderer takes RGBA: convert now, copy the custom glyphs in, and let the 8-bit copy go
// before the renderer makes its own (one copy fewer at the peak).
bool to_rgba_with(ImFontAtlas& atlas, const std::vector<Bitmap>& bitmaps) {
  unsigned char* pixels = nullptr;
  int tex_w = 0;
  int tex_h = 0;
  atlas.GetTexDataAsRGBA32(&pixels, &tex_w, &tex_h);
  if (pixels == nullptr) return false;
  for (const auto& bitmap : bitmaps) {
    const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(bitmap.rect);
    if (rect == nullptr || !rect->IsPacked()) continue;
    for (int y = 0; y < bitmap.rows; ++y) {
      for (int x = 0; x < bitmap.width; ++x) {
        unsigned char* p =
            pixels + (static_cast<std::size_t>(rect->Y + y) * static_cast<std::size_t>(tex_w) +
                      static_cast<std::size_t>(rect->X + x)) *
                         4;
        p[0] = p[1] = p[2] = 0xFF;
        p[3] = bitmap.alpha[static_cast<std::size_t>(y * bitmap.width + x)];
      }
    }
  }
  if (atlas.TexPixelsAlpha8 != nullptr) {
    ImGui::MemFree(atlas.TexPixelsAlpha8);
    atlas.TexPixelsAlpha8 = nullptr;
  }
  return true;
}

}  // namespace

bool GlyphAtlas::rebuild() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();

  if (naive_) {
    // As FONTS.md shows it: stb_truetype (FontBuilderIO left null), OversampleH = 3,
    // a power-of-two texture up to 4096 wide, the font file read once per size.
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
    return true;
  }

  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  io.Fonts->TexDesiredWidth = 2048;
  // The software renderer takes any height: no rounding up to the next power of two
  // (2048×2757 instead of 2048×4096 for the same glyphs).
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;

  const MappedFile file(font_file_);
  if (file.data() == nullptr) return false;
  FontDataLoan loan(*io.Fonts);  // ends before `file` does
  for (int i = 0; i < 3; ++i) {
    bmp_ranges(codepoints_[i], ranges_[i]);

    ImFontConfig config;
    config.FontDataOwnedByAtlas = true;  // no copy: FontDataLoan takes it back
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    fonts_[i] = io.Fonts->AddFontFromMemoryTTF(
        file.data(), file.size(), sizes_[static_cast<std::size_t>(i)], &config, ranges_[i].data());
    if (fonts_[i] == nullptr) return false;
  }

  const std::vector<Bitmap> bitmaps = rasterise_beyond_bmp(
      *io.Fonts, {font_file_, kFallbackFont}, codepoints_, supplementary_, fonts_, sizes_);

  if (!io.Fonts->Build()) return false;
  if (!to_rgba_with(*io.Fonts, bitmaps)) return false;
  // The glyphs are built: the font configurations are not needed until the next
  // rebuild, which adds them afresh.
  loan.give_back();
  io.Fonts->ClearInputData();
  dirty_ = false;
  ++rebuilds_;
  return true;
}

void GlyphAtlas::release_pixels() {
  // Only once the renderer has made its texture (it sets the id): were it to ask again,
  // it would find no pixels and no font configurations to build them from. The naive
  // build keeps its copies, as Dear ImGui's examples do.
  ImFontAtlas& fonts = *ImGui::GetIO().Fonts;
  if (naive_ || fonts.TexID == nullptr || fonts.TexPixelsRGBA32 == nullptr) return;
  fonts.ClearTexData();
}

void GlyphAtlas::keep_as_base() {
  for (int i = 0; i < 3; ++i) base_[i] = codepoints_[i];
  base_supplementary_ = supplementary_;
}

void GlyphAtlas::forget_session() {
  if (naive_) return;
  bool same = supplementary_ == base_supplementary_;
  for (int i = 0; i < 3; ++i) same = same && codepoints_[i] == base_[i];
  if (same) return;
  for (int i = 0; i < 3; ++i) codepoints_[i] = base_[i];
  supplementary_ = base_supplementary_;
  pending_.clear();
  dirty_ = true;
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

std::string GlyphAtlas::displayable(std::string_view text) const {
  bool plain = true;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xF8) == 0xF0) plain = false;
  }
  if (plain) return std::string(text);
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
