// kiosk_benchmark: the kiosk's start-up, memory, idle CPU and frame time, against a naive
// build of the same screens (docs/benchmarks.md, "Kiosk start-up, memory and idle").
//
//   kiosk_benchmark [--idle SECONDS] [--starts N] [--kiosk PATH] [--no-naive] [--offscreen]
//                   [--fullscreen] [--keep]
//
// Each build is the real kiosk binary, started without --demo and with its PC/SC socket
// pointing nowhere (PCSCLITE_CSOCK_NAME: no card service even when a test's pcscd runs;
// no card, no terminal). The welcome screen must show all the same:
//   madoguchi  kiosk                the glyph atlas as shipped
//   naive      kiosk --naive-atlas  Dear ImGui's documented way: GetGlyphRangesJapanese()
//                                   baked at the three text sizes (36, 54, 80 px) with the
//                                   default builder and oversampling
// (a) Interactive, as on the counter: a 1920x1080 window (--fullscreen: full screen; with
//     no window manager SDL 2.26 then waits 100 ms for one to answer) on an X server of its
//     own (Xvfb on a free display number when it is installed; else SDL's offscreen
//     driver, which cannot block in SDL_WaitEvent and so costs ~1 % CPU by itself). N starts (the
//     page cache is warm after the first: "cold" means a new process), with the environment the
//     service gives (GLIBC_TUNABLES) and one state folder: the first bakes the glyph atlas and
//     keeps it, the later ones read it back. The time to the first frame
//     drawn with all its glyphs, as the kiosk reports it on stderr ("kiosk: first frame
//     after N ms", from the kernel's process start time), and as seen from here (spawn to
//     that line). The first start then idles on the welcome screen for SECONDS (default
//     60): CPU = utime + stime from /proc/<pid>/stat before and after, wake-ups = context
//     switches of all its threads. Peak RSS = VmHWM from /proc/<pid>/status at the end.
// (b) Headless (--headless --scenario kiosk_benchmark_screens.json): the welcome screen,
//     its five groups, a procedure (which, with no card service, sends the resident to
//     the counter) and back; session.json's frame times (1920x1080, software renderer)
//     and the run's peak RSS (which includes the PNG screenshots the scenario takes).
// (c) A visit with the voice and the keypad (kiosk_driver --demo --headless --keypad
//     --screenshots none, a persona, SDL's dummy audio; --no-visit skips it): its peak RSS
//     and key → first sound.
//
// Exit 0 when every run worked (first frame seen on the welcome screen, the kiosk alive
// through the idle time and ending cleanly on SIGTERM, the scenario completed); the
// figures themselves never fail it: ctest -L benchmark runs it with --idle 2 --starts 1.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"
#include "support/tool_options.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// ---- processes ----

struct Process {
  pid_t pid = -1;
  int status = -1;  // waitpid style, once ended
  long max_rss_kb = -1;
  bool running() const { return pid > 0 && status == -1; }
};

// Starts argv with stdout and stderr into `log`, and `env` entries ("NAME=value", or
// "NAME=" to drop NAME) over this process's environment.
std::optional<Process> spawn(const std::vector<std::string>& argv, const fs::path& log,
                             const std::vector<std::string>& env = {}) {
  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const auto name = entry.substr(0, entry.find('=') + 1);
    const bool replaced = std::any_of(env.begin(), env.end(),
                                      [&](const std::string& x) { return x.starts_with(name); });
    if (!replaced) environment.push_back(entry);
  }
  for (const auto& entry : env) {
    if (entry.back() != '=') environment.push_back(entry);
  }
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  std::vector<char*> cenv;
  for (auto& e : environment) cenv.push_back(e.data());
  cenv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  // A process group of its own, and known to the signal handler (start_tool): the benchmark
  // stopped by SIGINT or SIGTERM takes the kiosk and Xvfb with it.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  Process p;
  const int rc = posix_spawnp(&p.pid, cargv[0], &actions, &attributes, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    std::cerr << "kiosk_benchmark: cannot start " << argv[0] << ": " << std::strerror(rc) << "\n";
    return std::nullopt;
  }
  madoguchi::kiosk::track_child(p.pid);
  return p;
}

// Reaps the process if it has ended (within `timeout`); true when it has.
bool reap(Process& p, std::chrono::milliseconds timeout) {
  if (!p.running()) return true;
  const auto deadline = Clock::now() + timeout;
  do {
    int status = 0;
    rusage usage{};
    const pid_t r = wait4(p.pid, &status, WNOHANG, &usage);
    if (r == p.pid) {
      madoguchi::kiosk::untrack_child(p.pid);
      p.status = status;
      p.max_rss_kb = usage.ru_maxrss;
      return true;
    }
    std::this_thread::sleep_for(5ms);
  } while (Clock::now() < deadline);
  return false;
}

// Ended cleanly: exit status 0, or ended by the SIGTERM it was sent (the kiosk stops within a
// second and then ends by the signal, kiosk/process/include/madoguchi/kiosk/stop_signal.hpp).
bool ended_cleanly(const Process& p) {
  return (WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0) ||
         (WIFSIGNALED(p.status) && WTERMSIG(p.status) == SIGTERM);
}

// SIGTERM, then SIGKILL. True when it ended cleanly.
bool stop(Process& p) {
  if (!p.running()) return ended_cleanly(p);
  kill(p.pid, SIGTERM);
  if (!reap(p, 10s)) {
    kill(p.pid, SIGKILL);
    reap(p, 5s);
    return false;
  }
  return ended_cleanly(p);
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A "Key:   1234 kB" line of /proc/<pid>/status, in kB; -1 when absent.
long status_kb(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(key + ":")) return std::atol(line.c_str() + key.size() + 1);
  }
  return -1;
}

// utime + stime of the whole process (all threads), in milliseconds.
double cpu_ms(pid_t pid) {
  const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  long utime = 0;
  long stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::atol(field.c_str());
    if (i == 15) stime = std::atol(field.c_str());
  }
  return static_cast<double>(utime + stime) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Context switches (voluntary + involuntary) of every thread: how often it woke.
long wakeups(pid_t pid) {
  long total = 0;
  std::error_code ec;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.starts_with("voluntary_ctxt_switches:") ||
          line.starts_with("nonvoluntary_ctxt_switches:")) {
        total += std::atol(line.c_str() + line.find(':') + 1);
      }
    }
  }
  return total;
}

int thread_count(pid_t pid) { return static_cast<int>(status_kb(pid, "Threads")); }

std::optional<pid_t> running_pcscd() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const auto name = entry.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::string comm = read_text(entry.path() / "comm");
    while (!comm.empty() && comm.back() == '\n') comm.pop_back();
    if (comm == "pcscd") return static_cast<pid_t>(std::atoi(name.c_str()));
  }
  return std::nullopt;
}

// ---- an X server of our own ----

struct Display {
  std::optional<Process> server;
  std::string name;  // ":N", or empty for the offscreen driver
  ~Display() {
    if (server) {
      kill(server->pid, SIGTERM);
      if (!reap(*server, 5s)) {
        kill(server->pid, SIGKILL);
        reap(*server, 2s);
      }
    }
  }
};

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

void start_xvfb(Display& display, const fs::path& work) {
  for (int n = 90; n < 190; ++n) {
    const std::string lock = "/tmp/.X" + std::to_string(n) + "-lock";
    const std::string socket = "/tmp/.X11-unix/X" + std::to_string(n);
    if (fs::exists(lock) || fs::exists(socket)) continue;
    auto server = spawn({"Xvfb", ":" + std::to_string(n), "-screen", "0", "1920x1080x24",
                         "-nolisten", "tcp", "-noreset"},
                        work / "xvfb.log");
    if (!server) return;
    const auto deadline = Clock::now() + 10s;
    while (Clock::now() < deadline && !fs::exists(socket) && !reap(*server, 0ms)) {
      std::this_thread::sleep_for(10ms);
    }
    if (server->running() && fs::exists(socket)) {
      display.server = *server;
      display.name = ":" + std::to_string(n);
      return;
    }
    if (server->running()) {
      kill(server->pid, SIGKILL);
      reap(*server, 2s);
    }
  }
}

// ---- one build of the kiosk ----

struct FirstFrame {
  bool seen = false;
  double kiosk_ms = -1;    // the kiosk's own figure, from the kernel's process start
  double in_main_ms = -1;  // from the top of main()
  double spawn_ms = -1;    // from here: spawn to the line in the log
  std::string screen;
  std::string atlas;
  long atlas_bytes = -1;
  long glyphs = -1;
  bool kept = false;  // the glyph atlas read back from the state folder, not baked
};

struct Build {
  std::string name;
  std::vector<std::string> extra_args;
  std::vector<FirstFrame> starts;
  long hwm_kb = -1;
  long rss_kb = -1;
  long rss_anon_kb = -1;
  long rss_file_kb = -1;
  int threads = -1;
  double idle_s = 0;
  double idle_cpu_ms = -1;
  long idle_wakeups = -1;
  bool idle_ok = false;
  // headless
  bool frames_ok = false;
  long frames = -1;
  double frame_median = -1, frame_p99 = -1, frame_max = -1;
  std::string frames_atlas;
  long frames_hwm_kb = -1;
  // a visit with the voice and the keypad
  bool visit_ok = false;
  long visit_hwm_kb = -1;
  double sound_median = -1, sound_p99 = -1;
  long sounds = -1;
  std::vector<std::string> problems;
};

FirstFrame wait_first_frame(Process& p, const fs::path& log, Clock::time_point spawned) {
  FirstFrame f;
  // "kiosk: first frame after 231 ms (from process start; 180 ms in main): screen welcome,
  // atlas 2048x963, 7888896 bytes RGBA, 1249 glyphs baked" (std::regex is not used: GCC 12 warns
  // inside <regex> in sanitizer builds, which -Werror stops).
  const auto deadline = Clock::now() + 60s;
  while (Clock::now() < deadline) {
    const std::string text = read_text(log);
    const auto at = text.find("kiosk: first frame after ");
    long kiosk_ms = 0, in_main_ms = 0, atlas_bytes = 0, glyphs = 0;
    char screen[64] = {}, atlas[32] = {}, origin[16] = {};
    if (at != std::string::npos &&
        std::sscanf(text.c_str() + at,
                    "kiosk: first frame after %ld ms (from process start; %ld ms in main): "
                    "screen %63[a-z_], atlas %31[0-9x], %ld bytes RGBA, %ld glyphs baked; "
                    "atlas %15[a-z]",
                    &kiosk_ms, &in_main_ms, screen, atlas, &atlas_bytes, &glyphs, origin) == 7) {
      f.spawn_ms = ms_since(spawned);
      f.seen = true;
      f.kiosk_ms = static_cast<double>(kiosk_ms);
      f.in_main_ms = static_cast<double>(in_main_ms);
      f.screen = screen;
      f.atlas = atlas;
      f.atlas_bytes = atlas_bytes;
      f.glyphs = glyphs;
      f.kept = std::string(origin) == "kept";
      return f;
    }
    if (reap(p, 0ms)) return f;
    std::this_thread::sleep_for(2ms);
  }
  return f;
}

// No card service for the kiosk, whatever runs on the machine: the PC/SC client library
// looks for pcscd's socket here.
const std::string kNoCardService = "PCSCLITE_CSOCK_NAME=/nonexistent/kiosk-benchmark/pcscd.comm";
// The kiosk's state in the benchmark's temporary folder (kiosk/state_folder.hpp).
const std::string kTemporaryState = "MADOGUCHI_TEMPORARY_STATE=1";
// glibc's tcache off from the start, as packaging/madoguchi-kiosk.service sets it: the kiosk
// need not execute itself again (kiosk/process/private_memory.hpp).
const std::string kAsTheServiceStartsIt = "GLIBC_TUNABLES=glibc.malloc.tcache_count=0";

std::vector<std::string> display_env(const Display& display) {
  if (display.name.empty()) {
    return {"SDL_VIDEODRIVER=offscreen",
            "DISPLAY=",
            "WAYLAND_DISPLAY=",
            kNoCardService,
            kTemporaryState,
            kAsTheServiceStartsIt};
  }
  return {"DISPLAY=" + display.name, "SDL_VIDEODRIVER=",   "WAYLAND_DISPLAY=", kNoCardService,
          kTemporaryState,           kAsTheServiceStartsIt};
}

void run_interactive(Build& b, const fs::path& kiosk, const Display& display, const fs::path& work,
                     int starts, double idle_s, bool fullscreen) {
  for (int i = 0; i < starts; ++i) {
    const fs::path dir = work / (b.name + "-start-" + std::to_string(i + 1));
    fs::create_directories(dir);
    // One state folder for all the starts of a build: the first bakes the glyph atlas and
    // keeps it there, the others read it back, as a kiosk's starts after its first boot.
    std::vector<std::string> argv = {kiosk.string(), "--state",
                                     (work / (b.name + "-state")).string()};
    if (!fullscreen) argv.push_back("--windowed");
    argv.insert(argv.end(), b.extra_args.begin(), b.extra_args.end());
    const fs::path log = dir / "kiosk.log";
    const auto spawned = Clock::now();
    auto p = spawn(argv, log, display_env(display));
    if (!p) {
      b.problems.push_back("cannot start the kiosk");
      return;
    }
    FirstFrame f = wait_first_frame(*p, log, spawned);
    if (!f.seen) {
      b.problems.push_back("start " + std::to_string(i + 1) + ": no first frame; log:\n" +
                           read_text(log));
    } else if (f.screen != "welcome") {
      b.problems.push_back("start " + std::to_string(i + 1) + ": first screen " + f.screen);
    }
    b.starts.push_back(f);
    if (i == 0 && f.seen) {
      // Let the frames after the first (the loop draws three after any event) pass.
      std::this_thread::sleep_for(1500ms);
      const double cpu0 = cpu_ms(p->pid);
      const long wake0 = wakeups(p->pid);
      const auto t0 = Clock::now();
      while (ms_since(t0) < idle_s * 1000.0 && !reap(*p, 0ms)) std::this_thread::sleep_for(50ms);
      if (p->running()) {
        b.idle_s = ms_since(t0) / 1000.0;
        b.idle_cpu_ms = cpu_ms(p->pid) - cpu0;
        b.idle_wakeups = wakeups(p->pid) - wake0;
        b.hwm_kb = status_kb(p->pid, "VmHWM");
        b.rss_kb = status_kb(p->pid, "VmRSS");
        b.rss_anon_kb = status_kb(p->pid, "RssAnon");
        b.rss_file_kb = status_kb(p->pid, "RssFile");
        b.threads = thread_count(p->pid);
        b.idle_ok = true;
      } else {
        b.problems.push_back("the kiosk ended while idle; log:\n" + read_text(log));
      }
    }
    if (!stop(*p)) {
      b.problems.push_back("start " + std::to_string(i + 1) + ": did not end cleanly on SIGTERM" +
                           " (status " + std::to_string(p->status) + "); log:\n" + read_text(log));
    }
  }
}

void run_frames(Build& b, const fs::path& kiosk, const fs::path& scenario, const fs::path& work) {
  const fs::path out = work / (b.name + "-frames");
  std::vector<std::string> argv = {kiosk.string(),    "--headless", "--scenario",
                                   scenario.string(), "--out",      out.string()};
  argv.insert(argv.end(), b.extra_args.begin(), b.extra_args.end());
  fs::create_directories(out);
  auto p = spawn(argv, work / (b.name + "-frames.log"),
                 {"DISPLAY=", "WAYLAND_DISPLAY=", kNoCardService});
  if (!p) {
    b.problems.push_back("cannot start the headless kiosk");
    return;
  }
  if (!reap(*p, 300s)) {
    stop(*p);
    b.problems.push_back("the headless scenario did not finish in 300 s");
    return;
  }
  b.frames_hwm_kb = p->max_rss_kb;
  const auto session = nlohmann::json::parse(read_text(out / "session.json"), nullptr, false);
  if (!WIFEXITED(p->status) || WEXITSTATUS(p->status) != 0 || session.is_discarded() ||
      !session.contains("frame_ms")) {
    b.problems.push_back("the headless scenario failed (status " + std::to_string(p->status) +
                         "); log:\n" + read_text(work / (b.name + "-frames.log")));
    return;
  }
  b.frames_ok = true;
  b.frames = session.value("frames", -1L);
  b.frame_median = session["frame_ms"].value("median", -1.0);
  b.frame_p99 = session["frame_ms"].value("p99", -1.0);
  b.frame_max = session["frame_ms"].value("max", -1.0);
  b.frames_atlas = session.value("atlas", "");
}

// (c) A resident's whole visit with the voice and the keypad (kiosk_driver --demo --keypad: the
// real card service, printer and payment terminal): the kiosk process's own peak memory, and
// key → first sound as the voice reports it.
void run_visit(Build& b, const fs::path& driver, const fs::path& work) {
  const fs::path out = work / (b.name + "-visit");
  const fs::path persona = fs::path(MADOGUCHI_SOURCE_DIR) / "tests/personas/takahashi-hanako.json";
  // No PNG per step: the kiosk's own memory, without the test driver's copies of the screen.
  const std::vector<std::string> argv = {
      driver.string(), "--demo",    "--headless",     "--keypad", "--screenshots",
      "none",          "--persona", persona.string(), "--out",    out.string()};
  const fs::path log = work / (b.name + "-visit.log");
  auto p = spawn(argv, log, {"DISPLAY=", "WAYLAND_DISPLAY=", "SDL_AUDIODRIVER=dummy"});
  if (!p) {
    b.problems.push_back("cannot start the demo visit");
    return;
  }
  if (!reap(*p, 300s)) {
    stop(*p);
    b.problems.push_back("the demo visit did not finish in 300 s");
    return;
  }
  const auto session = nlohmann::json::parse(read_text(out / "session.json"), nullptr, false);
  if (!WIFEXITED(p->status) || WEXITSTATUS(p->status) != 0 || session.is_discarded() ||
      !session.contains("speech")) {
    b.problems.push_back("the demo visit failed (status " + std::to_string(p->status) +
                         "); log:\n" + read_text(log));
    return;
  }
  b.visit_ok = true;
  b.visit_hwm_kb = session.value("peak_rss_kb", -1L);
  const auto& latency = session["speech"]["latency_ms"];
  b.sound_median = latency.value("median", -1.0);
  b.sound_p99 = latency.value("p99", -1.0);
  b.sounds = latency.value("count", -1L);
}

// ---- the table ----

double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2.0;
}

std::string fixed(double v, int decimals) {
  if (v < 0) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string mb(long kb) {
  return kb < 0 ? "-" : fixed(static_cast<double>(kb) * 1024.0 / 1e6, 1) + " MB";
}

struct Row {
  std::string what;
  std::vector<std::string> cells;
  std::string target;
};

void print_table(const std::vector<Row>& rows, const std::vector<std::string>& header) {
  std::vector<std::size_t> width(header.size(), 0);
  const auto len = [](const std::string& s) {  // display columns: count UTF-8 lead bytes
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
  };
  const auto cells_of = [](const Row& r) {
    std::vector<std::string> c = {r.what};
    c.insert(c.end(), r.cells.begin(), r.cells.end());
    c.push_back(r.target);
    return c;
  };
  for (std::size_t i = 0; i < header.size(); ++i) width[i] = len(header[i]);
  for (const auto& r : rows) {
    const auto c = cells_of(r);
    for (std::size_t i = 0; i < c.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], len(c[i]));
  }
  const auto print = [&](const std::vector<std::string>& c) {
    std::cout << "|";
    for (std::size_t i = 0; i < width.size(); ++i) {
      const std::string s = i < c.size() ? c[i] : "";
      std::cout << " " << s << std::string(width[i] - len(s), ' ') << " |";
    }
    std::cout << "\n";
  };
  print(header);
  std::cout << "|";
  for (const auto w : width) std::cout << std::string(w + 2, '-') << "|";
  std::cout << "\n";
  for (const auto& r : rows) print(cells_of(r));
}

}  // namespace

int main(int argc, char** argv) {
  double idle_s = 60;
  int starts = 5;
  bool no_naive = false;
  bool offscreen = false;
  bool keep = false;
  bool fullscreen = false;
  bool no_visit = false;
  fs::path kiosk = KIOSK_BINARY;
  fs::path scenario = fs::path(MADOGUCHI_SOURCE_DIR) / "tests/kiosk/kiosk_benchmark_screens.json";
  std::string kiosk_path = kiosk.string();
  madoguchi::tests::start_tool(
      madoguchi::tests::ToolOptions(
          "kiosk_benchmark",
          "The real kiosk's start-up, memory and idle cost (docs/benchmarks.md), on Xvfb when\n"
          "it is installed, against the same binary with --naive-atlas.")
          .number("--idle", "SECONDS", idle_s, 0, 86400, "idle time per start (default 60)")
          .number("--starts", "N", starts, 1, 1000, "starts per build (default 5)")
          .text("--kiosk", "PATH", kiosk_path, "the kiosk binary (default: the build's)")
          .flag("--no-naive", no_naive, "skip the --naive-atlas build")
          .flag("--offscreen", offscreen, "SDL's offscreen driver even when Xvfb is installed")
          .flag("--fullscreen", fullscreen, "full screen instead of a 1920x1080 window")
          .flag("--no-visit", no_visit, "skip the demo visit with the voice and the keypad")
          .flag("--keep", keep, "keep the work directory"),
      argc, argv);
  kiosk = kiosk_path;
  const bool naive = !no_naive;
  const bool visit = !no_visit;

  const fs::path work =
      fs::temp_directory_path() / ("madoguchi-kiosk-benchmark-" + std::to_string(getpid()));
  fs::create_directories(work);
  const auto pcscd = running_pcscd();

  Display display;
  if (!offscreen && on_path("Xvfb")) start_xvfb(display, work);
  const std::string where = display.name.empty()
                                ? "SDL offscreen driver (no X server: SDL_WaitEvent polls)"
                                : "x11 on Xvfb " + display.name + " (1920x1080x24)";
  const std::string window = fullscreen ? "full screen" : "a 1920x1080 window";

  std::vector<Build> builds(naive ? 2 : 1);
  builds[0].name = "madoguchi";
  if (naive) {
    builds[1].name = "naive";
    builds[1].extra_args = {"--naive-atlas"};
  }
  for (auto& b : builds) {
    std::cerr << "kiosk_benchmark: " << b.name << ": " << starts << " start(s), idle " << idle_s
              << " s, then the headless scenario\n";
    run_interactive(b, kiosk, display, work, starts, idle_s, fullscreen);
    run_frames(b, KIOSK_DRIVER, scenario, work);  // headless: the test driver
    if (visit && b.extra_args.empty()) run_visit(b, KIOSK_DRIVER, work);
  }

  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  std::cout << "Kiosk start-up, memory and idle: " << kiosk.string() << "\n"
            << "  " << window << ", " << where << "; " << cpus
            << " CPUs; card service: none (PCSCLITE_CSOCK_NAME points nowhere"
            << (pcscd ? "; another pcscd runs on this machine, pid " + std::to_string(*pcscd)
                      : std::string("; no pcscd on this machine"))
            << ")"
            << "\n  " << starts << " start(s) per build; idle " << fixed(idle_s, 0)
            << " s on the welcome screen; MB = 10^6 bytes\n\n";

  std::vector<Row> rows;
  const auto cells = [&](auto f) {
    std::vector<std::string> c;
    for (const auto& b : builds) c.push_back(f(b));
    return c;
  };
  const auto starts_of = [](const Build& b, auto field) {
    std::vector<double> v;
    for (const auto& s : b.starts) {
      if (s.seen) v.push_back(s.*field);
    }
    return v;
  };
  const auto later_starts = [](const Build& b) {
    std::vector<double> v;
    for (std::size_t i = 1; i < b.starts.size(); ++i) {
      if (b.starts[i].seen) v.push_back(b.starts[i].kiosk_ms);
    }
    return v;
  };
  rows.push_back({"first start (atlas baked): first frame", cells([](const Build& b) {
                    if (b.starts.empty() || !b.starts.front().seen) return std::string("-");
                    return fixed(b.starts.front().kiosk_ms, 0) + " ms";
                  }),
                  ""});
  rows.push_back({"later starts (atlas kept): first frame, median", cells([&](const Build& b) {
                    const auto v = later_starts(b);
                    if (v.empty()) return std::string("-");
                    std::size_t kept = 0;
                    for (const auto& s : b.starts) kept += s.kept ? 1 : 0;
                    return fixed(median(v), 0) + " ms (" + std::to_string(kept) + " kept)";
                  }),
                  "≤ 100 ms"});
  rows.push_back({"first frame, median of all starts (kiosk: from process start)",
                  cells([&](const Build& b) {
                    return fixed(median(starts_of(b, &FirstFrame::kiosk_ms)), 0) + " ms";
                  }),
                  ""});
  rows.push_back({"first frame, min–max", cells([&](const Build& b) {
                    const auto v = starts_of(b, &FirstFrame::kiosk_ms);
                    if (v.empty()) return std::string("-");
                    return fixed(*std::min_element(v.begin(), v.end()), 0) + "–" +
                           fixed(*std::max_element(v.begin(), v.end()), 0) + " ms";
                  }),
                  ""});
  rows.push_back({"first frame, median (here: spawn to its line)", cells([&](const Build& b) {
                    return fixed(median(starts_of(b, &FirstFrame::spawn_ms)), 0) + " ms";
                  }),
                  ""});
  rows.push_back({"first screen", cells([](const Build& b) {
                    return b.starts.empty() ? std::string("-") : b.starts.front().screen;
                  }),
                  "welcome"});
  rows.push_back({"peak RSS (VmHWM), after the idle time",
                  cells([](const Build& b) { return mb(b.hwm_kb); }), "≤ 80 MB"});
  rows.push_back({"RSS then (anon + file + shmem)", cells([](const Build& b) {
                    return mb(b.rss_kb) + " (" + mb(b.rss_anon_kb) + " + " + mb(b.rss_file_kb) +
                           " + …)";
                  }),
                  ""});
  rows.push_back({"glyph atlas (RGBA texture)", cells([](const Build& b) {
                    if (b.starts.empty() || !b.starts.front().seen) return std::string("-");
                    return b.starts.front().atlas + ", " +
                           fixed(static_cast<double>(b.starts.front().atlas_bytes) / 1e6, 1) +
                           " MB";
                  }),
                  "≤ 16 MB"});
  rows.push_back({"glyphs baked (3 sizes)", cells([](const Build& b) {
                    return b.starts.empty() ? std::string("-")
                                            : std::to_string(b.starts.front().glyphs);
                  }),
                  ""});
  rows.push_back({"idle CPU on the welcome screen (utime+stime)", cells([](const Build& b) {
                    if (!b.idle_ok) return std::string("-");
                    return fixed(b.idle_cpu_ms / (b.idle_s * 10.0), 2) + " % (" +
                           fixed(b.idle_cpu_ms, 0) + " ms in " + fixed(b.idle_s, 0) + " s)";
                  }),
                  "≤ 1 %"});
  rows.push_back({"wake-ups while idle (all threads)", cells([](const Build& b) {
                    if (!b.idle_ok) return std::string("-");
                    return fixed(static_cast<double>(b.idle_wakeups) / b.idle_s, 1) + "/s, " +
                           std::to_string(b.threads) + " threads";
                  }),
                  ""});
  rows.push_back({"headless frames: median / p99 / max", cells([](const Build& b) {
                    if (!b.frames_ok) return std::string("-");
                    return fixed(b.frame_median, 1) + " / " + fixed(b.frame_p99, 1) + " / " +
                           fixed(b.frame_max, 1) + " ms (" + std::to_string(b.frames) + ")";
                  }),
                  ""});
  rows.push_back({"headless run: peak RSS (with PNG screenshots)",
                  cells([](const Build& b) { return mb(b.frames_hwm_kb); }), ""});
  if (visit) {
    rows.push_back({"a visit with voice and keypad: peak RSS",
                    cells([](const Build& b) { return mb(b.visit_hwm_kb); }), "≤ 48 MB"});
    rows.push_back({"key → first sound: median / p99", cells([](const Build& b) {
                      if (!b.visit_ok) return std::string("-");
                      return fixed(b.sound_median, 1) + " / " + fixed(b.sound_p99, 1) + " ms (" +
                             std::to_string(b.sounds) + ")";
                    }),
                    ""});
  }
  std::vector<std::string> header = {"", "Madoguchi"};
  if (naive) header.push_back("naive (GetGlyphRangesJapanese)");
  header.push_back("target");
  print_table(rows, header);

  bool ok = true;
  for (const auto& b : builds) {
    for (const auto& problem : b.problems) {
      std::cerr << "kiosk_benchmark: " << b.name << ": " << problem << "\n";
      ok = false;
    }
  }
  if (keep || !ok) {
    std::cerr << "kiosk_benchmark: logs in " << work.string() << "\n";
  } else {
    std::error_code ec;
    fs::remove_all(work, ec);
  }
  return ok ? 0 : 1;
}
