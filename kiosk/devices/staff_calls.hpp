// 係員を呼ぶ from the device worker: each call goes to the back office's call board
// (counter/call_board.hpp) on a thread of its own — the worker's queue can be held by a payment
// for two minutes — and the news comes back as StaffCallNews: Sent once recorded, Taken when a
// member of staff takes it (heard by LISTEN), Unreachable at once when this kiosk has no
// PostgreSQL back office or cannot reach it (the resident asks at the counter).
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk {

class StaffCaller {
 public:
  // conninfo: DeviceSettings::postgres_conninfo(); "" when there is no PostgreSQL back office.
  StaffCaller(std::string conninfo, std::function<void(DeviceEvent)> post);
  ~StaffCaller();
  StaffCaller(const StaffCaller&) = delete;
  StaffCaller& operator=(const StaffCaller&) = delete;

  void call(const CallStaff& call);

 private:
  void run();
  std::string conninfo_;  // "" when there is no PostgreSQL back office
  std::function<void(DeviceEvent)> post_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<CallStaff> wanted_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace madoguchi::kiosk
