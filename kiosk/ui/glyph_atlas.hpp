// The font atlas for the screens. Dear ImGui 1.86 bakes every glyph it may
// draw into one texture, so instead of the whole Japanese range (a 100+ MB
// atlas that still lacks name kanji such as 髙 﨑 邉) the atlas holds only the
// characters actually in use: every string drawn registers its characters,
// and new ones (a resident's name and address) are added between frames.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace madoguchi::kiosk::ui {

enum class TextSize { Body, Heading, Huge };

class GlyphAtlas {
 public:
  // Pixel sizes at 1080p: body ≥ 32, headings ≥ 48, keypad digits / numbers.
  static constexpr float kBodyPx = 36.0F;
  static constexpr float kHeadingPx = 54.0F;
  static constexpr float kHugePx = 80.0F;
  // For characters BIZ UD Gothic lacks (𠮷 U+20BB7 and other JIS X 0213 plane-2 name
  // characters): Noto Sans CJK JP, face 0 of Debian's fonts-noto-cjk collection.
  static constexpr const char* kFallbackFont =
      "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

  explicit GlyphAtlas(std::filesystem::path font_file);

  // Records the characters of `text`; returns true when some were new.
  bool note(std::string_view text);
  // True when note() saw characters the atlas does not hold yet.
  bool needs_rebuild() const { return dirty_; }
  // Rebuilds io.Fonts with every noted character. Call outside NewFrame/Render;
  // the renderer's font texture must be recreated afterwards.
  bool rebuild();

  ImFont* font(TextSize size) const;

  // `text` as the atlas can draw it: a character beyond the BMP (𠮷 U+20BB7) that
  // note() has seen becomes the private-use code point its glyph is stored under
  // (Dear ImGui 1.86 keeps 16-bit characters); one it has not seen becomes U+FFFD.
  std::string displayable(std::string_view text) const;
  // Characters beyond the BMP that have a glyph of their own in the atlas.
  std::size_t supplementary_count() const { return supplementary_.size(); }
  std::size_t glyph_count() const { return codepoints_.size(); }
  std::size_t rebuild_count() const { return rebuilds_; }
  int texture_width() const;
  int texture_height() const;

 private:
  std::filesystem::path font_file_;
  std::set<std::uint32_t> codepoints_;
  std::map<std::uint32_t, ImWchar> supplementary_;  // U+10000.. → U+F000.. (private use)
  std::vector<ImWchar> ranges_;
  bool dirty_ = true;
  std::size_t rebuilds_ = 0;
  ImFont* fonts_[3] = {nullptr, nullptr, nullptr};
};

// Decodes UTF-8 into code points; invalid bytes become U+FFFD.
std::vector<std::uint32_t> decode_utf8(std::string_view text);
// Appends `cp` to `out` in UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace madoguchi::kiosk::ui
