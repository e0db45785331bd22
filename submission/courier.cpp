#include "madoguchi/submission/courier.hpp"

#include <algorithm>
#include <cmath>

#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::submission {
namespace {

using SystemClock = std::chrono::system_clock;
using Kind = SubmissionError::Kind;

}  // namespace

std::chrono::milliseconds backoff_delay(int failures, const RetryPolicy& policy,
                                        std::uint64_t random) {
  if (failures < 1) return std::chrono::milliseconds(0);
  const double first = static_cast<double>(std::max<std::int64_t>(1, policy.first_delay.count()));
  const double cap = static_cast<double>(std::max(policy.max_delay, policy.first_delay).count());
  const double exponential = std::min(cap, first * std::pow(2.0, std::min(failures - 1, 40)));
  // Equal jitter: half fixed, half random.
  const double unit = static_cast<double>(random >> 11) / static_cast<double>(1ULL << 53);
  return std::chrono::milliseconds(static_cast<std::int64_t>(exponential * (0.5 + 0.5 * unit)));
}

Courier::Courier(Outbox& outbox, Inbox& inbox, RetryPolicy policy)
    : outbox_(outbox), inbox_(inbox), policy_(policy), random_(std::random_device{}()) {
  policy_.batch = std::max<std::size_t>(policy_.batch, 1);
}

Courier::~Courier() { stop(); }

DeliveryReport Courier::deliver_pending() {
  std::lock_guard pass(pass_mutex_);
  DeliveryReport report;
  while (true) {
    auto batch = outbox_.due(policy_.batch, SystemClock::now());
    if (!batch) {
      report.last_error = batch.error().message;
      ++report.failed;
      return report;
    }
    if (batch->empty()) break;
    for (const OutgoingApplication& application : *batch) {
      std::expected<void, SubmissionError> delivered =
          application.problem.empty()
              ? inbox_.deliver(application)
              : std::unexpected(SubmissionError{Kind::Key, application.problem});
      if (delivered) {
        if (auto marked = outbox_.mark_delivered(application.application_id, inbox_.name(),
                                                 application.payment_state);
            !marked) {
          // Delivered but not marked: the next pass delivers it again, which the inbox ignores.
          report.last_error = marked.error().message;
          ++report.failed;
          return report;
        }
        ++report.delivered;
        continue;
      }
      ++report.failed;
      report.last_error = delivered.error().message;
      const bool down = delivered.error().kind == Kind::Unreachable;
      // The back office down: the application stays due (the courier as a whole backs off).
      // Anything else is this application's own problem: it backs off on its own, and the
      // others go on.
      std::uint64_t r = 0;
      {
        std::lock_guard lock(mutex_);
        r = random_();
      }
      const auto next =
          down ? SystemClock::now()
               : SystemClock::now() + backoff_delay(application.attempts + 1, policy_, r);
      (void)outbox_.record_failure(application.application_id, delivered.error(), next);
      if (down) {
        report.unreachable = true;
        return report;
      }
    }
  }
  // Then what changed about applications the back office has (a refund, a hand-over).
  while (true) {
    auto changes = outbox_.unsent_payment_states(policy_.batch);
    if (!changes) {
      report.last_error = changes.error().message;
      ++report.failed;
      return report;
    }
    if (changes->empty()) return report;
    for (const PaymentStateChange& change : *changes) {
      auto recorded =
          inbox_.record_payment_state(change.application_id, change.state, change.changed_at);
      if (!recorded) {
        ++report.failed;
        report.last_error = recorded.error().message;
        report.unreachable = recorded.error().kind == Kind::Unreachable;
        return report;  // tried again on the next pass
      }
      if (auto marked = outbox_.mark_payment_state_sent(change); !marked) {
        report.last_error = marked.error().message;
        ++report.failed;
        return report;
      }
      ++report.payment_states_sent;
    }
  }
}

void Courier::on_pass(std::function<void(const DeliveryReport&)> listener) {
  std::lock_guard lock(mutex_);
  on_pass_ = std::move(listener);
}

void Courier::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void Courier::wake() {
  std::lock_guard lock(mutex_);
  woken_ = true;
  wakeup_.notify_all();
}

void Courier::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wakeup_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

int Courier::consecutive_failures() const {
  std::lock_guard lock(mutex_);
  return consecutive_failures_;
}

void Courier::run() {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    const DeliveryReport report = deliver_pending();
    // The pass unsealed and sent residents' applications: what it left on this thread's stack
    // (short strings live inside their objects) is overwritten.
    wiping::wipe_stack_below();
    if (on_pass_) on_pass_(report);
    std::unique_lock lock(mutex_);
    if (report.unreachable) {
      ++consecutive_failures_;
      const auto wait = backoff_delay(consecutive_failures_, policy_, random_());
      wakeup_.wait_for(lock, wait, [this] { return stopping_; });
      continue;
    }
    consecutive_failures_ = 0;
    // Nothing due now: sleep until the next application's retry, a wake(), or idle_poll.
    auto wait = policy_.idle_poll;
    lock.unlock();
    if (auto next = outbox_.next_due(); next && *next) {
      const auto until =
          std::chrono::duration_cast<std::chrono::milliseconds>(**next - SystemClock::now());
      // Never a busy loop, even when a pass ended early (the outbox could not be written).
      wait = std::clamp(until, std::chrono::milliseconds(50), policy_.idle_poll);
    }
    lock.lock();
    wakeup_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
  }
}

}  // namespace madoguchi::submission
