// How live the studio feels: a box moved by 0.5 mm (as an arrow key does) until the frame with
// the new page is presented — the file's text edited, read and checked again, the page filled,
// drawn to PDF by the kiosk's renderer, rasterised by poppler, uploaded, and the window laid out
// and drawn. The real StudioApp, on SDL's offscreen driver with the software renderer.
// docs/benchmarks.md ("studio/ — edit to page on screen") quotes it:
//   studio_edit_benchmark [--edits N] [--procedure ID]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "layout_edit.hpp"
#include "studio_app.hpp"
#include "support/tool_options.hpp"

namespace {

using namespace madoguchi;
using Clock = std::chrono::steady_clock;

double since_ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Figures {
  double median = 0, p90 = 0, slowest = 0;
};

Figures figures_of(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times[std::min(times.size() - 1, times.size() * 9 / 10)],
          times.back()};
}

}  // namespace

int main(int argc, char** argv) {
  int edits = 60;
  std::string procedure = "juminhyo";
  std::string field = "card.name";
  bool no_grid = false;
  tests::ToolOptions("studio_edit_benchmark",
                     "A box moved 0.5 mm until the frame with the new page is presented, in the "
                     "real studio window (SDL offscreen, software renderer).")
      .number("--edits", "N", edits, 3, 100000, "edits to time (60)")
      .text("--procedure", "ID", procedure, "the procedure whose page is edited (juminhyo)")
      .text("--field", "ID", field, "the box moved (card.name; the first box when absent)")
      .flag("--no-grid", no_grid, "the paper without its 1 mm / 5 mm grid")
      .parse(argc, argv);
  ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
  ::setenv("SDL_RENDER_DRIVER", "software", 1);

  studio::StudioOptions options;
  options.catalog = std::string(MADOGUCHI_SOURCE_DIR) + "/forms/catalog";
  options.samples = std::string(MADOGUCHI_SOURCE_DIR) + "/assets/samples";
  options.font = MADOGUCHI_FONT;
  options.font_bold = MADOGUCHI_FONT_BOLD;
  options.procedure = procedure;
  auto app = studio::StudioApp::create(options);
  if (!app) {
    std::fprintf(stderr, "studio_edit_benchmark: %s\n", app.error().c_str());
    return 1;
  }
  auto& state = (*app)->state();
  for (int i = 0; i < 5; ++i) (*app)->frame();  // the page, the atlas, settled
  if (!state.preview || state.preview->boxes.empty()) {
    std::fprintf(stderr, "studio_edit_benchmark: no page: %s\n", state.preview_problem.c_str());
    return 1;
  }
  std::string pointer = state.preview->boxes.front().pointer;
  for (const auto& box : state.preview->boxes) {
    if (box.id == field) pointer = box.pointer;
  }
  state.selected = pointer;
  state.show_grid = !no_grid;
  (*app)->frame();

  std::vector<double> whole, page, check;
  for (int i = 0; i < edits; ++i) {
    const double dy = i % 2 == 0 ? 0.5 : -0.5;  // down and back, so the box stays on the page
    const auto started = Clock::now();
    studio::apply_edit(state, studio::move_item(state.open->text(), pointer, 0, dy));
    check.push_back(since_ms(started));
    (*app)->frame();
    whole.push_back(since_ms(started));
    page.push_back((*app)->last_refresh_ms());
    if (!state.status.empty() && state.status_is_problem) {
      std::fprintf(stderr, "studio_edit_benchmark: %s\n", state.status.c_str());
      return 1;
    }
  }
  const auto w = figures_of(whole);
  const auto p = figures_of(page);
  const auto c = figures_of(check);
  std::printf(
      "studio edit → new page on screen (%s, %s moved 0.5 mm, %d edits, page at %.2f px/mm, "
      "%dx%d px):\n",
      procedure.c_str(), field.c_str(), edits, state.pixels_per_mm, state.preview->image.width,
      state.preview->image.height);
  std::printf("  edit → frame presented: median %.1f ms, p90 %.1f ms, slowest %.1f ms\n", w.median,
              w.p90, w.slowest);
  std::printf("  of which the edit read and checked (parse, lint): median %.1f ms, p90 %.1f ms\n",
              c.median, c.p90);
  std::printf("  of which the page (fill, PDF, poppler, upload): median %.1f ms, p90 %.1f ms\n",
              p.median, p.p90);
  std::printf("  the rest: laying out and drawing the window (%.1f ms at the median)\n",
              w.median - c.median - p.median);
  return 0;
}
