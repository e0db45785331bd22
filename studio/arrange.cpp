#include "arrange.hpp"

#include <algorithm>
#include <cmath>

#include "layout_edit.hpp"

namespace madoguchi::studio {

namespace {

// Where each box goes, as (dx, dy) for each box in order.
std::vector<std::pair<double, double>> moves_for(const std::vector<PageBox>& boxes,
                                                 Arrangement how) {
  std::vector<std::pair<double, double>> moves(boxes.size(), {0.0, 0.0});
  if (boxes.size() < 2) return moves;
  double left = boxes[0].x_mm, top = boxes[0].y_mm;
  double right = boxes[0].x_mm + boxes[0].w_mm, bottom = boxes[0].y_mm + boxes[0].h_mm;
  for (const auto& box : boxes) {
    left = std::min(left, box.x_mm);
    top = std::min(top, box.y_mm);
    right = std::max(right, box.x_mm + box.w_mm);
    bottom = std::max(bottom, box.y_mm + box.h_mm);
  }
  const bool across = how == Arrangement::SpaceAcross;
  if (how == Arrangement::SpaceAcross || how == Arrangement::SpaceDown) {
    // The outermost two stay; the gaps between neighbours become equal.
    std::vector<std::size_t> order(boxes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto start = [&](std::size_t i) { return across ? boxes[i].x_mm : boxes[i].y_mm; };
    auto size = [&](std::size_t i) { return across ? boxes[i].w_mm : boxes[i].h_mm; };
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return start(a) < start(b); });
    double total = 0;
    for (const auto i : order) total += size(i);
    const double span = (across ? right - left : bottom - top);
    const double gap = (span - total) / static_cast<double>(boxes.size() - 1);
    double at = across ? left : top;
    for (const auto i : order) {
      const double by = at - start(i);
      moves[i] = across ? std::pair{by, 0.0} : std::pair{0.0, by};
      at += size(i) + gap;
    }
    return moves;
  }
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const auto& box = boxes[i];
    switch (how) {
      case Arrangement::AlignLeft:
        moves[i] = {left - box.x_mm, 0.0};
        break;
      case Arrangement::AlignTop:
        moves[i] = {0.0, top - box.y_mm};
        break;
      case Arrangement::AlignRight:
        moves[i] = {right - (box.x_mm + box.w_mm), 0.0};
        break;
      case Arrangement::AlignBottom:
        moves[i] = {0.0, bottom - (box.y_mm + box.h_mm)};
        break;
      default:
        break;
    }
  }
  return moves;
}

}  // namespace

std::expected<std::string, std::string> arrange(std::string_view json,
                                                const std::vector<PageBox>& boxes,
                                                Arrangement how) {
  const auto moves = moves_for(boxes, how);
  std::string text(json);
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const auto [dx, dy] = moves[i];
    if (std::abs(dx) < 0.05 && std::abs(dy) < 0.05) continue;
    auto moved = move_item(text, boxes[i].pointer, dx, dy);
    if (!moved) return std::unexpected(moved.error());
    text = std::move(*moved);
  }
  return text;
}

std::expected<std::string, std::string> move_items(std::string_view json,
                                                   const std::vector<PageBox>& boxes, double dx_mm,
                                                   double dy_mm) {
  std::string text(json);
  for (const auto& box : boxes) {
    auto moved = move_item(text, box.pointer, dx_mm, dy_mm);
    if (!moved) return std::unexpected(moved.error());
    text = std::move(*moved);
  }
  return text;
}

}  // namespace madoguchi::studio
