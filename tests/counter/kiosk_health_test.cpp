// Each kiosk's health in a real PostgreSQL (counter/kiosk_health.hpp): a kiosk's report is one
// row, written afresh each time and stamped by the server's clock; staff read every kiosk's, with
// what needs a clerk; a kiosk can neither read nor write another kiosk's row.
#include "madoguchi/counter/kiosk_health.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "counter_database.hpp"

namespace madoguchi::counter {
namespace {

using KioskHealthTest = CounterDatabase;

KioskHealth all_well() {
  KioskHealth h;
  h.version = "0.1.0";
  h.printer = {"ipp://127.0.0.1:8631/ipp/print", "idle", {}, ""};
  h.terminal = "logged_in";
  h.terminal_detail = "127.0.0.1:8443";
  h.reader = "present";
  h.disk_free_mb = 12000;
  return h;
}

bool lists(const std::vector<std::string>& problems, const std::string& problem) {
  return std::find(problems.begin(), problems.end(), problem) != problems.end();
}

TEST_F(KioskHealthTest, AReportIsOneRowPerKioskThatStaffReadWithWhatNeedsAClerk) {
  HealthBoard kiosk(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  HealthBoard console(as_role(owner_, "clerk_sato"), "madoguchi-console");
  auto first = kiosk.report(all_well());
  ASSERT_TRUE(first) << first.error().message;
  auto seen = console.kiosks();
  ASSERT_TRUE(seen) << seen.error().message;
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ(seen->front().kiosk, "kiosk_1");
  EXPECT_EQ(seen->front().health, all_well());
  EXPECT_LT(seen->front().age_seconds, 5.0);
  EXPECT_TRUE(seen->front().problems(std::chrono::seconds(15)).empty());

  // The printer runs out of paper, two applications wait, one payment is in doubt.
  KioskHealth trouble = all_well();
  trouble.printer.state = "stopped";
  trouble.printer.reasons = {"media-empty"};
  trouble.printer.message = "Out of paper.";
  trouble.outbox_backlog = 2;
  trouble.outbox_oldest = "2026-12-05T09:00:00Z";
  trouble.payments_in_doubt = 1;
  trouble.terminal = "unreachable";
  ASSERT_TRUE(kiosk.report(trouble));
  seen = console.kiosks();
  ASSERT_TRUE(seen) << seen.error().message;
  ASSERT_EQ(seen->size(), 1u) << "a report replaces the last one";
  EXPECT_EQ(seen->front().health, trouble);
  const auto problems = seen->front().problems(std::chrono::seconds(15));
  EXPECT_TRUE(lists(problems, "printer: media-empty"));
  EXPECT_TRUE(lists(problems, "outbox: 2 waiting"));
  EXPECT_TRUE(lists(problems, "payments in doubt: 1"));
  EXPECT_TRUE(lists(problems, "terminal: unreachable"));
  EXPECT_EQ(problems.size(), 4u);

  // A kiosk that stopped reporting says so.
  ASSERT_TRUE(tests::sql_query(owner_,
                               "UPDATE madoguchi_kiosk_health SET reported_at = now() - "
                               "interval '42 seconds'"));
  seen = console.kiosks();
  ASSERT_TRUE(seen);
  EXPECT_TRUE(lists(seen->front().problems(std::chrono::seconds(15)), "no report for 42 s"));
}

TEST_F(KioskHealthTest, AKioskNeitherReadsNorWritesAnotherKiosksRow) {
  HealthBoard kiosk_1(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  HealthBoard kiosk_2(as_role(owner_, "kiosk_2"), "madoguchi-kiosk");
  ASSERT_TRUE(kiosk_1.report(all_well()));
  ASSERT_TRUE(kiosk_2.report(all_well()));
  auto seen = kiosk_1.kiosks();
  ASSERT_TRUE(seen) << seen.error().message;
  ASSERT_EQ(seen->size(), 1u) << "kiosk_1 read kiosk_2's row";
  EXPECT_EQ(seen->front().kiosk, "kiosk_1");
  auto forged = tests::sql_query(as_role(owner_, "kiosk_1"),
                                 "UPDATE madoguchi_kiosk_health SET printer_state = 'idle', "
                                 "outbox_backlog = 99");
  ASSERT_TRUE(forged) << forged.error();
  auto counts = tests::sql_query(owner_,
                                 "SELECT kiosk_id, outbox_backlog FROM madoguchi_kiosk_health "
                                 "ORDER BY kiosk_id");
  ASSERT_TRUE(counts);
  ASSERT_EQ(counts->size(), 2u);
  EXPECT_EQ((*counts)[1][1].value_or(""), "0") << "kiosk_1 changed kiosk_2's row";
  auto posing = tests::sql_query(
      as_role(owner_, "kiosk_1"),
      "INSERT INTO madoguchi_kiosk_health (kiosk_id, version, printer_uri, printer_state, "
      "printer_reasons, printer_message, slip_printer_uri, slip_printer_state, "
      "slip_printer_reasons, terminal, terminal_detail, reader, outbox_backlog, "
      "payments_in_doubt, disk_free_mb) VALUES ('kiosk_3', '', '', 'none', '', '', '', 'none', "
      "'', 'none', '', 'present', 0, 0, 0)");
  EXPECT_FALSE(posing) << "kiosk_1 wrote a row as kiosk_3";
}

}  // namespace
}  // namespace madoguchi::counter
