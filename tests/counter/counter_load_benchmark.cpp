// The counter under a town's load (issue 19; docs/benchmarks.md "counter/ — the console's views
// under load"): N kiosks each reporting their health every 5 s and a visit event every 3.6 s
// (1,000 an hour) into one PostgreSQL that already holds D days of visits at that rate, while a
// member of staff's console reads its three views again and again: the kiosks (HealthBoard),
// the open calls (CallBoard), and the numbers for the month and for today (VisitBook::report).
//   counter_load_benchmark [--kiosks 50] [--days 30] [--seconds 60] [--visits-per-hour 1000]
// Prints each view's median, p95 and worst time.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/counter/call_board.hpp"
#include "madoguchi/counter/counter_schema.hpp"
#include "madoguchi/counter/kiosk_health.hpp"
#include "madoguchi/counter/visit_book.hpp"
#include "madoguchi/submission/application.hpp"
#include "support/postgres_fixture.hpp"

namespace {

using namespace madoguchi;
using Clock = std::chrono::steady_clock;

struct Settings {
  int kiosks = 50;
  int days = 30;
  int seconds = 60;
  int visits_per_hour = 1000;
};

// Sleeps until `when`, or less once `stop` is set; whether it is time to go on.
bool sleep_until(Clock::time_point when, const std::atomic<bool>& stop) {
  while (!stop && Clock::now() < when) {
    std::this_thread::sleep_for(
        std::min<Clock::duration>(when - Clock::now(), std::chrono::milliseconds(100)));
  }
  return !stop;
}

std::string as_role(std::string conninfo, const std::string& role) {
  conninfo.replace(conninfo.find("user=madoguchi"), 14, "user=" + role);
  return conninfo;
}

std::string kiosk_name(int i) {
  char name[32];
  std::snprintf(name, sizeof name, "kiosk_%02d", i + 1);
  return name;
}

void print_times(const char* view, std::vector<double> ms) {
  if (ms.empty()) return;
  std::sort(ms.begin(), ms.end());
  std::printf("%-28s n=%4zu  median %7.1f ms  p95 %7.1f ms  worst %7.1f ms\n", view, ms.size(),
              ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back());
}

template <typename Read>
void time_view(std::vector<double>& into, Read read) {
  const auto from = Clock::now();
  if (!read()) {
    std::fprintf(stderr, "counter_load_benchmark: a view failed\n");
    std::exit(1);
  }
  into.push_back(std::chrono::duration<double, std::milli>(Clock::now() - from).count());
}

int run(const Settings& s) {
  auto server = tests::TestPostgres::start({120, "128MB"});
  if (!server) return std::fprintf(stderr, "%s\n", server.error().c_str()), 1;
  const auto owner = (*server)->create_database("load");
  if (!owner) return std::fprintf(stderr, "%s\n", owner.error().c_str()), 1;
  if (auto made = counter::create_counter_schema(*owner); !made) {
    return std::fprintf(stderr, "%s\n", made.error().message.c_str()), 1;
  }
  std::string roles = "CREATE ROLE clerk_load LOGIN IN ROLE madoguchi_staff;";
  for (int i = 0; i < s.kiosks; ++i) {
    roles += "CREATE ROLE " + kiosk_name(i) + " LOGIN IN ROLE madoguchi_kiosks;";
  }
  if (auto done = tests::sql_query(*owner, roles); !done) {
    return std::fprintf(stderr, "%s\n", done.error().c_str()), 1;
  }
  // The history: `days` of visits at the hourly rate, spread over the kiosks, most printed.
  const auto filling = Clock::now();
  const long long history = static_cast<long long>(s.days) * 24 * s.visits_per_hour;
  // Loaded in bulk with the trigger off, then tallied at once (as a town importing its history
  // would); the visits of the run itself go through the trigger one by one.
  const std::string fill =
      "ALTER TABLE madoguchi_visits DISABLE TRIGGER madoguchi_visits_tallied; "
      "INSERT INTO madoguchi_visits (visit_key, kiosk_id, started_at, ended_at, procedures, "
      "outcome, ended_screen, ended_step, language, view_options, assisted, fee_yen, payment) "
      "SELECT gen_random_uuid(), 'kiosk_' || lpad((i % " +
      std::to_string(s.kiosks) +
      " + 1)::text, 2, '0'), t - interval '200 seconds' + (i % 90) * interval '1 second', t, "
      "ARRAY[(ARRAY['juminhyo','inkan_shomei','koseki_shomei','zei_shomei'])[i % 4 + 1]], "
      "(ARRAY['printed','printed','printed','cancelled','timed_out','sent_to_counter'])[i % 6 + "
      "1], 'question', i % 5, (ARRAY['ja','ja','ja','ja-easy','en'])[i % 5 + 1], "
      "CASE WHEN i % 7 = 0 THEN ARRAY['large_text'] ELSE ARRAY[]::text[] END, i % 9 = 0, "
      "CASE WHEN i % 6 < 3 THEN 300 ELSE 0 END, CASE WHEN i % 6 >= 3 THEN 'none' WHEN i % 2 = 0 "
      "THEN 'card' ELSE 'cash_at_counter' END FROM generate_series(1, " +
      std::to_string(history) + ") AS i, LATERAL (SELECT now() - i * interval '3600 seconds' / " +
      std::to_string(s.visits_per_hour) +
      " AS t) AS at; SELECT madoguchi_visit_tally_rebuild(); ALTER TABLE madoguchi_visits ENABLE "
      "TRIGGER madoguchi_visits_tallied; ANALYZE madoguchi_visits, madoguchi_visit_tally";
  if (auto done = tests::sql_query(*owner, fill); !done) {
    return std::fprintf(stderr, "%s\n", done.error().c_str()), 1;
  }
  std::printf("history: %lld visits over %d days written in %.1f s\n", history, s.days,
              std::chrono::duration<double>(Clock::now() - filling).count());

  // The kiosks: each its own role and connection, a health report every 5 s (staggered); one
  // of them records the visits of all at the hourly rate.
  std::atomic<bool> stop = false;
  std::atomic<long long> reports = 0, visits = 0, failures = 0;
  std::vector<std::thread> kiosks;
  for (int i = 0; i < s.kiosks; ++i) {
    kiosks.emplace_back([&, i] {
      counter::HealthBoard board(as_role(*owner, kiosk_name(i)), "madoguchi-kiosk");
      counter::KioskHealth h;
      h.version = "0.1.0";
      h.printer = {"ipp://printer-" + std::to_string(i) + "/ipp/print", "idle", {}, ""};
      h.terminal = "logged_in";
      h.reader = "present";
      auto next = Clock::now() + std::chrono::milliseconds(5000 * i / s.kiosks);
      while (sleep_until(next, stop)) {
        next += std::chrono::seconds(5);
        h.outbox_backlog = static_cast<int>(reports % 3);
        auto done = board.report(h);
        if (!done && failures++ == 0) std::fprintf(stderr, "%s\n", done.error().message.c_str());
        if (done) reports++;
      }
    });
  }
  kiosks.emplace_back([&] {
    counter::VisitBook book(as_role(*owner, kiosk_name(0)), "madoguchi-kiosk");
    const auto every = std::chrono::microseconds(3'600'000'000LL / s.visits_per_hour);
    auto next = Clock::now();
    while (sleep_until(next, stop)) {
      next += every;
      counter::Visit v;
      v.key = submission::new_application_id();
      v.ended = std::chrono::system_clock::now();
      v.started = v.ended - std::chrono::seconds(150);
      v.procedures = {"juminhyo"};
      v.outcome = "printed";
      v.ended_screen = "printing";
      v.language = "ja";
      v.fee_yen = 300;
      v.payment = "card";
      (book.record(v) ? visits : failures)++;
    }
  });

  // The console: its three views, one after another, as fast as they come.
  counter::HealthBoard health(as_role(*owner, "clerk_load"), "madoguchi-console");
  counter::CallBoard calls(as_role(*owner, "clerk_load"), "madoguchi-console");
  counter::VisitBook numbers(as_role(*owner, "clerk_load"), "madoguchi-console");
  std::vector<double> kiosk_view, call_view, month_view, day_view;
  const auto until = Clock::now() + std::chrono::seconds(s.seconds);
  while (Clock::now() < until) {
    time_view(kiosk_view, [&] { return health.kiosks().has_value(); });
    time_view(call_view, [&] { return calls.open_calls().has_value(); });
    time_view(day_view, [&] { return numbers.recent(1).has_value(); });
    time_view(month_view, [&] { return numbers.recent(30).has_value(); });
  }
  stop = true;
  for (auto& t : kiosks) t.join();
  std::printf("%d kiosks: %lld health reports, %lld visits recorded, %lld failed, in %d s\n",
              s.kiosks, reports.load(), visits.load(), failures.load(), s.seconds);
  print_times(("kiosks view (" + std::to_string(s.kiosks) + " rows)").c_str(), kiosk_view);
  print_times("calls view", call_view);
  print_times("numbers: today", day_view);
  print_times("numbers: 30 days", month_view);
  // What the 30 days' view counted, against the visits in the table (the run's own included).
  auto month = numbers.recent(30);
  auto all = tests::sql_query(*owner, "SELECT count(*) FROM madoguchi_visits");
  if (month && all) {
    std::printf("the 30 days' numbers count %d visits of the %s written\n", month->visits,
                (*all)[0][0].value_or("").c_str());
  }
  return failures > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (value <= 0) return std::fprintf(stderr, "%s takes a positive number\n", argv[i]), 2;
    if (arg == "--kiosks")
      s.kiosks = std::min(value, 99);
    else if (arg == "--days")
      s.days = value;
    else if (arg == "--seconds")
      s.seconds = value;
    else if (arg == "--visits-per-hour")
      s.visits_per_hour = value;
    else
      return std::fprintf(stderr, "unknown option %s\n", argv[i]), 2;
  }
  return run(s);
}
