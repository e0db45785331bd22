#include "virtual_display.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/run_program.hpp"

namespace madoguchi::tests {

namespace {

std::uint32_t big_endian(const std::string& data, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(data[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(data[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(data[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(data[at + 3]));
}

}  // namespace

std::optional<VirtualDisplay> VirtualDisplay::start(const std::filesystem::path& folder,
                                                    std::string& problem) {
  int number_pipe[2];
  if (::pipe2(number_pipe, O_CLOEXEC) != 0) {
    problem = "pipe: " + std::string(std::strerror(errno));
    return std::nullopt;
  }
  auto server = kiosk::ChildProcess::start(
      {"Xvfb", "-displayfd", std::to_string(number_pipe[1]), "-screen", "0", "1920x1080x24",
       "-fbdir", folder.string(), "-nolisten", "tcp", "-noreset"},
      folder / "xvfb.log", {}, {number_pipe[1]});
  ::close(number_pipe[1]);
  if (!server) {
    ::close(number_pipe[0]);
    problem = server.error() + " (Xvfb: package xvfb, scripts/install-deps.sh)";
    return std::nullopt;
  }
  // Xvfb writes the display number it took once it listens.
  std::string number;
  pollfd ready{number_pipe[0], POLLIN, 0};
  while (number.find('\n') == std::string::npos && ::poll(&ready, 1, 10000) > 0) {
    char buffer[16];
    const auto n = ::read(number_pipe[0], buffer, sizeof buffer);
    if (n <= 0) break;
    number.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(number_pipe[0]);
  if (number.find('\n') == std::string::npos) {
    problem = "Xvfb did not start (" + (folder / "xvfb.log").string() + ")";
    return std::nullopt;
  }
  VirtualDisplay display;
  display.server_ = std::move(*server);
  display.name_ = ":" + number.substr(0, number.find('\n'));
  display.framebuffer_ = folder / "Xvfb_screen0";
  return display;
}

std::optional<ScreenImage> VirtualDisplay::screen() const {
  // The XWD file Xvfb keeps its framebuffer in: a big-endian header (its size at 0, width at 16,
  // height at 20, bits per pixel at 44, bytes per line at 48, colour-map entries at 76), the
  // colour map (12 bytes an entry), then the pixels, 32 bits each as B, G, R, X.
  std::ifstream in(framebuffer_, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string data = bytes.str();
  if (data.size() < 100) return std::nullopt;
  const auto header = big_endian(data, 0);
  ScreenImage image;
  image.width = static_cast<int>(big_endian(data, 16));
  image.height = static_cast<int>(big_endian(data, 20));
  const auto bits = big_endian(data, 44);
  const auto line = big_endian(data, 48);
  const auto colours = big_endian(data, 76);
  const std::size_t start = header + colours * 12;
  if (bits != 32 || data.size() < start + line * static_cast<std::size_t>(image.height)) {
    return std::nullopt;
  }
  image.rgb.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) *
                   3);
  std::size_t out = 0;
  for (int y = 0; y < image.height; ++y) {
    const char* row = data.data() + start + line * static_cast<std::size_t>(y);
    for (int x = 0; x < image.width; ++x) {
      image.rgb[out++] = static_cast<std::uint8_t>(row[x * 4 + 2]);
      image.rgb[out++] = static_cast<std::uint8_t>(row[x * 4 + 1]);
      image.rgb[out++] = static_cast<std::uint8_t>(row[x * 4]);
    }
  }
  return image;
}

std::optional<std::string> VirtualDisplay::xdotool(
    const std::vector<std::string>& arguments) const {
  std::vector<std::string> argv{"env", environment(), "xdotool"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  auto result = run_program(argv);
  if (result.exit_code != 0) return std::nullopt;
  return result.output;
}

std::optional<WindowGeometry> VirtualDisplay::wait_for_window(
    const std::string& title, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto found = xdotool({"search", "--onlyvisible", "--name", "^" + title + "$"});
    if (found && !found->empty()) {
      const auto id = found->substr(0, found->find('\n'));
      if (const auto shell = xdotool({"getwindowgeometry", "--shell", id})) {
        WindowGeometry geometry;
        geometry.id = id;
        std::istringstream lines(*shell);
        std::string entry;
        while (std::getline(lines, entry)) {
          const auto eq = entry.find('=');
          if (eq == std::string::npos) continue;
          const int value = std::atoi(entry.c_str() + eq + 1);
          const auto key = entry.substr(0, eq);
          if (key == "X") geometry.x = value;
          if (key == "Y") geometry.y = value;
          if (key == "WIDTH") geometry.width = value;
          if (key == "HEIGHT") geometry.height = value;
        }
        if (geometry.width > 0 && xdotool({"windowfocus", "--sync", id})) return geometry;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

}  // namespace madoguchi::tests
