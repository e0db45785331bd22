// The town's numbers in a real PostgreSQL (counter/visit_book.hpp): the tally the trigger keeps
// is what the visits say, a kiosk cannot write it or read the visits, and the town's time zone
// must be one PostgreSQL knows.
#include "madoguchi/counter/visit_book.hpp"

#include <gtest/gtest.h>

#include "counter_database.hpp"

namespace madoguchi::counter {
namespace {

using VisitBookTest = CounterDatabase;

Visit visit(const std::string& key, long long ended, int seconds, const std::string& outcome) {
  Visit v;
  v.key = key;
  v.ended = std::chrono::system_clock::time_point(std::chrono::seconds(ended));
  v.started = v.ended - std::chrono::seconds(seconds);
  v.procedures = {"juminhyo"};
  v.outcome = outcome;
  v.ended_screen = outcome == "printed" ? "printing" : "question";
  v.ended_step = outcome == "printed" ? 0 : 3;
  v.language = "ja";
  v.fee_yen = outcome == "printed" ? 300 : 0;
  v.payment = outcome == "printed" ? "qr" : "none";
  return v;
}

TEST_F(VisitBookTest, TheTallyIsWhatTheVisitsSayAndOnlyStaffReadIt) {
  VisitBook kiosk(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  constexpr long long kNoonInTokyo = 1796094000;  // 2026-12-01 03:00 UTC
  ASSERT_TRUE(
      kiosk.record(visit("00000000-0000-4000-8000-000000000001", kNoonInTokyo, 100, "printed")));
  ASSERT_TRUE(kiosk.record(
      visit("00000000-0000-4000-8000-000000000002", kNoonInTokyo + 60, 200, "printed")));
  ASSERT_TRUE(kiosk.record(
      visit("00000000-0000-4000-8000-000000000003", kNoonInTokyo + 120, 31, "timed_out")));
  VisitBook staff(as_role(owner_, "clerk_sato"), "madoguchi-console");
  auto report = staff.report("2026-12-01", "2026-12-01");
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->time_zone, "Asia/Tokyo");
  EXPECT_EQ(report->visits, 3);
  EXPECT_EQ(report->median_seconds, 100.0);
  EXPECT_EQ(report->procedures["juminhyo"].total, 2);
  EXPECT_EQ(report->payments["qr"].yen, 600);
  EXPECT_DOUBLE_EQ(report->cashless_share(), 1.0);
  ASSERT_EQ(report->drop_off.size(), 1u);
  EXPECT_EQ(report->drop_off[0].screen, "question");
  EXPECT_EQ(report->drop_off[0].step, 3);
  auto other_day = staff.report("2026-12-02", "2026-12-31");
  ASSERT_TRUE(other_day);
  EXPECT_EQ(other_day->visits, 0);
  EXPECT_EQ(other_day->median_seconds, 0.0);
  // The kiosk neither writes the tally nor reads the numbers.
  EXPECT_FALSE(tests::sql_query(as_role(owner_, "kiosk_1"),
                                "INSERT INTO madoguchi_visit_tally VALUES ('2026-12-01', "
                                "'visits', 'all', 1000, 0)"));
  EXPECT_FALSE(kiosk.report("2026-12-01", "2026-12-01"));
  auto counted = tests::sql_query(owner_,
                                  "SELECT visits FROM madoguchi_visit_tally WHERE "
                                  "figure = 'visits'");
  ASSERT_TRUE(counted && counted->size() == 1u);
  EXPECT_EQ(counted->front().front().value_or(""), "3");
  // The tally kept visit by visit is the tally made again from all the visits at once.
  const char* whole =
      "SELECT day, figure, item, visits, yen FROM madoguchi_visit_tally ORDER BY 1, 2, 3";
  const auto kept = tests::sql_query(owner_, whole);
  ASSERT_TRUE(tests::sql_query(owner_, "SELECT madoguchi_visit_tally_rebuild()"));
  const auto rebuilt = tests::sql_query(owner_, whole);
  ASSERT_TRUE(kept && rebuilt);
  EXPECT_EQ(*kept, *rebuilt);
  EXPECT_GE(kept->size(), 10u);
  EXPECT_FALSE(
      tests::sql_query(as_role(owner_, "kiosk_1"), "SELECT madoguchi_visit_tally_rebuild()"))
      << "only the owner rebuilds";
}

TEST(CounterSchema, ATimeZonePostgresDoesNotKnowIsRefused) {
  auto made = tests::shared_test_postgres().create_database("zone_" + std::to_string(::getpid()));
  ASSERT_TRUE(made) << made.error();
  auto created = create_counter_schema(*made, "Mars/Olympus");
  ASSERT_FALSE(created);
  EXPECT_NE(created.error().message.find("Mars/Olympus"), std::string::npos)
      << created.error().message;
}

}  // namespace
}  // namespace madoguchi::counter
