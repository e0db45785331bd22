// Japanese line breaking (禁則処理) for everything that wraps text: the printed forms and the
// screens. Pure functions of the text and a width callback; the rules are in
// docs/japanese-text.md.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::text {

// The advance of one code point, in the unit of max_width (points, pixels, ems).
using MeasureFunction = std::function<double(char32_t)>;

struct LineBreakOptions {
  // ぶら下げ: let one 、。，．,. that does not fit hang past max_width at the end of the line,
  // instead of pushing the character before it onto the next line (追い出し). Off by default:
  // a box on a form has no margin to hang into.
  bool burasage = false;
  // Break after a space (ASCII or 　) rather than later on the line, when the line stays at
  // least half full, so an address breaks between the street and the building and a name
  // between family and given name.
  bool prefer_break_after_space = true;
};

// 行頭禁則: closing brackets and quotes, 、。，．and other punctuation, ・, small kana, ー, 々
// and the other iteration marks, ゛゜, and postfix units (％ ℃ ′ ″).
bool is_line_start_prohibited(char32_t c);
// 行末禁則: opening brackets and quotes, prefix units (￥ ＄ ＃).
bool is_line_end_prohibited(char32_t c);

// Breaks text into lines no wider than max_width where the rules allow:
//  * "\n" (or "\r\n") always breaks; an empty paragraph gives an empty line;
//  * otherwise lines are filled greedily, breaking between any two characters except that no
//    line starts with a line-start-prohibited character or ends with a line-end-prohibited
//    one: the break moves back until both sides are allowed (追い出し);
//  * runs of ASCII letters, digits and symbols (and of full-width letters and digits) stay
//    together ("03-1234-5678", "ABC"), unless a run is longer than a line, when it is split
//    where it overflows (still keeping 禁則 if it can);
//  * a combining mark, a variation selector (異体字セレクタ) or a ZWJ never starts a line, and
//    ……, ―― and —— stay together;
//  * spaces at a break are dropped (both ASCII and 　), as are trailing ASCII spaces;
//  * a character wider than max_width has a line of its own (the caller sees the overflow
//    when it measures); when 禁則 cannot be kept at all the line breaks where it overflows;
//  * max_width <= 0 means no width limit: only "\n" breaks.
std::vector<std::u32string> break_lines(std::u32string_view text, double max_width,
                                        const MeasureFunction& measure,
                                        LineBreakOptions options = {});

// The same on UTF-8 text (ill-formed bytes become U+FFFD).
std::vector<std::string> break_lines(std::string_view utf8_text, double max_width,
                                     const MeasureFunction& measure, LineBreakOptions options = {});

}  // namespace madoguchi::text
