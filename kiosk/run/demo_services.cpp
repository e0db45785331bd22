#include "madoguchi/kiosk/run/demo_services.hpp"

#include <utility>

namespace madoguchi::kiosk::run {

DemoServices::DemoServices(EmbeddedServices::Options options)
    : thread_([this, options] {
        auto started = EmbeddedServices::start(options);
        std::unique_lock lock(mutex_);
        started_ = std::move(started);
        changed_.notify_all();
        changed_.wait(lock, [this] { return stop_; });
        started_.reset();  // stops them, here
      }) {}

DemoServices::~DemoServices() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

std::expected<EmbeddedServices*, std::string> DemoServices::wait() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return started_.has_value(); });
  if (!*started_) return std::unexpected((*started_).error());
  return (**started_).get();
}

}  // namespace madoguchi::kiosk::run
