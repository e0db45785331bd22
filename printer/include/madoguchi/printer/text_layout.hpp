// Japanese line breaking and shrink-to-fit, as pure functions of the text and a width function.
// libharu 2.3's own HPDF_Page_TextRect/MeasureText cannot break Japanese, so the renderer uses
// these instead. Nothing here knows about PDF.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::printer {

// Width of one code point, in whatever unit the caller measures max_width in.
using WidthFunction = std::function<double(char32_t)>;

// Decodes UTF-8 strictly (no overlongs, no surrogates, nothing above U+10FFFF). On error gives the
// byte offset of the first bad sequence.
std::optional<std::u32string> decode_utf8(std::string_view text,
                                          std::size_t* error_offset = nullptr);
std::string encode_utf8(std::u32string_view text);
std::string encode_utf8(char32_t code_point);

// "U+20BB7".
std::string code_point_name(char32_t code_point);

// 行頭禁則: characters that must not start a line (closing brackets, 、。, small kana, ー, ...).
bool is_line_start_prohibited(char32_t c);
// 行末禁則: characters that must not end a line (opening brackets, ￥, ...).
bool is_line_end_prohibited(char32_t c);

// Breaks text into lines no wider than max_width where possible:
//  * "\n" always breaks;
//  * otherwise greedy, on any code point boundary, except that no line starts with a
//    line-start-prohibited character or ends with a line-end-prohibited one (the break moves
//    back: 追い出し), and runs of Latin letters and digits (ASCII or full width) stay together
//    unless a run is longer than a line;
//  * a break just after a space (ASCII or the ideographic 　) is preferred when the line stays
//    at least half full, so an address breaks between street and building;
//  * spaces at a soft break are dropped (ASCII and 　); trailing ASCII spaces always;
//  * a single character wider than max_width gets a line of its own (the caller sees the
//    overflow when it measures the lines).
std::vector<std::u32string> break_lines(std::u32string_view text, double max_width,
                                        const WidthFunction& width);

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
