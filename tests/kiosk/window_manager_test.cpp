// Whether a window manager looks after the kiosk's window (kiosk/screens/window_manager.hpp):
// on a bare X server nobody does, and the kiosk must not ask for full screen there (SDL would
// wait 100 ms twice for an answer and the first screen would be painted twice); once a
// window manager names itself on the root window (_NET_SUPPORTING_WM_CHECK, as every EWMH
// window manager does), it is asked.
// gtest before Xlib: Xlib's macros (None) would rename gtest's own names.
// clang-format off
#include <gtest/gtest.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
// clang-format on
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "screens/kiosk_window.hpp"
#include "screens/window_manager.hpp"
#include "support/virtual_display.hpp"

namespace madoguchi::kiosk::ui {
namespace {

namespace fs = std::filesystem;

TEST(WindowManager, ABareXServerHasNoneAndOneThatNamesItselfIsSeen) {
  const fs::path folder =
      fs::temp_directory_path() / ("window-manager-test-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  std::string problem;
  auto display = tests::VirtualDisplay::start(folder, problem);
  ASSERT_TRUE(display.has_value()) << problem;
  ::setenv("DISPLAY", display->name().c_str(), 1);
  ::setenv("SDL_VIDEODRIVER", "x11", 1);

  WindowOptions options;
  options.width = 640;
  options.height = 360;
  {
    auto window = KioskWindow::open(options);
    ASSERT_TRUE(window.has_value()) << window.error();
    EXPECT_FALSE(window_is_managed(window->window())) << "Xvfb alone: no window manager";
  }

  // A window manager's check window, named on the root window as EWMH asks.
  Display* x = XOpenDisplay(display->name().c_str());
  ASSERT_NE(x, nullptr);
  const Window root = DefaultRootWindow(x);
  const Window check = XCreateSimpleWindow(x, root, 0, 0, 1, 1, 0, 0, 0);
  const Atom supporting = XInternAtom(x, "_NET_SUPPORTING_WM_CHECK", False);
  XChangeProperty(x, root, supporting, XA_WINDOW, 32, PropModeReplace,
                  reinterpret_cast<const unsigned char*>(&check), 1);
  XSync(x, False);
  {
    auto window = KioskWindow::open(options);
    ASSERT_TRUE(window.has_value()) << window.error();
    EXPECT_TRUE(window_is_managed(window->window())) << "a window manager named itself";
  }
  XCloseDisplay(x);
  ::unsetenv("SDL_VIDEODRIVER");
  fs::remove_all(folder);
}

}  // namespace
}  // namespace madoguchi::kiosk::ui
