#include "page_geometry.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <type_traits>
#include <utility>
#include <variant>

#include "text_util.hpp"

namespace madoguchi::printer::detail {
namespace {

constexpr double kTolerance = 0.01;  // mm an item may stick out of the page (rounding)

// Bounding box of an item in mm, for the "stays on the page" check.
struct Bounds {
  double x0, y0, x1, y1;
};

Bounds bounds_of(const Item& item) {
  return std::visit(
      [](const auto& it) -> Bounds {
        using T = std::decay_t<decltype(it)>;
        if constexpr (std::is_same_v<T, Line>) {
          return {std::min(it.x1_mm, it.x2_mm), std::min(it.y1_mm, it.y2_mm),
                  std::max(it.x1_mm, it.x2_mm), std::max(it.y1_mm, it.y2_mm)};
        } else if constexpr (std::is_same_v<T, CheckBox> || std::is_same_v<T, QrCode>) {
          return {it.x_mm, it.y_mm, it.x_mm + it.size_mm, it.y_mm + it.size_mm};
        } else {
          return {it.x_mm, it.y_mm, it.x_mm + it.w_mm, it.y_mm + it.h_mm};
        }
      },
      item);
}

const char* item_kind(const Item& item) {
  static constexpr std::array<const char*, 5> kNames = {"text box", "line", "rectangle",
                                                        "check box", "QR code"};
  return kNames[item.index()];
}

}  // namespace

PrintError layout_error(std::string message) {
  return PrintError{PrintError::Kind::Layout, std::move(message)};
}

std::string describe_box(const TextBox& box, std::size_t page, std::size_t item) {
  return "text box " + (box.field.empty() ? "" : "\"" + box.field + "\" ") + "(page " +
         std::to_string(page + 1) + ", item " + std::to_string(item + 1) + ", at " + num(box.x_mm) +
         "," + num(box.y_mm) + " mm, " + num(box.w_mm) + "x" + num(box.h_mm) + " mm)";
}

bool finite(std::initializer_list<double> values) {
  return std::ranges::all_of(values, [](double v) { return std::isfinite(v); });
}

std::optional<PrintError> check_geometry(const Page& page, std::size_t page_index, const Item& item,
                                         std::size_t item_index) {
  const Bounds b = bounds_of(item);
  const auto where = [&] {
    return std::string(item_kind(item)) + " (page " + std::to_string(page_index + 1) + ", item " +
           std::to_string(item_index + 1) + ")";
  };
  if (!finite({b.x0, b.y0, b.x1, b.y1}) || b.x1 < b.x0 || b.y1 < b.y0) {
    return layout_error(where() + " has an invalid position or size");
  }
  if (b.x0 < -kTolerance || b.y0 < -kTolerance || b.x1 > page.width_mm + kTolerance ||
      b.y1 > page.height_mm + kTolerance) {
    return layout_error(where() + " reaches off the page (" + num(b.x0) + "," + num(b.y0) + " to " +
                        num(b.x1) + "," + num(b.y1) + " mm on a " + num(page.width_mm) + "x" +
                        num(page.height_mm) + " mm page)");
  }
  return std::nullopt;
}

}  // namespace madoguchi::printer::detail
