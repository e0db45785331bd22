// A lock for the whole machine: flock(2) on a file every process agrees on. Used for pcscd,
// whose socket path is compiled in (/run/pcscd/pcscd.comm), so only one pcscd can run per
// machine: the test fixture and the kiosk's --demo take the lock before they start pcscd and
// hold it until pcscd has stopped. ctest's RESOURCE_LOCK only serialises one ctest run; this
// serialises every run on the machine.
//
// The kernel releases the lock when the last process holding the open file goes: a holder that
// is killed never blocks the next one. A child started with the lock's fd in `inherited_fds`
// (ChildProcess::start) holds it too, so pcscd keeps the lock until it has exited even when the
// process that started it was killed outright.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace madoguchi::kiosk {

class MachineLock {
 public:
  // Waits up to `timeout` for the lock on `file` (created when missing). `on_wait` is told once,
  // when the lock is found taken, who holds it. An error when the time ran out or the file
  // cannot be opened.
  static std::expected<MachineLock, std::string> acquire(
      const std::filesystem::path& file, std::chrono::milliseconds timeout,
      const std::function<void(const std::string&)>& on_wait = {});

  MachineLock() = default;
  ~MachineLock();
  MachineLock(MachineLock&& other) noexcept;
  MachineLock& operator=(MachineLock&& other) noexcept;
  MachineLock(const MachineLock&) = delete;
  MachineLock& operator=(const MachineLock&) = delete;

  bool held() const { return fd_ >= 0; }
  // The open file that carries the lock (close-on-exec), to hand to a child that must hold it.
  int fd() const { return fd_; }
  // Lets go (the lock stays with any child that inherited the fd until it exits).
  void release();

 private:
  int fd_ = -1;
};

// Who holds the lock on `file` ("pid 4242: /usr/bin/kiosk", as the holder wrote it), or nothing
// when no process holds it (or the file is missing).
std::optional<std::string> lock_holder(const std::filesystem::path& file);

// The pcscd lock's file: $MADOGUCHI_PCSCD_LOCK, else /run/lock/madoguchi-pcscd.lock where
// /run/lock is a directory, else /tmp/madoguchi-pcscd.lock.
std::filesystem::path pcscd_lock_file();

// How long to wait for it: $MADOGUCHI_PCSCD_LOCK_WAIT seconds, else 10 minutes.
std::chrono::milliseconds pcscd_lock_wait();

// acquire(pcscd_lock_file(), pcscd_lock_wait()) saying on stderr, as `who`, that it waits.
std::expected<MachineLock, std::string> lock_pcscd(const std::string& who);

}  // namespace madoguchi::kiosk
