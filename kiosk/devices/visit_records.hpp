// The town's numbers from the device worker: each RecordVisit goes to the back office's visit
// book (counter/visit_book.hpp) on a thread of its own, never behind a payment or a print. While
// the back office cannot be reached they wait in memory (up to 10,000) and go when it is back;
// each carries a key of its own, so one sent twice counts once. Anonymous: counts and states only.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk {

class VisitRecorder {
 public:
  // conninfo: DeviceSettings::postgres_conninfo(); "" records nothing.
  explicit VisitRecorder(std::string conninfo);
  ~VisitRecorder();
  VisitRecorder(const VisitRecorder&) = delete;
  VisitRecorder& operator=(const VisitRecorder&) = delete;

  void record(const RecordVisit& visit);

 private:
  struct Pending;
  void run();
  std::string conninfo_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace madoguchi::kiosk
