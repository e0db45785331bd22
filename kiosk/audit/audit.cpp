#include "audit/audit.hpp"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <unordered_map>

namespace madoguchi::kiosk::ui::audit {

namespace {

float channel(ImU32 packed_colour, int shift) {
  return static_cast<float>((packed_colour >> shift) & 0xFFU) / 255.0F;
}

double linear(float srgb) {
  const double c = srgb;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

std::uint64_t uv_key(ImVec2 uv) {
  return (static_cast<std::uint64_t>(std::bit_cast<std::uint32_t>(uv.x)) << 32) |
         std::bit_cast<std::uint32_t>(uv.y);
}

bool same(ImVec2 a, ImVec2 b) { return a.x == b.x && a.y == b.y; }

struct GlyphSource {
  const ImFont* font = nullptr;
  const ImFontGlyph* glyph = nullptr;
};

// Which line of text covers index `at` of `list`.
class RunLookup {
 public:
  explicit RunLookup(std::span<const TextRun> runs) {
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (runs[i].index_end > runs[i].index_begin)
        spans_.push_back({&runs[i], static_cast<int>(i)});
    }
    std::sort(spans_.begin(), spans_.end(), [](const Span& a, const Span& b) {
      return a.run->list != b.run->list ? std::less<>()(a.run->list, b.run->list)
                                        : a.run->index_begin < b.run->index_begin;
    });
  }
  int find(const ImDrawList* list, int at) const {
    auto it = std::upper_bound(spans_.begin(), spans_.end(), std::pair(list, at),
                               [](const std::pair<const ImDrawList*, int>& key, const Span& s) {
                                 return key.first != s.run->list
                                            ? std::less<>()(key.first, s.run->list)
                                            : key.second < s.run->index_begin;
                               });
    if (it == spans_.begin()) return -1;
    --it;
    if (it->run->list != list || at >= it->run->index_end) return -1;
    return it->index;
  }

 private:
  struct Span {
    const TextRun* run;
    int index;
  };
  std::vector<Span> spans_;
};

bool inside(ImVec2 min, ImVec2 max, ImVec2 box_min, ImVec2 box_max, float tolerance) {
  return min.x >= box_min.x - tolerance && min.y >= box_min.y - tolerance &&
         max.x <= box_max.x + tolerance && max.y <= box_max.y + tolerance;
}

// How far two boxes overlap on both axes (> 0 on both: they overlap).
ImVec2 overlap(ImVec2 a_min, ImVec2 a_max, ImVec2 b_min, ImVec2 b_max) {
  return ImVec2(std::min(a_max.x, b_max.x) - std::max(a_min.x, b_min.x),
                std::min(a_max.y, b_max.y) - std::max(a_min.y, b_min.y));
}

constexpr float kCell = 40.0F;

}  // namespace

std::string hex(ImU32 c) {
  char out[16];
  std::snprintf(out, sizeof out, "#%02X%02X%02X", (c >> IM_COL32_R_SHIFT) & 0xFFU,
                (c >> IM_COL32_G_SHIFT) & 0xFFU, (c >> IM_COL32_B_SHIFT) & 0xFFU);
  return out;
}

Colour colour_of(ImU32 c) {
  return Colour{channel(c, IM_COL32_R_SHIFT), channel(c, IM_COL32_G_SHIFT),
                channel(c, IM_COL32_B_SHIFT), channel(c, IM_COL32_A_SHIFT)};
}

ImU32 packed(Colour c) {
  const auto byte = [](float v) {
    return static_cast<ImU32>(std::lround(std::clamp(v, 0.0F, 1.0F) * 255.0F));
  };
  return IM_COL32(byte(c.r), byte(c.g), byte(c.b), 0xFF);
}

Colour over(Colour top, Colour below) {
  const float a = top.a;
  return Colour{top.r * a + below.r * (1.0F - a), top.g * a + below.g * (1.0F - a),
                top.b * a + below.b * (1.0F - a), 1.0F};
}

double relative_luminance(Colour c) {
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double contrast_ratio(Colour a, Colour b) {
  const double la = relative_luminance(a);
  const double lb = relative_luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Geometry decompose(const ImDrawData& draw, const ImFontAtlas& fonts,
                   std::span<const TextRun> runs) {
  // Every glyph of every font, by the texture coordinates of its top-left corner.
  std::unordered_map<std::uint64_t, GlyphSource> by_uv;
  for (const ImFont* font : fonts.Fonts) {
    for (const ImFontGlyph& glyph : font->Glyphs) {
      if (glyph.Visible == 0U) continue;
      by_uv.emplace(uv_key(ImVec2(glyph.U0, glyph.V0)), GlyphSource{font, &glyph});
    }
  }
  const ImVec2 white = fonts.TexUvWhitePixel;
  const RunLookup lookup(runs);
  Geometry out;
  std::size_t order = 0;
  for (int n = 0; n < draw.CmdListsCount; ++n) {
    const ImDrawList* list = draw.CmdLists[n];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr) continue;
      const ImVec4 clip(cmd.ClipRect.x - draw.DisplayPos.x, cmd.ClipRect.y - draw.DisplayPos.y,
                        cmd.ClipRect.z - draw.DisplayPos.x, cmd.ClipRect.w - draw.DisplayPos.y);
      const int first = static_cast<int>(cmd.IdxOffset);
      const int end = first + static_cast<int>(cmd.ElemCount);
      const auto vertex = [&](int at) -> const ImDrawVert& {
        return list->VtxBuffer[static_cast<int>(cmd.VtxOffset) + list->IdxBuffer[at]];
      };
      for (int i = first; i + 3 <= end;) {
        // A glyph: ImFont::RenderText writes each as the quad a, a+1, a+2, a, a+2, a+3 with
        // the glyph's U0V0 at a and U1V1 at a+2.
        if (i + 6 <= end) {
          const ImDrawIdx a = list->IdxBuffer[i];
          const bool quad = list->IdxBuffer[i + 1] == a + 1 && list->IdxBuffer[i + 2] == a + 2 &&
                            list->IdxBuffer[i + 3] == a && list->IdxBuffer[i + 4] == a + 2 &&
                            list->IdxBuffer[i + 5] == a + 3;
          if (quad) {
            const ImDrawVert& top_left = vertex(i);
            const ImDrawVert& bottom_right = vertex(i + 2);
            const auto found = by_uv.find(uv_key(top_left.uv));
            if (found != by_uv.end() &&
                same(bottom_right.uv, ImVec2(found->second.glyph->U1, found->second.glyph->V1))) {
              const ImFontGlyph& g = *found->second.glyph;
              Glyph glyph;
              glyph.min = top_left.pos;
              glyph.max = bottom_right.pos;
              const float glyph_h = g.Y1 - g.Y0;
              const float glyph_w = g.X1 - g.X0;
              const float scale = glyph_h > 0.5F   ? (glyph.max.y - glyph.min.y) / glyph_h
                                  : glyph_w > 0.5F ? (glyph.max.x - glyph.min.x) / glyph_w
                                                   : 1.0F;
              glyph.px = found->second.font->FontSize * scale;
              glyph.codepoint = g.Codepoint;
              glyph.colour = colour_of(top_left.col);
              glyph.clip = clip;
              glyph.run = lookup.find(list, i);
              glyph.order = order;
              out.glyphs.push_back(glyph);
              i += 6;
              order += 2;
              continue;
            }
          }
        }
        const ImDrawVert& v0 = vertex(i);
        const ImDrawVert& v1 = vertex(i + 1);
        const ImDrawVert& v2 = vertex(i + 2);
        if (same(v0.uv, white) && same(v1.uv, white) && same(v2.uv, white)) {
          Fill fill;
          fill.p[0] = v0.pos;
          fill.p[1] = v1.pos;
          fill.p[2] = v2.pos;
          fill.c[0] = colour_of(v0.col);
          fill.c[1] = colour_of(v1.col);
          fill.c[2] = colour_of(v2.col);
          fill.clip = clip;
          fill.order = order;
          if (fill.c[0].a > 0.0F || fill.c[1].a > 0.0F || fill.c[2].a > 0.0F) {
            out.fills.push_back(fill);
          }
        } else {
          ++out.other_triangles;
        }
        i += 3;
        ++order;
      }
    }
  }
  return out;
}

Backgrounds::Backgrounds(const std::vector<Fill>& fills, ImVec2 screen, Colour clear)
    : fills_(fills), clear_(clear) {
  columns_ = std::max(1, static_cast<int>(std::ceil(screen.x / kCell)));
  rows_ = std::max(1, static_cast<int>(std::ceil(screen.y / kCell)));
  cells_.resize(static_cast<std::size_t>(columns_ * rows_));
  for (std::size_t i = 0; i < fills.size(); ++i) {
    const Fill& f = fills[i];
    float x0 = std::min({f.p[0].x, f.p[1].x, f.p[2].x});
    float y0 = std::min({f.p[0].y, f.p[1].y, f.p[2].y});
    float x1 = std::max({f.p[0].x, f.p[1].x, f.p[2].x});
    float y1 = std::max({f.p[0].y, f.p[1].y, f.p[2].y});
    x0 = std::max(x0, f.clip.x);
    y0 = std::max(y0, f.clip.y);
    x1 = std::min(x1, f.clip.z);
    y1 = std::min(y1, f.clip.w);
    if (x1 <= x0 || y1 <= y0) continue;
    const int c0 = std::clamp(static_cast<int>(x0 / kCell), 0, columns_ - 1);
    const int c1 = std::clamp(static_cast<int>(x1 / kCell), 0, columns_ - 1);
    const int r0 = std::clamp(static_cast<int>(y0 / kCell), 0, rows_ - 1);
    const int r1 = std::clamp(static_cast<int>(y1 / kCell), 0, rows_ - 1);
    for (int r = r0; r <= r1; ++r) {
      for (int c = c0; c <= c1; ++c)
        cells_[static_cast<std::size_t>(r * columns_ + c)].push_back(i);
    }
  }
}

Seen Backgrounds::at(ImVec2 point, Colour text, std::size_t order) const {
  Seen seen;
  seen.background = clear_;
  const int c = static_cast<int>(point.x / kCell);
  const int r = static_cast<int>(point.y / kCell);
  if (c < 0 || r < 0 || c >= columns_ || r >= rows_) {
    seen.text = over(text, seen.background);
    return seen;
  }
  bool text_drawn = false;
  for (const std::size_t index : cells_[static_cast<std::size_t>(r * columns_ + c)]) {
    const Fill& f = fills_[index];
    if (point.x < f.clip.x || point.y < f.clip.y || point.x >= f.clip.z || point.y >= f.clip.w) {
      continue;
    }
    // Barycentric weights; the point is inside when all three are ≥ 0.
    const double x = point.x, y = point.y;
    const double x0 = f.p[0].x, y0 = f.p[0].y, x1 = f.p[1].x, y1 = f.p[1].y;
    const double x2 = f.p[2].x, y2 = f.p[2].y;
    const double det = (y1 - y2) * (x0 - x2) + (x2 - x1) * (y0 - y2);
    if (std::abs(det) < 1e-9) continue;
    const double w0 = ((y1 - y2) * (x - x2) + (x2 - x1) * (y - y2)) / det;
    const double w1 = ((y2 - y0) * (x - x2) + (x0 - x2) * (y - y2)) / det;
    const double w2 = 1.0 - w0 - w1;
    if (w0 < 0.0 || w1 < 0.0 || w2 < 0.0) continue;
    const auto mix = [&](float Colour::*part) {
      return static_cast<float>(w0 * (f.c[0].*part) + w1 * (f.c[1].*part) + w2 * (f.c[2].*part));
    };
    const Colour colour{mix(&Colour::r), mix(&Colour::g), mix(&Colour::b), mix(&Colour::a)};
    if (f.order < order) {
      seen.background = over(colour, seen.background);
      continue;
    }
    if (!text_drawn) {
      seen.text = over(text, seen.background);
      text_drawn = true;
    }
    if (colour.a >= 0.999F) seen.hidden = true;
    seen.text = over(colour, seen.text);
    seen.background = over(colour, seen.background);
  }
  if (!text_drawn) seen.text = over(text, seen.background);
  return seen;
}

namespace {

// One frame being measured: what each part of measure() reads and adds to.
class Measuring {
 public:
  Measuring(FrameMetrics& m, std::span<const ButtonRecord> buttons, std::span<const TextRun> runs,
            std::span<const PanelRecord> panels, ImVec2 screen, const Thresholds& t)
      : m_(m),
        buttons_(buttons),
        runs_(runs),
        panels_(panels),
        screen_(screen),
        t_(t),
        told_(runs.size() + 1),
        small_told_(runs.size() + 1, false),
        contrast_told_(runs.size() + 1, false),
        panel_of_(runs.size(), -1) {
    find_panels();
  }

  void find(Finding f) {
    if (m_.findings.size() < 200) m_.findings.push_back(std::move(f));
  }

  std::string run_text(int run) const {
    return run >= 0 ? runs_[static_cast<std::size_t>(run)].text : std::string("(text)");
  }

  static std::string button_text(const ButtonRecord& b) {
    return b.label.empty() ? b.id : b.id + " (" + b.label + ")";
  }

  // Overflow is told once per line and kind, not per glyph.
  void overflow(const Glyph& g, const std::string& detail) {
    auto& list = told_[static_cast<std::size_t>(g.run + 1)];
    if (std::find(list.begin(), list.end(), detail) != list.end()) return;
    list.push_back(detail);
    ++m_.overflows;
    find({"overflow", detail, 0.0, 0.0, run_text(g.run), g.min, g.max});
  }

  void size_of(const Glyph& g, TextRole role) {
    const double px = std::round(g.px * 10.0) / 10.0;
    double threshold = t_.body_px;
    std::string metric = "text_size";
    if (role == TextRole::Ruby) {
      threshold = t_.ruby_px;
      metric = "ruby_size";
      if (px < m_.ruby_px) {
        m_.ruby_px = px;
        m_.ruby_px_text = run_text(g.run);
      }
    } else {
      if (px < m_.text_px) {
        m_.text_px = px;
        m_.text_px_text = run_text(g.run);
      }
      if (role == TextRole::Heading || role == TextRole::Huge) {
        threshold = t_.heading_px;
        metric = "heading_size";
        if (px < m_.heading_px) {
          m_.heading_px = px;
          m_.heading_px_text = run_text(g.run);
        }
      }
    }
    if (px < threshold && !small_told_[static_cast<std::size_t>(g.run + 1)]) {
      small_told_[static_cast<std::size_t>(g.run + 1)] = true;
      find({metric, std::string(text_role_name(role)), px, threshold, run_text(g.run), g.min,
            g.max});
    }
  }

  // Contrast: the worst of five points inside the glyph's box, nudged off the exact edges of the
  // triangles (a point on the diagonal of a translucent rectangle would count twice). False when
  // the glyph is hidden under something opaque.
  bool contrast_of(const Glyph& g, const Backgrounds& backgrounds) {
    double worst = FrameMetrics::kNone;
    Seen worst_seen;
    bool visible = false;
    const float w = g.max.x - g.min.x;
    const float h = g.max.y - g.min.y;
    for (const ImVec2 f : {ImVec2(0.5F, 0.5F), ImVec2(0.3F, 0.3F), ImVec2(0.7F, 0.3F),
                           ImVec2(0.3F, 0.7F), ImVec2(0.7F, 0.7F)}) {
      const ImVec2 point(g.min.x + w * f.x + 0.0137F, g.min.y + h * f.y + 0.0071F);
      const Seen seen = backgrounds.at(point, g.colour, g.order);
      if (seen.hidden) continue;
      visible = true;
      const double ratio = contrast_ratio(seen.text, seen.background);
      if (ratio < worst) {
        worst = ratio;
        worst_seen = seen;
      }
    }
    if (!visible) return false;
    worst = std::round(worst * 100.0) / 100.0;
    if (worst < m_.contrast) {
      m_.contrast = worst;
      m_.contrast_text = run_text(g.run);
      m_.contrast_text_colour = packed(worst_seen.text);
      m_.contrast_background = packed(worst_seen.background);
    }
    if (worst < t_.contrast && !contrast_told_[static_cast<std::size_t>(g.run + 1)]) {
      contrast_told_[static_cast<std::size_t>(g.run + 1)] = true;
      char colours[64];
      std::snprintf(colours, sizeof colours, "%s on %s", hex(packed(worst_seen.text)).c_str(),
                    hex(packed(worst_seen.background)).c_str());
      find({"contrast", colours, worst, t_.contrast, run_text(g.run), g.min, g.max});
    }
    return true;
  }

  // A glyph out of the screen, its clip rectangle, its button's label area, its box or panel, or
  // free text running over the edge of a button.
  void boxes_of(const Glyph& g, const TextRun* run) {
    if (!inside(g.min, g.max, ImVec2(0, 0), screen_, t_.tolerance_px))
      overflow(g, "off the screen");
    if (!inside(g.min, g.max, ImVec2(g.clip.x, g.clip.y), ImVec2(g.clip.z, g.clip.w),
                t_.tolerance_px)) {
      overflow(g, "clipped");
    }
    if (run != nullptr) {
      if (run->button >= 0) {
        // A label's box is its button's label area (its padding left out).
        if (!inside(g.min, g.max, run->box_min, run->box_max, t_.tolerance_px)) {
          overflow(g, "outside its button " + buttons_[static_cast<std::size_t>(run->button)].id);
        }
      } else if (!inside(g.min, g.max, run->box_min, run->box_max, t_.tolerance_px + 1.0F)) {
        overflow(g, "outside its box");
      }
      if (const int p = panel_of_[static_cast<std::size_t>(g.run)]; p >= 0) {
        const PanelRecord& panel = panels_[static_cast<std::size_t>(p)];
        if (!inside(g.min, g.max, panel.min, panel.max, t_.tolerance_px)) {
          overflow(g, "outside its panel");
        }
      }
    }
    if (run == nullptr || run->button < 0) {
      // Free text running over the edge of a button (text wholly inside one is drawn on it).
      for (const ButtonRecord& b : buttons_) {
        const ImVec2 o = overlap(g.min, g.max, b.min, b.max);
        if (o.x > t_.tolerance_px && o.y > t_.tolerance_px &&
            !inside(g.min, g.max, b.min, b.max, 0.0F)) {
          overflow(g, "runs into the button " + b.id);
        }
      }
    }
  }

  // Characters drawn without their glyph: the atlas had none for them when the frame was drawn,
  // so Dear ImGui drew its fallback ('?') in their place ("職員???ー" for "職員メニュー"). A line
  // shows more '?' quads than it has '?' characters.
  void missing_glyphs(const std::vector<Glyph>& glyphs) {
    std::vector<std::size_t> question_marks(runs_.size(), 0);
    for (const Glyph& g : glyphs) {
      if (g.run >= 0 && g.codepoint == '?') ++question_marks[static_cast<std::size_t>(g.run)];
    }
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      const auto written =
          static_cast<std::size_t>(std::count(runs_[i].text.begin(), runs_[i].text.end(), '?'));
      if (question_marks[i] > written) {
        ++m_.missing_glyphs;
        find({"missing_glyph",
              std::to_string(question_marks[i] - written) +
                  " characters drawn as '?': the atlas had no glyph for them",
              static_cast<double>(question_marks[i] - written), 0.0, runs_[i].text,
              runs_[i].laid_min, runs_[i].laid_max});
      }
    }
  }

  // Lines laid out where the screen cannot show them (Dear ImGui drops the glyphs of a line that
  // starts below the clip rectangle, so they never reach the draw data): told once, with the
  // first such line and how many there are.
  void lines_beyond_the_screen() {
    std::size_t beyond = 0;
    const TextRun* first_beyond = nullptr;
    for (const TextRun& run : runs_) {
      if (run.text.empty()) continue;
      if (!inside(run.laid_min, run.laid_max, ImVec2(0, 0), screen_, t_.tolerance_px)) {
        if (beyond++ == 0) first_beyond = &run;
      }
    }
    if (first_beyond != nullptr) {
      m_.overflows += beyond;
      find({"overflow", std::to_string(beyond) + " lines laid out beyond the screen",
            static_cast<double>(beyond), 0.0, first_beyond->text, first_beyond->laid_min,
            first_beyond->laid_max});
    }
  }

  // Touch targets: size, and the gap to the nearest other target.
  void targets() {
    m_.targets = buttons_.size();
    for (std::size_t i = 0; i < buttons_.size(); ++i) {
      const ButtonRecord& b = buttons_[i];
      const double w = b.max.x - b.min.x;
      const double h = b.max.y - b.min.y;
      const double smaller = std::min(w, h);
      if (smaller < m_.target_px) {
        m_.target_px = smaller;
        m_.target_text = button_text(b);
      }
      if (smaller < t_.target_px) {
        char size[48];
        std::snprintf(size, sizeof size, "%.0f × %.0f px", w, h);
        find({"target_size", size, smaller, t_.target_px, button_text(b), b.min, b.max});
      }
      if (!inside(b.min, b.max, ImVec2(0, 0), screen_, 0.0F)) {
        ++m_.overflows;
        find({"overflow", "target off the screen", 0.0, 0.0, button_text(b), b.min, b.max});
      }
      for (std::size_t j = i + 1; j < buttons_.size(); ++j) gap_between(b, buttons_[j]);
    }
  }

 private:
  // The panel (notice, answer box, dialog) each line starts in: the smallest one.
  void find_panels() {
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      float smallest = FLT_MAX;
      for (std::size_t p = 0; p < panels_.size(); ++p) {
        const PanelRecord& panel = panels_[p];
        const ImVec2 start = runs_[i].laid_min;
        if (start.x < panel.min.x || start.y < panel.min.y || start.x >= panel.max.x ||
            start.y >= panel.max.y) {
          continue;
        }
        const float area = (panel.max.x - panel.min.x) * (panel.max.y - panel.min.y);
        if (area < smallest) {
          smallest = area;
          panel_of_[i] = static_cast<int>(p);
        }
      }
    }
  }

  void gap_between(const ButtonRecord& b, const ButtonRecord& o) {
    const double dx = std::max(o.min.x - b.max.x, b.min.x - o.max.x);
    const double dy = std::max(o.min.y - b.max.y, b.min.y - o.max.y);
    // Apart on either axis: the larger gap; overlapping on both: minus the smaller overlap.
    const double gap = std::max(dx, dy);
    const std::string pair = button_text(b) + " / " + button_text(o);
    if (gap < m_.target_gap_px) {
      m_.target_gap_px = gap;
      m_.target_gap_text = pair;
    }
    if (gap < t_.target_gap_px) {
      find({"target_gap", gap < 0 ? "overlapping" : "too close", gap, t_.target_gap_px, pair,
            ImVec2(std::min(b.min.x, o.min.x), std::min(b.min.y, o.min.y)),
            ImVec2(std::max(b.max.x, o.max.x), std::max(b.max.y, o.max.y))});
    }
  }

  FrameMetrics& m_;
  std::span<const ButtonRecord> buttons_;
  std::span<const TextRun> runs_;
  std::span<const PanelRecord> panels_;
  ImVec2 screen_;
  const Thresholds& t_;
  std::vector<std::vector<std::string>> told_;
  std::vector<bool> small_told_;
  std::vector<bool> contrast_told_;
  std::vector<int> panel_of_;
};

}  // namespace

FrameMetrics measure(const ImDrawData& draw, const ImFontAtlas& fonts,
                     std::span<const ButtonRecord> buttons, std::span<const TextRun> runs,
                     std::span<const PanelRecord> panels, ImVec2 screen, const Thresholds& t,
                     Colour clear) {
  FrameMetrics m;
  const Geometry geometry = decompose(draw, fonts, runs);
  const Backgrounds backgrounds(geometry.fills, screen, clear);
  Measuring measuring(m, buttons, runs, panels, screen, t);
  m.glyphs = geometry.glyphs.size();

  // Glyph quads on a grid, to find lines of text drawn over one another.
  const int columns = std::max(1, static_cast<int>(std::ceil(screen.x / kCell)));
  const int rows = std::max(1, static_cast<int>(std::ceil(screen.y / kCell)));
  std::vector<std::vector<std::size_t>> cells(static_cast<std::size_t>(columns * rows));

  for (std::size_t gi = 0; gi < geometry.glyphs.size(); ++gi) {
    const Glyph& g = geometry.glyphs[gi];
    const TextRun* run = g.run >= 0 ? &runs[static_cast<std::size_t>(g.run)] : nullptr;
    if (run == nullptr) ++m.glyphs_without_line;
    measuring.size_of(g, run != nullptr ? run->role : TextRole::Body);
    if (!measuring.contrast_of(g, backgrounds)) {
      ++m.glyphs_hidden;
      continue;
    }
    measuring.boxes_of(g, run);
    const int c0 = std::clamp(static_cast<int>(g.min.x / kCell), 0, columns - 1);
    const int c1 = std::clamp(static_cast<int>(g.max.x / kCell), 0, columns - 1);
    const int r0 = std::clamp(static_cast<int>(g.min.y / kCell), 0, rows - 1);
    const int r1 = std::clamp(static_cast<int>(g.max.y / kCell), 0, rows - 1);
    for (int r = r0; r <= r1; ++r) {
      for (int c = c0; c <= c1; ++c) {
        auto& cell = cells[static_cast<std::size_t>(r * columns + c)];
        for (const std::size_t other : cell) {
          const Glyph& o = geometry.glyphs[other];
          if (o.run == g.run) continue;
          const ImVec2 ov = overlap(g.min, g.max, o.min, o.max);
          if (ov.x > t.tolerance_px && ov.y > t.tolerance_px) {
            measuring.overflow(g, "overlaps the line \"" + measuring.run_text(o.run) + "\"");
          }
        }
        cell.push_back(gi);
      }
    }
  }
  measuring.missing_glyphs(geometry.glyphs);
  measuring.lines_beyond_the_screen();
  measuring.targets();
  return m;
}

}  // namespace madoguchi::kiosk::ui::audit
