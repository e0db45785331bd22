// Nepali on the screens. Devanagari needs shaping: a vowel sign drawn before the consonant
// it follows (कि), consonants joined into conjuncts (न्न), marks placed over and under
// others. Dear ImGui draws one glyph per character, so each run of Devanagari is shaped with
// HarfBuzz (Noto Sans Devanagari) and replaced by private-use characters U+E000–U+EFFF, one
// per glyph as placed (the glyph, its advance and its offsets); the glyph atlas draws each of
// them from the glyph itself. Wrapping and measuring see the glyphs, so they measure what is
// drawn; a word stays whole (text/line_break.cpp).
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace madoguchi::kiosk::ui {

// One glyph as HarfBuzz placed it, in font units. kBlank: no glyph, only room (a run whose
// ink reaches past its first or last advance gets that much room before or after it, so that
// what measures the text measures all of its ink: a virama or an i-sign at a button's edge).
inline constexpr std::uint32_t kBlank = 0xFFFFFFFF;
struct PlacedGlyph {
  std::uint32_t glyph = 0;
  int x_advance = 0;
  int x_offset = 0;
  int y_offset = 0;
  auto operator<=>(const PlacedGlyph&) const = default;
};

inline constexpr char32_t kFirstShapedSlot = 0xE000;
inline constexpr char32_t kLastShapedSlot = 0xEFFF;
inline bool is_shaped_slot(char32_t c) { return c >= kFirstShapedSlot && c <= kLastShapedSlot; }

// True when `text` holds a Devanagari character.
bool has_devanagari(std::string_view text);

class DevanagariShaper {
 public:
  // An unreadable font leaves text as it is (drawn unshaped from whatever face has it).
  explicit DevanagariShaper(const std::filesystem::path& font_file);
  ~DevanagariShaper();
  DevanagariShaper(const DevanagariShaper&) = delete;
  DevanagariShaper& operator=(const DevanagariShaper&) = delete;

  // `text` with each run of Devanagari replaced by the slots of its glyphs; new glyphs get
  // new slots (when the 4,096 slots are all taken, the run is left unshaped).
  std::string shape(std::string_view text);
  // The glyph behind a slot; nullptr for a slot never given.
  const PlacedGlyph* glyph_at(char32_t slot) const;
  int units_per_em() const { return units_per_em_; }
  const std::filesystem::path& font_file() const { return font_file_; }

 private:
  struct HarfBuzz;
  std::filesystem::path font_file_;
  std::unique_ptr<HarfBuzz> hb_;
  int units_per_em_ = 1000;
  bool place(const PlacedGlyph& glyph, std::string& shaped);
  std::map<PlacedGlyph, char32_t> slots_;
  std::map<char32_t, PlacedGlyph> glyphs_;
};

}  // namespace madoguchi::kiosk::ui
