#include "font_faces.hpp"

#include <algorithm>

namespace madoguchi::kiosk::ui {

std::vector<FontFace> font_faces_for(std::string_view language,
                                     const std::filesystem::path& main_font) {
  const FontFace main{main_font, 0};
  const FontFace latin{kNotoSansFile, 0};
  const FontFace devanagari{kNotoDevanagariFile, 0, 0x0900, 0x097F};
  const FontFace cjk_japanese{kNotoCjkFile, kNotoCjkJapanese};  // 𠮷 and the rest of CJK
  std::vector<FontFace> faces;
  if (language == "zh-Hans") faces.push_back({kNotoCjkFile, kNotoCjkSimplified});
  if (language == "zh-Hant") faces.push_back({kNotoCjkFile, kNotoCjkTraditional});
  if (language == "ko") faces.push_back({kNotoCjkFile, kNotoCjkKorean});
  if (language == "vi") faces.push_back(latin);  // BIZ UD Gothic lacks ơ ư and ạ…ỹ
  if (language == "ne") faces.push_back(devanagari);
  for (const FontFace& face : {main, latin, devanagari, cjk_japanese}) {
    if (std::find(faces.begin(), faces.end(), face) == faces.end()) faces.push_back(face);
  }
  return faces;
}

FontFace line_face_for(std::string_view language, const std::filesystem::path& main_font) {
  if (language == "ne") return FontFace{kNotoDevanagariFile, 0, 0, 0, 1.15F};
  if (language == "vi") return FontFace{kNotoSansFile, 0};  // Ấ Ộ: marks stacked on capitals
  return FontFace{main_font, 0};
}

}  // namespace madoguchi::kiosk::ui
