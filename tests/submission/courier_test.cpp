// The courier's back-off and its handling of failures, with a fake inbox.
#include "madoguchi/submission/courier.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "test_applications.hpp"

namespace madoguchi::submission {
namespace {

using namespace std::chrono_literals;
using Kind = SubmissionError::Kind;
using SystemClock = std::chrono::system_clock;

TEST(Backoff, DoublesUpToTheCapWithEqualJitter) {
  RetryPolicy policy;
  policy.first_delay = 1000ms;
  policy.max_delay = 60000ms;
  EXPECT_EQ(backoff_delay(0, policy, 0), 0ms);
  EXPECT_EQ(backoff_delay(1, policy, 0), 500ms) << "the lowest draw is half";
  EXPECT_EQ(backoff_delay(2, policy, 0), 1000ms);
  EXPECT_EQ(backoff_delay(3, policy, 0), 2000ms);
  EXPECT_EQ(backoff_delay(7, policy, 0), 30000ms);
  EXPECT_EQ(backoff_delay(8, policy, 0), 30000ms) << "capped at max_delay";
  EXPECT_EQ(backoff_delay(1000, policy, 0), 30000ms);
  const auto top = backoff_delay(3, policy, ~0ULL);
  EXPECT_GE(top, 3999ms);
  EXPECT_LT(top, 4000ms + 1ms);
  // Two kiosks drawing differently wait differently.
  std::set<std::int64_t> seen;
  std::mt19937_64 random(42);
  for (int i = 0; i < 50; ++i) seen.insert(backoff_delay(4, policy, random()).count());
  EXPECT_GT(seen.size(), 40u);
  for (const auto ms : seen) {
    EXPECT_GE(ms, 4000);
    EXPECT_LT(ms, 8000);
  }
}

// An inbox that refuses some ids and can be "down".
class FakeInbox : public Inbox {
 public:
  std::expected<void, SubmissionError> deliver(const OutgoingApplication& a) override {
    ++calls;
    if (down) return std::unexpected(SubmissionError{Kind::Unreachable, "fake: down"});
    if (refused.contains(a.application_id)) {
      return std::unexpected(SubmissionError{Kind::Rejected, "fake: refused"});
    }
    received.insert(a.application_id);
    return {};
  }
  std::expected<void, SubmissionError> record_payment_state(const std::string& id,
                                                            PaymentState state,
                                                            const std::string&) override {
    if (down) return std::unexpected(SubmissionError{Kind::Unreachable, "fake: down"});
    std::lock_guard lock(states_mutex);
    states[id] = state;
    return {};
  }
  std::string name() const override { return "fake"; }

  std::mutex states_mutex;
  std::map<std::string, PaymentState> states;
  std::atomic<bool> down = false;
  std::atomic<int> calls = 0;
  std::set<std::string> refused;
  std::set<std::string> received;
};

TEST(Courier, ARefusedApplicationBacksOffAloneAndTheOthersGoOn) {
  tests::TempDir dir;
  auto outbox = Outbox::open(dir / "outbox.db", {.key_file = dir / "outbox.key"});
  ASSERT_TRUE(outbox);
  std::vector<std::string> ids;
  for (int n = 0; n < 4; ++n) {
    ids.push_back(new_application_id());
    ASSERT_TRUE(outbox->commit(tests::test_application(ids.back(), n)));
  }
  FakeInbox inbox;
  inbox.refused.insert(ids[1]);
  RetryPolicy policy;
  policy.first_delay = 60000ms;
  Courier courier(*outbox, inbox, policy);
  const DeliveryReport report = courier.deliver_pending();
  EXPECT_EQ(report.delivered, 3);
  EXPECT_EQ(report.failed, 1);
  EXPECT_FALSE(report.unreachable);
  EXPECT_EQ(inbox.received.size(), 3u);
  const auto refused = outbox->find(ids[1]);
  EXPECT_EQ((*refused)->attempts, 1);
  EXPECT_EQ((*refused)->last_error, "Rejected: fake: refused");
  const auto next = outbox->next_due();
  ASSERT_TRUE(next && *next);
  EXPECT_GT(**next, SystemClock::now() + 25s) << "its own back-off";
  EXPECT_EQ(courier.deliver_pending().failed, 0) << "not retried before it is due";
}

TEST(Courier, StopsAPassAtTheFirstUnreachableErrorAndKeepsEverythingDue) {
  tests::TempDir dir;
  auto outbox = Outbox::open(dir / "outbox.db", {.key_file = dir / "outbox.key"});
  ASSERT_TRUE(outbox);
  for (int n = 0; n < 5; ++n) {
    ASSERT_TRUE(outbox->commit(tests::test_application(new_application_id(), n)));
  }
  FakeInbox inbox;
  inbox.down = true;
  Courier courier(*outbox, inbox);
  const DeliveryReport report = courier.deliver_pending();
  EXPECT_TRUE(report.unreachable);
  EXPECT_EQ(inbox.calls, 1) << "one try per pass while the back office is down";
  EXPECT_EQ(outbox->due(10, SystemClock::now())->size(), 5u);

  inbox.down = false;
  EXPECT_EQ(courier.deliver_pending().delivered, 5);
}

TEST(Courier, TheThreadDeliversAfterWakeAndBacksOffWhileDown) {
  tests::TempDir dir;
  auto outbox = Outbox::open(dir / "outbox.db", {.key_file = dir / "outbox.key"});
  ASSERT_TRUE(outbox);
  FakeInbox inbox;
  inbox.down = true;
  RetryPolicy policy;
  policy.first_delay = 40ms;
  policy.max_delay = 200ms;
  policy.idle_poll = 10s;
  Courier courier(*outbox, inbox, policy);
  courier.start();
  ASSERT_TRUE(outbox->commit(tests::test_application(new_application_id(), 1)));
  courier.wake();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (courier.consecutive_failures() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_GE(courier.consecutive_failures(), 3);
  inbox.down = false;
  while (outbox->pending_count().value() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(outbox->pending_count().value(), 0u);
  courier.stop();
  EXPECT_EQ(courier.consecutive_failures(), 0);
}

}  // namespace
// The resident took the money back after the application went out: the back office's record
// says so on the next pass, and a change made while it was down goes once it is back. A change
// made before the delivery travels with the delivery.
TEST(Courier, APaymentStateChangedAfterDeliveryReachesTheBackOffice) {
  tests::TempDir dir;
  auto outbox = Outbox::open(dir / "outbox.db", {.key_file = dir / "outbox.key"});
  ASSERT_TRUE(outbox);
  const std::string delivered_first = new_application_id();
  const std::string changed_before = new_application_id();
  ASSERT_TRUE(outbox->commit(tests::test_application(delivered_first, 1)));
  FakeInbox inbox;
  Courier courier(*outbox, inbox);
  ASSERT_EQ(courier.deliver_pending().delivered, 1);
  EXPECT_FALSE(inbox.states.contains(delivered_first));

  ASSERT_TRUE(outbox->set_payment_state(delivered_first, PaymentState::Refunded));
  inbox.down = true;
  const auto while_down = courier.deliver_pending();
  EXPECT_TRUE(while_down.unreachable);
  EXPECT_FALSE(inbox.states.contains(delivered_first));
  inbox.down = false;
  const auto back = courier.deliver_pending();
  EXPECT_EQ(back.payment_states_sent, 1);
  EXPECT_EQ(inbox.states.at(delivered_first), PaymentState::Refunded);
  EXPECT_EQ(courier.deliver_pending().payment_states_sent, 0) << "sent once";

  ASSERT_TRUE(outbox->commit(tests::test_application(changed_before, 2)));
  ASSERT_TRUE(outbox->set_payment_state(changed_before, PaymentState::HandedToCounter));
  const auto due = outbox->due(10, std::chrono::system_clock::now());
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().payment_state, PaymentState::HandedToCounter);
  const auto found = outbox->find(changed_before);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->payment_state, "handed_to_counter");
}

}  // namespace madoguchi::submission
