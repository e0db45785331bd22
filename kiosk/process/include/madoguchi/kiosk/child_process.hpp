// A child process the kiosk (in --demo) or a test starts and owns: pcscd, the
// virtual card, the terminal simulator, ippeveprinter. Stopped on destruction.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace madoguchi::kiosk {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;

  // Starts argv[0] (looked up on PATH when it has no slash). stdout and stderr
  // go to `log_file` when given, else to /dev/null. Extra environment entries
  // are "NAME=value". `inherited_fds` stay open in the child (every other descriptor of ours
  // is close-on-exec), such as a MachineLock's for the pcscd it guards.
  //
  // The child runs in a process group of its own and gets SIGTERM when the thread that
  // started it dies (PR_SET_PDEATHSIG), so a program killed outright takes its children with it.
  static std::expected<ChildProcess, std::string> start(
      const std::vector<std::string>& argv, const std::filesystem::path& log_file = {},
      const std::vector<std::string>& extra_env = {}, const std::vector<int>& inherited_fds = {});

  bool running();
  pid_t pid() const { return pid_; }
  // SIGTERM, then SIGKILL after `grace`. Returns the exit status (waitpid style) or -1.
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
  // Waits for the process to exit by itself; -1 on timeout.
  int wait(std::chrono::milliseconds timeout);
  // SIGKILL now (crash tests).
  void kill_now();

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// For programs that start children and may be stopped by a signal (the test tools: matrices,
// benchmarks): SIGINT, SIGTERM and SIGHUP stop every ChildProcess still running (SIGTERM to its
// process group, SIGKILL to what is left after 5 s) and then end this program by the same signal
// (exit status 128 + signal). The death of this program's parent is turned into SIGTERM. Call
// once, early in main().
void stop_children_on_signals();

// A child this program started some other way (posix_spawn, for wait4's rusage), to be stopped
// by stop_all_children() like a ChildProcess; forget it once reaped.
void track_child(pid_t pid);
void untrack_child(pid_t pid);

// Async-signal-safe: SIGTERM to the process group of every ChildProcess still running, a wait of
// up to `grace_ms` for them and everything in their groups (what they started themselves) to
// exit, then SIGKILL to what is left. For signal handlers.
void stop_all_children(int grace_ms) noexcept;

// Finds a free TCP port on 127.0.0.1 (bind to port 0, read it back).
int free_loopback_port();

// Waits until something accepts TCP connections on 127.0.0.1:port.
bool wait_for_port(int port, std::chrono::milliseconds timeout);

// Absolute path of an executable that sits beside the running program, or is
// found on PATH. Used to find virtual-mynumber-card and terminal-simulator.
std::filesystem::path find_sibling_program(const std::string& name);

}  // namespace madoguchi::kiosk
