// The kiosk's window: SDL set up, the window and its software renderer. Opened on its own so
// that the kiosk can open it while it reads its settings and catalogue (kiosk/main.cpp): on a
// 2-core PC the two take about as long, and neither needs the other.
#pragma once

#include <SDL.h>

#include <expected>
#include <filesystem>
#include <string>
#include <thread>

namespace madoguchi::kiosk::ui {

struct WindowOptions {
  bool headless = false;
  // Full screen is locked down: the keyboard is grabbed and no key ends or leaves the kiosk
  // (staff stop it from the staff menu). A window (a developer's --windowed) ends on Ctrl+Esc.
  bool fullscreen = false;
  int width = 1920;
  int height = 1080;
  std::filesystem::path font;
  // The benchmark's comparison build (kiosk --naive-atlas): the atlas baked the way
  // Dear ImGui's documentation shows it, the whole GetGlyphRangesJapanese() range at
  // each size with the default builder and oversampling, once, never extended.
  bool naive_atlas = false;
  // The town's recorded voices (speech/recordings.hpp); empty or missing: synthesis only.
  std::filesystem::path recordings;
  // The readings of the kiosk's own Japanese sentences, prepared at build time
  // (speech/prepared_readings.hpp); empty or unusable: MeCab reads every word.
  std::filesystem::path prepared_readings;
  // Where the baked glyph atlas is kept between starts (glyph_atlas.hpp, save/restore);
  // empty: baked at every start.
  std::filesystem::path atlas_cache;
};

class KioskWindow {
 public:
  // SDL's video, the window (full screen, a window, or offscreen when headless) and its
  // software renderer. From here a stop signal wakes the kiosk's loop (wake_event).
  static std::expected<KioskWindow, std::string> open(const WindowOptions& options);
  KioskWindow() = default;
  KioskWindow(KioskWindow&& other) noexcept;
  KioskWindow& operator=(KioskWindow&& other) noexcept;
  KioskWindow(const KioskWindow&) = delete;
  KioskWindow& operator=(const KioskWindow&) = delete;
  ~KioskWindow() { close(); }
  // The renderer, the window and SDL, in that order; nothing when not open.
  void close();

  SDL_Window* window() const { return window_; }
  SDL_Renderer* renderer() const { return renderer_; }
  // On x11 the window covers the display borderless, and asks for full screen once the first
  // frame is shown (kiosk_window.cpp).
  bool fullscreen_after_first_frame() const { return fullscreen_after_first_frame_; }
  // The event that wakes the loop (a stop signal, the device worker).
  static Uint32 wake_event();

 private:
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  bool sdl_ = false;  // SDL_Init succeeded: SDL_Quit at close
  bool fullscreen_after_first_frame_ = false;
  std::thread prefault_;
};

}  // namespace madoguchi::kiosk::ui
