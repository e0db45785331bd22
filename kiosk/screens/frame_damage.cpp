#include "frame_damage.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "word_hash.hpp"

namespace madoguchi::kiosk::ui {

PixelRect intersection(const PixelRect& a, const PixelRect& b) {
  return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}

PixelRect bounding(const PixelRect& a, const PixelRect& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

PixelRect clip_of(float x0, float y0, float x1, float y1, int width, int height) {
  x0 = std::max(x0, 0.0F);
  y0 = std::max(y0, 0.0F);
  x1 = std::min(x1, static_cast<float>(width));
  y1 = std::min(y1, static_cast<float>(height));
  if (x1 <= x0 || y1 <= y0) return {};
  const int left = static_cast<int>(x0);
  const int top = static_cast<int>(y0);
  return {left, top, left + static_cast<int>(x1 - x0), top + static_cast<int>(y1 - y0)};
}

std::vector<PixelRect> merged(std::vector<PixelRect> boxes, int gap, std::size_t most) {
  std::erase_if(boxes, [](const PixelRect& r) { return r.empty(); });
  const auto near = [gap](const PixelRect& a, const PixelRect& b) {
    return a.x0 - gap < b.x1 && b.x0 - gap < a.x1 && a.y0 - gap < b.y1 && b.y0 - gap < a.y1;
  };
  std::sort(boxes.begin(), boxes.end(),
            [](const PixelRect& a, const PixelRect& b) { return a.y0 < b.y0; });
  std::vector<PixelRect> out;
  for (bool changed = true; changed;) {
    changed = false;
    out.clear();
    for (const PixelRect& box : boxes) {
      auto into =
          std::find_if(out.begin(), out.end(), [&](const PixelRect& r) { return near(r, box); });
      if (into == out.end()) {
        out.push_back(box);
      } else {
        *into = bounding(*into, box);
        changed = true;
      }
    }
    boxes.swap(out);
  }
  if (boxes.size() > 8 * std::max<std::size_t>(most, 1)) {  // scattered: one box for all
    PixelRect all;
    for (const PixelRect& box : boxes) all = bounding(all, box);
    return {all};
  }
  while (boxes.size() > std::max<std::size_t>(most, 1)) {
    std::size_t best_i = 0, best_j = 1;
    long best = -1;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      for (std::size_t j = i + 1; j < boxes.size(); ++j) {
        const long added = bounding(boxes[i], boxes[j]).area() - boxes[i].area() - boxes[j].area();
        if (best < 0 || added < best) {
          best = added;
          best_i = i;
          best_j = j;
        }
      }
    }
    boxes[best_i] = bounding(boxes[best_i], boxes[best_j]);
    boxes.erase(boxes.begin() + static_cast<std::ptrdiff_t>(best_j));
  }
  return boxes;
}

PixelRect touching_group(const std::vector<PixelRect>& boxes, float x, float y) {
  std::vector<bool> in(boxes.size(), false);
  std::vector<std::size_t> members;
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const PixelRect& box = boxes[i];
    if (static_cast<float>(box.x0) <= x && x < static_cast<float>(box.x1) &&
        static_cast<float>(box.y0) <= y && y < static_cast<float>(box.y1)) {
      in[i] = true;
      members.push_back(i);
    }
  }
  // Boxes that overlap a member join it, until none does (the members' own boxes: the group's
  // bounding box would reach over to the neighbours; it only rules out the boxes far away).
  PixelRect reach;
  for (const std::size_t i : members) reach = bounding(reach, boxes[i]);
  for (bool grown = !members.empty(); grown;) {
    grown = false;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      if (in[i] || intersection(reach, boxes[i]).empty()) continue;
      for (const std::size_t m : members) {
        if (intersection(boxes[m], boxes[i]).empty()) continue;
        in[i] = true;
        members.push_back(i);
        reach = bounding(reach, boxes[i]);
        grown = true;
        break;
      }
    }
  }
  PixelRect group;
  for (const std::size_t i : members) group = bounding(group, boxes[i]);
  return group;
}

namespace {

std::uint64_t hash_vertex(std::uint64_t hash, const ImDrawVert& v) {
  std::uint64_t a = 0, b = 0;
  std::uint32_t c = 0;
  static_assert(sizeof(ImDrawVert) == 20, "pos, uv and col, no padding");
  std::memcpy(&a, &v.pos, 8);
  std::memcpy(&b, &v.uv, 8);
  std::memcpy(&c, &v.col, 4);
  return mix(mix(mix(hash, a), b), c);
}

// Which of `a` and `b` lie on their longest common line (Myers's O((N+M)D) difference, with
// the edits traced back); false when more than `limit` edits separate them.
bool line_up(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b,
             std::vector<bool>& kept_a, std::vector<bool>& kept_b, int limit) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int most = std::min(n + m, limit);
  const int offset = most + 1;
  std::vector<int> v(static_cast<std::size_t>(2 * most + 3), 0);
  std::vector<std::vector<int>> trace;
  int found = -1;
  for (int d = 0; d <= most && found < 0; ++d) {
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      const auto at = [&](int kk) -> int& { return v[static_cast<std::size_t>(kk + offset)]; };
      int x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      int y = x - k;
      while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) {
        ++x;
        ++y;
      }
      at(k) = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return false;
  kept_a.assign(a.size(), false);
  kept_b.assign(b.size(), false);
  int x = n;
  int y = m;
  for (int d = found; d >= 0; --d) {
    const std::vector<int>& before = trace[static_cast<std::size_t>(d)];
    const auto at = [&](int kk) { return before[static_cast<std::size_t>(kk + offset)]; };
    const int k = x - y;
    const int prev_k = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
    const int prev_x = d == 0 ? 0 : at(prev_k);
    const int prev_y = d == 0 ? 0 : prev_x - prev_k;
    while (x > prev_x && y > prev_y) {  // the diagonal: equal on both sides
      --x;
      --y;
      kept_a[static_cast<std::size_t>(x)] = true;
      kept_b[static_cast<std::size_t>(y)] = true;
    }
    x = prev_x;
    y = prev_y;
  }
  return true;
}

}  // namespace

std::vector<PixelRect> FrameDamage::next(const ImDrawData& frame, int width, int height) {
  const PixelRect screen{0, 0, width, height};
  scratch_.clear();
  for (int n = 0; n < frame.CmdListsCount; ++n) {
    const ImDrawList* list = frame.CmdLists[n];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr) continue;
      const PixelRect clip = clip_of(
          cmd.ClipRect.x - frame.DisplayPos.x, cmd.ClipRect.y - frame.DisplayPos.y,
          cmd.ClipRect.z - frame.DisplayPos.x, cmd.ClipRect.w - frame.DisplayPos.y, width, height);
      if (clip.empty()) continue;
      std::uint64_t base =
          mix(mix(0, static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(cmd.GetTexID()))),
              (static_cast<std::uint64_t>(static_cast<std::uint32_t>(clip.x0)) << 32) |
                  static_cast<std::uint32_t>(clip.y0));
      base = mix(base, (static_cast<std::uint64_t>(static_cast<std::uint32_t>(clip.x1)) << 32) |
                           static_cast<std::uint32_t>(clip.y1));
      const ImDrawVert* vertices = list->VtxBuffer.Data + cmd.VtxOffset;
      const ImDrawIdx* indices = list->IdxBuffer.Data + cmd.IdxOffset;
      for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
        std::uint64_t hash = base;
        float x0 = 1e9F, y0 = 1e9F, x1 = -1e9F, y1 = -1e9F;
        for (unsigned c = 0; c < 3; ++c) {
          const ImDrawVert& v = vertices[indices[i + c]];
          hash = hash_vertex(hash, v);
          x0 = std::min(x0, v.pos.x - frame.DisplayPos.x);
          y0 = std::min(y0, v.pos.y - frame.DisplayPos.y);
          x1 = std::max(x1, v.pos.x - frame.DisplayPos.x);
          y1 = std::max(y1, v.pos.y - frame.DisplayPos.y);
        }
        // Every pixel whose centre the triangle can cover, and one more each side.
        const PixelRect box = intersection(
            clip,
            PixelRect{static_cast<int>(std::floor(x0)) - 1, static_cast<int>(std::floor(y0)) - 1,
                      static_cast<int>(std::ceil(x1)) + 1, static_cast<int>(std::ceil(y1)) + 1});
        if (box.empty()) continue;  // draws nothing
        scratch_.push_back({hash, box});
      }
    }
  }
  std::vector<PixelRect> damage;
  if (!known_) {
    damage.push_back(screen);
  } else {
    // The common start and end need no lining up.
    std::size_t first = 0;
    while (first < shown_.size() && first < scratch_.size() &&
           shown_[first].hash == scratch_[first].hash) {
      ++first;
    }
    std::size_t last_old = shown_.size();
    std::size_t last_new = scratch_.size();
    while (last_old > first && last_new > first &&
           shown_[last_old - 1].hash == scratch_[last_new - 1].hash) {
      --last_old;
      --last_new;
    }
    std::vector<std::uint64_t> a, b;
    for (std::size_t i = first; i < last_old; ++i) a.push_back(shown_[i].hash);
    for (std::size_t i = first; i < last_new; ++i) b.push_back(scratch_[i].hash);
    std::vector<bool> kept_a, kept_b;
    const bool lined_up = line_up(a, b, kept_a, kept_b, kMostEdits);
    std::vector<PixelRect> boxes;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!lined_up || !kept_a[i]) boxes.push_back(shown_[first + i].box);
    }
    for (std::size_t i = 0; i < b.size(); ++i) {
      if (!lined_up || !kept_b[i]) boxes.push_back(scratch_[first + i].box);
    }
    damage = std::move(boxes);
  }
  shown_.swap(scratch_);
  known_ = true;
  return damage;
}

}  // namespace madoguchi::kiosk::ui
