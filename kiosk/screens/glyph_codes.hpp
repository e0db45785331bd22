// The codes Dear ImGui finds the atlas's glyphs by. Dear ImGui 1.86 looks a font's glyphs up
// through two tables indexed by code, as long as the font's highest code + 1 (a float advance and
// a 16-bit glyph index per code) and filled for every code below it. Under the characters' own
// code points one U+FFFD or one （ U+FF08 makes them 65,534 long: 393 KB per font, 1.2 MB for
// the three sizes, almost all of it "no glyph". The kiosk's atlas gives each character it holds a
// code of its own instead, in the order it first meets them, from U+0100 up; ASCII keeps its
// own code (Dear ImGui knows ' ', '\t', '\n', '?' and '.' by theirs), and text is put into codes
// only where it reaches Dear ImGui (GlyphAtlas::glyph_codes): lines are broken and spoken on
// the characters themselves. The staff's programs, whose text Dear ImGui's own widgets draw,
// keep the characters' code points as codes (`compact` false).
#pragma once

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::kiosk::ui {

class GlyphCodes {
 public:
  // What no character has (U+FFFF is none): Dear ImGui draws its font's fallback glyph for it.
  static constexpr ImWchar kNone = 0xFFFF;

  explicit GlyphCodes(bool compact);
  ~GlyphCodes();
  GlyphCodes(const GlyphCodes&) = delete;
  GlyphCodes& operator=(const GlyphCodes&) = delete;

  bool compact() const { return compact_; }
  // The code of `key` (a BMP code point, or a private-use slot of the atlas's), given one when it
  // has none (kNone when every code is taken).
  ImWchar give(std::uint32_t key);
  // The code of `key`; kNone when it has none.
  ImWchar code(std::uint32_t key) const;
  // The key behind `code`; 0 when no key has it.
  std::uint32_t key(ImWchar code) const;
  // `text` (UTF-8 of keys, as GlyphAtlas::displayable gives it) as UTF-8 of codes.
  std::string encode(std::string_view text) const;
  // Codes given so far (beyond ASCII).
  std::size_t count() const { return keys_.size(); }
  // Takes back every code given after the first `count`.
  void keep_first(std::size_t count);

 private:
  static constexpr std::uint32_t kFirstCode = 0x100;
  bool compact_;
  // Key → code, one 16-bit entry per BMP key in a mapping of its own: only the pages where keys
  // were given codes (a script's block or two) are ever touched.
  ImWchar* by_key_ = nullptr;
  std::vector<std::uint16_t> keys_;  // by code − kFirstCode
};

}  // namespace madoguchi::kiosk::ui
