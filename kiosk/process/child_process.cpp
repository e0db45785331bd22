#include "madoguchi/kiosk/child_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <thread>

extern char** environ;

namespace madoguchi::kiosk {
namespace {

// Every child started and not yet reaped, for stop_all_children() in a signal handler: a fixed
// table of lock-free atomics (no allocation, no lock).
constexpr std::size_t kMaxChildren = 256;
std::atomic<pid_t> g_children[kMaxChildren];
static_assert(std::atomic<pid_t>::is_always_lock_free);

void remember_child(pid_t pid) {
  for (auto& slot : g_children) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, pid)) return;
  }
}

void forget_child(pid_t pid) {
  for (auto& slot : g_children) {
    pid_t expected = pid;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

void sleep_ms(long ms) {
  timespec t{ms / 1000, (ms % 1000) * 1000000L};
  while (::nanosleep(&t, &t) != 0 && errno == EINTR) {
  }
}

// Has `pid` (our child) exited? Reaps it; a child reaped elsewhere counts as exited.
bool child_gone(pid_t pid) {
  const pid_t r = ::waitpid(pid, nullptr, WNOHANG);
  return r == pid || (r < 0 && errno == ECHILD);
}

void on_stop_signal(int signal_number) {
  stop_all_children(5000);
  // End as the signal would have ended us: the shell and ctest see 128 + signal.
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

}  // namespace

void track_child(pid_t pid) { remember_child(pid); }

void untrack_child(pid_t pid) { forget_child(pid); }

void stop_all_children(int grace_ms) noexcept {
  const int saved_errno = errno;
  // Each child's process group too: what a child started itself (ippeveprinter's print
  // command, a shell's pipeline) counts as the child's until the whole group has gone.
  pid_t groups[kMaxChildren] = {};
  for (std::size_t i = 0; i < kMaxChildren; ++i) {
    const pid_t pid = g_children[i].load();
    if (pid <= 0) continue;
    groups[i] = pid;
    ::kill(-pid, SIGTERM);  // its process group: what it started without a group of its own
    ::kill(pid, SIGTERM);   // in case it has not made its group yet
  }
  for (long waited = 0;; waited += 10) {
    bool any_left = false;
    for (std::size_t i = 0; i < kMaxChildren; ++i) {
      const pid_t pid = g_children[i].load();
      if (pid > 0 && child_gone(pid)) g_children[i].store(0);
      if (groups[i] > 0 && ::kill(-groups[i], 0) != 0) groups[i] = 0;
      any_left = any_left || g_children[i].load() > 0 || groups[i] > 0;
    }
    if (!any_left) break;
    if (waited >= grace_ms) {
      for (std::size_t i = 0; i < kMaxChildren; ++i) {
        if (groups[i] > 0) ::kill(-groups[i], SIGKILL);
        const pid_t pid = g_children[i].load();
        if (pid <= 0) continue;
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        g_children[i].store(0);
      }
      break;
    }
    sleep_ms(10);
  }
  errno = saved_errno;
}

void stop_children_on_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  for (const int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&action.sa_mask, s);
  for (const int s : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(s, &action, nullptr);
  const pid_t parent = ::getppid();
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::raise(SIGTERM);  // the parent died before prctl took effect
}

ChildProcess::~ChildProcess() { stop(); }

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), status_(other.status_) {
  other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = other.pid_;
    status_ = other.status_;
    other.pid_ = -1;
  }
  return *this;
}

std::expected<ChildProcess, std::string> ChildProcess::start(
    const std::vector<std::string>& argv, const std::filesystem::path& log_file,
    const std::vector<std::string>& extra_env, const std::vector<int>& inherited_fds) {
  if (argv.empty()) return std::unexpected("no program given");
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  for (const auto& extra : extra_env) {
    const auto name = extra.substr(0, extra.find('=') + 1);
    std::erase_if(env_strings, [&](const std::string& s) { return s.starts_with(name); });
    env_strings.push_back(extra);
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  int out_fd = -1;
  if (!log_file.empty()) {
    out_fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  } else {
    out_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  }
  if (out_fd < 0) return std::unexpected("cannot open log file " + log_file.string());

  // Report exec failure through a close-on-exec pipe.
  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_fd);
    return std::unexpected(std::string("pipe: ") + std::strerror(errno));
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out_fd);
    ::close(err_pipe[0]);
    ::close(err_pipe[1]);
    return std::unexpected(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    // A kiosk killed outright (power cut drills, the payment crash tests) takes its pcscd, card
    // and terminal simulator with it, so the next start finds no stale service in its way.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    for (const int fd : inherited_fds) ::fcntl(fd, F_SETFD, 0);  // this process's table only
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(out_fd, STDERR_FILENO);
    ::execvpe(args[0], args.data(), envp.data());
    const int err = errno;
    [[maybe_unused]] auto n = ::write(err_pipe[1], &err, sizeof err);
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_pipe[1]);
  int child_errno = 0;
  const auto n = ::read(err_pipe[0], &child_errno, sizeof child_errno);
  ::close(err_pipe[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    ::waitpid(pid, nullptr, 0);
    return std::unexpected("cannot start " + argv[0] + ": " + std::strerror(child_errno));
  }
  remember_child(pid);
  ChildProcess p;
  p.pid_ = pid;
  return p;
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int st = 0;
  const pid_t r = ::waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    forget_child(pid_);
    status_ = st;
    pid_ = -1;
    return false;
  }
  return r == 0;
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
  if (!running()) return status_;
  ::kill(pid_, SIGTERM);
  if (wait(grace) >= 0 || pid_ <= 0) return status_;
  kill_now();
  return status_;
}

void ChildProcess::kill_now() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int st = 0;
  ::waitpid(pid_, &st, 0);
  forget_child(pid_);
  status_ = st;
  pid_ = -1;
}

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

bool wait_for_port(int port, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::filesystem::path find_sibling_program(const std::string& name) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // The program itself, or in the build tree under <build>/<module>/.
    for (const auto& dir : {self.parent_path(), self.parent_path().parent_path() / "card",
                            self.parent_path().parent_path() / "payment",
                            self.parent_path().parent_path() / "printer",
                            self.parent_path().parent_path() / "kiosk"}) {
      const auto candidate = dir / name;
      if (std::filesystem::exists(candidate, ec)) return candidate;
    }
  }
  if (const char* path = std::getenv("PATH")) {
    std::string p = path;
    size_t start = 0;
    while (start <= p.size()) {
      const size_t end = p.find(':', start);
      const auto dir = p.substr(start, end == std::string::npos ? std::string::npos : end - start);
      const auto candidate = std::filesystem::path(dir) / name;
      if (!dir.empty() && std::filesystem::exists(candidate, ec)) return candidate;
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return name;
}

}  // namespace madoguchi::kiosk
