// The kill matrix (docs/benchmarks.md, "submission/ — the kill matrix"):
//
//   delivery_kill_matrix [--iterations N] [--per-round K] [--max-kill-ms M] [--seed S]
//
// A real PostgreSQL server (tests/support/postgres_fixture.hpp) holds the back office's inbox.
// N times, a child process — the kiosk: it commits K applications to its outbox (one in three
// with a 個人番号), runs a delivery pass, and again — is SIGKILLed after a random 0..M ms and
// started again on the same outbox. Then a last child delivers what is left. The program reports
// applications committed, delivered, lost and duplicated (both must be 0), PDFs that arrived
// damaged, 個人番号 left on the kiosk, and at which step each kill landed; it exits 1 when
// anything was lost, duplicated or damaged.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/submission/courier.hpp"
#include "madoguchi/submission/outbox.hpp"
#include "madoguchi/submission/postgres_inbox.hpp"
#include "support/postgres_fixture.hpp"
#include "support/tool_options.hpp"
#include "test_applications.hpp"

namespace {

using namespace madoguchi;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Appends one line to the child's step log with a single write(2): a line in the file means the
// step before it was over (commit() had returned, the inbox had committed).
class StepLog {
 public:
  explicit StepLog(const std::string& file)
      : fd_(::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) {}
  ~StepLog() {
    if (fd_ >= 0) ::close(fd_);
  }
  void line(const std::string& text) const {
    const std::string l = text + "\n";
    [[maybe_unused]] const auto n = ::write(fd_, l.data(), l.size());
  }

 private:
  int fd_;
};

// The inbox, telling the step log when a delivery starts and when the back office has it.
class LoggedInbox : public submission::Inbox {
 public:
  LoggedInbox(submission::Inbox& inner, const StepLog& log) : inner_(inner), log_(log) {}
  std::expected<void, submission::SubmissionError> deliver(
      const submission::OutgoingApplication& a) override {
    log_.line("deliver-start " + a.application_id);
    auto result = inner_.deliver(a);
    if (result) log_.line("deliver-done " + a.application_id);
    return result;
  }
  std::expected<void, submission::SubmissionError> record_payment_state(
      const std::string& id, submission::PaymentState state,
      const std::string& changed_at) override {
    return inner_.record_payment_state(id, state, changed_at);
  }
  std::string name() const override { return inner_.name(); }

 private:
  submission::Inbox& inner_;
  const StepLog& log_;
};

struct ChildArgs {
  std::string outbox;
  std::string key;
  std::string conninfo;
  std::string log;
  int per_round = 4;
  int first_n = 0;
  bool drain = false;
};

// The kiosk: commit, deliver, repeat, until killed (or, with --drain, until the outbox is empty).
int run_child(const ChildArgs& args) {
  StepLog log(args.log);
  submission::OutboxOptions options;
  options.key_file = args.key;
  auto outbox = submission::Outbox::open(args.outbox, options);
  if (!outbox) {
    std::cerr << outbox.error().message << "\n";
    return 3;
  }
  submission::PostgresInbox postgres(args.conninfo);
  LoggedInbox inbox(postgres, log);
  submission::RetryPolicy policy;
  policy.batch = 4;
  submission::Courier courier(*outbox, inbox, policy);
  const card::MyNumber number = tests::test_my_number();
  log.line("started");
  int n = args.first_n;
  while (true) {
    for (int k = 0; k < (args.drain ? 0 : args.per_round); ++k, ++n) {
      const std::string id = submission::new_application_id();
      log.line("commit-start " + id);
      auto committed =
          outbox->commit(tests::test_application(id, n, n % 3 == 0 ? &number : nullptr));
      if (!committed) {
        std::cerr << committed.error().message << "\n";
        return 4;
      }
      log.line("committed " + id + " " + std::to_string(n));
    }
    log.line("pass-start");
    const auto report = courier.deliver_pending();
    log.line("pass-done");
    if (args.drain) {
      if (outbox->pending_count().value_or(1) == 0) return 0;
      if (report.unreachable) std::this_thread::sleep_for(100ms);
    }
  }
}

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::vector<std::string> out;
  std::istringstream in(tests::file_bytes(file));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// Where the child was when it was killed, from the last line of its step log.
std::string step_at_kill(const std::vector<std::string>& lines) {
  if (lines.empty()) return "starting (exec, opening the outbox)";
  const std::string& last = lines.back();
  if (last.starts_with("commit-start")) return "in commit()";
  if (last.starts_with("committed")) return "between commits";
  if (last.starts_with("deliver-start")) return "in the PostgreSQL transaction";
  if (last.starts_with("deliver-done")) return "after the outbox marked it delivered";
  if (last.starts_with("pass-start")) return "reading the outbox for a pass";
  if (last.starts_with("pass-done")) return "between passes";
  return "starting (exec, opening the outbox)";
}

std::set<std::string> outbox_ids(const std::filesystem::path& file, bool undelivered_only) {
  std::set<std::string> ids;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return ids;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  const char* sql = undelivered_only
                        ? "SELECT application_id FROM applications WHERE delivered_at IS NULL"
                        : "SELECT application_id FROM applications";
  sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    ids.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return ids;
}

int scalar_int(const std::string& conninfo, const std::string& sql) {
  auto rows = tests::sql_query(conninfo, sql);
  if (!rows || rows->empty() || !rows->front().front()) return -1;
  return std::stoi(*rows->front().front());
}

std::string self_path() {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/exe", ec).string();
}

int run_matrix(int iterations, int per_round, int max_kill_ms, std::uint64_t seed) {
  const auto t0 = Clock::now();
  auto started = tests::TestPostgres::start();
  if (!started) {
    std::cerr << "PostgreSQL: " << started.error() << "\n";
    return 2;
  }
  tests::TestPostgres& server = **started;
  const std::string conninfo = server.conninfo();
  submission::PostgresInbox setup(conninfo);
  if (auto created = setup.create_schema(); !created) {
    std::cerr << created.error().message << "\n";
    return 2;
  }
  tests::TempDir dir;
  const auto outbox = dir / "outbox.db";
  const auto key = dir / "outbox.key";
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> kill_after(0, max_kill_ms);

  std::map<std::string, int> kills_at;
  std::map<std::string, int> committed;  // id -> n, for every commit() that returned
  // Applications a kill left in PostgreSQL but not marked delivered in the outbox: the next run
  // delivers them again, and the inbox must keep one row.
  std::set<std::string> in_doubt;
  const auto read_log = [&](const std::filesystem::path& log) {
    const auto lines = lines_of(log);
    for (const auto& line : lines) {
      if (!line.starts_with("committed ")) continue;
      std::istringstream fields(line.substr(10));
      std::string id;
      int n = 0;
      fields >> id >> n;
      committed[id] = n;
    }
    return lines;
  };

  for (int i = 0; i < iterations; ++i) {
    const auto log = dir / ("run-" + std::to_string(i) + ".log");
    auto child = kiosk::ChildProcess::start(
        {self_path(), "--child", "--outbox", outbox.string(), "--key", key.string(), "--postgres",
         conninfo, "--log", log.string(), "--per-round", std::to_string(per_round), "--first-n",
         std::to_string(i * 1000)},
        dir / "children.err");
    if (!child) {
      std::cerr << child.error() << "\n";
      return 2;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after(random)));
    if (!child->running()) {
      std::cerr << "the kiosk child exited by itself (run " << i << "):\n"
                << tests::file_bytes(dir / "children.err");
      return 2;
    }
    child->kill_now();
    const auto lines = read_log(log);
    std::string step = step_at_kill(lines);
    const auto undelivered = outbox_ids(outbox, true);
    auto rows = tests::sql_query(conninfo, "SELECT application_id FROM madoguchi_inbox");
    if (rows) {
      for (const auto& row : *rows) {
        if (!undelivered.contains(*row[0])) continue;
        in_doubt.insert(*row[0]);
        if (!lines.empty() && lines.back() == "deliver-done " + *row[0]) {
          step = "after the PostgreSQL commit, before the outbox marked it delivered";
        }
      }
    }
    ++kills_at[step];
  }
  // The kiosk after the last restart: delivers what is left.
  const auto last_log = dir / "drain.log";
  auto drain = kiosk::ChildProcess::start(
      {self_path(), "--child", "--drain", "--outbox", outbox.string(), "--key", key.string(),
       "--postgres", conninfo, "--log", last_log.string()},
      dir / "children.err");
  if (!drain || drain->wait(60s) != 0) {
    std::cerr << "the last delivery did not finish:\n" << tests::file_bytes(dir / "children.err");
    return 2;
  }
  read_log(last_log);

  // The count.
  const auto in_outbox = outbox_ids(outbox, false);
  const auto still_pending = outbox_ids(outbox, true);
  std::map<std::string, int> received;  // id -> rows
  std::set<std::string> damaged;
  std::set<std::string> wrong_number;
  auto rows = tests::sql_query(
      conninfo,
      "SELECT application_id, reception_number, encode(sha256(application_pdf), 'hex'), "
      "pdf_sha256, my_number FROM madoguchi_inbox");
  if (!rows) {
    std::cerr << rows.error() << "\n";
    return 2;
  }
  for (const auto& row : *rows) {
    const std::string id = *row[0];
    ++received[id];
    const int n = std::stoi(row[1]->substr(row[1]->find('-') + 1));
    const std::string expected = submission::sha256_hex(tests::test_pdf(id, n));
    if (*row[2] != expected || *row[3] != expected) damaged.insert(id);
    const bool wants_number = n % 3 == 0;
    if (wants_number != row[4].has_value() || (row[4] && *row[4] != tests::kTestMyNumberDigits)) {
      wrong_number.insert(id);
    }
  }
  int lost = 0;
  for (const auto& [id, n] : committed) {
    if (!received.contains(id)) ++lost;
  }
  int lost_unreported = 0;  // committed to the outbox but killed before it reported so
  for (const auto& id : in_outbox) {
    if (!committed.contains(id) && !received.contains(id)) ++lost_unreported;
  }
  int duplicated = 0;
  for (const auto& [id, count] : received) duplicated += count - 1;
  const int content_duplicates =
      scalar_int(conninfo, "SELECT count(*) - count(DISTINCT pdf_sha256) FROM madoguchi_inbox");
  const int numbers_left = [&] {
    sqlite3* db = nullptr;
    sqlite3_open_v2(outbox.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM applications WHERE my_number_sealed IS NOT NULL",
                       -1, &stmt, nullptr);
    const int left = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return left;
  }();
  const std::string raw = tests::file_bytes(outbox) + tests::file_bytes(outbox.string() + "-wal");
  const bool digits_in_files = raw.find(tests::kTestMyNumberDigits) != std::string::npos;
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();

  std::cout << "delivery kill matrix: " << iterations << " SIGKILLs, " << per_round
            << " commits per pass, kill after 0-" << max_kill_ms << " ms, seed " << seed << "\n"
            << "  applications committed (commit() returned): " << committed.size() << "\n"
            << "  in the outbox (with those killed inside commit()): " << in_outbox.size() << "\n"
            << "  delivered (rows in PostgreSQL):              " << received.size() << "\n"
            << "  lost:                                        " << lost + lost_unreported << "\n"
            << "  duplicated in PostgreSQL (same id):          " << duplicated << "\n"
            << "  duplicated in PostgreSQL (same PDF):         " << content_duplicates << "\n"
            << "  PDF damaged:                                 " << damaged.size() << "\n"
            << "  個人番号 wrong or missing:                    " << wrong_number.size() << "\n"
            << "  still pending in the outbox:                 " << still_pending.size() << "\n"
            << "  個人番号 left sealed in the outbox:           " << numbers_left << "\n"
            << "  its digits found in the outbox files:        " << (digits_in_files ? "yes" : "no")
            << "\n"
            << "  applications a kill left in PostgreSQL but not marked delivered "
               "(delivered again): "
            << in_doubt.size() << "\n"
            << "  where the kills landed:\n";
  for (const auto& [step, count] : kills_at) std::cout << "    " << count << "  " << step << "\n";
  std::cout << "  time: " << static_cast<int>(seconds + 0.5) << " s\n";
  const bool ok = lost + lost_unreported == 0 && duplicated == 0 && content_duplicates == 0 &&
                  damaged.empty() && wrong_number.empty() && still_pending.empty() &&
                  numbers_left == 0 && !digits_in_files && !committed.empty();
  std::cout << (ok ? "PASS" : "FAIL") << "\n";
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  ChildArgs child;
  if (argc > 1 && std::string(argv[1]) == "--child") {
    // The process the matrix starts and kills (its own options, not for people).
    for (int i = 2; i < argc; ++i) {
      const std::string arg = argv[i];
      const auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
      if (arg == "--drain") {
        child.drain = true;
      } else if (arg == "--outbox") {
        child.outbox = value();
      } else if (arg == "--key") {
        child.key = value();
      } else if (arg == "--postgres") {
        child.conninfo = value();
      } else if (arg == "--log") {
        child.log = value();
      } else if (arg == "--per-round") {
        child.per_round = std::atoi(value().c_str());
      } else if (arg == "--first-n") {
        child.first_n = std::atoi(value().c_str());
      } else {
        std::cerr << "delivery_kill_matrix --child: unknown option " << arg << "\n";
        return 2;
      }
    }
    return run_child(child);
  }
  int iterations = 100;
  int max_kill_ms = 200;
  std::uint64_t seed = std::random_device{}();
  madoguchi::tests::start_tool(
      madoguchi::tests::ToolOptions("delivery_kill_matrix",
                                    "A courier process killed at random while it delivers to "
                                    "PostgreSQL (in a temporary\ndirectory); every application "
                                    "delivered exactly once (docs/benchmarks.md).")
          .number("--iterations", "N", iterations, 1, 100000, "kills (default 100)")
          .number(
              "--per-round", "K", child.per_round, 1, 100000,
              "applications committed per round (default " + std::to_string(child.per_round) + ")")
          .number("--max-kill-ms", "M", max_kill_ms, 0, 600000,
                  "latest kill after the start, in ms (default 200)")
          .number("--seed", "S", seed, "random seed (default: random)"),
      argc, argv);
  return run_matrix(iterations, child.per_round, max_kill_ms, seed);
}
