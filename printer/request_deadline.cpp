#include "request_deadline.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace madoguchi::printer::detail {

RequestDeadline::RequestDeadline(int fd, std::chrono::milliseconds limit,
                                 std::atomic<bool>& expired)
    : expired_(expired) {
  // A duplicate is ours to close: the number can never be reused for another file while the
  // watcher may still shut it down. shutdown(2) acts on the socket both numbers refer to.
  if (fd >= 0) fd_ = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (fd_ < 0) return;
  watcher_ = std::thread([this, limit] {
    std::unique_lock lock(mutex_);
    if (done_changed_.wait_for(lock, limit, [this] { return done_; })) return;
    expired_ = true;
    ::shutdown(fd_, SHUT_RDWR);
  });
}

RequestDeadline::~RequestDeadline() {
  if (watcher_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_changed_.notify_one();
    watcher_.join();
  }
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace madoguchi::printer::detail
