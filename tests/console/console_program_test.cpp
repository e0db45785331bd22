// madoguchi-console's headless modes against a real PostgreSQL, as a clerk's script runs them:
// a kiosk's call listed (text and JSON), heard by --next-call, taken once and only once; an
// unreachable back office and a refused connection string named.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "madoguchi/counter/call_board.hpp"
#include "madoguchi/counter/counter_schema.hpp"
#include "madoguchi/counter/kiosk_health.hpp"
#include "madoguchi/counter/visit_book.hpp"
#include "screens/png_file.hpp"
#include "support/postgres_fixture.hpp"
#include "support/run_program.hpp"

namespace {

using namespace madoguchi;

// The program's stdout and stderr together (what a clerk sees in a terminal).
tests::CommandResult run_console(std::vector<std::string> args) {
  args.insert(args.begin(), {"sh", "-c", "exec \"$0\" \"$@\" 2>&1", CONSOLE_BINARY});
  return tests::run_program(args);
}

std::string as_role(std::string conninfo, const std::string& role) {
  conninfo.replace(conninfo.find("user=madoguchi"), 14, "user=" + role);
  return conninfo;
}

class ConsoleProgram : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = tests::TestPostgres::start();
    ASSERT_TRUE(started) << started.error();
    server_ = std::move(*started);
  }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    static int counter = 0;
    auto made = server_->create_database("console_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(++counter));
    ASSERT_TRUE(made) << made.error();
    owner_ = *made;
    const auto created = counter::create_counter_schema(owner_);
    ASSERT_TRUE(created) << created.error().message;
    for (const char* sql : {"CREATE ROLE kiosk_1 LOGIN IN ROLE madoguchi_kiosks",
                            "CREATE ROLE clerk_sato LOGIN IN ROLE madoguchi_staff"}) {
      auto done = tests::sql_query(owner_, sql);
      if (!done && done.error().find("already exists") != std::string::npos) continue;
      ASSERT_TRUE(done) << done.error();
    }
  }

  tests::CommandResult console(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--back-office", "postgres:" + as_role(owner_, "clerk_sato")});
    return run_console(args);
  }

  static inline std::unique_ptr<tests::TestPostgres> server_;
  std::string owner_;
};

TEST_F(ConsoleProgram, ACallIsListedHeardAndTakenOnce) {
  counter::CallBoard kiosk(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  // --next-call waits for the call the kiosk makes a moment later.
  std::thread caller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_TRUE(kiosk.call({"check_answers", 5, 6, "ja-easy", false}));
  });
  const auto heard = console({"--next-call", "10", "--json"});
  caller.join();
  ASSERT_EQ(heard.exit_code, 0) << heard.output;
  const auto call = nlohmann::json::parse(heard.output, nullptr, false);
  ASSERT_TRUE(call.is_object()) << heard.output;
  EXPECT_EQ(call["kiosk"], "kiosk_1");
  EXPECT_EQ(call["screen"], "check_answers");
  EXPECT_EQ(call["language"], "ja-easy");
  const auto id = call["call"].get<std::int64_t>();

  const auto listed = console({"--calls"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("#" + std::to_string(id) + " kiosk_1 check_answers 5/6 ja-easy"),
            std::string::npos)
      << listed.output;
  EXPECT_NE(listed.output.find("1 open call(s)"), std::string::npos) << listed.output;

  const auto taken = console({"--take", std::to_string(id)});
  ASSERT_EQ(taken.exit_code, 0) << taken.output;
  EXPECT_NE(taken.output.find("taken by clerk_sato"), std::string::npos) << taken.output;
  const auto again = console({"--take", std::to_string(id)});
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("not open"), std::string::npos) << again.output;
  const auto none = console({"--calls", "--json"});
  ASSERT_EQ(none.exit_code, 0) << none.output;
  EXPECT_EQ(nlohmann::json::parse(none.output, nullptr, false), nlohmann::json::array());
}

TEST_F(ConsoleProgram, TheKioskViewShowsEachKiosksHealthAndWhatNeedsAClerk) {
  counter::HealthBoard kiosk(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  counter::KioskHealth health;
  health.version = "0.1.0";
  health.printer = {"ipp://printer.local/ipp/print", "stopped", {"media-jam"}, "Jammed."};
  health.terminal = "logged_in";
  health.reader = "present";
  health.outbox_backlog = 3;
  health.outbox_oldest = "2026-12-05T08:30:00Z";
  health.disk_free_mb = 900;
  ASSERT_TRUE(kiosk.report(health));
  const auto text = console({"--kiosks"});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("kiosk_1  printer: media-jam; outbox: 3 waiting  ("),
            std::string::npos)
      << text.output;
  const auto json = console({"--kiosks", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const auto list = nlohmann::json::parse(json.output, nullptr, false);
  ASSERT_TRUE(list.is_array() && list.size() == 1) << json.output;
  EXPECT_EQ(list[0]["kiosk"], "kiosk_1");
  EXPECT_EQ(list[0]["printer"]["reasons"], nlohmann::json::array({"media-jam"}));
  EXPECT_EQ(list[0]["printer"]["message"], "Jammed.");
  EXPECT_EQ(list[0]["outbox_oldest"], "2026-12-05T08:30:00Z");
  EXPECT_EQ(list[0]["problems"],
            nlohmann::json::array({"printer: media-jam", "outbox: 3 waiting"}));
}

TEST_F(ConsoleProgram, TheReportPrintsTheNumbersAsJsonAndCsvForTheDaysAsked) {
  counter::VisitBook kiosk(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  // 2026-12-01 09:00 and 2026-12-02 00:30 in Tokyo: the second is still 2026-12-01 in UTC, and
  // counts on the town's day.
  const auto at = [](long long epoch) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(epoch));
  };
  counter::Visit card{"6f1c7a52-8d1e-4b6a-9a51-000000000001",
                      at(1796083200),
                      at(1796083320),
                      {"juminhyo"},
                      "printed",
                      "printing",
                      0,
                      "ja",
                      {},
                      true,
                      300,
                      "card"};
  counter::Visit late = card;
  late.key = "6f1c7a52-8d1e-4b6a-9a51-000000000002";
  late.started = at(1796138760);
  late.ended = at(1796139000);
  late.payment = "cash_at_counter";
  late.assisted = false;
  ASSERT_TRUE(kiosk.record(card));
  ASSERT_TRUE(kiosk.record(card)) << "sent twice";
  ASSERT_TRUE(kiosk.record(late));
  const auto json = console({"--report", "--from", "2026-12-01", "--to", "2026-12-02", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const auto report = nlohmann::json::parse(json.output, nullptr, false);
  ASSERT_TRUE(report.is_object()) << json.output;
  EXPECT_EQ(report["visits"], 2) << "the visit sent twice counts once";
  EXPECT_EQ(report["procedures"]["juminhyo"]["by_day"],
            nlohmann::json({{"2026-12-01", 1}, {"2026-12-02", 1}}));
  EXPECT_EQ(report["procedures"]["juminhyo"]["by_week"], nlohmann::json({{"2026-W49", 2}}));
  EXPECT_EQ(report["cashless_share"], 0.5);
  EXPECT_EQ(report["median_visit_seconds"], 180.0);
  EXPECT_EQ(report["assisted_share"], 0.5);
  const auto one_day = console({"--report", "--from", "2026-12-02", "--to", "2026-12-02", "--csv"});
  ASSERT_EQ(one_day.exit_code, 0) << one_day.output;
  EXPECT_NE(one_day.output.find("visits,all,,1\r\n"), std::string::npos) << one_day.output;
  EXPECT_NE(one_day.output.find("payments,cash_at_counter,yen,300\r\n"), std::string::npos)
      << one_day.output;
  EXPECT_EQ(one_day.output.find("payments,card"), std::string::npos) << one_day.output;
  const auto backwards = console({"--report", "--from", "2026-12-02", "--to", "2026-12-01"});
  EXPECT_EQ(backwards.exit_code, 2) << backwards.output;
  const auto not_a_date = console({"--report", "--from", "12/01/2026", "--to", "2026-12-01"});
  EXPECT_EQ(not_a_date.exit_code, 2);
  EXPECT_NE(not_a_date.output.find("--from takes a date YYYY-MM-DD"), std::string::npos)
      << not_a_date.output;
}

// The window (SDL's offscreen driver): the kiosks' tab in red while a printer is out of paper,
// in green once it is loaded; the calls' tab lists a resident waiting.
TEST_F(ConsoleProgram, TheWindowShowsTroubleInRedAllWellInGreenAndTheCallsWaiting) {
  const std::string dir = ::testing::TempDir() + "console-window-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const auto picture = [&](const std::string& tab, const std::string& name) {
    const std::string png = dir + "/" + name + ".png";
    // ASAN_OPTIONS: SDL's dynamically loaded drivers leak at exit in sanitizer builds, as the
    // kiosk's end-to-end runs say.
    const auto drawn = tests::run_program(
        {"env", "SDL_VIDEODRIVER=offscreen", "SDL_AUDIODRIVER=dummy", "ASAN_OPTIONS=detect_leaks=0",
         CONSOLE_BINARY, "--back-office", "postgres:" + as_role(owner_, "clerk_sato"), "--tab", tab,
         "--screenshot", png});
    EXPECT_EQ(drawn.exit_code, 0) << drawn.output;
    auto image = kiosk::ui::read_png(png);
    EXPECT_TRUE(image) << png;
    return image ? *image : kiosk::ui::RgbaImage{};
  };
  // Pixels of the console's colours for trouble (kTrouble) and all well (kGood).
  const auto count = [](const kiosk::ui::RgbaImage& image, int r, int g, int b) {
    int n = 0;
    for (std::size_t i = 0; i + 3 < image.rgba.size(); i += 4) {
      n += std::abs(image.rgba[i] - r) < 12 && std::abs(image.rgba[i + 1] - g) < 12 &&
                   std::abs(image.rgba[i + 2] - b) < 12
               ? 1
               : 0;
    }
    return n;
  };
  counter::HealthBoard kiosk(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  counter::KioskHealth health;
  health.version = "0.1.0";
  health.printer = {"ipp://printer.local/ipp/print", "stopped", {"media-empty"}, ""};
  health.terminal = "logged_in";
  health.reader = "present";
  health.disk_free_mb = 20000;
  ASSERT_TRUE(kiosk.report(health));
  const auto out_of_paper = picture("kiosks", "out-of-paper");
  EXPECT_GT(count(out_of_paper, 191, 13, 13), 200) << "the trouble in red";
  health.printer = {"ipp://printer.local/ipp/print", "idle", {}, ""};
  ASSERT_TRUE(kiosk.report(health));
  const auto all_well = picture("kiosks", "all-well");
  EXPECT_EQ(count(all_well, 191, 13, 13), 0) << "no red once paper is loaded";
  EXPECT_GT(count(all_well, 13, 115, 38), 200) << "all well in green";
  const auto no_calls = picture("calls", "no-calls");
  counter::CallBoard kiosk_calls(as_role(owner_, "kiosk_1"), "madoguchi-kiosk");
  ASSERT_TRUE(kiosk_calls.call({"question", 3, 6, "en", true}));
  const auto one_call = picture("calls", "one-call");
  // The call's row and its 対応する button: far more ink than the empty list.
  EXPECT_GT(count(one_call, 0, 0, 0) + 2000, count(no_calls, 0, 0, 0) + 2000);
  std::filesystem::remove_all(dir);
}

TEST_F(ConsoleProgram, AnUnreachableOrUnsafeBackOfficeIsNamed) {
  const int port = kiosk::free_loopback_port();
  const auto down =
      run_console({"--back-office",
                   "postgres:host=127.0.0.1 port=" + std::to_string(port) +
                       " dbname=x user=clerk_sato sslmode=verify-full connect_timeout=2",
                   "--calls"});
  EXPECT_EQ(down.exit_code, 2) << down.output;
  EXPECT_NE(down.output.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << down.output;
  const auto plain =
      run_console({"--back-office", "postgres:host=127.0.0.1 sslmode=disable", "--calls"});
  EXPECT_EQ(plain.exit_code, 2) << plain.output;
  EXPECT_NE(plain.output.find("sslmode=disable is refused"), std::string::npos) << plain.output;
}

}  // namespace
