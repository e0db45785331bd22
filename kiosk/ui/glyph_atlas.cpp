#include "glyph_atlas.hpp"

#include <imgui_freetype.h>

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
    if (cp > 0xFFFF || cp < 0x20) continue;
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
    fonts_[i] = io.Fonts->AddFontFromFileTTF(font_file_.c_str(), sizes[i], &config,
                                             ranges_.data());
    if (fonts_[i] == nullptr) return false;
  }
  if (!io.Fonts->Build()) return false;
  dirty_ = false;
  ++rebuilds_;
  return true;
}

ImFont* GlyphAtlas::font(TextSize size) const { return fonts_[static_cast<int>(size)]; }

int GlyphAtlas::texture_width() const { return ImGui::GetIO().Fonts->TexWidth; }
int GlyphAtlas::texture_height() const { return ImGui::GetIO().Fonts->TexHeight; }

}  // namespace madoguchi::kiosk::ui
