// Issue 7's kill matrix with the real kiosk (docs/benchmarks.md, "submission/ — the kill matrix
// with the real kiosk"): the kiosk program, delivering its outbox to the town's PostgreSQL inbox
// (a real server in a temporary directory), is SIGKILLed N times and started again on the same
// state, as a power cut or a crash would.
//
//   kiosk_delivery_kill_matrix [--iterations N] [--backlog K] [--journeys J] [--seed S]
//                              [--keep] [--verbose]
//
// Most rounds leave K applications in the kiosk's outbox (what residents completed while the
// back office was away; one in three with a 個人番号), start `kiosk --headless` on that state and
// kill it when PostgreSQL has received a random number of them — 0 (still starting, opening the
// outbox), some, or all. J of the rounds are instead a resident's whole journey through the demo
// (住民票の写し, card, PIN, paid on a terminal simulator that outlives the kiosk), killed
// right after the application is committed, when printing starts, or after it is printed; the
// next start must deliver it and settle its payment. A last kiosk delivers what is left.
//
// Then every application must be in PostgreSQL exactly once, byte for byte, with its 個人番号 where
// it had one and none left on the kiosk; every paid journey must be charged once and either
// handed to the counter (its application kept) or given back. Exit 0 when all of it holds.
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/submission/outbox.hpp"
#include "madoguchi/submission/postgres_inbox.hpp"
#include "support/postgres_fixture.hpp"
#include "support/scenarios.hpp"
#include "support/sqlite_rows.hpp"
#include "support/terminal_fixture.hpp"
#include "support/tool_options.hpp"
#include "test_applications.hpp"

namespace fs = std::filesystem;
using namespace madoguchi;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int iterations = 100;
  int backlog = 8;
  int journeys = 10;
  std::uint64_t seed = std::random_device{}();
  bool keep = false;
  bool verbose = false;
};

std::set<std::string> outbox_ids(const fs::path& outbox, bool undelivered_only) {
  std::set<std::string> ids;
  for (const auto& row : tests::sqlite_rows(
           outbox, undelivered_only
                       ? "SELECT application_id FROM applications WHERE delivered_at IS NULL"
                       : "SELECT application_id FROM applications")) {
    ids.insert(row[0]);
  }
  return ids;
}

// The last lines of a log, for a problem report.
std::string tail_of(const std::string& text, std::size_t lines = 8) {
  std::size_t at = text.size();
  for (std::size_t n = 0; n <= lines && at > 0; ++n) {
    at = text.rfind('\n', at - 1);
    if (at == std::string::npos) return text;
  }
  return text.substr(at + 1);
}

int inbox_count(const std::string& conninfo) {
  auto rows = tests::sql_query(conninfo, "SELECT count(*) FROM madoguchi_inbox");
  if (!rows || rows->empty() || !rows->front().front()) return -1;
  return std::stoi(*rows->front().front());
}

struct Matrix {
  Options options;
  fs::path root;
  fs::path state;
  fs::path outbox;
  std::string conninfo;
  std::vector<std::string> terminal;  // --terminal … and its root and key
  std::mt19937_64 random;
  std::map<std::string, int> seeded;  // application id -> n (deterministic content)
  std::map<std::string, int> kills_at;
  std::set<std::string> in_doubt;  // in PostgreSQL but not marked delivered when killed
  int killed = 0;
  int journeys_run = 0;
  int journey_kills = 0;
  std::vector<std::string> problems;

  std::vector<std::string> kiosk_args(const std::string& scenario, const std::string& out) const {
    std::vector<std::string> args = {KIOSK_DRIVER, "--headless",    "--scenario",
                                     scenario,     "--out",         out,
                                     "--state",    state.string(),  "--kiosk-id",
                                     "K7",         "--back-office", "postgres:" + conninfo};
    args.insert(args.end(), terminal.begin(), terminal.end());
    return args;
  }

  // The applications residents completed while nobody delivered them, committed the way the
  // kiosk commits (the same outbox, the same key file).
  bool seed_backlog(int round) {
    submission::OutboxOptions o;
    o.key_file = state / "outbox.key";
    auto box = submission::Outbox::open(outbox, o);
    if (!box) {
      problems.push_back("cannot open the outbox to seed it: " + box.error().message);
      return false;
    }
    const card::MyNumber number = tests::test_my_number();
    for (int k = 0; k < options.backlog; ++k) {
      const int n = round * 100 + k;
      const std::string id = submission::new_application_id();
      auto application = tests::test_application(id, n, n % 3 == 0 ? &number : nullptr);
      application.kiosk_id = "K7";
      if (auto committed = box->commit(application); !committed) {
        problems.push_back("seeding: " + committed.error().message);
        return false;
      }
      seeded[id] = n;
    }
    return true;
  }

  void classify_kill(int before, int target, const std::string& how) {
    const auto undelivered = outbox_ids(outbox, true);
    int doubtful = 0;
    if (auto rows = tests::sql_query(conninfo, "SELECT application_id FROM madoguchi_inbox")) {
      for (const auto& row : *rows) {
        if (undelivered.contains(*row[0])) {
          ++doubtful;
          in_doubt.insert(*row[0]);
        }
      }
    }
    const int after = inbox_count(conninfo);
    std::string where;
    if (after == before) {
      where = "before its first delivery (starting, opening the outbox, settling)";
    } else if (undelivered.empty() && doubtful == 0) {
      where = "after delivering everything";
    } else {
      where = "mid-way through the backlog";
    }
    if (doubtful > 0) where += ", one in PostgreSQL not yet marked delivered";
    ++kills_at[where + how];
    if (options.verbose) {
      std::printf("    inbox %d -> %d (target %d), pending %zu, in doubt %d\n", before, after,
                  target, undelivered.size(), doubtful);
    }
  }

  // One round: a backlog, a kiosk delivering it, a SIGKILL when PostgreSQL holds `target` more.
  void backlog_round(int round, const fs::path& scenario) {
    const int before = inbox_count(conninfo);
    if (!seed_backlog(round)) return;
    const int pending = static_cast<int>(outbox_ids(outbox, true).size());
    const int target = std::uniform_int_distribution<int>(0, pending)(random);
    auto kiosk = kiosk::ChildProcess::start(
        kiosk_args(scenario.string(), (root / "runs" / std::to_string(round)).string()),
        root / "runs" / (std::to_string(round) + ".log"),
        {"SDL_AUDIODRIVER=dummy", "ASAN_OPTIONS=detect_leaks=0"});
    if (!kiosk) {
      problems.push_back("cannot start the kiosk: " + kiosk.error());
      return;
    }
    if (target == 0) {
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 250)(random)));
    } else {
      const auto deadline = Clock::now() + 20s;
      while (Clock::now() < deadline && kiosk->running() &&
             inbox_count(conninfo) < before + target) {
        std::this_thread::sleep_for(1ms);
      }
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 3)(random)));
    }
    if (!kiosk->running()) {
      problems.push_back("round " + std::to_string(round) + ": the kiosk stopped by itself");
      return;
    }
    kiosk->kill_now();
    ++killed;
    classify_kill(before, target, "");
  }

  // One round: a resident's journey, killed at `step` of the device worker.
  void journey_round(int round, const std::string& step, const fs::path& scenario) {
    ++journeys_run;
    const int before = inbox_count(conninfo);
    std::vector<std::string> args = {KIOSK_DRIVER,
                                     "--demo",
                                     "--headless",
                                     "--scenario",
                                     scenario.string(),
                                     "--out",
                                     (root / "runs" / std::to_string(round)).string(),
                                     "--state",
                                     state.string(),
                                     "--kiosk-id",
                                     "K7",
                                     "--back-office",
                                     "postgres:" + conninfo};
    args.insert(args.end(), terminal.begin(), terminal.end());
    auto kiosk = kiosk::ChildProcess::start(
        args, root / "runs" / (std::to_string(round) + ".log"),
        {"SDL_AUDIODRIVER=dummy", "ASAN_OPTIONS=detect_leaks=0", "MADOGUCHI_TEST_KILL_AT=" + step});
    if (!kiosk) {
      problems.push_back("cannot start the kiosk: " + kiosk.error());
      return;
    }
    const int status = kiosk->wait(180s);
    const bool was_killed = status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (!was_killed) {
      problems.push_back(
          "journey round " + std::to_string(round) + ": not killed at " + step + " (status " +
          std::to_string(status) + "); its log ends:\n" +
          tail_of(tests::file_bytes(root / "runs" / (std::to_string(round) + ".log"))));
      if (status < 0) kiosk->kill_now();
      return;
    }
    ++killed;
    ++journey_kills;
    classify_kill(before, 0, " (a resident's journey, killed at " + step + ")");
  }

  // The kiosk after the last restart: runs until the outbox is empty, then ends by itself.
  bool drain(const fs::path& scenario) {
    auto kiosk = kiosk::ChildProcess::start(
        kiosk_args(scenario.string(), (root / "drain").string()), root / "runs" / "drain.log",
        {"SDL_AUDIODRIVER=dummy", "ASAN_OPTIONS=detect_leaks=0"});
    if (!kiosk) return false;
    const auto deadline = Clock::now() + 60s;
    while (Clock::now() < deadline && !outbox_ids(outbox, true).empty()) {
      std::this_thread::sleep_for(50ms);
    }
    return kiosk->wait(60s) == 0;
  }
};

int run(const Options& options) {
  const auto t0 = Clock::now();
  Matrix m;
  m.options = options;
  m.random.seed(options.seed);
  m.root = fs::temp_directory_path() / ("madoguchi-delivery-" + std::to_string(::getpid()));
  fs::remove_all(m.root);
  fs::create_directories(m.root / "runs");
  m.state = m.root / "state";
  fs::create_directories(m.state);
  m.outbox = m.state / "outbox.sqlite";

  auto server = tests::TestPostgres::start();
  if (!server) {
    std::cerr << "PostgreSQL: " << server.error() << "\n";
    return 2;
  }
  m.conninfo = (*server)->conninfo();
  if (auto created = submission::PostgresInbox(m.conninfo).create_schema(); !created) {
    std::cerr << created.error().message << "\n";
    return 2;
  }
  tests::TestTerminalOptions terminal_options;
  terminal_options.ledger_file = true;
  tests::TestTerminal terminal(terminal_options);
  if (terminal.port() <= 0) {
    std::cerr << "the terminal simulator did not start\n";
    return 2;
  }
  m.terminal = terminal.kiosk_options();

  const fs::path idle = m.root / "idle.json";
  std::ofstream(idle) << nlohmann::json{{"name", "kill matrix: waiting for a resident"},
                                        {"steps", {{{"wait_ms", 30000}}}}}
                             .dump();
  const fs::path short_idle = m.root / "short-idle.json";
  std::ofstream(short_idle) << nlohmann::json{
      {"name", "kill matrix: the last start"},
      {"steps",
       {{{"wait_ms", 3000}}}}}.dump();
  const fs::path journey = m.root / "journey.json";
  std::ofstream(journey) << madoguchi::tests::pay_scenario(std::string(MADOGUCHI_SOURCE_DIR) +
                                                               "/tests/personas/yamada-taro.json",
                                                           "take_card",
                                                           "kill matrix: 住民票の写し 1通")
                                .dump(2);

  const std::vector<std::string> journey_steps = {"application-committed", "print-started",
                                                  "document-printed"};
  const int every = options.journeys > 0 ? std::max(1, options.iterations / options.journeys) : 0;
  int journeys_done = 0;
  for (int round = 0; round < options.iterations; ++round) {
    const bool journey_now =
        every > 0 && journeys_done < options.journeys && round % every == every - 1;
    if (journey_now) {
      const auto& step =
          journey_steps[static_cast<std::size_t>(journeys_done) % journey_steps.size()];
      ++journeys_done;
      m.journey_round(round, step, journey);
    } else {
      m.backlog_round(round, idle);
    }
    if (options.verbose) {
      std::printf("round %d: %s\n", round + 1,
                  m.problems.empty() ? "ok" : m.problems.back().c_str());
      std::fflush(stdout);
    }
  }
  if (!m.drain(short_idle)) m.problems.push_back("the last kiosk did not deliver and end cleanly");

  // The count.
  const auto in_outbox = outbox_ids(m.outbox, false);
  const auto still_pending = outbox_ids(m.outbox, true);
  std::map<std::string, int> received;
  std::set<std::string> damaged, wrong_number;
  auto rows = tests::sql_query(
      m.conninfo,
      "SELECT application_id, reception_number, encode(sha256(application_pdf), 'hex'), "
      "pdf_sha256, my_number, kiosk_id FROM madoguchi_inbox");
  if (!rows) {
    std::cerr << rows.error() << "\n";
    return 2;
  }
  int journey_applications = 0;
  for (const auto& row : *rows) {
    const std::string id = *row[0];
    ++received[id];
    if (*row[5] != "K7") m.problems.push_back(id + " arrived from kiosk " + *row[5]);
    if (*row[2] != *row[3]) damaged.insert(id);
    if (!m.seeded.contains(id)) {
      ++journey_applications;  // the kiosk's own: its PDF is checked against the sum it sent
      if (row[4]) wrong_number.insert(id);  // 住民票の写し asks for no 個人番号
      continue;
    }
    const int n = m.seeded.at(id);
    if (*row[3] != submission::sha256_hex(tests::test_pdf(id, n))) damaged.insert(id);
    const bool wants_number = n % 3 == 0;
    if (wants_number != row[4].has_value() || (row[4] && *row[4] != tests::kTestMyNumberDigits)) {
      wrong_number.insert(id);
    }
  }
  std::set<std::string> all_ids = in_outbox;  // what the kiosk had, and what was left for it
  for (const auto& [id, n] : m.seeded) all_ids.insert(id);
  int lost = 0;
  for (const auto& id : all_ids) {
    if (!received.contains(id)) ++lost;
  }
  int duplicated = 0;
  for (const auto& [id, count] : received) duplicated += count - 1;
  auto same_pdf = tests::sql_query(
      m.conninfo, "SELECT count(*) - count(DISTINCT pdf_sha256) FROM madoguchi_inbox");
  const int content_duplicates = same_pdf && !same_pdf->empty() && same_pdf->front().front()
                                     ? std::stoi(*same_pdf->front().front())
                                     : -1;
  const auto sealed = tests::sqlite_rows(
      m.outbox, "SELECT count(*) FROM applications WHERE my_number_sealed IS NOT NULL");
  const int numbers_left = sealed.empty() ? -1 : std::stoi(sealed[0][0]);
  const std::string raw =
      tests::file_bytes(m.outbox) + tests::file_bytes(m.outbox.string() + "-wal");
  const bool digits_in_files = raw.find(tests::kTestMyNumberDigits) != std::string::npos;

  // The journeys' payments: charged once each, and kept for the counter (the application is in
  // the back office) or given back — never left approved without a document.
  const auto payments = tests::sqlite_rows(m.state / "payments.sqlite",
                                           "SELECT sale_transaction_id, state FROM payments");
  std::map<std::string, int> payment_states;
  for (const auto& p : payments) ++payment_states[p[1]];
  int charged_kept = 0;
  for (const auto& charge : terminal.ledger()) {
    if (charge.state == "Approved" && !charge.reversed) ++charged_kept;
  }
  const auto in_state = [&](const std::string& state) {
    const auto found = payment_states.find(state);
    return found == payment_states.end() ? 0 : found->second;
  };
  const int handed = in_state("HandedToCounter") + in_state("DocumentDone");
  for (const auto& [state, count] : payment_states) {
    if (state != "HandedToCounter" && state != "DocumentDone" && state != "Reversed") {
      m.problems.push_back(std::to_string(count) + " payment(s) left " + state);
    }
  }
  if (charged_kept != handed) {
    m.problems.push_back("the terminal kept " + std::to_string(charged_kept) +
                         " payments, the journal kept " + std::to_string(handed));
  }
  if (journey_applications != m.journeys_run) {
    m.problems.push_back(std::to_string(m.journeys_run) + " journeys killed after their commit, " +
                         std::to_string(journey_applications) + " applications of theirs arrived");
  }

  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  std::cout << "kiosk delivery kill matrix: " << options.iterations << " rounds (" << m.journeys_run
            << " residents' journeys), backlog " << options.backlog << " per round, seed "
            << options.seed << "\n"
            << "  kiosk SIGKILLed:                             " << m.killed << " ("
            << m.journey_kills << " in a journey)\n"
            << "  applications in the outbox:                  " << in_outbox.size() << " ("
            << m.seeded.size() << " left for delivery, " << journey_applications
            << " from journeys)\n"
            << "  delivered (rows in PostgreSQL):              " << received.size() << "\n"
            << "  lost:                                        " << lost << "\n"
            << "  duplicated in PostgreSQL (same id):          " << duplicated << "\n"
            << "  duplicated in PostgreSQL (same PDF):         " << content_duplicates << "\n"
            << "  PDF damaged:                                 " << damaged.size() << "\n"
            << "  個人番号 wrong or missing:                    " << wrong_number.size() << "\n"
            << "  still pending in the outbox:                 " << still_pending.size() << "\n"
            << "  個人番号 left sealed in the outbox:           " << numbers_left << "\n"
            << "  its digits found in the outbox files:        " << (digits_in_files ? "yes" : "no")
            << "\n"
            << "  in PostgreSQL but not marked delivered at a kill (delivered again): "
            << m.in_doubt.size() << "\n"
            << "  journeys' payments:";
  for (const auto& [state, count] : payment_states) std::cout << " " << state << " " << count;
  std::cout << "; kept on the terminal " << charged_kept << "\n  where the kills landed:\n";
  for (const auto& [where, count] : m.kills_at)
    std::cout << "    " << count << "  " << where << "\n";
  for (const auto& problem : m.problems) std::cout << "  PROBLEM: " << problem << "\n";
  std::cout << "  time: " << static_cast<int>(seconds + 0.5) << " s\n";
  const bool ok = m.problems.empty() && lost == 0 && duplicated == 0 && content_duplicates == 0 &&
                  damaged.empty() && wrong_number.empty() && still_pending.empty() &&
                  numbers_left == 0 && !digits_in_files && !received.empty() &&
                  m.killed == options.iterations;
  std::cout << (ok ? "PASS" : "FAIL") << "\n";
  if (!options.keep) fs::remove_all(m.root);
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  tests::start_tool(
      tests::ToolOptions("kiosk_delivery_kill_matrix",
                         "The real kiosk killed while it delivers to PostgreSQL (in a temporary "
                         "directory);\nevery application reaches the back office exactly once "
                         "(docs/benchmarks.md).")
          .number("--iterations", "N", options.iterations, 1, 100000, "kills (default 100)")
          .number("--backlog", "K", options.backlog, 0, 100000,
                  "applications waiting in the outbox at each start (default 8)")
          .number("--journeys", "J", options.journeys, 0, 100000,
                  "residents' journeys through the kiosk (default 10)")
          .number("--seed", "S", options.seed, "random seed (default: random)")
          .flag("--keep", options.keep, "keep the run's directory")
          .flag("--verbose", options.verbose, "the kiosk's output too"),
      argc, argv);
  return run(options);
}
