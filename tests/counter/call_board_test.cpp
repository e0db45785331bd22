// 係員を呼ぶ's calls in a real PostgreSQL (counter/call_board.hpp): a kiosk's call reaches a
// listening console at once, a member of staff takes it and the kiosk learns so, a second taker
// is told it is gone; each kiosk reads back only its own calls and cannot take one; the table
// has no column for anything from the card; an unreachable back office says so at once.
#include "madoguchi/counter/call_board.hpp"
#include "madoguchi/counter/counter_schema.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>

#include "counter_database.hpp"
#include "support/postgres_fixture.hpp"

namespace madoguchi::counter {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

using CallBoardTest = CounterDatabase;

CallRequest at_question() { return CallRequest{"question", 3, 6, "en", true}; }

TEST_F(CallBoardTest, ACallReachesAListeningConsoleAtOnceAndTheKioskLearnsItWasTaken) {
  CallBoard console(as_role(owner_, "clerk_sato"), "madoguchi-console");
  CallBoard kiosk(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  ASSERT_TRUE(console.wait(milliseconds(0)));  // listening before the call

  const auto sent = Clock::now();
  auto call = kiosk.call(at_question());
  ASSERT_TRUE(call) << call.error().message;
  EXPECT_EQ(call->kiosk, "kiosk_1");
  EXPECT_FALSE(call->taken());
  auto heard = console.wait(milliseconds(2000));
  ASSERT_TRUE(heard) << heard.error().message;
  const auto took = Clock::now() - sent;
  ASSERT_EQ(heard->size(), 1u);
  EXPECT_EQ(heard->front(), call->id);
  EXPECT_LT(took, milliseconds(2000));

  auto open = console.open_calls();
  ASSERT_TRUE(open) << open.error().message;
  ASSERT_EQ(open->size(), 1u);
  const Call& seen = open->front();
  EXPECT_EQ(seen.kiosk, "kiosk_1");
  EXPECT_EQ(seen.request.screen, "question");
  EXPECT_EQ(seen.request.step, 3);
  EXPECT_EQ(seen.request.steps, 6);
  EXPECT_EQ(seen.request.language, "en");
  EXPECT_TRUE(seen.request.assisted);
  EXPECT_EQ(seen.called_at.size(), 20u) << seen.called_at;  // 2026-12-05T19:30:00Z

  ASSERT_TRUE(kiosk.wait(milliseconds(0)));  // the kiosk listens for its call being taken
  auto taken = console.take(call->id);
  ASSERT_TRUE(taken) << taken.error().message;
  ASSERT_TRUE(taken->has_value());
  EXPECT_EQ((*taken)->taken_by, "clerk_sato");
  auto told = kiosk.wait(milliseconds(2000));
  ASSERT_TRUE(told) << told.error().message;
  ASSERT_FALSE(told->empty());
  auto mine = kiosk.find(call->id);
  ASSERT_TRUE(mine && mine->has_value());
  EXPECT_TRUE((*mine)->taken());
  EXPECT_EQ((*mine)->taken_by, "clerk_sato");

  // Another member of staff, a moment later: it is gone.
  CallBoard other(as_role(owner_, "clerk_ito"), "madoguchi-console");
  auto again = other.take(call->id);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(again->has_value());
  auto none = other.open_calls();
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(CallBoardTest, AKioskSeesOnlyItsOwnCallsAndCannotTakeOne) {
  CallBoard kiosk_1(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  CallBoard kiosk_2(as_role(owner_, "kiosk_2"), "madoguchi-kiosk");
  auto first = kiosk_1.call(at_question());
  auto second = kiosk_2.call(CallRequest{"enter_pin", 0, 0, "ja", false});
  ASSERT_TRUE(first && second);
  auto other = kiosk_1.find(second->id);
  ASSERT_TRUE(other) << other.error().message;
  EXPECT_FALSE(other->has_value()) << "kiosk_1 read kiosk_2's call";
  auto listed = kiosk_1.open_calls();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, first->id);
  auto took = kiosk_1.take(first->id);
  ASSERT_FALSE(took) << "a kiosk took a call";
  EXPECT_FALSE(took.error().unreachable) << took.error().message;  // refused, not down
  // Nor can it pass itself off as another kiosk.
  auto forged = tests::sql_query(
      as_role(owner_, "kiosk_1"),
      "INSERT INTO madoguchi_calls (kiosk_id, screen, step, steps, language, assisted) VALUES "
      "('kiosk_2', 'welcome', 0, 0, 'ja', false)");
  EXPECT_FALSE(forged);
}

TEST_F(CallBoardTest, TheTableHasNoColumnForAnythingFromTheCard) {
  auto columns = tests::sql_query(owner_,
                                  "SELECT column_name FROM information_schema.columns WHERE "
                                  "table_name = 'madoguchi_calls' ORDER BY ordinal_position");
  ASSERT_TRUE(columns) << columns.error();
  std::vector<std::string> names;
  for (const auto& row : *columns) names.push_back(row.front().value_or(""));
  EXPECT_EQ(names,
            (std::vector<std::string>{"call_id", "kiosk_id", "screen", "step", "steps", "language",
                                      "assisted", "called_at", "taken_by", "taken_at"}));
  // A screen id is an id, not a sentence: words in it are refused by the table.
  CallBoard kiosk(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  auto words = kiosk.call(CallRequest{"山田太郎", 1, 2, "ja", false});
  EXPECT_FALSE(words);
}

TEST(CallBoardUnreachable, AnUnreachableBackOfficeSaysSoAtOnce) {
  // A port nothing listens on.
  const int port = kiosk::free_loopback_port();
  CallBoard kiosk("host=127.0.0.1 port=" + std::to_string(port) +
                      " dbname=nowhere user=kiosk_1 sslmode=verify-full connect_timeout=2",
                  "madoguchi-kiosk");
  const auto started = Clock::now();
  auto call = kiosk.call(at_question());
  ASSERT_FALSE(call);
  EXPECT_TRUE(call.error().unreachable) << call.error().message;
  EXPECT_LT(Clock::now() - started, milliseconds(2000));
  EXPECT_NE(call.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << call.error().message;
}

}  // namespace
}  // namespace madoguchi::counter
