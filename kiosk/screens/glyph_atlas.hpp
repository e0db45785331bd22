// The font atlas for the screens. Dear ImGui 1.86 bakes every glyph it may draw into one
// texture, so instead of the whole Japanese range (a 100+ MB atlas that still lacks name kanji
// such as 髙 﨑 邉) the atlas holds only the characters actually in use, each at the sizes it is
// drawn at: every string drawn registers its characters, and new ones (a screen's, a resident's
// name and address) are baked between frames and added beside the glyphs already in the texture,
// which stay where they are (glyph_sheet.hpp). After a visit the atlas goes back to the glyphs
// it held before it, and the texture to its size then (docs/benchmarks.md, "Kiosk start-up",
// "Memory of a visit").
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "devanagari_shaper.hpp"
#include "font_faces.hpp"
#include "glyph_codes.hpp"
#include "glyph_sheet.hpp"

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

  // The pixel sizes of Body, Heading and Huge: the kiosk's by default; the staff's programs,
  // read at arm's length on an office monitor, draw smaller.
  struct Sizes {
    float body = kBodyPx;
    float heading = kHeadingPx;
    float huge = kHugePx;
  };

  // `naive`: the benchmark's comparison build (kiosk --naive-atlas). The whole
  // GetGlyphRangesJapanese() range at every size, Dear ImGui's default builder and
  // oversampling, baked once; note() never extends it and 𠮷 has no glyph.
  explicit GlyphAtlas(std::filesystem::path font_file, bool naive = false);
  // Keeps the characters' code points as the glyphs' codes (Dear ImGui's own widgets draw text).
  GlyphAtlas(std::filesystem::path font_file, Sizes sizes);

  // The screen's language ("ja", "zh-Hans", …) picks the faces the glyphs come from
  // (font_faces.hpp). Returns true when that changes them: the next frame rebuilds.
  bool set_language(std::string_view language);

  // Records the characters of `text`, to be baked at every size font() is asked for
  // until the next string is noted after that (Ui::text notes a string, then fetches
  // the font it draws it with; Ui::button notes label and sublabel, then fetches both
  // fonts). Returns true when some characters were new to the atlas.
  bool note(std::string_view text);
  // Records the characters of `text` at one size (strings known before they are drawn).
  bool note(std::string_view text, TextSize size);
  // A frame is laid out from here on: the characters it notes are the ones the atlas keeps
  // beside the base when a visit's glyphs fill the texture (see rebuild).
  void begin_frame();
  // True when the atlas lacks a character noted at a size it was fetched for.
  bool needs_rebuild() const { return dirty_; }
  // Bakes the characters noted since the last rebuild and adds them to io.Fonts beside the
  // glyphs already there; bakes every noted character afresh after a change of faces (a
  // language). When a visit's glyphs would take the texture more than 128 rows past the base's,
  // the glyphs added since keep_as_base go (up to 1024 rows for one screen's) and only the last
  // frame's characters are added to the base. Call outside NewFrame/Render; then bring the
  // renderer's texture up to date (take_texture_change).
  bool rebuild();
  // What changed in the atlas's 8-bit coverage since the renderer's texture last took it: the
  // band of rows new glyphs were drawn into (or a visit's glyphs wiped from), or all of it when
  // the texture's size changed or everything was baked afresh (the texture is made again).
  struct TextureChange {
    bool whole = false;
    int first_row = 0, rows = 0;
  };
  TextureChange take_texture_change();
  // After the renderer has made its texture: frees the 32-bit copy Dear ImGui's own renderer
  // backend made of the coverage (the coverage itself stays: new glyphs are drawn into it).
  void release_pixels();

  // The atlas as last built, kept in `file` for the next start (glyph_atlas_cache.cpp), so
  // that a start need not bake it again. Call before any resident's characters are noted:
  // only the base atlas (the screens' and the catalogue's characters) is ever kept.
  std::expected<void, std::string> save(const std::filesystem::path& file) const;
  // Takes the atlas from `file` when the same build of the program, Dear ImGui and FreeType
  // baked it from the same font files, faces and sizes: the fonts can lay out at once. The
  // characters noted from now on are then checked against the ones it holds
  // (confirm_restored). The error is empty when there is no file (a first start).
  std::expected<void, std::string> restore(const std::filesystem::path& file);
  // After the first screens' strings are noted: true when they are exactly the restored
  // atlas's characters, so that it is kept as built; otherwise the next rebuild() bakes
  // what was noted.
  bool confirm_restored();
  bool restored() const { return from_cache_; }
  // Times the atlas was read back (restore and confirm_restored) rather than baked.
  std::size_t read_back_count() const { return read_backs_; }
  // Whether the noted characters are the base's (keep_as_base): nothing of a resident's.
  bool at_base() const;
  // Remembers the characters noted so far (the catalogue's, the first screen's) as the
  // ones every resident starts from.
  void keep_as_base();
  // Drops what the last resident brought (name, address, typed answers), so that the
  // atlas does not grow with every resident of the day: the glyphs added since keep_as_base
  // are wiped from the coverage and the texture shrinks back; after a change of faces the
  // next frame bakes the base afresh.
  void forget_session();

  // The font for `size`; the characters noted just before are baked at this size.
  ImFont* font(TextSize size) const;

  // `text` as the atlas can draw it: a character beyond the BMP (𠮷 U+20BB7) that
  // note() has seen becomes the private-use code point its glyph is stored under
  // (Dear ImGui 1.86 keeps 16-bit characters); one it has not seen becomes U+FFFD. A run of
  // Devanagari becomes its shaped glyphs (devanagari_shaper.hpp).
  std::string displayable(std::string_view text) const;
  // Text as displayable() gives it, in the codes Dear ImGui finds the glyphs of font() by
  // (glyph_codes.hpp): what is measured and drawn with Dear ImGui.
  std::string glyph_codes(std::string_view text) const { return codes_.encode(text); }
  // How far `cp` (a character as displayable() gives it) advances the pen in `font`.
  float advance(const ImFont* font, std::uint32_t cp) const;
  // The glyph of `cp` (a character as noted) at `size`; null when the atlas has none.
  const ImFontGlyph* glyph(TextSize size, std::uint32_t cp) const;
  // The character behind a glyph's code (below U+10000: its slot for one beyond the BMP or a
  // shaped Devanagari glyph); 0 for a code no character has.
  std::uint32_t character_of(ImWchar code) const { return codes_.key(code); }
  // How long each font's lookup tables are (Dear ImGui's IndexLookup: the highest code + 1).
  int longest_lookup() const;
  // Characters beyond the BMP that have a glyph of their own in the atlas.
  std::size_t supplementary_count() const { return supplementary_.size(); }
  // Distinct characters in the atlas (at one size or more).
  std::size_t glyph_count() const;
  // Glyphs baked into the texture over the three sizes.
  std::size_t baked_glyph_count() const;
  // Times every noted character was baked afresh, and times new characters were added.
  std::size_t rebuild_count() const { return rebuilds_; }
  std::size_t addition_count() const { return additions_; }
  // The faces handed to FreeType, over every bake (one per face and size): a face none of whose
  // characters are wanted is not read.
  std::size_t faces_read() const { return faces_read_; }
  int texture_width() const;
  int texture_height() const;
  // Every glyph's texture coordinates lead SDL back to its own rows and columns ((int)(v × height)
  // is the row it was placed at): what the texture's heights are chosen for.
  bool exact_coordinates() const;

 private:
  GlyphAtlas(std::filesystem::path font_file, bool naive, bool compact_codes);
  bool add(std::uint32_t cp, TextSize size) const;
  // The key a noted character's glyph is baked under: its code point, or below U+10000 its slot.
  std::uint32_t key_of(std::uint32_t cp) const;
  void hide_blanks();
  // Bakes `wanted` (per size) into `into` with Dear ImGui's FreeType builder; `baked` gets the
  // three fonts, null for a size with nothing wanted.
  bool bake(ImFontAtlas& into, const std::set<std::uint32_t> (&wanted)[3], ImFont* (&baked)[3]);
  // glyph_atlas_merge.cpp: the resident atlas in io.Fonts.
  // A font's size and vertical metrics, as Dear ImGui's builder sets them up.
  struct FontMetrics {
    float size = 0, ascent = 0, descent = 0;
  };
  // io.Fonts emptied, with three fonts of these metrics and no glyph, and no coverage yet
  // (start_sheet and restore go on from here).
  void start_fonts(const FontMetrics (&metrics)[3]);
  // An empty atlas for the fonts `baked` sets up: their metrics, no glyph yet; the white
  // pixel and the anti-aliased lines' texture in its first rows.
  void start_sheet(ImFont* const (&baked)[3]);
  // Adds the glyphs of `baked` (in `from`) that io.Fonts lacks; false when the texture is full.
  bool merge(const ImFontAtlas& from, ImFont* const (&baked)[3], int most_rows);
  // Back to the atlas keep_as_base kept: the glyphs added since wiped, the texture its size then.
  void back_to_base();
  // The rows the texture may grow to before the visit's glyphs are dropped (see rebuild).
  // How far glyphs may take the texture: a visit's, or (one_screen) the base and one screen's.
  int row_limit(bool one_screen) const;
  // Makes the coverage `rows` high, keeping its pixels, and sets every coordinate anew.
  // At least `wanted_rows` rows: the first height the texture can take at or above it.
  void resize_coverage(int wanted_rows);
  void set_texture_coordinates();
  void mark_changed(int first_row, int rows);
  void finish_fonts();
  // `text` with its Devanagari shaped (the shaper is made on the first Devanagari text).
  std::string shaped(std::string_view text) const;
  // What decides the pixels besides the characters: the build of the program, Dear ImGui and
  // FreeType, the font files, the faces and the sizes (glyph_atlas_cache.cpp).
  std::expected<std::uint64_t, std::string> cache_key() const;
  // The shaped Devanagari glyphs behind the slots baked, as one number.
  std::uint64_t shaping_signature() const;

  // What a restored atlas holds, until confirm_restored() compares the noted characters.
  struct Restored {
    std::set<std::uint32_t> codepoints[3];
    std::map<std::uint32_t, ImWchar> supplementary;
    std::uint64_t shaping = 0;
  };
  std::optional<Restored> restored_;
  bool from_cache_ = false;
  std::size_t read_backs_ = 0;

  // Where each glyph's pixels are in the coverage, beside its font's Glyphs (Dear ImGui's
  // trailing tab glyph aside).
  struct Placed {
    int x = 0, y = 0, width = 0, height = 0;
  };
  std::vector<Placed> placed_[3];
  GlyphSheet sheet_;
  // The atlas before the first visit (keep_as_base): what forget_session goes back to.
  struct Base {
    GlyphSheet sheet;
    std::size_t glyphs[3] = {0, 0, 0};
    int rows = 0;
    std::vector<FontFace> faces;
  };
  std::optional<Base> base_atlas_;
  // Per size: the characters baked (with a glyph or without one: no face has it).
  std::set<std::uint32_t> in_atlas_[3];
  // Per size: the characters noted since begin_frame.
  mutable std::set<std::uint32_t> frame_noted_[3];
  bool whole_ = true;  // the next rebuild bakes every noted character afresh
  std::vector<FontFace> baked_faces_;
  TextureChange change_{true, 0, 0};
  std::size_t additions_ = 0;
  std::size_t faces_read_ = 0;

  std::filesystem::path font_file_;
  std::vector<FontFace> faces_;  // first choice first
  FontFace line_face_;           // sets the line height and baseline
  mutable std::unique_ptr<DevanagariShaper> shaper_;
  std::array<float, 3> sizes_{kBodyPx, kHeadingPx, kHugePx};
  // Per size: the code points baked (U+10000 and up: drawn as custom glyphs).
  mutable std::set<std::uint32_t> codepoints_[3];
  std::map<std::uint32_t, ImWchar> supplementary_;  // U+10000.. → U+F000.. (private use)
  // The glyphs' codes, given as characters are noted; those given after the base's go after a
  // visit.
  GlyphCodes codes_;
  std::size_t base_codes_ = 0;
  std::set<std::uint32_t> base_[3];
  std::map<std::uint32_t, ImWchar> base_supplementary_;
  // The characters of the strings noted since the last font() call that followed a note().
  std::vector<std::uint32_t> pending_;
  mutable bool pending_fetched_ = false;
  // Per size, each face's characters, held until the next rebuild (Dear ImGui keeps the pointer).
  std::vector<std::vector<ImWchar>> face_ranges_[3];
  bool naive_ = false;
  mutable bool dirty_ = true;
  std::size_t rebuilds_ = 0;
  ImFont* fonts_[3] = {nullptr, nullptr, nullptr};
};

}  // namespace madoguchi::kiosk::ui
