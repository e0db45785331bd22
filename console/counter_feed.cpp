#include "counter_feed.hpp"

#include <set>

namespace madoguchi::console {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kKiosksEvery = std::chrono::seconds(2);
constexpr auto kNumbersEvery = std::chrono::seconds(60);
}  // namespace

CounterFeed::CounterFeed(std::string conninfo, int days, std::function<void()> wake)
    : conninfo_(std::move(conninfo)), wake_(std::move(wake)) {
  view_.days = days;
  thread_ = std::thread([this] { run(); });
}

CounterFeed::~CounterFeed() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

CounterView CounterFeed::view() const {
  std::lock_guard lock(mutex_);
  return view_;
}

void CounterFeed::take(std::int64_t call_id) {
  {
    std::lock_guard lock(mutex_);
    to_take_.push_back(call_id);
  }
  cv_.notify_all();
}

void CounterFeed::set_period(int days) {
  {
    std::lock_guard lock(mutex_);
    view_.days = days;
    period_changed_ = true;
  }
  cv_.notify_all();
}

// The open calls again; a call not seen before counts as heard (the window chimes).
void CounterFeed::refresh_calls(counter::CallBoard& board) {
  auto calls = board.open_calls();
  std::lock_guard lock(mutex_);
  if (!calls) {
    view_.problem = calls.error().message;
    return;
  }
  std::set<std::int64_t> known;
  for (const auto& c : view_.calls) known.insert(c.id);
  for (const auto& c : *calls) {
    if (!known.contains(c.id) && view_.loaded) ++view_.calls_heard;
  }
  view_.calls = std::move(*calls);
  view_.problem.clear();
}

void CounterFeed::run() {
  counter::CallBoard board(conninfo_, "madoguchi-console");
  counter::HealthBoard health(conninfo_, "madoguchi-console");
  counter::VisitBook numbers(conninfo_, "madoguchi-console");
  auto next_kiosks = Clock::now();
  auto next_numbers = Clock::now();
  bool listening = false;
  bool calls_due = true;  // read the open calls: after NOTIFY, a take, or while not listening
  for (;;) {
    std::deque<std::int64_t> takes;
    int days = 1;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      takes.swap(to_take_);
      if (period_changed_) next_numbers = Clock::now();
      period_changed_ = false;
      days = view_.days;
    }
    for (const auto id : takes) {
      auto taken = board.take(id);
      std::lock_guard lock(mutex_);
      view_.taken_note = !taken ? taken.error().message
                         : taken->has_value()
                             ? ""
                             : "#" + std::to_string(id) + " は、ほかの係員が対応しています";
    }
    // Deaf until now (at first, or the link broke): calls may have come meanwhile.
    if (!listening) {
      calls_due = true;
      listening = board.wait(std::chrono::milliseconds(0)).has_value();
    }
    if (calls_due || !takes.empty()) refresh_calls(board);
    calls_due = false;
    if (Clock::now() >= next_kiosks) {
      auto kiosks = health.kiosks();
      std::lock_guard lock(mutex_);
      if (kiosks)
        view_.kiosks = std::move(*kiosks);
      else
        view_.problem = kiosks.error().message;
      next_kiosks = Clock::now() + kKiosksEvery;
    }
    if (Clock::now() >= next_numbers) {
      auto report = numbers.recent(days);
      std::lock_guard lock(mutex_);
      if (report)
        view_.numbers = std::move(*report);
      else
        view_.problem = report.error().message;
      next_numbers = Clock::now() + kNumbersEvery;
    }
    {
      std::lock_guard lock(mutex_);
      view_.loaded = true;
    }
    wake_();
    // Until a call is made or taken (NOTIFY), a take or a new period is asked for, or the
    // kiosks are due; short waits, so that stopping is prompt.
    const auto until = std::min(next_kiosks, Clock::now() + std::chrono::milliseconds(500));
    while (Clock::now() < until) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_ || !to_take_.empty() || period_changed_) break;
      }
      auto heard = listening ? board.wait(std::chrono::milliseconds(250))
                             : std::expected<std::vector<std::int64_t>, counter::Failure>{};
      if (!listening) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, std::chrono::milliseconds(250));
      }
      if (!heard) listening = false;
      if (heard && !heard->empty()) {
        calls_due = true;
        break;
      }
    }
  }
}

}  // namespace madoguchi::console
