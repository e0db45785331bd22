#include "kiosk_window.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string_view>
#include <utility>

#include "madoguchi/kiosk/stop_signal.hpp"

namespace madoguchi::kiosk::ui {

namespace {

Uint32 g_wake_event = 0;

// SDL's hints, set before SDL_Init.
void set_hints(const WindowOptions& window) {
  if (window.headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
  SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  // SIGTERM and SIGINT are the kiosk's own (stop_signal.hpp), not turned into SDL_QUIT.
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  if (window.fullscreen) {
    // Locked down: the keyboard is grabbed, so the compositor's or window manager's key
    // bindings (Alt+Tab, Alt+F4, a switch of virtual terminal) do not reach them while the
    // kiosk shows; and no key of SDL's own closes it.
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    SDL_SetHint(SDL_HINT_ALLOW_ALT_TAB_WHILE_GRABBED, "0");
    SDL_SetHint(SDL_HINT_WINDOWS_NO_CLOSE_ON_ALT_F4, "1");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  }
}

// The video driver SDL chose, after keeping the window's surface away from OpenGL where the
// driver allows.
std::string_view present_without_opengl() {
  // The software renderer draws into the window's surface. Left alone, SDL 2.26 presents
  // that surface through an OpenGL texture when it can, which loads an OpenGL driver:
  // without a GPU, Mesa's llvmpipe (libLLVM, render threads and their buffers), ~110 MB
  // of the 253 MB the kiosk used to peak at (docs/benchmarks.md). x11 (MIT-SHM) and
  // offscreen have a framebuffer of their own; kmsdrm and wayland have none and keep
  // SDL's choice. The environment (SDL_FRAMEBUFFER_ACCELERATION) still overrides this.
  const std::string_view video_driver =
      SDL_GetCurrentVideoDriver() != nullptr ? SDL_GetCurrentVideoDriver() : "";
  if (video_driver == "x11" || video_driver == "offscreen") {
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  }
  return video_driver;
}

// Where the window goes, how big, and as what.
struct WindowPlace {
  Uint32 flags;
  int x, y, w, h;
  bool fullscreen_after_first_frame = false;
};

WindowPlace window_place(const WindowOptions& window, std::string_view video_driver) {
  WindowPlace place{SDL_WINDOW_SHOWN, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, window.width,
                    window.height};
  // Full screen on x11: SDL 2.26 waits up to 100 ms, twice, for a window manager to
  // acknowledge the full-screen window's position and size, and on a bare X server (a
  // kiosk) it always waits the full time: +80–140 ms before the first frame. The window
  // covers the display as a borderless one instead, and becomes full screen after the
  // first frame has been shown.
  SDL_Rect display{};
  if (window.fullscreen && video_driver == "x11" && SDL_GetDisplayBounds(0, &display) == 0) {
    place.flags |= SDL_WINDOW_BORDERLESS;
    place.x = display.x;
    place.y = display.y;
    place.w = display.w;
    place.h = display.h;
    place.fullscreen_after_first_frame = true;
  } else if (window.fullscreen) {
    place.flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  }
  return place;
}

}  // namespace

Uint32 KioskWindow::wake_event() { return g_wake_event; }

std::expected<KioskWindow, std::string> KioskWindow::open(const WindowOptions& options) {
  KioskWindow opened;
  set_hints(options);
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    return std::unexpected(std::string("SDL_Init: ") + SDL_GetError());
  }
  opened.sdl_ = true;
  g_wake_event = SDL_RegisterEvents(1);
  // From here a stop signal wakes the loop, which finishes its frame and returns.
  arm_stop_signals([] {
    SDL_Event event{};
    event.type = g_wake_event;
    SDL_PushEvent(&event);
  });
  const std::string_view video_driver = present_without_opengl();
  const WindowPlace place = window_place(options, video_driver);
  opened.fullscreen_after_first_frame_ = place.fullscreen_after_first_frame;
  opened.window_ = SDL_CreateWindow("Madoguchi", place.x, place.y, place.w, place.h, place.flags);
  if (opened.window_ == nullptr) return std::unexpected(std::string("window: ") + SDL_GetError());
  if (options.fullscreen) SDL_SetWindowKeyboardGrab(opened.window_, SDL_TRUE);
  opened.renderer_ = SDL_CreateRenderer(opened.window_, -1, SDL_RENDERER_SOFTWARE);
  if (opened.renderer_ == nullptr) {
    return std::unexpected(std::string("renderer: ") + SDL_GetError());
  }
  // Lay out at 1920×1080 whatever the panel; SDL scales the output.
  SDL_RenderSetLogicalSize(opened.renderer_, options.width, options.height);
  if (!options.headless) SDL_ShowCursor(SDL_DISABLE);
  // The window's 8 MB surface has no pages yet: the first paint would fault in some 2,000 of
  // them, and the X server's first show would find them new too. A thread of its own makes them
  // now (MADV_POPULATE_WRITE: the pages, no data written) while the kiosk reads its atlas and
  // lays the first screen out (~13 ms off the first frame, docs/benchmarks.md).
  if (SDL_Surface* surface = SDL_GetWindowSurface(opened.window_)) {
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto first = reinterpret_cast<std::uintptr_t>(surface->pixels) & ~(page - 1);
    const auto end =
        reinterpret_cast<std::uintptr_t>(surface->pixels) +
        static_cast<std::uintptr_t>(surface->pitch) * static_cast<std::uintptr_t>(surface->h);
    // A kernel without it (before 5.14) answers EINVAL: the first paint faults them in.
    opened.prefault_ = std::thread([first, end] {
      madvise(reinterpret_cast<void*>(first), end - first, MADV_POPULATE_WRITE);
    });
  }
  return opened;
}

KioskWindow::KioskWindow(KioskWindow&& other) noexcept
    : window_(std::exchange(other.window_, nullptr)),
      renderer_(std::exchange(other.renderer_, nullptr)),
      sdl_(std::exchange(other.sdl_, false)),
      fullscreen_after_first_frame_(other.fullscreen_after_first_frame_),
      prefault_(std::move(other.prefault_)) {}

KioskWindow& KioskWindow::operator=(KioskWindow&& other) noexcept {
  if (this != &other) {
    close();
    window_ = std::exchange(other.window_, nullptr);
    renderer_ = std::exchange(other.renderer_, nullptr);
    sdl_ = std::exchange(other.sdl_, false);
    fullscreen_after_first_frame_ = other.fullscreen_after_first_frame_;
    prefault_ = std::move(other.prefault_);
  }
  return *this;
}

void KioskWindow::close() {
  if (prefault_.joinable()) prefault_.join();
  if (renderer_ != nullptr) SDL_DestroyRenderer(renderer_);
  if (window_ != nullptr) SDL_DestroyWindow(window_);
  renderer_ = nullptr;
  window_ = nullptr;
  if (sdl_) SDL_Quit();
  sdl_ = false;
}

}  // namespace madoguchi::kiosk::ui
