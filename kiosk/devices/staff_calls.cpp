#include "staff_calls.hpp"

#include <chrono>

#include "madoguchi/counter/call_board.hpp"

namespace madoguchi::kiosk {

StaffCaller::StaffCaller(std::string conninfo, std::function<void(DeviceEvent)> post)
    : conninfo_(std::move(conninfo)), post_(std::move(post)) {
  if (!conninfo_.empty()) thread_ = std::thread([this] { run(); });
}

StaffCaller::~StaffCaller() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StaffCaller::call(const CallStaff& call) {
  if (conninfo_.empty()) {
    post_(StaffCallNews{StaffCallNews::State::Unreachable});
    return;
  }
  {
    std::lock_guard lock(mutex_);
    wanted_ = call;
  }
  cv_.notify_all();
}

// One call at a time: recorded, then listened for until taken, a new call comes, or the kiosk
// stops. The board reconnects by itself after the back office comes back.
void StaffCaller::run() {
  counter::CallBoard board(conninfo_, "madoguchi-kiosk");
  std::optional<std::int64_t> open;
  for (;;) {
    std::optional<CallStaff> next;
    {
      std::unique_lock lock(mutex_);
      if (!open) cv_.wait(lock, [this] { return stopping_ || wanted_.has_value(); });
      if (stopping_) return;
      next = std::exchange(wanted_, std::nullopt);
    }
    if (next) {
      counter::CallRequest request{next->screen, next->step, next->steps, next->language,
                                   next->assisted};
      auto made = board.call(request);
      if (!made) {
        open.reset();
        post_(StaffCallNews{StaffCallNews::State::Unreachable});
        continue;
      }
      open = made->id;
      post_(StaffCallNews{StaffCallNews::State::Sent});
      // Listening before looking, so that a take in between is not missed.
      if (auto listening = board.wait(std::chrono::milliseconds(0)); !listening) {
        open.reset();
        post_(StaffCallNews{StaffCallNews::State::Unreachable});
        continue;
      }
    }
    if (!open) continue;
    // Short waits, so that a new call or the kiosk stopping is taken up promptly.
    auto heard = board.wait(std::chrono::milliseconds(250));
    if (!heard) continue;  // the link broke: the next wait connects and listens again
    auto mine = board.find(*open);
    if (mine && mine->has_value() && (*mine)->taken()) {
      open.reset();
      post_(StaffCallNews{StaffCallNews::State::Taken});
    }
  }
}

}  // namespace madoguchi::kiosk
