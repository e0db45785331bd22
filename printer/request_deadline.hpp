// Private to the printer module: one overall deadline for one exchange with a printer.
//
// libcups bounds each wait for data (httpSetTimeout), not an exchange: a printer that answers
// one byte a second never lets a wait run out, and held a print call for 223 s despite 5 s
// limits (issue 15). A RequestDeadline watches the connection's socket from a thread of its own
// and, once the limit has passed, shuts the socket down (shutdown(2) on a duplicate of it), so
// the libcups call in progress fails at once and no later one on that connection can wait.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace madoguchi::printer::detail {

class RequestDeadline {
 public:
  // Watches the socket `fd` (duplicated here; the caller keeps its own) for `limit`. A negative
  // fd (no connection) watches nothing.
  RequestDeadline(int fd, std::chrono::milliseconds limit, std::atomic<bool>& expired);
  // Stops watching before it returns: the socket is never touched after that.
  ~RequestDeadline();
  RequestDeadline(const RequestDeadline&) = delete;
  RequestDeadline& operator=(const RequestDeadline&) = delete;

 private:
  int fd_ = -1;
  std::atomic<bool>& expired_;
  std::mutex mutex_;
  std::condition_variable done_changed_;
  bool done_ = false;
  std::thread watcher_;
};

}  // namespace madoguchi::printer::detail
