#include "madoguchi/printer/text_layout.hpp"

#include <algorithm>
#include <cstdio>

namespace madoguchi::printer {
namespace {

constexpr double kEpsilon = 1e-6;

}  // namespace

std::string code_point_name(char32_t code_point) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(code_point));
  return buf;
}

double line_width(std::u32string_view line, const WidthFunction& width) {
  double total = 0;
  for (const char32_t c : line) total += width(c);
  return total;
}

std::optional<FittedText> fit_text(std::u32string_view text, const FitRequest& request,
                                   const WidthFunction& em_width) {
  const double step = request.step_pt > 0 ? request.step_pt : 0.5;
  const double min_size = std::min(request.min_size_pt, request.size_pt);
  std::vector<double> sizes;
  for (double s = request.size_pt; s > min_size + kEpsilon; s -= step) sizes.push_back(s);
  sizes.push_back(min_size);

  for (const double size : sizes) {
    if (size <= 0) break;
    const WidthFunction width = [&](char32_t c) { return em_width(c) * size; };
    auto lines = text::break_lines(text, request.width_pt, width);
    if (request.max_lines > 0 && std::ssize(lines) > request.max_lines) continue;
    const bool too_wide = std::ranges::any_of(lines, [&](const std::u32string& line) {
      return line_width(line, width) > request.width_pt + kEpsilon;
    });
    if (too_wide) continue;
    const double block =
        lines.empty() ? 0
                      : size * request.line_height_em +
                            static_cast<double>(lines.size() - 1) * size * request.line_spacing;
    if (block > request.height_pt + kEpsilon) continue;
    return FittedText{size, std::move(lines), block};
  }
  return std::nullopt;
}

}  // namespace madoguchi::printer
