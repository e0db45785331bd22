// madoguchi-console's window: SDL2 + Dear ImGui (Debian's backends, the kiosk's glyph atlas),
// Japanese first, three views as tabs — 呼び出し (calls, with a chime when one comes), キオスク
// (every kiosk's health), 数字 (the town's numbers). The data comes from a CounterFeed thread;
// the window sleeps until it or the member of staff has something new.
#pragma once

#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace madoguchi::console {

struct ConsoleOptions {
  std::string conninfo;  // the member of staff's own role
  std::filesystem::path font;
  std::map<std::string, std::string> titles;  // procedure id → title (from --catalog)
  int width = 1500;
  int height = 900;
  // Draw `tab` ("calls", "kiosks", "numbers") once everything has been read, save it as a PNG
  // and close (the README's pictures, the tests); "" for the window as staff use it.
  std::filesystem::path screenshot;
  std::string tab = "calls";
  int days = 1;  // the numbers' period at first: the last `days` days
};

class ConsoleApp {
 public:
  static std::expected<std::unique_ptr<ConsoleApp>, std::string> create(
      const ConsoleOptions& options);
  ~ConsoleApp();
  ConsoleApp(const ConsoleApp&) = delete;
  ConsoleApp& operator=(const ConsoleApp&) = delete;

  // Until the window is closed (or the screenshot is saved): the exit code.
  int run();

 private:
  ConsoleApp();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::console
