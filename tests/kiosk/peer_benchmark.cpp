// kiosk_peer_benchmark: the kiosk side by side with what a town would otherwise install, a web
// kiosk (Debian's Chromium in --kiosk mode) showing a static copy of the same welcome screen
// with the same font (tests/kiosk/peer/welcome.html), on one X server of its own (Xvfb
// 1920×1080, software rendering only). docs/benchmarks.md, "The kiosk and a browser kiosk".
//
//   kiosk_peer_benchmark [--rounds N] [--presses N] [--idle SECONDS] [--kiosk-only]
//
// Each round starts each contender in turn (alternating, a cold process each time) and measures:
//   exec → final screen  from the exec to the last change of the screen before it stays still
//                        for 1.5 s (XDamage on the root window);
//   PSS at 10 s          Pss summed over the contender's processes (/proc/PID/smaps_rollup);
//   idle CPU, wake-ups   over --idle seconds (default 30) after that: utime + stime and the
//                        context switches of every thread of every process;
//   press → pixel        an XTest press on a group button of the welcome screen, timed to the
//                        first XDamage report after it (--presses per round, two buttons
//                        alternating, the pointer moved there and the screen still first);
//   release → pixel      the same for the release, which chooses the group.
// The kiosk is the real binary without --demo and with no card service (PCSCLITE_CSOCK_NAME
// points nowhere). Without chromium on PATH (apt-get install chromium) or with --kiosk-only only
// the kiosk's column is measured: the ctest smoke run (one round, 4 presses, 2 s idle) does that.
//
// Exit 0 when every run worked (both started, every press and release drew); the figures never
// fail it.
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/Xdamage.h>
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"
#include "support/tool_options.hpp"
#include "support/virtual_display.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using madoguchi::kiosk::ChildProcess;

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// ---- the X server, as a resident's finger and eye ----

class ScreenWatch {
 public:
  static std::optional<ScreenWatch> open(const std::string& name, std::string& problem) {
    ScreenWatch s;
    s.display_ = XOpenDisplay(name.c_str());
    if (s.display_ == nullptr) {
      problem = "cannot open X display " + name;
      return std::nullopt;
    }
    int error_base = 0;
    int major = 0, minor = 0;
    if (!XDamageQueryExtension(s.display_, &s.damage_event_, &error_base)) {
      problem = "the X server has no DAMAGE extension";
      return std::nullopt;
    }
    int event_base = 0;
    if (!XTestQueryExtension(s.display_, &event_base, &error_base, &major, &minor)) {
      problem = "the X server has no XTEST extension";
      return std::nullopt;
    }
    s.damage_ = XDamageCreate(s.display_, DefaultRootWindow(s.display_), XDamageReportNonEmpty);
    XSync(s.display_, False);
    return s;
  }
  ScreenWatch() = default;
  ScreenWatch(ScreenWatch&& o) noexcept
      : display_(std::exchange(o.display_, nullptr)),
        damage_(o.damage_),
        damage_event_(o.damage_event_) {}
  ScreenWatch& operator=(ScreenWatch&&) = delete;
  ~ScreenWatch() {
    if (display_ == nullptr) return;
    XDamageDestroy(display_, damage_);
    XCloseDisplay(display_);
  }

  // Forgets the damage so far: the next report is a new change.
  void forget() {
    drain(0ms);
    XDamageSubtract(display_, damage_, None, None);
    XSync(display_, False);
    drain(0ms);
  }
  // The time of the first change of the screen within `timeout`.
  std::optional<Clock::time_point> next_change(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
      if (auto seen = drain(0ms)) return seen;
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left <= 0ms) return std::nullopt;
      if (auto seen = drain(left)) return seen;
    }
  }
  // Waits until the screen has not changed for `quiet` (up to `timeout`); the time of the last
  // change, if there was one.
  std::optional<Clock::time_point> still_for(std::chrono::milliseconds quiet,
                                             std::chrono::milliseconds timeout) {
    std::optional<Clock::time_point> last;
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      XDamageSubtract(display_, damage_, None, None);
      XFlush(display_);
      auto seen = next_change(quiet);
      if (!seen) return last;
      last = seen;
    }
    return last;
  }
  void move_to(int x, int y) {
    XTestFakeMotionEvent(display_, 0, x, y, CurrentTime);
    XFlush(display_);
  }
  void button(bool down) {
    XTestFakeButtonEvent(display_, 1, down ? True : False, CurrentTime);
    XFlush(display_);
  }

 private:
  // Reads what the server sent, waiting up to `wait` for something; the time a damage report
  // was read, if one was.
  std::optional<Clock::time_point> drain(std::chrono::milliseconds wait) {
    std::optional<Clock::time_point> seen;
    if (XPending(display_) == 0 && wait > 0ms) {
      pollfd ready{ConnectionNumber(display_), POLLIN, 0};
      ::poll(&ready, 1, static_cast<int>(wait.count()));
    }
    while (XPending(display_) > 0) {
      XEvent event;
      XNextEvent(display_, &event);
      if (event.type == damage_event_ + XDamageNotify && !seen) seen = Clock::now();
    }
    return seen;
  }

  Display* display_ = nullptr;
  Damage damage_ = 0;
  int damage_event_ = 0;
};

// ---- a contender's processes ----

// The process and every process it started, still running.
std::vector<pid_t> process_tree(pid_t root) {
  std::map<pid_t, pid_t> parent;
  if (DIR* proc = opendir("/proc")) {
    while (dirent* e = readdir(proc)) {
      const pid_t pid = std::atoi(e->d_name);
      if (pid <= 0) continue;
      std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
      std::string text;
      std::getline(stat, text);
      const auto close = text.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream rest(text.substr(close + 2));
      char state = 0;
      pid_t ppid = 0;
      rest >> state >> ppid;
      parent[pid] = ppid;
    }
    closedir(proc);
  }
  std::vector<pid_t> tree{root};
  for (std::size_t i = 0; i < tree.size(); ++i) {
    for (const auto& [pid, ppid] : parent) {
      if (ppid == tree[i]) tree.push_back(pid);
    }
  }
  return tree;
}

long field_kb(const std::string& file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(key + ":")) return std::atol(line.c_str() + key.size() + 1);
  }
  return 0;
}

long pss_kb(pid_t root) {
  long sum = 0;
  for (const pid_t pid : process_tree(root)) {
    sum += field_kb("/proc/" + std::to_string(pid) + "/smaps_rollup", "Pss");
  }
  return sum;
}

struct Cost {
  double cpu_ms = 0;
  long switches = 0;
};

Cost cost_of(pid_t root) {
  Cost c;
  const double tick_ms = 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
  for (const pid_t pid : process_tree(root)) {
    const std::string dir = "/proc/" + std::to_string(pid);
    std::ifstream stat(dir + "/stat");
    std::string text;
    std::getline(stat, text);
    const auto close = text.rfind(')');
    if (close != std::string::npos) {
      std::istringstream rest(text.substr(close + 2));
      std::vector<std::string> fields;
      std::string f;
      while (rest >> f) fields.push_back(f);
      if (fields.size() > 12) {  // utime and stime: fields 14 and 15 of stat, 12 and 13 here
        c.cpu_ms += (std::atof(fields[11].c_str()) + std::atof(fields[12].c_str())) * tick_ms;
      }
    }
    if (DIR* tasks = opendir((dir + "/task").c_str())) {
      while (dirent* e = readdir(tasks)) {
        if (e->d_name[0] == '.') continue;
        const std::string status = dir + "/task/" + e->d_name + "/status";
        c.switches += field_kb(status, "voluntary_ctxt_switches") +
                      field_kb(status, "nonvoluntary_ctxt_switches");
      }
      closedir(tasks);
    }
  }
  return c;
}

// Ends what a contender left running (Chromium's helpers can outlive the browser's process
// group): every process whose command line names this run's folder. The next contender then
// starts on a quiet machine.
void kill_leftovers(const fs::path& work) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    bool any = false;
    if (DIR* proc = opendir("/proc")) {
      while (dirent* e = readdir(proc)) {
        const pid_t pid = std::atoi(e->d_name);
        if (pid <= 0 || pid == getpid()) continue;
        std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
        std::string cmdline;
        std::getline(in, cmdline, '\x7f');  // the whole of it: NULs separate the arguments
        if (cmdline.find(work.string()) == std::string::npos) continue;
        if (cmdline.find("Xvfb") != std::string::npos) continue;  // the X server stays
        ::kill(pid, SIGKILL);
        any = true;
      }
      closedir(proc);
    }
    if (!any) break;
    std::this_thread::sleep_for(100ms);
  }
  std::this_thread::sleep_for(1s);
}

// ---- one contender ----

struct Contender {
  std::string name;
  std::vector<std::string> argv;
  std::vector<std::string> env;
  // The two group buttons pressed in turn (screen coordinates).
  std::vector<std::pair<int, int>> buttons;
};

struct Figures {
  std::vector<double> startup_ms, press_ms, release_ms, pss_kb, idle_cpu_pct, wakeups_per_s;
  std::vector<std::string> problems;
};

void run_round(const Contender& c, ScreenWatch& screen, const madoguchi::tests::VirtualDisplay& x,
               const fs::path& work, int presses, double idle_s, Figures& f) {
  std::vector<std::string> env = c.env;
  env.push_back(x.environment());
  screen.forget();
  const auto exec = Clock::now();
  auto child = ChildProcess::start(c.argv, work / (c.name + ".log"), env);
  if (!child) {
    f.problems.push_back("cannot start: " + child.error());
    return;
  }
  const auto last = screen.still_for(1500ms, 30s);
  if (!last || !child->running()) {
    f.problems.push_back("drew nothing, or ended (see " + (work / (c.name + ".log")).string() +
                         ")");
    child->stop();
    return;
  }
  f.startup_ms.push_back(ms_between(exec, *last));
  std::this_thread::sleep_until(exec + 10s);
  f.pss_kb.push_back(static_cast<double>(pss_kb(child->pid())));
  const Cost before = cost_of(child->pid());
  const auto idle_from = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(idle_s));
  const Cost after = cost_of(child->pid());
  const double idle_ms = ms_between(idle_from, Clock::now());
  f.idle_cpu_pct.push_back(100.0 * (after.cpu_ms - before.cpu_ms) / idle_ms);
  f.wakeups_per_s.push_back(static_cast<double>(after.switches - before.switches) * 1000.0 /
                            idle_ms);

  for (int i = 0; i < presses; ++i) {
    const auto [px, py] = c.buttons[static_cast<std::size_t>(i) % c.buttons.size()];
    screen.move_to(px, py);
    screen.still_for(300ms, 5s);
    screen.forget();
    const auto pressed = Clock::now();
    screen.button(true);
    const auto drawn = screen.next_change(2s);
    if (drawn) {
      f.press_ms.push_back(ms_between(pressed, *drawn));
    } else {
      f.problems.push_back("press " + std::to_string(i + 1) + " changed nothing in 2 s");
    }
    screen.still_for(300ms, 5s);
    screen.forget();
    const auto released = Clock::now();
    screen.button(false);
    const auto chosen = screen.next_change(2s);
    if (chosen) {
      f.release_ms.push_back(ms_between(released, *chosen));
    } else {
      f.problems.push_back("release " + std::to_string(i + 1) + " changed nothing in 2 s");
    }
    screen.still_for(500ms, 5s);
    std::cerr << "kiosk_peer_benchmark:   " << c.name << " press " << i + 1 << ": "
              << (drawn ? ms_between(pressed, *drawn) : -1.0) << " ms, release "
              << (chosen ? ms_between(released, *chosen) : -1.0) << " ms\n";
  }
  screen.move_to(1919, 1079);
  child->stop();
  kill_leftovers(work);
}

// ---- the table ----

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

std::string fixed(double v, int decimals) {
  if (v < 0) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// How many times better the kiosk is (lower is better for every row).
std::string ratio(double kiosk, double peer) {
  if (kiosk < 0 || peer < 0) return "-";
  if (kiosk == 0 && peer == 0) return "same";
  if (kiosk == 0) return "kiosk at 0";
  const double r = peer / kiosk;
  return r >= 1.0 ? fixed(r, 1) + "× ahead" : fixed(1.0 / r, 1) + "× behind";
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  int presses = 16;
  double idle_s = 30;
  bool kiosk_only = false;
  std::string kiosk_path = KIOSK_BINARY;
  std::string chromium_path = "chromium";
  madoguchi::tests::start_tool(
      madoguchi::tests::ToolOptions(
          "kiosk_peer_benchmark",
          "The kiosk against a Chromium kiosk showing the same welcome screen, on one Xvfb\n"
          "(docs/benchmarks.md, \"The kiosk and a browser kiosk\").")
          .number("--rounds", "N", rounds, 1, 100, "rounds, the contenders alternating (default 5)")
          .number("--presses", "N", presses, 1, 1000, "presses per round (default 16)")
          .number("--idle", "SECONDS", idle_s, 0, 3600, "idle time measured per round (default 30)")
          .text("--kiosk", "PATH", kiosk_path, "the kiosk binary (default: the build's)")
          .text("--chromium", "PATH", chromium_path, "the browser (default: chromium on PATH)")
          .flag("--kiosk-only", kiosk_only, "measure the kiosk alone"),
      argc, argv);

  const fs::path work =
      fs::temp_directory_path() / ("madoguchi-peer-benchmark-" + std::to_string(getpid()));
  fs::create_directories(work);
  std::string problem;
  auto x = madoguchi::tests::VirtualDisplay::start(work, problem);
  if (!x) {
    std::cerr << "kiosk_peer_benchmark: " << problem << "\n";
    return 1;
  }
  auto screen = ScreenWatch::open(x->name(), problem);
  if (!screen) {
    std::cerr << "kiosk_peer_benchmark: " << problem << "\n";
    return 1;
  }

  // The group buttons 証明書がほしい and 引っ越し・住所, where both draw them.
  const std::vector<std::pair<int, int>> groups = {{380, 512}, {380, 393}};
  std::vector<Contender> contenders;
  contenders.push_back(
      {"kiosk",
       {kiosk_path, "--state", (work / "kiosk-state").string()},
       // As the service starts it (packaging/madoguchi-kiosk.service): glibc's tcache off from
       // the start, so the kiosk need not execute itself again.
       {"PCSCLITE_CSOCK_NAME=" + (work / "no-pcscd").string(), "SDL_AUDIODRIVER=dummy",
        "GLIBC_TUNABLES=glibc.malloc.tcache_count=0", "MADOGUCHI_TEMPORARY_STATE=1"},
       groups});
  const bool peer =
      !kiosk_only && std::system((chromium_path + " --version > /dev/null 2>&1").c_str()) == 0;
  if (peer) {
    const fs::path page = fs::path(MADOGUCHI_SOURCE_DIR) / "tests/kiosk/peer/welcome.html";
    std::vector<std::string> args = {chromium_path,
                                     "--kiosk",
                                     "--no-first-run",
                                     "--no-default-browser-check",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-sync",
                                     "--disable-features=Translate,MediaRouter",
                                     "--noerrdialogs",
                                     "--password-store=basic",
                                     "--window-position=0,0",
                                     "--window-size=1920,1080",
                                     "--user-data-dir=" + (work / "chromium-profile").string(),
                                     "file://" + page.string()};
    if (geteuid() == 0) args.insert(args.begin() + 1, "--no-sandbox");  // Chromium refuses root
    contenders.push_back({"chromium", args, {}, groups});
  } else if (!kiosk_only) {
    std::cerr << "kiosk_peer_benchmark: no " << chromium_path
              << " (apt-get install chromium): the kiosk alone\n";
  }

  // One start of each, not measured, as the first boot after an installation: the kiosk bakes
  // its glyph atlas and keeps it (docs/install.md), Chromium makes its profile and caches.
  for (const Contender& c : contenders) {
    std::vector<std::string> env = c.env;
    env.push_back(x->environment());
    screen->forget();
    auto child = ChildProcess::start(c.argv, work / (c.name + "-first.log"), env);
    if (child) {
      screen->still_for(1500ms, 30s);
      child->stop();
    }
    kill_leftovers(work);
  }

  std::vector<Figures> figures(contenders.size());
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t i = 0; i < contenders.size(); ++i) {
      std::cerr << "kiosk_peer_benchmark: round " << r + 1 << "/" << rounds << ": "
                << contenders[i].name << "\n";
      run_round(contenders[i], *screen, *x, work, presses, idle_s, figures[i]);
    }
  }

  std::cout << "The kiosk and a browser kiosk: Xvfb 1920x1080x24 (software rendering), "
            << sysconf(_SC_NPROCESSORS_ONLN) << " CPUs; " << rounds << " round(s), " << presses
            << " presses each, idle " << fixed(idle_s, 0) << " s\n\n";
  struct Row {
    std::string what;
    std::vector<double> Figures::*values;
    double q;
    int decimals;
    std::string unit;
    double scale;
  };
  const std::vector<Row> rows = {
      {"press → first pixel, median", &Figures::press_ms, 0.5, 1, "ms", 1},
      {"press → first pixel, p99", &Figures::press_ms, 0.99, 1, "ms", 1},
      {"release → first pixel, median", &Figures::release_ms, 0.5, 1, "ms", 1},
      {"release → first pixel, p99", &Figures::release_ms, 0.99, 1, "ms", 1},
      {"exec → final screen, median", &Figures::startup_ms, 0.5, 0, "ms", 1},
      {"memory at 10 s (PSS, all processes), median", &Figures::pss_kb, 0.5, 1, "MB", 1024.0 / 1e6},
      {"CPU while idle, median", &Figures::idle_cpu_pct, 0.5, 2, "%", 1},
      {"wake-ups per second while idle, median", &Figures::wakeups_per_s, 0.5, 1, "/s", 1},
  };
  std::cout << "| | Madoguchi |";
  if (peer) std::cout << " Chromium kiosk | |";
  std::cout << "\n|---|---|" << (peer ? "---|---|" : "") << "\n";
  for (const Row& row : rows) {
    const double k = quantile(figures[0].*row.values, row.q);
    const auto shown = [&](double v) {
      return v < 0 ? std::string("-") : fixed(v * row.scale, row.decimals) + " " + row.unit;
    };
    std::cout << "| " << row.what << " | " << shown(k) << " |";
    if (peer) {
      const double p = quantile(figures[1].*row.values, row.q);
      std::cout << " " << shown(p) << " | " << ratio(k, p) << " |";
    }
    std::cout << "\n";
  }
  bool ok = true;
  for (std::size_t i = 0; i < contenders.size(); ++i) {
    for (const auto& p : figures[i].problems) {
      std::cerr << "kiosk_peer_benchmark: " << contenders[i].name << ": " << p << "\n";
      ok = false;
    }
  }
  if (ok) {
    std::error_code ec;
    fs::remove_all(work, ec);
  } else {
    std::cerr << "kiosk_peer_benchmark: logs in " << work.string() << "\n";
  }
  return ok ? 0 : 1;
}
