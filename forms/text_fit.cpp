#include "madoguchi/forms/text_fit.hpp"

#include <cmath>

#include "madoguchi/text/utf8.hpp"

namespace madoguchi::forms {

namespace {

// Width of one character in em, by the rule described in text_fit.hpp.
double em_width(char32_t c) {
  if (c < 0x20 || c == 0x7F) return 0;         // control characters
  if (c < 0x80) return 0.5;                    // ASCII
  if (c >= 0x0300 && c <= 0x036F) return 0;    // combining accents
  if (c == 0x3099 || c == 0x309A) return 0;    // combining (han)dakuten
  if (c >= 0xFF61 && c <= 0xFF9F) return 0.5;  // half-width katakana
  return 1.0;
}

constexpr double kTolerance = 1e-6;

}  // namespace

double estimated_text_width_mm(std::string_view utf8_text, double size_pt) {
  double ems = 0;
  for (char32_t c : text::decode_utf8(utf8_text)) ems += em_width(c);
  return ems * size_pt * kMillimetresPerPoint;
}

int lines_that_fit(double h_mm, double size_pt) {
  const double em_mm = size_pt * kMillimetresPerPoint;
  if (h_mm + kTolerance < em_mm) return 0;
  return 1 + static_cast<int>(std::floor((h_mm - em_mm) / (em_mm * kLineSpacing) + kTolerance));
}

bool text_fits(std::string_view utf8_text, double w_mm, double h_mm, double size_pt) {
  const int available = lines_that_fit(h_mm, size_pt);
  if (utf8_text.empty()) return true;
  if (available < 1) return false;
  const double em_mm = size_pt * kMillimetresPerPoint;
  const double line_mm = w_mm - 2 * kTextPaddingMm;
  int lines = 1;
  double line_width = 0;
  for (char32_t c : text::decode_utf8(utf8_text)) {
    const double width = em_width(c) * em_mm;
    if (width > line_mm + kTolerance) return false;   // not even one character fits
    if (line_width + width > line_mm + kTolerance) {  // wrap before this character
      if (++lines > available) return false;
      line_width = 0;
    }
    line_width += width;
  }
  return true;
}

}  // namespace madoguchi::forms
