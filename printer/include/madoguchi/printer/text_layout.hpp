// Shrink-to-fit, as a pure function of the text and a width function: the largest size at which
// the text, broken into lines by text::break_lines (the same 禁則 as the screens), fits a box.
// libharu 2.3's own HPDF_Page_TextRect/MeasureText cannot break Japanese, so the renderer uses
// this instead. Nothing here knows about PDF.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/text/line_break.hpp"

namespace madoguchi::printer {

// Width of one code point, in whatever unit the caller measures max_width in.
using WidthFunction = text::MeasureFunction;

// "U+20BB7".
std::string code_point_name(char32_t code_point);

double line_width(std::u32string_view line, const WidthFunction& width);

// What a box offers the text, in points.
struct FitRequest {
  double width_pt = 0;
  double height_pt = 0;
  double size_pt = 12;     // try this size first,
  double min_size_pt = 9;  // then shrink in steps of step_pt down to this one
  double step_pt = 0.5;
  int max_lines = 0;            // 0: no limit other than the height
  double line_spacing = 1.25;   // baseline to baseline, in font sizes
  double line_height_em = 1.0;  // ascent - descent of the font, in font sizes
};

struct FittedText {
  double size_pt = 0;
  std::vector<std::u32string> lines;
  double block_height_pt = 0;  // from the first line's top to the last line's bottom
};

// The largest size (in steps from size_pt) at which the broken text fits the box, with its lines.
// em_width gives a code point's advance in ems (1.0 = the font size). nullopt: nothing fits.
std::optional<FittedText> fit_text(std::u32string_view text, const FitRequest& request,
                                   const WidthFunction& em_width);

}  // namespace madoguchi::printer
