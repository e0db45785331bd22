// Estimates of how much room printed text needs, so that the loader can reject a layout
// whose text cannot fit, before a resident is standing at the kiosk.
//
// The estimate follows the printer's rules (printer/text_layout.hpp) with the kiosk's font
// (BIZ UD Gothic) approximated: full-width characters (kanji, kana, full-width symbols) are
// 1 em wide, ASCII and half-width katakana ½ em. Text keeps 1 mm clear of the box's left and
// right sides; glyphs are 1 em tall and lines 1.25 em apart (baseline to baseline); a line
// may break between any two characters. The printer measures with the real font and keeps
// 禁則 rules, so keep a little room to spare.
#pragma once

#include <string_view>

namespace madoguchi::forms {

inline constexpr double kMillimetresPerPoint = 25.4 / 72.0;
inline constexpr double kLineSpacing = 1.25;   // baseline to baseline, in font sizes
inline constexpr double kTextPaddingMm = 1.0;  // clear space left and right of the text

// Width of `text` on one line, in millimetres, at `size_pt`.
double estimated_text_width_mm(std::string_view utf8_text, double size_pt);

// How many lines of `size_pt` text fit in a box `h_mm` tall (0 if not even one).
int lines_that_fit(double h_mm, double size_pt);

// True if `text` fits a box w_mm × h_mm at `size_pt`, wrapping if the box is tall enough
// (the box's width includes the padding).
bool text_fits(std::string_view utf8_text, double w_mm, double h_mm, double size_pt);

}  // namespace madoguchi::forms
