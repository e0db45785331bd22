// Which font draws which script. BIZ UD Gothic, the kiosk's font, covers Japanese, English,
// Portuguese and Tagalog; the other languages of the screens take a Noto face from Debian
// first (fonts-noto-cjk, fonts-noto-core), so that a Chinese reader sees Chinese glyph forms
// and Vietnamese words are not drawn from two fonts. After the language's own face come the
// others, so that every language's name on the language buttons can be drawn whatever the
// screen's language is.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

namespace madoguchi::kiosk::ui {

struct FontFace {
  std::filesystem::path file;
  int index = 0;  // the face within a collection (.ttc)
  // Only its own script and the space (Noto Sans Devanagari: its Latin letters would
  // otherwise stand in for BIZ UD Gothic's in a Nepali screen); 0 = every character it has.
  char32_t script_first = 0, script_last = 0;
  // As the face that sets the line (line_face_for): how much taller than its ascender and
  // descender the line is, the room going above the baseline as well as below it.
  float leading = 1.0F;
  bool operator==(const FontFace&) const = default;
};

// Debian's Noto faces the kiosk draws with besides `main_font` (BIZ UD Gothic).
inline constexpr const char* kNotoCjkFile =
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
inline constexpr int kNotoCjkJapanese = 0, kNotoCjkKorean = 1, kNotoCjkSimplified = 2,
                     kNotoCjkTraditional = 3;
inline constexpr const char* kNotoSansFile = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
inline constexpr const char* kNotoDevanagariFile =
    "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf";

// The faces for a screen in `language` ("ja", "zh-Hans", …), first choice first.
std::vector<FontFace> font_faces_for(std::string_view language,
                                     const std::filesystem::path& main_font);
// The face whose ascender and descender make the line: BIZ UD Gothic's 1.0 em, except in
// Nepali, whose marks above and below reach 1.3 em (Noto Sans Devanagari's), and Vietnamese,
// whose capitals carry two marks (Ấ, 1.36 em with Noto Sans): their lines are that much
// taller, at the same em, rather than their letters smaller or clipped. A Nepali line has 15 %
// more: a reph with an anusvara (र्ं) or a candrabindu stands above Noto Sans Devanagari's ascender.
FontFace line_face_for(std::string_view language, const std::filesystem::path& main_font);

}  // namespace madoguchi::kiosk::ui
