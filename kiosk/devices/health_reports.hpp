// The kiosk's health for the counter (counter/kiosk_health.hpp): every 5 s a thread of its own
// looks at the devices the way a clerk would want them looked at — each printer's state and
// reasons (IPP), the payment terminal (a Login of its own SaleID, every third round), the card
// reader (pcscd), the outbox's backlog, payments in doubt in the journal, free disk — and writes
// the kiosk's row in the back office. Nothing of the resident: it reads counts and states only.
// Only with a PostgreSQL back office; a report that cannot be written is simply tried again.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "madoguchi/counter/kiosk_health.hpp"
#include "madoguchi/kiosk/device_worker.hpp"

namespace madoguchi::kiosk {

class HealthReporter {
 public:
  explicit HealthReporter(DeviceSettings settings);
  ~HealthReporter();
  HealthReporter(const HealthReporter&) = delete;
  HealthReporter& operator=(const HealthReporter&) = delete;

  // One look at every device, as the next report would carry it (the thread's own work; public
  // for the test of each finding).
  counter::KioskHealth look();

 private:
  void run();
  bool stopping();
  struct Probes;  // the terminal, the outbox, the journal: opened once, kept
  DeviceSettings settings_;
  std::string conninfo_;
  std::unique_ptr<Probes> probes_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace madoguchi::kiosk
