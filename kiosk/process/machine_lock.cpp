#include "madoguchi/kiosk/machine_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>
#include <utility>

namespace madoguchi::kiosk {
namespace {

int open_lock_file(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0 && errno == ENOENT) {
    fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
    // Another user's run must be able to open it too, whatever our umask.
    if (fd >= 0) ::fchmod(fd, 0666);
  }
  // flock needs no write access: another user's file is locked through a read-only open.
  if (fd < 0 && (errno == EACCES || errno == EPERM)) {
    fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  }
  return fd;
}

// What the holder wrote into the file: "pid N: program".
std::string holder_of(int fd) {
  char buffer[512];
  const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0) return "another process";
  std::string text(buffer, static_cast<std::size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text.empty() ? "another process" : text;
}

void write_holder(int fd) {
  std::string program;
  char exe[256];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) program = std::string(exe, static_cast<std::size_t>(n));
  const std::string text = "pid " + std::to_string(::getpid()) + ": " + program + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] const auto written = ::pwrite(fd, text.data(), text.size(), 0);
  }
}

}  // namespace

std::expected<MachineLock, std::string> MachineLock::acquire(
    const std::filesystem::path& file, std::chrono::milliseconds timeout,
    const std::function<void(const std::string&)>& on_wait) {
  MachineLock lock;
  lock.fd_ = open_lock_file(file);
  if (lock.fd_ < 0) {
    return std::unexpected("cannot open the lock file " + file.string() + ": " +
                           std::strerror(errno));
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool told = false;
  while (::flock(lock.fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) {
      return std::unexpected("cannot lock " + file.string() + ": " + std::strerror(errno));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::unexpected("waited " + std::to_string(timeout.count() / 1000) + " s for " +
                             file.string() + ", still held by " + holder_of(lock.fd_));
    }
    if (!told && on_wait) on_wait(holder_of(lock.fd_));
    told = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  write_holder(lock.fd_);
  return lock;
}

MachineLock::~MachineLock() { release(); }

std::optional<std::string> lock_holder(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> holder;
  int locked = -1;
  while ((locked = ::flock(fd, LOCK_SH | LOCK_NB)) != 0 && errno == EINTR) {
  }
  if (locked != 0 && errno == EWOULDBLOCK) holder = holder_of(fd);
  ::close(fd);  // drops the shared lock taken, if any
  return holder;
}

MachineLock::MachineLock(MachineLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

MachineLock& MachineLock::operator=(MachineLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void MachineLock::release() {
  // Closing drops this process's hold. No LOCK_UN: that would also take the lock from a child
  // (pcscd) that shares the open file and must keep it until it exits.
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::filesystem::path pcscd_lock_file() {
  if (const char* file = std::getenv("MADOGUCHI_PCSCD_LOCK"); file != nullptr && *file != '\0') {
    return file;
  }
  std::error_code ec;
  if (std::filesystem::is_directory("/run/lock", ec)) return "/run/lock/madoguchi-pcscd.lock";
  return "/tmp/madoguchi-pcscd.lock";
}

std::chrono::milliseconds pcscd_lock_wait() {
  if (const char* wait = std::getenv("MADOGUCHI_PCSCD_LOCK_WAIT"); wait != nullptr) {
    char* end = nullptr;
    const long seconds = std::strtol(wait, &end, 10);
    if (end != wait && *end == '\0' && seconds >= 0 && seconds <= 24 * 3600) {
      return std::chrono::seconds(seconds);
    }
  }
  return std::chrono::minutes(10);
}

std::expected<MachineLock, std::string> lock_pcscd(const std::string& who) {
  const auto file = pcscd_lock_file();
  const auto wait = pcscd_lock_wait();
  return MachineLock::acquire(file, wait, [&](const std::string& holder) {
    std::cerr << who << ": only one pcscd can run on this machine; waiting up to "
              << wait.count() / 1000 << " s for " << file.string() << " (held by " << holder
              << ")\n";
  });
}

}  // namespace madoguchi::kiosk
