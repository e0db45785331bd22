// Clean stopping (issue 14): the machine-wide pcscd lock, test tools that refuse unknown options
// and take their children down when stopped, and a kiosk that answers SIGTERM and SIGINT within
// a second in headless and windowed modes, leaving no child behind.
//
// Processes started here carry MADOGUCHI_STOP_TEST=<token> in their environment, and so does
// everything they start (pcscd, the virtual card, the terminal simulator, the kiosk): "no child
// left" is checked by scanning /proc for that marker, which also finds orphans.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/kiosk/machine_lock.hpp"
#include "support/text_file.hpp"
#include "support/tool_options.hpp"

namespace fs = std::filesystem;
using madoguchi::kiosk::ChildProcess;
using madoguchi::kiosk::MachineLock;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

using madoguchi::tests::slurp;

fs::path fresh_dir(const std::string& name) {
  const auto dir =
      fs::temp_directory_path() / ("madoguchi-stop-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string new_marker() {
  std::random_device random;
  return "MADOGUCHI_STOP_TEST=" + std::to_string(::getpid()) + "-" + std::to_string(random());
}

// The processes (pid and command name) whose environment holds `marker`.
std::vector<std::string> marked_processes(const std::string& marker) {
  std::vector<std::string> found;
  std::error_code ec;
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string environment = slurp(it->path() / "environ");
    if (environment.empty()) continue;  // gone, a zombie, or not ours to read
    std::size_t start = 0;
    while (start < environment.size()) {
      const auto stop = environment.find('\0', start);
      if (environment.compare(start, stop - start, marker) == 0) {
        std::string comm = slurp(it->path() / "comm");
        if (!comm.empty() && comm.back() == '\n') comm.pop_back();
        found.push_back(name + " " + comm);
        break;
      }
      if (stop == std::string::npos) break;
      start = stop + 1;
    }
  }
  return found;
}

bool has_process_named(const std::vector<std::string>& processes, const std::string& comm) {
  for (const auto& p : processes) {
    if (p.ends_with(" " + comm)) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& i : items) text += (text.empty() ? "" : ", ") + i;
  return text;
}

// Waits until no process carries `marker`; what is left otherwise.
std::vector<std::string> wait_until_none_marked(const std::string& marker,
                                                std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto left = marked_processes(marker);
  while (!left.empty() && Clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    left = marked_processes(marker);
  }
  return left;
}

// ---- the machine-wide pcscd lock ------------------------------------------------------

// A process of its own (fork) that takes the lock on `file`, says so on a pipe, holds it for
// `hold` and exits (or is killed first). Returns its pid once it holds the lock.
pid_t holder_process(const fs::path& file, std::chrono::milliseconds hold) {
  int ready[2];
  if (::pipe(ready) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(ready[0]);
    auto lock = MachineLock::acquire(file, 5s);
    const char byte = lock ? 1 : 0;
    [[maybe_unused]] const auto n = ::write(ready[1], &byte, 1);
    std::this_thread::sleep_for(hold);
    ::_exit(lock ? 0 : 1);
  }
  ::close(ready[1]);
  char byte = 0;
  const bool held = ::read(ready[0], &byte, 1) == 1 && byte == 1;
  ::close(ready[0]);
  return held ? pid : -1;
}

TEST(MachineLock, ASecondProcessWaitsForTheFirstAndIsToldWhoHoldsIt) {
  const auto dir = fresh_dir("lock-wait");
  const auto file = dir / "pcscd.lock";
  const pid_t holder = holder_process(file, 800ms);
  ASSERT_GT(holder, 0);
  std::string told;
  const auto asked = Clock::now();
  auto lock = MachineLock::acquire(file, 10s, [&](const std::string& who) { told = who; });
  const auto waited = Clock::now() - asked;
  ASSERT_TRUE(lock) << lock.error();
  EXPECT_GE(waited, 500ms) << "the lock was not held by the other process";
  EXPECT_NE(told.find("pid " + std::to_string(holder)), std::string::npos) << told;
  int status = 0;
  ::waitpid(holder, &status, 0);
}

TEST(MachineLock, GivesUpAfterItsTimeoutNamingTheHolder) {
  const auto dir = fresh_dir("lock-timeout");
  const auto file = dir / "pcscd.lock";
  const pid_t holder = holder_process(file, 3s);
  ASSERT_GT(holder, 0);
  const auto asked = Clock::now();
  auto lock = MachineLock::acquire(file, 300ms);
  EXPECT_LT(Clock::now() - asked, 2s);
  ASSERT_FALSE(lock);
  EXPECT_NE(lock.error().find("pid " + std::to_string(holder)), std::string::npos) << lock.error();
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
}

TEST(MachineLock, AKilledHolderNeverBlocksTheNext) {
  const auto dir = fresh_dir("lock-killed");
  const auto file = dir / "pcscd.lock";
  const pid_t holder = holder_process(file, 60s);
  ASSERT_GT(holder, 0);
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  const auto asked = Clock::now();
  auto lock = MachineLock::acquire(file, 5s);
  ASSERT_TRUE(lock) << lock.error();
  EXPECT_LT(Clock::now() - asked, 1s);
}

TEST(MachineLock, AChildGivenTheLockHoldsItUntilItExits) {
  // As pcscd does: the process that started it may be gone, pcscd still holds the lock.
  const auto dir = fresh_dir("lock-child");
  const auto file = dir / "pcscd.lock";
  auto lock = MachineLock::acquire(file, 1s);
  ASSERT_TRUE(lock) << lock.error();
  auto child = ChildProcess::start({"sleep", "1"}, {}, {}, {lock->fd()});
  ASSERT_TRUE(child) << child.error();
  lock->release();
  const auto asked = Clock::now();
  auto next = MachineLock::acquire(file, 10s);
  ASSERT_TRUE(next) << next.error();
  EXPECT_GE(Clock::now() - asked, 500ms) << "the child did not hold the lock";
  EXPECT_FALSE(child->running());
}

// ---- test tools: options --------------------------------------------------------------------

TEST(ToolOptions, HelpUnknownOptionsMissingAndBadValues) {
  int rounds = 5;
  bool quick = false;
  std::uint64_t seed = 1;
  madoguchi::tests::ToolOptions options("tool", "does things");
  options.number("--rounds", "N", rounds, 1, 100, "rounds")
      .flag("--quick", quick, "quick")
      .number("--seed", "S", seed, "seed");

  EXPECT_FALSE(options.try_parse({"--rounds", "7", "--quick", "--seed=42"}));
  EXPECT_EQ(rounds, 7);
  EXPECT_TRUE(quick);
  EXPECT_EQ(seed, 42u);

  const auto help = options.try_parse({"--help"});
  ASSERT_TRUE(help);
  EXPECT_EQ(help->status, 0);
  EXPECT_NE(help->message.find("usage: tool [--rounds N] [--quick] [--seed S]"), std::string::npos)
      << help->message;

  for (const std::vector<std::string>& bad : {std::vector<std::string>{"--bogus"},
                                              {"--rounds"},
                                              {"--rounds", "0"},
                                              {"--rounds", "1x"},
                                              {"--rounds", "99999999999"},
                                              {"--seed", "-1"},
                                              {"--quick=yes"},
                                              {"stray"}}) {
    const auto stop = options.try_parse(bad);
    ASSERT_TRUE(stop) << bad[0];
    EXPECT_EQ(stop->status, 2) << bad[0];
    EXPECT_NE(stop->message.find(bad[0].substr(0, bad[0].find('='))), std::string::npos)
        << stop->message;
  }
}

struct ToolRun {
  int status = -1;
  std::string output;
  std::chrono::milliseconds took{0};
};

ToolRun run_tool(const std::string& program, const std::vector<std::string>& args,
                 const std::string& marker) {
  const auto dir = fresh_dir("tool-" + fs::path(program).filename().string());
  std::vector<std::string> argv = {program};
  argv.insert(argv.end(), args.begin(), args.end());
  ToolRun run;
  const auto started = Clock::now();
  auto child = ChildProcess::start(argv, dir / "out.log", {marker});
  EXPECT_TRUE(child) << (child ? "" : child.error());
  if (!child) return run;
  run.status = child->wait(20s);
  run.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  if (run.status < 0) child->kill_now();
  run.output = slurp(dir / "out.log");
  return run;
}

const std::vector<std::string>& tools() {
  static const std::vector<std::string> all = {
      KIOSK_PAYMENT_CRASH_MATRIX, KIOSK_DELIVERY_KILL_MATRIX, KIOSK_BENCHMARK,
      KIOSK_PEER_BENCHMARK,       PRINT_FAULT_MATRIX,         PRINTER_RENDER_BENCHMARK,
      CARD_READ_BENCHMARK,        PAYMENT_CRASH_MATRIX,       DELIVERY_KILL_MATRIX};
  return all;
}

TEST(TestTools, AnUnknownOptionExits2AtOnceAndStartsNothing) {
  for (const auto& tool : tools()) {
    const auto marker = new_marker();
    const auto run = run_tool(tool, {"--bogus"}, marker);
    EXPECT_TRUE(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 2)
        << tool << " status " << run.status << "\n"
        << run.output;
    EXPECT_LT(run.took, 2s) << tool;
    EXPECT_NE(run.output.find("unknown option --bogus"), std::string::npos) << tool << run.output;
    EXPECT_TRUE(marked_processes(marker).empty()) << tool << " started something";
  }
}

TEST(TestTools, HelpPrintsTheUsageAndExits0) {
  for (const auto& tool : tools()) {
    const auto run = run_tool(tool, {"--help"}, new_marker());
    EXPECT_TRUE(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0)
        << tool << " status " << run.status << "\n"
        << run.output;
    EXPECT_LT(run.took, 2s) << tool;
    EXPECT_TRUE(run.output.starts_with("usage: " + fs::path(tool).filename().string()))
        << run.output;
  }
}

// Starts `argv` with the marker, waits until processes named `expected` carry it too, sends
// `signal_number`, and returns how long the first process took to end and what was left.
struct StopResult {
  int status = -1;
  std::chrono::milliseconds took{0};
  std::vector<std::string> left_at_exit;  // still running the moment it had ended
  std::vector<std::string> left;          // still running 5 s later
  std::string log;
};

StopResult start_then_signal(const std::vector<std::string>& argv,
                             const std::vector<std::string>& expected, int signal_number,
                             const fs::path& log, std::vector<std::string> env = {},
                             const std::function<bool()>& ready = {}) {
  StopResult result;
  const auto marker = new_marker();
  env.push_back(marker);
  env.push_back("SDL_AUDIODRIVER=dummy");
  env.push_back("ASAN_OPTIONS=detect_leaks=0");
  auto child = ChildProcess::start(argv, log, env);
  EXPECT_TRUE(child) << (child ? "" : child.error());
  if (!child) return result;
  const auto deadline = Clock::now() + 120s;
  while (true) {
    const auto marked = marked_processes(marker);
    bool up = std::all_of(expected.begin(), expected.end(),
                          [&](const std::string& comm) { return has_process_named(marked, comm); });
    if (up && ready) up = ready();
    if (up) break;
    if (!child->running() || Clock::now() > deadline) {
      ADD_FAILURE() << argv[0] << " never got its children up (" << joined(expected)
                    << "); running: " << joined(marked) << "\nlog:\n"
                    << slurp(log);
      child->stop();
      return result;
    }
    std::this_thread::sleep_for(50ms);
  }
  const auto sent = Clock::now();
  ::kill(child->pid(), signal_number);
  result.status = child->wait(30s);
  result.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent);
  if (result.status < 0) child->kill_now();
  result.left_at_exit = marked_processes(marker);
  result.left = wait_until_none_marked(marker, 5s);
  for (const auto& pid_comm : marked_processes(marker)) {  // leave nothing behind ourselves
    ::kill(std::atoi(pid_comm.c_str()), SIGKILL);
  }
  result.log = slurp(log);
  return result;
}

TEST(TestTools, AMatrixStoppedBySigtermTakesItsKioskAndPcscdWithIt) {
  const auto dir = fresh_dir("matrix-sigterm");
  // The kiosk's demo services (pcscd, the terminal simulator) and the kiosk (the test driver,
  // kiosk_driver) must be up.
  const auto stopped = start_then_signal({KIOSK_PAYMENT_CRASH_MATRIX, "--quick"},
                                         {"kiosk_driver", "pcscd"}, SIGTERM, dir / "matrix.log");
  EXPECT_TRUE(WIFSIGNALED(stopped.status) && WTERMSIG(stopped.status) == SIGTERM)
      << "status " << stopped.status;
  EXPECT_LT(stopped.took, 7s);
  // It waited for its children: nothing of it runs once it has ended.
  EXPECT_TRUE(stopped.left_at_exit.empty())
      << "running when it ended: " << joined(stopped.left_at_exit);
  EXPECT_TRUE(stopped.left.empty()) << "left running: " << joined(stopped.left) << "\n"
                                    << stopped.log;
}

TEST(TestTools, AMatrixStoppedBySigintTakesItsChildrenWithIt) {
  const auto dir = fresh_dir("matrix-sigint");
  const auto stopped = start_then_signal({PRINT_FAULT_MATRIX, "--rounds", "50"}, {"ippeveprinter"},
                                         SIGINT, dir / "matrix.log");
  EXPECT_TRUE(WIFSIGNALED(stopped.status) && WTERMSIG(stopped.status) == SIGINT)
      << "status " << stopped.status;
  EXPECT_TRUE(stopped.left_at_exit.empty())
      << "running when it ended: " << joined(stopped.left_at_exit);
  EXPECT_TRUE(stopped.left.empty()) << "left running: " << joined(stopped.left) << "\n"
                                    << stopped.log;
}

// ---- the kiosk ------------------------------------------------------------------------------

// A scenario that waits a minute on the welcome screen. The tests signal the kiosk once the
// first step's screenshot is written: it is then in that wait.
fs::path long_scenario(const fs::path& dir) {
  const auto file = dir / "long.json";
  std::ofstream(file) << R"({"name": "waits a minute",
  "persona": "tests/personas/yamada-taro.json",
  "steps": [{"wait_for": "welcome"}, {"note": "a long wait", "wait_ms": 60000}]})";
  return file;
}

void expect_prompt_stop(const StopResult& stopped, int signal_number) {
  std::cout << "stopped by signal " << signal_number << " in " << stopped.took.count() << " ms\n";
  EXPECT_TRUE(WIFSIGNALED(stopped.status) && WTERMSIG(stopped.status) == signal_number)
      << "status " << stopped.status << "\n"
      << stopped.log;
  EXPECT_LT(stopped.took, 1s) << stopped.log;
  // The demo's services are stopped before the kiosk ends, not left to PR_SET_PDEATHSIG.
  EXPECT_TRUE(stopped.left_at_exit.empty())
      << "running when it ended: " << joined(stopped.left_at_exit);
  EXPECT_TRUE(stopped.left.empty()) << "left running: " << joined(stopped.left);
  EXPECT_EQ(stopped.log.find("ending now"), std::string::npos)
      << "the orderly stop did not finish; the watchdog ended the kiosk\n"
      << stopped.log;
}

TEST(KioskStop, HeadlessDemoAnswersSigtermWithinASecondAndLeavesNoChild) {
  const auto dir = fresh_dir("kiosk-sigterm");
  const auto stopped =
      start_then_signal({KIOSK_DRIVER, "--headless", "--demo", "--scenario",
                         long_scenario(dir).string(), "--out", (dir / "out").string()},
                        {"pcscd", "terminal-simula"}, SIGTERM, dir / "kiosk.log", {},
                        [&] { return fs::exists(dir / "out" / "01-welcome.png"); });
  expect_prompt_stop(stopped, SIGTERM);
  const auto session = slurp(dir / "out" / "session.json");
  EXPECT_NE(session.find("\"stopped_by_signal\": 15"), std::string::npos) << session;
}

TEST(KioskStop, HeadlessDemoAnswersSigintWithinASecond) {
  const auto dir = fresh_dir("kiosk-sigint");
  const auto stopped =
      start_then_signal({KIOSK_DRIVER, "--headless", "--demo", "--scenario",
                         long_scenario(dir).string(), "--out", (dir / "out").string()},
                        {"pcscd", "terminal-simula"}, SIGINT, dir / "kiosk.log", {},
                        [&] { return fs::exists(dir / "out" / "01-welcome.png"); });
  expect_prompt_stop(stopped, SIGINT);
  const auto session = slurp(dir / "out" / "session.json");
  EXPECT_NE(session.find("\"stopped_by_signal\": 2"), std::string::npos) << session;
}

TEST(KioskStop, WindowedKioskAnswersSigtermWithinASecond) {
  // The windowed loop (run()) on SDL's offscreen driver; no devices.
  const auto dir = fresh_dir("kiosk-windowed");
  const auto stopped = start_then_signal(
      {KIOSK_BINARY, "--windowed", "--state", (dir / "state").string()}, {"kiosk"}, SIGTERM,
      dir / "kiosk.log",
      {"SDL_VIDEODRIVER=offscreen",
       "DISPLAY=", "WAYLAND_DISPLAY=", "PCSCLITE_CSOCK_NAME=/nonexistent/stopping-test/pcscd.comm",
       // Its state in the temporary directory: a test's (kiosk/state_folder.hpp).
       "MADOGUCHI_TEMPORARY_STATE=1"},
      [&] {
        return slurp(dir / "kiosk.log").find("kiosk: first frame after") != std::string::npos;
      });
  expect_prompt_stop(stopped, SIGTERM);
}

}  // namespace
