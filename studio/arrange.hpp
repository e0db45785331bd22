// Several boxes put in line, as a drawing program does it: their left, top, right or bottom
// edges aligned to the outermost one, or spaced evenly across or down between the first and
// the last. Each box is moved (layout_edit.hpp's move_item), never resized, and the result is
// one edit: one undo puts them all back.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "page_preview.hpp"

namespace madoguchi::studio {

enum class Arrangement { AlignLeft, AlignTop, AlignRight, AlignBottom, SpaceAcross, SpaceDown };

std::expected<std::string, std::string> arrange(std::string_view json,
                                                const std::vector<PageBox>& boxes, Arrangement how);

// The boxes all moved by (dx, dy): a drag or an arrow key with several boxes selected.
std::expected<std::string, std::string> move_items(std::string_view json,
                                                   const std::vector<PageBox>& boxes, double dx_mm,
                                                   double dy_mm);

}  // namespace madoguchi::studio
