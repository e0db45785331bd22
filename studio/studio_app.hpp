// The studio's window: SDL2 + Dear ImGui 1.86 (Debian's SDL platform and SDL_Renderer backends),
// the kiosk's glyph atlas at desktop sizes, and the panels of studio_panels.hpp. It draws a frame
// for each input event; an edit re-renders the page (fill → PDF → poppler) in the same frame,
// so that what staff see after letting go of a box is the page as it will print.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>

#include "studio_state.hpp"

namespace madoguchi::studio {

struct StudioOptions {
  std::filesystem::path catalog;
  std::filesystem::path samples;
  std::filesystem::path golden;  // where golden cases are recorded
  std::filesystem::path office;  // the town's office.json
  std::filesystem::path font;
  std::filesystem::path font_bold;
  std::string language = "ja";
  std::string procedure;  // opened first; the catalogue's first when empty
  // madoguchi-studio itself, run as a child to draw the kiosk's screens ("": no screens tab).
  std::filesystem::path program;
  int width = 1600;
  int height = 1000;
};

class StudioApp {
 public:
  static std::expected<std::unique_ptr<StudioApp>, std::string> create(
      const StudioOptions& options);
  ~StudioApp();
  StudioApp(const StudioApp&) = delete;
  StudioApp& operator=(const StudioApp&) = delete;

  // Until the window is closed (with unsaved changes, the first close asks).
  int run();

  // ---- for the benchmark ----
  // Lays out and draws one frame (re-rendering the page first if an edit made it stale).
  void frame();
  StudioState& state();
  // How long the last page refresh took: fill, PDF, poppler, texture upload (milliseconds).
  double last_refresh_ms() const;

 private:
  StudioApp();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::studio
