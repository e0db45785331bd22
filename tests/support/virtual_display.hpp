// An X server of the test's own (Xvfb on a display number it picks itself, -displayfd, so two
// runs on one machine never share one), its screen read straight from its framebuffer file
// (-fbdir), and xdotool to drive it with real pointer and key events (XTEST). Stopped with the
// test, or with the test program if that is killed (ChildProcess).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"

namespace madoguchi::tests {

struct ScreenImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  // rows from the top
  const std::uint8_t* at(int x, int y) const {
    return &rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                 static_cast<std::size_t>(x)) *
                3];
  }
};

struct WindowGeometry {
  std::string id;  // X's window id, as xdotool names it
  int x = 0, y = 0, width = 0, height = 0;
};

class VirtualDisplay {
 public:
  // Xvfb 1920×1080×24 writing its framebuffer into `folder`; nullopt (and `problem`) when it
  // cannot start.
  static std::optional<VirtualDisplay> start(const std::filesystem::path& folder,
                                             std::string& problem);

  const std::string& name() const { return name_; }  // ":93"
  std::string environment() const { return "DISPLAY=" + name_; }

  // The screen as it is now.
  std::optional<ScreenImage> screen() const;
  // Runs xdotool with these arguments on this display; its stdout, or nullopt on failure.
  std::optional<std::string> xdotool(const std::vector<std::string>& arguments) const;
  // The window whose title is `title`, once it is mapped (up to `timeout`), given the keyboard
  // focus (there is no window manager to give it on a click).
  std::optional<WindowGeometry> wait_for_window(const std::string& title,
                                                std::chrono::milliseconds timeout) const;

 private:
  kiosk::ChildProcess server_;
  std::string name_;
  std::filesystem::path framebuffer_;
};

}  // namespace madoguchi::tests
