// Carries applications from the outbox to the back office: deliver_pending() does one pass, or
// start() runs passes on a thread of its own, with exponential back-off and jitter while the
// back office does not answer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "madoguchi/submission/inbox.hpp"
#include "madoguchi/submission/outbox.hpp"

namespace madoguchi::submission {

struct RetryPolicy {
  std::chrono::milliseconds first_delay{2000};  // after the first failure
  std::chrono::milliseconds max_delay{std::chrono::minutes(5)};
  std::chrono::milliseconds idle_poll{std::chrono::seconds(30)};  // look at the outbox this often
  std::size_t batch = 16;                                         // applications read per query
};

// The wait after `failures` consecutive failures (1, 2, ...): first_delay × 2^(failures−1),
// at most max_delay, scaled by a factor in [0.5, 1) drawn from `random` ("equal jitter": kiosks
// that lost the server at the same moment do not all come back at the same moment).
std::chrono::milliseconds backoff_delay(int failures, const RetryPolicy& policy,
                                        std::uint64_t random);

struct DeliveryReport {
  int delivered = 0;            // now in the back office and marked delivered
  int failed = 0;               // attempts that failed (recorded in the outbox)
  int payment_states_sent = 0;  // changes of a delivered application's fee (refund, counter)
  bool unreachable = false;     // the pass stopped because the back office did not answer
  std::string last_error;
};

class Courier {
 public:
  Courier(Outbox& outbox, Inbox& inbox, RetryPolicy policy = {});
  ~Courier();  // stop()
  Courier(const Courier&) = delete;
  Courier& operator=(const Courier&) = delete;

  // Delivers every application that is due, oldest first, and returns. Stops at the first
  // Unreachable error (the rest waits for the next pass); other failures put that application
  // back with its own back-off. Blocking: call it from a worker thread, or use start().
  DeliveryReport deliver_pending();

  // A thread that runs deliver_pending() now, after wake(), when the next retry is due, and
  // every idle_poll; after a pass that found the back office unreachable it waits
  // backoff_delay(consecutive failures) (wake() does not cut that short).
  // Called after every pass of the thread start() runs (from that thread), before it sleeps:
  // how the kiosk tells staff at once that the back office refuses it. Set before start().
  void on_pass(std::function<void(const DeliveryReport&)> listener);
  void start();
  void wake();  // call after commit()
  void stop();

  int consecutive_failures() const;

 private:
  void run();

  Outbox& outbox_;
  Inbox& inbox_;
  RetryPolicy policy_;
  std::mutex pass_mutex_;  // one pass at a time
  mutable std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  bool woken_ = false;
  int consecutive_failures_ = 0;
  std::function<void(const DeliveryReport&)> on_pass_;
  std::mt19937_64 random_;
  std::thread thread_;
};

}  // namespace madoguchi::submission
