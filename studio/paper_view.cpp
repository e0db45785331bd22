// The paper: the page as it will print (the preview's pixels), the 1 mm / 5 mm grid, each box's
// outline and name, the selected box with its resize corner, and the drag that moves or resizes
// it. A drag snaps to 0.5 mm; letting go is one edit (layout_edit.hpp), which the app turns into
// the new page in the same frame.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "arrange.hpp"
#include "layout_edit.hpp"
#include "studio_panels.hpp"

namespace madoguchi::studio {

namespace {

constexpr double kSnapMm = 0.5;
constexpr float kHandlePx = 12.0F;
constexpr double kLineGrabMm = 1.0;  // a line is picked up within this distance
constexpr ImU32 kBoundColour = IM_COL32(0, 90, 200, 230);
constexpr ImU32 kFixedColour = IM_COL32(120, 120, 120, 150);
constexpr ImU32 kMisfitColour = IM_COL32(210, 0, 0, 255);
constexpr ImU32 kSelectedColour = IM_COL32(235, 110, 0, 255);

double snap(double mm) { return std::round(mm / kSnapMm) * kSnapMm; }

struct Placement {
  ImVec2 origin;  // the page's top-left corner on screen
  double ppm = 1;
  ImVec2 at(double x_mm, double y_mm) const {
    return {origin.x + static_cast<float>(x_mm * ppm), origin.y + static_cast<float>(y_mm * ppm)};
  }
};

// The box under the pointer: a bound field before a fixed item, then the smallest (a frame
// around a whole section contains everything inside it).
const PageBox* box_at(const std::vector<PageBox>& boxes, double x_mm, double y_mm) {
  const PageBox* best = nullptr;
  auto area = [](const PageBox& b) { return std::max(b.w_mm, 0.1) * std::max(b.h_mm, 0.1); };
  for (const auto& box : boxes) {
    const double grab = (box.w_mm < kLineGrabMm || box.h_mm < kLineGrabMm) ? kLineGrabMm : 0;
    if (x_mm < box.x_mm - grab || x_mm > box.x_mm + box.w_mm + grab || y_mm < box.y_mm - grab ||
        y_mm > box.y_mm + box.h_mm + grab) {
      continue;
    }
    if (best == nullptr || (box.bound && !best->bound) ||
        (box.bound == best->bound && area(box) < area(*best))) {
      best = &box;
    }
  }
  return best;
}

// Faint enough to read the form through: 5 mm lines, and 1 mm lines when they are 4 px apart
// or more (closer, they are a grey wash over the ink).
void draw_grid(ImDrawList& draw, const Placement& place, double w_mm, double h_mm) {
  const bool fine = place.ppm >= 4.0;
  auto colour = [](int mm) {
    return mm % 10 == 0  ? IM_COL32(0, 140, 160, 60)
           : mm % 5 == 0 ? IM_COL32(0, 140, 160, 38)
                         : IM_COL32(0, 140, 160, 16);
  };
  for (int mm = 0; mm <= static_cast<int>(w_mm); ++mm) {
    if (mm % 5 == 0 || fine) draw.AddLine(place.at(mm, 0), place.at(mm, h_mm), colour(mm));
  }
  for (int mm = 0; mm <= static_cast<int>(h_mm); ++mm) {
    if (mm % 5 == 0 || fine) draw.AddLine(place.at(0, mm), place.at(w_mm, mm), colour(mm));
  }
}

// Where the names drawn so far are: a name that would cover another is left out (the box's
// name shows when the pointer rests on it, and when it is selected).
using Labels = std::vector<std::pair<ImVec2, ImVec2>>;

void draw_box(ImDrawList& draw, const Glyphs& say, const Placement& place, const PageBox& box,
              ImU32 colour, float thickness, Labels* labels) {
  const ImVec2 a = place.at(box.x_mm, box.y_mm);
  const ImVec2 b = place.at(box.x_mm + box.w_mm, box.y_mm + box.h_mm);
  draw.AddRect(a, b, colour, 0.0F, 0, thickness);
  if (labels == nullptr) return;
  // The name above the box's top-left corner, on a pale ground so that it reads over ink.
  const std::string name = say(box.id);
  ImFont* font = say.label_font();
  const float size = font->FontSize;
  const ImVec2 extent = font->CalcTextSizeA(size, 1e9F, 0.0F, name.c_str());
  const ImVec2 from{a.x, a.y - extent.y};
  const ImVec2 to{from.x + extent.x + 4, a.y};
  for (const auto& [p, q] : *labels) {
    if (from.x < q.x && p.x < to.x && from.y < q.y && p.y < to.y) return;
  }
  labels->emplace_back(from, to);
  draw.AddRectFilled(from, to, IM_COL32(255, 255, 255, 210));
  draw.AddText(font, size, {from.x + 2, from.y}, colour, name.c_str());
}

// The file's text after the drag: the selected boxes moved, or the one resized from its
// lower-right corner.
std::expected<std::string, std::string> dragged(const StudioState& state) {
  const auto& text = state.open->text();
  if (state.drag.kind == Drag::Kind::Resize) {
    return resize_item(text, state.drag.box.pointer, state.drag.dx_mm, state.drag.dy_mm);
  }
  return move_items(text, selected_boxes(state), state.drag.dx_mm, state.drag.dy_mm);
}

// The pointer pressed on the page: the selected box's corner (resize), a box (move it, or with
// Shift add it to the selection or take it out), or the paper (nothing selected). Returns the
// selected box.
const PageBox* pick_up(StudioState& state, const Placement& place, ImVec2 mouse,
                       const PageBox* chosen) {
  const auto& boxes = state.preview->boxes;
  const double mouse_x_mm = (mouse.x - place.origin.x) / place.ppm;
  const double mouse_y_mm = (mouse.y - place.origin.y) / place.ppm;
  state.drag = {};
  const bool on_handle =
      chosen != nullptr &&
      std::abs(mouse.x - place.at(chosen->x_mm + chosen->w_mm, 0).x) <= kHandlePx &&
      std::abs(mouse.y - place.at(0, chosen->y_mm + chosen->h_mm).y) <= kHandlePx;
  const PageBox* hit = on_handle ? chosen : box_at(boxes, mouse_x_mm, mouse_y_mm);
  auto& also = state.also_selected;
  const bool among =
      hit != nullptr && std::find(also.begin(), also.end(), hit->pointer) != also.end();
  if (hit != nullptr && ImGui::GetIO().KeyShift && !on_handle && chosen != nullptr) {
    // Shift+click adds a box to the selection, or takes it out again.
    if (among) {
      also.erase(std::find(also.begin(), also.end(), hit->pointer));
    } else if (hit->pointer != state.selected) {
      also.push_back(hit->pointer);
    }
  } else if (hit != nullptr) {
    if (hit->pointer != state.selected && !among) also.clear();  // a box of its own
    if (among) {  // the one picked up leads; the one that led stays selected
      also.erase(std::find(also.begin(), also.end(), hit->pointer));
      also.push_back(state.selected);
    }
    state.selected = hit->pointer;
    state.drag.kind = on_handle ? Drag::Kind::Resize : Drag::Kind::Move;
    state.drag.box = *hit;
    state.drag.start_x = mouse.x;
    state.drag.start_y = mouse.y;
    chosen = hit;
  } else {
    clear_selection(state);
    chosen = nullptr;
  }
  return chosen;
}

// The selected boxes, on top of the others: where they are, or where the drag takes them.
void draw_selection(ImDrawList& draw, const Glyphs& say, const Placement& place,
                    const StudioState& state, const std::vector<PageBox>& boxes,
                    const PageBox* chosen) {
  // The boxes also selected, where they are or where the drag takes them with the first.
  for (const auto& pointer : state.also_selected) {
    for (const auto& box : boxes) {
      if (box.pointer != pointer) continue;
      PageBox shown = box;
      if (state.drag.kind == Drag::Kind::Move) {
        shown.x_mm += state.drag.dx_mm;
        shown.y_mm += state.drag.dy_mm;
      }
      draw_box(draw, say, place, shown, kSelectedColour, 2.0F, nullptr);
    }
  }
  // The selected box last, on top: where it is now, or where the drag would put it.
  if (chosen != nullptr) {
    PageBox shown = *chosen;
    if (state.drag.kind == Drag::Kind::Move) {
      shown.x_mm += state.drag.dx_mm;
      shown.y_mm += state.drag.dy_mm;
    } else if (state.drag.kind == Drag::Kind::Resize) {
      shown.w_mm = std::max(1.0, shown.w_mm + state.drag.dx_mm);
      shown.h_mm = std::max(1.0, shown.h_mm + state.drag.dy_mm);
    }
    Labels own;  // the selected box's name always shows
    draw_box(draw, say, place, shown, kSelectedColour, 3.0F, &own);
    const ImVec2 handle = place.at(shown.x_mm + shown.w_mm, shown.y_mm + shown.h_mm);
    draw.AddRectFilled({handle.x - kHandlePx / 2, handle.y - kHandlePx / 2},
                       {handle.x + kHandlePx / 2, handle.y + kHandlePx / 2}, kSelectedColour);
    if (state.drag.kind != Drag::Kind::None) {
      char moved[64];
      std::snprintf(moved, sizeof moved, "%+.1f mm, %+.1f mm", state.drag.dx_mm, state.drag.dy_mm);
      const ImVec2 at{handle.x + kHandlePx, handle.y};
      const ImVec2 extent = ImGui::CalcTextSize(moved);
      draw.AddRectFilled({at.x - 3, at.y - 1}, {at.x + extent.x + 3, at.y + extent.y + 1},
                         IM_COL32(255, 255, 255, 230));
      draw.AddRect({at.x - 3, at.y - 1}, {at.x + extent.x + 3, at.y + extent.y + 1},
                   kSelectedColour);
      draw.AddText(at, kSelectedColour, moved);
    }
  }
}

}  // namespace

void paper_view(StudioState& state, const Glyphs& say, const PageOnScreen& page) {
  if (!state.open) return;
  const auto& layout = state.open->procedure().layout;
  const ImVec2 room = ImGui::GetContentRegionAvail();
  constexpr float kGap = 16.0F;
  const double fit = std::max(
      0.5, std::min((room.x - 2 * kGap) / layout.width_mm, (room.y - 2 * kGap) / layout.height_mm));
  // Rasterised at the size shown (crisp), to 0.05 px/mm so that a window resized by a pixel
  // does not render the page again.
  const double ppm = std::round(fit * state.zoom * 20.0) / 20.0;
  if (std::abs(ppm - state.pixels_per_mm) > 1e-9) {
    state.pixels_per_mm = ppm;
    state.preview_stale = true;
  }
  if (page.texture == nullptr || !state.preview) {
    if (!state.preview_problem.empty())
      ImGui::TextWrapped("%s", say(state.preview_problem).c_str());
    return;
  }
  const ImVec2 size{static_cast<float>(page.width), static_cast<float>(page.height)};
  const ImVec2 corner = ImGui::GetCursorScreenPos();
  const float left = std::max(kGap, (room.x - size.x) / 2);
  Placement place{{corner.x + left, corner.y + kGap}, state.preview->image.pixels_per_mm};
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRectFilled({place.origin.x + 4, place.origin.y + 4},
                     {place.origin.x + size.x + 4, place.origin.y + size.y + 4},
                     IM_COL32(0, 0, 0, 60));  // the sheet's shadow
  ImGui::SetCursorScreenPos(place.origin);
  ImGui::Image(page.texture, size);
  if (state.show_grid) draw_grid(draw, place, layout.width_mm, layout.height_mm);

  const auto& boxes = state.preview->boxes;
  const PageBox* chosen = selected_box(state);
  Labels labels;
  if (state.show_outlines) {
    // Names of the boxes that do not fit first: they must not be the ones left out.
    for (const bool misfits : {true, false}) {
      for (const auto& box : boxes) {
        if (&box == chosen || box.does_not_fit != misfits) continue;
        draw_box(draw, say, place, box,
                 misfits     ? kMisfitColour
                 : box.bound ? kBoundColour
                             : kFixedColour,
                 misfits ? 3.0F : 1.0F, box.bound || misfits ? &labels : nullptr);
      }
    }
  }

  // The page as one button: pressing it picks a box (or its resize corner) up.
  ImGui::SetCursorScreenPos(place.origin);
  ImGui::InvisibleButton("page", size);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const double mouse_x_mm = (mouse.x - place.origin.x) / place.ppm;
  const double mouse_y_mm = (mouse.y - place.origin.y) / place.ppm;
  if (ImGui::IsItemHovered() && state.drag.kind == Drag::Kind::None) {
    if (const PageBox* under = box_at(boxes, mouse_x_mm, mouse_y_mm)) {
      const std::string words = under->text.empty() ? "" : "「" + under->text + "」";
      ImGui::SetTooltip("%s", say(under->id + words).c_str());
    }
  }
  if (ImGui::IsItemActivated()) chosen = pick_up(state, place, mouse, chosen);
  if (ImGui::IsItemActive() && state.drag.kind != Drag::Kind::None) {
    state.drag.dx_mm = snap((mouse.x - state.drag.start_x) / place.ppm);
    state.drag.dy_mm = snap((mouse.y - state.drag.start_y) / place.ppm);
  }
  if (ImGui::IsItemDeactivated() && state.drag.kind != Drag::Kind::None) {
    if (state.drag.dx_mm != 0 || state.drag.dy_mm != 0) apply_edit(state, dragged(state));
    state.drag = {};
  }

  draw_selection(draw, say, place, state, boxes, chosen);
}

}  // namespace madoguchi::studio
