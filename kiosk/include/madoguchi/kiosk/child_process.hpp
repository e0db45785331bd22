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
  // are "NAME=value".
  static std::expected<ChildProcess, std::string> start(
      const std::vector<std::string>& argv, const std::filesystem::path& log_file = {},
      const std::vector<std::string>& extra_env = {});

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

// Finds a free TCP port on 127.0.0.1 (bind to port 0, read it back).
int free_loopback_port();

// Waits until something accepts TCP connections on 127.0.0.1:port.
bool wait_for_port(int port, std::chrono::milliseconds timeout);

// Absolute path of an executable that sits beside the running program, or is
// found on PATH. Used to find virtual-mynumber-card and terminal-simulator.
std::filesystem::path find_sibling_program(const std::string& name);

}  // namespace madoguchi::kiosk
