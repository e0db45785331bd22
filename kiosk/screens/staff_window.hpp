// The window of a staff program (madoguchi-studio, madoguchi-console), on the kiosk's own PC in
// staff mode or on an office desktop: SDL2 with the software renderer, Dear ImGui 1.86 with
// Debian's SDL platform and SDL_Renderer backends, the light style, no .ini or log file. SIGTERM
// ends the program at once (a test, a logout), as it ends any desktop program.
#pragma once

#include <SDL.h>

#include <expected>
#include <memory>
#include <string>

struct ImGuiContext;

namespace madoguchi::kiosk::ui {

class StaffWindow {
 public:
  // SDL_Init, the window (resizable), its renderer and Dear ImGui's context and backends; or
  // what failed.
  static std::expected<std::unique_ptr<StaffWindow>, std::string> open(const std::string& title,
                                                                       int width, int height);
  // The backends, the context, the renderer and the window, then SDL_Quit.
  ~StaffWindow();
  StaffWindow(const StaffWindow&) = delete;
  StaffWindow& operator=(const StaffWindow&) = delete;

  SDL_Window* window() const { return window_; }
  SDL_Renderer* renderer() const { return renderer_; }

 private:
  StaffWindow() = default;
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  ImGuiContext* imgui_ = nullptr;
  bool platform_ready_ = false;
  bool renderer_ready_ = false;
};

}  // namespace madoguchi::kiosk::ui
