#include "visit_records.hpp"

#include <chrono>
#include <iostream>

#include "madoguchi/counter/visit_book.hpp"
#include "madoguchi/submission/application.hpp"

namespace madoguchi::kiosk {

namespace {
constexpr std::size_t kMaxWaiting = 10000;
constexpr auto kRetryAfter = std::chrono::seconds(30);
}  // namespace

struct VisitRecorder::Pending {
  counter::Visit visit;
};

VisitRecorder::VisitRecorder(std::string conninfo) : conninfo_(std::move(conninfo)) {
  if (!conninfo_.empty()) thread_ = std::thread([this] { run(); });
}

VisitRecorder::~VisitRecorder() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void VisitRecorder::record(const RecordVisit& r) {
  if (conninfo_.empty()) return;
  counter::Visit v;
  v.key = submission::new_application_id();  // a random UUID, nothing of the resident
  v.started = r.started;
  v.ended = r.ended;
  v.procedures = {r.procedure_id};
  v.outcome = r.outcome;
  v.ended_screen = r.ended_screen;
  v.ended_step = r.ended_step;
  v.language = r.language;
  v.view_options = r.view_options;
  v.assisted = r.assisted;
  v.fee_yen = r.fee_yen;
  v.payment = r.payment;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxWaiting) queue_.pop_front();  // the oldest number is lost first
    queue_.push_back(Pending{std::move(v)});
  }
  cv_.notify_all();
}

void VisitRecorder::run() {
  counter::VisitBook book(conninfo_, "madoguchi-kiosk");
  bool failing = false;  // the back office could not be reached at the last try
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    // Stopping: what is queued still goes, unless the back office was just out of reach.
    if (queue_.empty() || (stopping_ && failing)) return;
    Pending next = queue_.front();
    lock.unlock();
    auto recorded = book.record(next.visit);
    lock.lock();
    if (recorded || !recorded.error().unreachable) {
      if (!recorded) {
        // Refused (a right not granted, a value the table will not take): trying again changes
        // nothing. For the town's IT staff; the event holds nothing personal.
        std::cerr << "kiosk: visit event not recorded: " << recorded.error().message << "\n";
      }
      if (!queue_.empty()) queue_.pop_front();
      failing = false;
      continue;
    }
    if (!failing) std::cerr << "kiosk: visit events wait: " << recorded.error().message << "\n";
    failing = true;
    if (cv_.wait_for(lock, kRetryAfter, [this] { return stopping_; })) return;
  }
}

}  // namespace madoguchi::kiosk
