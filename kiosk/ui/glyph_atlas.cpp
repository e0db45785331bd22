#include "glyph_atlas.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <imgui_freetype.h>

#include <array>
#include <vector>

namespace madoguchi::kiosk::ui {

std::vector<std::uint32_t> decode_utf8(std::string_view text) {
  std::vector<std::uint32_t> out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::uint32_t cp = 0xFFFD;
    std::size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    if (i + len > text.size()) {
      out.push_back(0xFFFD);
      break;
    }
    bool ok = true;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    out.push_back(ok ? cp : 0xFFFD);
    i += ok ? len : 1;
  }
  return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

GlyphAtlas::GlyphAtlas(std::filesystem::path font_file) : font_file_(std::move(font_file)) {
  // Printable ASCII, the ideographic space and punctuation, and the marks
  // every screen uses; the rest arrives through note().
  for (std::uint32_t cp = 0x20; cp < 0x7F; ++cp) codepoints_.insert(cp);
  for (std::uint32_t cp = 0x3000; cp <= 0x301F; ++cp) codepoints_.insert(cp);
  for (std::uint32_t cp = 0xFF01; cp <= 0xFF5E; ++cp) codepoints_.insert(cp);  // full width
  codepoints_.insert(0x25CF);  // ● masked PIN digit
  codepoints_.insert(0x25CB);  // ○
  codepoints_.insert(0xFFFD);
}

bool GlyphAtlas::note(std::string_view text) {
  bool added = false;
  for (const auto cp : decode_utf8(text)) {
    // ImWchar is 16-bit in Debian's build; characters beyond the BMP need a
    // private-use mapping (a later step); they fall back to U+FFFD for now.
    if (cp < 0x20) continue;
    if (cp > 0xFFFF) {
      // A private-use slot of its own (U+F000–U+F8FF), with a glyph drawn by FreeType.
      constexpr std::uint32_t kFirstSlot = 0xF000;
      constexpr std::uint32_t kLastSlot = 0xF8FF;
      if (!supplementary_.contains(cp) && kFirstSlot + supplementary_.size() <= kLastSlot) {
        supplementary_.emplace(cp, static_cast<ImWchar>(kFirstSlot + supplementary_.size()));
        added = true;
      }
      continue;
    }
    if (codepoints_.insert(cp).second) added = true;
  }
  if (added) dirty_ = true;
  return added;
}

bool GlyphAtlas::rebuild() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  io.Fonts->TexDesiredWidth = 2048;

  ranges_.clear();
  // Ranges are [first, last] pairs, zero-terminated; merge consecutive points.
  auto it = codepoints_.begin();
  while (it != codepoints_.end()) {
    const std::uint32_t first = *it;
    std::uint32_t last = first;
    ++it;
    while (it != codepoints_.end() && *it == last + 1) {
      last = *it;
      ++it;
    }
    ranges_.push_back(static_cast<ImWchar>(first));
    ranges_.push_back(static_cast<ImWchar>(last));
  }
  ranges_.push_back(0);

  const float sizes[3] = {kBodyPx, kHeadingPx, kHugePx};
  for (int i = 0; i < 3; ++i) {
    ImFontConfig config;
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    fonts_[i] = io.Fonts->AddFontFromFileTTF(font_file_.c_str(), sizes[i], &config, ranges_.data());
    if (fonts_[i] == nullptr) return false;
  }

  // Characters beyond the BMP: rasterised here with FreeType at each size, as custom
  // glyphs under their private-use slots, then copied into the atlas after Build().
  struct Bitmap {
    int rect = -1;
    int width = 0, rows = 0;
    std::vector<unsigned char> alpha;
  };
  std::vector<Bitmap> bitmaps;
  std::set<std::pair<int, std::uint32_t>> drawn;  // (size, code point) already rasterised
  FT_Library library = nullptr;
  std::vector<FT_Face> faces;  // BIZ UD Gothic first, then the fallback for what it lacks
  if (!supplementary_.empty() && FT_Init_FreeType(&library) == 0) {
    for (const auto& file : {font_file_, std::filesystem::path(kFallbackFont)}) {
      FT_Face face = nullptr;
      if (FT_New_Face(library, file.c_str(), 0, &face) == 0) faces.push_back(face);
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
      request.height = static_cast<FT_Long>(sizes[i] * 64.0F);
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
      for (const auto& [cp, slot] : supplementary_) {
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
        bitmap.rect = io.Fonts->AddCustomRectFontGlyph(
            fonts_[i], slot, bitmap.width, bitmap.rows, advance,
            ImVec2(static_cast<float>(glyph->bitmap_left),
                   ascent - static_cast<float>(glyph->bitmap_top)));
        bitmaps.push_back(std::move(bitmap));
      }
    }
  }
  for (FT_Face face : faces) FT_Done_Face(face);
  if (library != nullptr) FT_Done_FreeType(library);

  if (!io.Fonts->Build()) return false;
  if (!bitmaps.empty()) {
    unsigned char* pixels = nullptr;
    int tex_w = 0;
    int tex_h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &tex_w, &tex_h);
    for (const auto& bitmap : bitmaps) {
      const ImFontAtlasCustomRect* rect = io.Fonts->GetCustomRectByIndex(bitmap.rect);
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
  }
  dirty_ = false;
  ++rebuilds_;
  return true;
}

ImFont* GlyphAtlas::font(TextSize size) const { return fonts_[static_cast<int>(size)]; }

std::string GlyphAtlas::displayable(std::string_view text) const {
  bool plain = true;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xF8) == 0xF0) plain = false;
  }
  if (plain) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::uint32_t cp : decode_utf8(text)) {
    if (cp > 0xFFFF) {
      const auto it = supplementary_.find(cp);
      cp = it != supplementary_.end() ? it->second : 0xFFFD;
    }
    append_utf8(out, cp);
  }
  return out;
}

int GlyphAtlas::texture_width() const { return ImGui::GetIO().Fonts->TexWidth; }
int GlyphAtlas::texture_height() const { return ImGui::GetIO().Fonts->TexHeight; }

}  // namespace madoguchi::kiosk::ui
