// The demo's services (pcscd with the virtual reader, the payment terminal simulator) started
// beside the screen, by a thread of their own that lives as long as they do. ChildProcess ties
// each child to the thread that started it (PR_SET_PDEATHSIG: a kiosk killed outright takes
// its children with it), so a thread that started them and ended would take pcscd with it at
// once; this one ends only once it has stopped them.
#pragma once

#include <condition_variable>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "madoguchi/kiosk/embedded_services.hpp"

namespace madoguchi::kiosk::run {

class DemoServices {
 public:
  // Starts them at once, on the new thread.
  explicit DemoServices(EmbeddedServices::Options options);
  // Stops them (on their thread) and waits for it.
  ~DemoServices();
  DemoServices(const DemoServices&) = delete;
  DemoServices& operator=(const DemoServices&) = delete;

  // Waits until they have started: the services, or why not.
  std::expected<EmbeddedServices*, std::string> wait();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<std::expected<std::unique_ptr<EmbeddedServices>, std::string>> started_;
  bool stop_ = false;
  std::thread thread_;  // last: started once the members above exist
};

}  // namespace madoguchi::kiosk::run
