#include "screens/staff_window.hpp"

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <string_view>

namespace madoguchi::kiosk::ui {

std::expected<std::unique_ptr<StaffWindow>, std::string> StaffWindow::open(const std::string& title,
                                                                           int width, int height) {
  std::unique_ptr<StaffWindow> w(new StaffWindow());
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    return std::unexpected(std::string("SDL_Init: ") + SDL_GetError());
  }
  // The software renderer, as the kiosk draws (its PC has no GPU): presented through the window
  // system's own framebuffer where there is one, so that SDL does not load an OpenGL driver
  // (Mesa's llvmpipe, ~110 MB) to show a surface.
  const std::string_view video =
      SDL_GetCurrentVideoDriver() != nullptr ? SDL_GetCurrentVideoDriver() : "";
  if (video == "x11" || video == "offscreen") {
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  }
  w->window_ = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                width, height, SDL_WINDOW_SHOWN | SDL_WINDOW_RESIZABLE);
  if (w->window_ == nullptr) return std::unexpected(std::string("window: ") + SDL_GetError());
  w->renderer_ = SDL_CreateRenderer(w->window_, -1, SDL_RENDERER_SOFTWARE);
  if (w->renderer_ == nullptr) return std::unexpected(std::string("renderer: ") + SDL_GetError());
  IMGUI_CHECKVERSION();
  w->imgui_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  ImGui::StyleColorsLight();
  ImGui::GetStyle().FrameBorderSize = 1.0F;
  w->platform_ready_ = ImGui_ImplSDL2_InitForSDLRenderer(w->window_);
  w->renderer_ready_ = ImGui_ImplSDLRenderer_Init(w->renderer_);
  if (!w->platform_ready_ || !w->renderer_ready_) {
    return std::unexpected("Dear ImGui did not start");
  }
  return w;
}

StaffWindow::~StaffWindow() {
  if (renderer_ready_) ImGui_ImplSDLRenderer_Shutdown();
  if (platform_ready_) ImGui_ImplSDL2_Shutdown();
  if (imgui_ != nullptr) ImGui::DestroyContext(imgui_);
  if (renderer_ != nullptr) SDL_DestroyRenderer(renderer_);
  if (window_ != nullptr) SDL_DestroyWindow(window_);
  SDL_Quit();
}

}  // namespace madoguchi::kiosk::ui
