// payment_crash_matrix: kills a kiosk process (SIGKILL) at every step of a payment, against
// the real terminal-simulator, restarts it, and checks that the journal and the terminal's
// ledger agree: no double charge, no approved payment without a document or a reversal,
// nothing left in doubt, and the daily totals equal.
//
//   payment_crash_matrix [--quick] [--verbose] [--simulator PATH] [--keep DIR]
//
// Each case is one "resident" (its own SaleID, journal and reference) and up to three kiosk
// processes, which are this program run with --child:
//   1. pays (fault injected on the terminal) and is killed at the case's step;
//   2. restarts, settles (settle_in_doubt), acts on approved payments without a document by
//      the case's policy (reprint / counter slip / reverse with consent), and lets the
//      resident pay again if nothing was charged; some cases kill this one too, at a step of
//      its own;
//   3. if 2 was killed, restarts and does the same.
// Then the parent checks the journal against the ledger. Exit status 0 when no case failed.
//
// The kiosk's real process will take the place of --child later: the steps are named
// DeskStep values plus three printing steps of the child (print-started, document-printed).

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/payment/nexo_key_file.hpp"
#include "madoguchi/payment/nexo_terminal.hpp"
#include "madoguchi/payment/payment_desk.hpp"
#include "madoguchi/payment/terminal_post.hpp"
#include "support/tool_options.hpp"

namespace {

namespace fs = std::filesystem;
using madoguchi::kiosk::ChildProcess;
using namespace madoguchi::payment;
using Json = nlohmann::json;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr int kFeeYen = 300;
constexpr int kRebootMs = 150;
constexpr const char* kPoiId = "V400m-324688179";

// The terminal as the kiosk is told of it: its address, its root, its key (in `folder`, where
// the simulator keeps them).
madoguchi::payment::TerminalAddress terminal_address(const fs::path& folder, int port) {
  madoguchi::payment::TerminalAddress address;
  address.host = "127.0.0.1";
  address.port = port;
  address.certificate_name = madoguchi::payment::terminal_certificate_name(kPoiId, false);
  address.root_certificate = folder / "certificates" / "root.pem";
  return address;
}

std::optional<madoguchi::payment::nexo::NexoCipher> terminal_cipher(const fs::path& folder) {
  auto key = madoguchi::payment::nexo::read_key_file(folder / "terminal-key");
  if (!key) return std::nullopt;
  auto cipher = madoguchi::payment::nexo::NexoCipher::from_key(*key);
  if (!cipher) return std::nullopt;
  return std::move(*cipher);
}

// --- The kiosk process (--child) -----------------------------------------------------------

struct ChildOptions {
  std::string mode;  // pay | recover
  fs::path journal;
  int port = 0;
  fs::path terminal;  // the simulator's folder: its root certificate and the shared key
  std::string sale_id;
  std::string reference;
  fs::path documents;
  std::string die_at;  // a step name, or empty
  std::string policy = "reprint";
};

[[noreturn]] void die() {
  // What a power cut or the OOM killer does: no destructor, no flush, no goodbye.
  ::kill(::getpid(), SIGKILL);
  std::abort();
}

void maybe_die(const ChildOptions& options, std::string_view step) {
  if (options.die_at == step) die();
}

// The "document": written to a temporary file, fsync'd, renamed; complete when it ends in END.
void print_document(const ChildOptions& options, const JournalEntry& entry) {
  const auto final_path = options.documents / (options.reference + ".doc");
  const auto temporary = options.documents / (options.reference + ".doc.tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << "application " << options.reference << "\npaid " << entry.poi_transaction_id << " "
        << entry.authorized_yen << " yen\n";
    out.flush();
    maybe_die(options, "print-started");
    out << "END\n";
  }
  fs::rename(temporary, final_path);
  maybe_die(options, "document-printed");
}

void write_counter_slip(const ChildOptions& options, const JournalEntry& entry) {
  std::ofstream out(options.documents / (options.reference + ".slip"), std::ios::trunc);
  out << "counter slip " << options.reference << " " << entry.sale_transaction_id << " "
      << entry.poi_transaction_id << "\nEND\n";
}

void deliver(PaymentDesk& desk, const ChildOptions& options, const JournalEntry& entry) {
  if (options.policy == "counter") {
    write_counter_slip(options, entry);
    desk.hand_to_counter(entry.sale_transaction_id);
    return;
  }
  if (options.policy == "reverse") {
    const auto reversal = desk.reverse(entry.sale_transaction_id, ReversalReason::CustomerCancel);
    if (reversal.reversed() || reversal.state == JournalState::ReversalSent) return;
    // Could not reverse: the counter gives the document instead.
    write_counter_slip(options, entry);
    desk.hand_to_counter(entry.sale_transaction_id);
    return;
  }
  print_document(options, entry);
  desk.mark_document_done(entry.sale_transaction_id);
}

int run_child(const ChildOptions& options) {
  auto journal = PaymentJournal::open(options.journal, "CM");
  if (!journal) {
    std::fprintf(stderr, "child: %s\n", journal.error().message.c_str());
    return 3;
  }
  NexoOptions nexo;
  nexo.connect_timeout = milliseconds(500);
  nexo.request_timeout = milliseconds(600);
  nexo.abort_grace = milliseconds(200);
  nexo.after_payment_sent = [&](const std::string&, const std::string&) {
    maybe_die(options, "request-sent");
  };
  const auto cipher = terminal_cipher(options.terminal);
  if (!cipher) {
    std::fprintf(stderr, "child: no terminal key in %s\n", options.terminal.c_str());
    return 3;
  }
  NexoTerminal terminal(terminal_address(options.terminal, options.port), *cipher, options.sale_id,
                        kPoiId, nexo);
  DeskOptions desk_options;
  desk_options.payment_timeout = milliseconds(400);
  desk_options.status_checks = 4;
  desk_options.status_interval = milliseconds(100);
  desk_options.checkpoint = [&](DeskStep step, const std::string&) {
    maybe_die(options, to_string(step));
  };
  PaymentDesk desk(*journal, terminal, desk_options);

  // Start-up: settle what an earlier run left (a rebooting terminal may need a few tries),
  // deliver what was paid for, and let the resident pay if nothing of theirs was charged.
  Fee fee;
  fee.amount_yen = kFeeYen;
  fee.description = "住民票の写し 1通";
  for (int round = 0; round < 4; ++round) {
    // A terminal that reboots is back in a few hundred milliseconds; on a loaded machine (CI's
    // two cores running other tests beside this one) its restart can take seconds.
    auto report = desk.settle();
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!report.still_in_doubt.empty() && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(milliseconds(100));
      report = desk.settle();
    }
    if (!report.still_in_doubt.empty()) {
      std::fprintf(stderr, "child: %zu payments still in doubt\n", report.still_in_doubt.size());
      return 4;
    }
    for (const auto& entry : report.approved_without_document) deliver(desk, options, entry);
    const auto entries = journal->entries();
    const bool settled_already =
        std::any_of(entries.begin(), entries.end(), [](const JournalEntry& entry) {
          return charged(entry.state) || entry.state == JournalState::Reversed;
        });
    if (settled_already) return 0;
    if (round > 0 && options.mode == "pay") return 0;  // the fault stays; the next run pays
    const auto payment = desk.pay(fee, PaymentMethod::Any, options.reference);
    if (payment.paid()) {
      print_document(options, *journal->find(payment.id));
      desk.mark_document_done(payment.id);
      return 0;
    }
    // Declined, cancelled, unavailable or in doubt: the next round settles and decides.
    std::this_thread::sleep_for(milliseconds(50));
  }
  std::fprintf(stderr, "child: the resident could not pay\n");
  return 7;
}

// --- The parent ------------------------------------------------------------------------------

struct Case {
  std::string fault;
  std::string kill;           // step at which the paying process dies ("" = it does not)
  std::string policy;         // reprint | counter | reverse
  std::string recovery_kill;  // step at which the first recovering process dies
};

struct CaseResult {
  bool killed = false;           // the paying process died at its step
  bool recovery_killed = false;  // so did the first recovering one
  std::vector<std::string> failures;
};

class Simulator {
 public:
  bool start(const fs::path& program, const fs::path& directory) {
    folder_ = directory;
    std::error_code ignored;
    if (!fs::exists(directory / "terminal-key", ignored) &&
        !madoguchi::payment::nexo::write_new_key_file(directory / "terminal-key", "MADOGUCHI-TEST",
                                                      1)) {
      return false;
    }
    port_ = madoguchi::kiosk::free_loopback_port();
    auto started = ChildProcess::start(
        {program.string(), "--port", std::to_string(port_), "--ledger",
         (directory / "ledger.sqlite").string(), "--reboot-ms", std::to_string(kRebootMs),
         "--poi-id", kPoiId, "--key", (directory / "terminal-key").string(), "--certificates",
         (directory / "certificates").string()},
        directory / "terminal-simulator.log");
    if (!started) return false;
    process_ = std::move(*started);
    return wait_until_up(milliseconds(5000));
  }

  int port() const { return port_; }
  const fs::path& folder() const { return folder_; }

  std::optional<Json> control(const Json& request) {
    const auto line = madoguchi::payment::post_to_terminal(terminal_address(folder_, port_),
                                                           "/control", request.dump(),
                                                           milliseconds(1000), milliseconds(2000));
    if (!line) return std::nullopt;
    auto answer = Json::parse(*line, nullptr, false);
    if (!answer.is_object() || !answer.contains("SimulatorControlResponse")) return std::nullopt;
    return answer["SimulatorControlResponse"];
  }

  bool wait_until_up(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (!process_.running()) return false;
      if (control(Json::object())) return true;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return false;
  }

  bool set_fault(const std::string& fault) {
    const auto answer = control({{"fault", fault}});
    return answer && !answer->contains("error");
  }

  // Up, and the fault set. A terminal told to reboot may still answer the first control
  // message and be gone for the second, so both are tried again until the deadline.
  bool set_fault_when_up(const std::string& fault, milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (!wait_until_up(left)) return false;
      if (set_fault(fault)) return true;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return false;
  }

  std::optional<Json> ledger() {
    const auto answer = control({{"ledger", true}});
    if (!answer || !answer->contains("ledger")) return std::nullopt;
    return answer;
  }

 private:
  int port_ = 0;
  fs::path folder_;
  ChildProcess process_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool complete(const fs::path& path) {
  const auto text = read_file(path);
  return text.size() >= 4 && text.ends_with("END\n");
}

// Runs one kiosk process to its end; true when it died of SIGKILL.
std::optional<bool> run_kiosk(const fs::path& self, const ChildOptions& options,
                              const fs::path& log, std::string& problem) {
  std::vector<std::string> argv{self.string(),
                                "--child",
                                options.mode,
                                "--journal",
                                options.journal.string(),
                                "--port",
                                std::to_string(options.port),
                                "--terminal",
                                options.terminal.string(),
                                "--sale-id",
                                options.sale_id,
                                "--reference",
                                options.reference,
                                "--documents",
                                options.documents.string(),
                                "--policy",
                                options.policy};
  if (!options.die_at.empty()) {
    argv.push_back("--die-at");
    argv.push_back(options.die_at);
  }
  auto child = ChildProcess::start(argv, log);
  if (!child) {
    problem = "cannot start the kiosk process: " + child.error();
    return std::nullopt;
  }
  const int status = child->wait(milliseconds(30000));
  if (status == -1) {
    problem = "kiosk process (" + options.mode + ") did not finish in 30 s";
    child->kill_now();
    return std::nullopt;
  }
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return true;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return false;
  problem = "kiosk process (" + options.mode + ") ended with status " + std::to_string(status) +
            "; see " + log.string();
  return std::nullopt;
}

// The checks, for one case, once every kiosk process is gone.
void verify(Simulator& simulator, const Case& c, const ChildOptions& options, CaseResult& result) {
  auto fail = [&](std::string what) { result.failures.push_back(std::move(what)); };
  auto opened = PaymentJournal::open(options.journal, "CM");
  if (!opened) return fail("cannot open the journal: " + opened.error().message);
  auto& journal = *opened;
  const auto answer = simulator.ledger();
  if (!answer) return fail("cannot read the ledger");

  std::map<std::string, Json> ledger;  // this case's rows, by SaleTransactionID
  for (const auto& row : (*answer)["ledger"]) {
    if (row.value("sale_id", "") == options.sale_id) {
      ledger[row.value("sale_transaction_id", "")] = row;
    }
  }
  std::map<std::string, JournalEntry> entries;
  for (const auto& entry : journal.entries()) {
    entries[entry.sale_transaction_id] = entry;
    const auto state = std::string(to_string(entry.state));
    if (unsettled(entry.state))
      fail("journal entry left " + state + ": " + entry.sale_transaction_id);
    if (entry.state == JournalState::Approved) {
      fail("approved without document, counter slip or reversal: " + entry.sale_transaction_id);
    }
  }
  int kept = 0;  // approvals the terminal kept (not reversed)
  for (const auto& [id, row] : ledger) {
    const auto state = row.value("state", "");
    if (state == "InProgress") fail("the terminal still has " + id + " in progress");
    if (state != "Approved") continue;
    const bool reversed = row.value("reversed", false);
    if (!reversed) ++kept;
    const auto entry = entries.find(id);
    if (entry == entries.end()) {
      fail("the terminal charged " + id + ", which the journal does not know");
      continue;
    }
    const auto journal_state = entry->second.state;
    if (reversed != (journal_state == JournalState::Reversed)) {
      fail(id + ": ledger reversed=" + std::string(reversed ? "yes" : "no") + ", journal " +
           std::string(to_string(journal_state)));
    }
    if (!reversed && journal_state != JournalState::DocumentDone &&
        journal_state != JournalState::HandedToCounter) {
      fail(id + " charged but journal says " + std::string(to_string(journal_state)));
    }
    if (entry->second.poi_transaction_id != row.value("poi_transaction_id", "")) {
      fail(id + ": POITransactionID differs between journal and ledger");
    }
  }
  for (const auto& [id, entry] : entries) {
    if ((entry.state == JournalState::Declined || entry.state == JournalState::Cancelled ||
         entry.state == JournalState::NotCharged) &&
        ledger.contains(id) && ledger[id].value("state", "") == "Approved") {
      fail(id + ": journal says " + std::string(to_string(entry.state)) +
           " but the terminal charged it");
    }
  }
  if (kept > 1) fail("double charge: " + std::to_string(kept) + " approvals kept");
  const bool reversed_by_policy =
      c.policy == "reverse" && std::any_of(entries.begin(), entries.end(), [](const auto& pair) {
        return pair.second.state == JournalState::Reversed;
      });
  if (kept != (reversed_by_policy ? 0 : 1)) {
    fail("the resident ended with " + std::to_string(kept) + " payments kept (expected " +
         (reversed_by_policy ? "0" : "1") + ")");
  }
  // What was paid for was delivered: a complete document, or a counter slip.
  for (const auto& [id, entry] : entries) {
    if (entry.state == JournalState::DocumentDone &&
        !complete(options.documents / (options.reference + ".doc"))) {
      fail(id + " is DocumentDone but no complete document exists");
    }
    if (entry.state == JournalState::HandedToCounter &&
        !complete(options.documents / (options.reference + ".slip"))) {
      fail(id + " was handed to the counter without a slip");
    }
  }
  // The daily totals: the journal's and the terminal's for this SaleID.
  NexoOptions nexo;
  nexo.connect_timeout = milliseconds(500);
  nexo.request_timeout = milliseconds(1000);
  const auto cipher = terminal_cipher(simulator.folder());
  if (!cipher) {
    fail("no terminal key in " + simulator.folder().string());
    return;
  }
  NexoTerminal terminal(terminal_address(simulator.folder(), simulator.port()), *cipher,
                        options.sale_id, kPoiId, nexo);
  const auto totals = terminal.totals();
  if (!totals.ok()) {
    fail("no totals from the terminal: " + totals.message);
  } else if (totals.methods != journal.open_totals()) {
    fail("the journal's totals differ from the terminal's");
  }
}

CaseResult run_case(const fs::path& self, Simulator& simulator, const fs::path& directory,
                    int number, const Case& c) {
  CaseResult result;
  const auto case_dir = directory / ("case-" + std::to_string(number));
  fs::create_directories(case_dir / "documents");
  ChildOptions options;
  options.journal = case_dir / "journal.sqlite";
  options.port = simulator.port();
  options.terminal = simulator.folder();
  options.sale_id = "CRASH-" + std::to_string(number);
  options.reference = "case-" + std::to_string(number);
  options.documents = case_dir / "documents";
  options.policy = c.policy;

  if (!simulator.set_fault_when_up(c.fault, milliseconds(5000))) {
    result.failures.push_back("cannot set fault " + c.fault);
    return result;
  }
  std::string problem;
  options.mode = "pay";
  options.die_at = c.kill;
  const auto first = run_kiosk(self, options, case_dir / "kiosk-1.log", problem);
  if (!first) {
    result.failures.push_back(problem);
    return result;
  }
  result.killed = *first;
  // The kiosk restarts against a terminal without the fault (a rebooted one comes back).
  if (!simulator.set_fault_when_up("none", milliseconds(5000))) {
    result.failures.push_back("the terminal did not come back");
    return result;
  }
  options.mode = "recover";
  options.die_at = c.recovery_kill;
  const auto second = run_kiosk(self, options, case_dir / "kiosk-2.log", problem);
  if (!second) {
    result.failures.push_back(problem);
    return result;
  }
  result.recovery_killed = *second;
  if (*second) {
    options.die_at.clear();
    if (!run_kiosk(self, options, case_dir / "kiosk-3.log", problem)) {
      result.failures.push_back(problem);
      return result;
    }
  }
  verify(simulator, c, options, result);
  return result;
}

std::vector<Case> cases(bool quick) {
  const std::vector<std::string> faults{"none",
                                        "decline",
                                        "timeout",
                                        "drop-before-response",
                                        "drop-after-response",
                                        "unknown",
                                        "unknown-not-charged",
                                        "offline",
                                        "reboot",
                                        "reboot-before-charge"};
  const std::vector<std::string> kills{"",
                                       "intent-written",
                                       "sent-written",
                                       "request-sent",
                                       "answer-received",
                                       "answer-written",
                                       "status-received",
                                       "print-started",
                                       "document-printed",
                                       "document-done-written"};
  const std::vector<std::string> quick_faults{"none", "timeout", "drop-after-response", "unknown",
                                              "reboot"};
  std::vector<Case> list;
  for (const auto& fault : quick ? quick_faults : faults) {
    for (const auto& kill : kills) list.push_back({fault, kill, "reprint", ""});
  }
  // A document that cannot be printed goes to the counter...
  for (const auto& fault : {"none", "drop-after-response", "reboot"}) {
    for (const auto& kill : {"answer-written", "print-started", "document-printed"}) {
      list.push_back({fault, kill, "counter", ""});
    }
  }
  // ... or is reversed with consent, and the reversal itself is interrupted.
  for (const auto& fault : {"none", "unknown", "reboot"}) {
    for (const auto& kill : {"answer-written", "print-started"}) {
      for (const auto& recovery : {"", "reversal-intent-written", "reversal-answer-received"}) {
        list.push_back({fault, kill, "reverse", recovery});
      }
    }
  }
  // The restarted kiosk dies too, while settling or reprinting.
  for (const auto& fault : {"none", "timeout", "drop-after-response", "unknown", "reboot"}) {
    for (const auto& kill : {"sent-written", "request-sent", "answer-received"}) {
      for (const auto& recovery : {"status-received", "print-started", "document-printed"}) {
        list.push_back({fault, kill, "reprint", recovery});
      }
    }
  }
  return list;
}

// How long one fsync'd journal transaction takes on this disk.
std::pair<double, double> journal_write_ms(const fs::path& directory) {
  auto journal = PaymentJournal::open(directory / "latency.sqlite", "LAT");
  if (!journal) return {0, 0};
  NewPayment payment;
  payment.reference = "latency";
  payment.amount_yen = 300;
  std::vector<double> samples;
  for (int i = 0; i < 100; ++i) {
    const auto started = Clock::now();
    const auto entry = journal->begin_payment(payment);
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    if (!entry) break;
    const auto sent_started = Clock::now();
    journal->record_sent(entry->sale_transaction_id, "S");
    samples.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - sent_started).count());
  }
  std::sort(samples.begin(), samples.end());
  if (samples.empty()) return {0, 0};
  return {samples[samples.size() / 2], samples[samples.size() * 9 / 10]};
}

fs::path simulator_program(const std::optional<std::string>& given) {
  if (given) return *given;
  if (const char* path = std::getenv("MADOGUCHI_TERMINAL_SIMULATOR")) return path;
  const fs::path built = fs::path(MADOGUCHI_BINARY_DIR) / "payment" / "terminal-simulator";
  if (fs::exists(built)) return built;
  return madoguchi::kiosk::find_sibling_program("terminal-simulator");
}

int run_matrix(bool quick, bool verbose, const std::optional<std::string>& simulator_path,
               const std::optional<std::string>& keep) {
  const auto self = fs::read_symlink("/proc/self/exe");
  fs::path directory;
  if (keep) {
    directory = *keep;
    fs::create_directories(directory);
  } else {
    auto pattern = (fs::temp_directory_path() / "madoguchi-crash-matrix-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return 2;
    directory = pattern;
  }
  const auto started = Clock::now();
  Simulator simulator;
  if (!simulator.start(simulator_program(simulator_path), directory)) {
    std::fprintf(stderr, "payment_crash_matrix: the terminal simulator did not start (%s)\n",
                 (directory / "terminal-simulator.log").c_str());
    return 2;
  }
  const auto list = cases(quick);
  int failures = 0;
  int killed = 0;
  int recovery_killed = 0;
  std::map<std::string, std::pair<int, int>> by_kill;  // kill step -> cases, failures
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& c = list[i];
    const auto case_started = Clock::now();
    const auto result = run_case(self, simulator, directory, static_cast<int>(i + 1), c);
    const auto case_ms =
        std::chrono::duration_cast<milliseconds>(Clock::now() - case_started).count();
    killed += result.killed ? 1 : 0;
    recovery_killed += result.recovery_killed ? 1 : 0;
    auto& line = by_kill[c.kill.empty() ? "(no kill)" : c.kill];
    ++line.first;
    const std::string name =
        "case " + std::to_string(i + 1) + ": fault " + c.fault + ", kill " +
        (c.kill.empty() ? "-" : c.kill) + (result.killed ? "" : " (not reached)") + ", policy " +
        c.policy + (c.recovery_kill.empty() ? "" : ", recovery kill " + c.recovery_kill) +
        (c.recovery_kill.empty() || result.recovery_killed ? "" : " (not reached)");
    if (!result.failures.empty()) {
      ++failures;
      ++line.second;
      std::printf("FAIL %s [%lld ms]\n", name.c_str(), static_cast<long long>(case_ms));
      for (const auto& failure : result.failures) std::printf("     %s\n", failure.c_str());
    } else if (verbose) {
      std::printf("ok   %s [%lld ms]\n", name.c_str(), static_cast<long long>(case_ms));
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const auto [median_ms, p90_ms] = journal_write_ms(directory);
  std::printf("\npayment crash matrix%s: %zu cases, %d failures (%.1f s)\n",
              quick ? " (quick)" : "", list.size(), failures, seconds);
  std::printf("  paying kiosk killed at its step in %d cases, the restarted kiosk killed in %d\n",
              killed, recovery_killed);
  std::printf("  %-24s %6s %9s\n", "kill step", "cases", "failures");
  for (const auto& [kill, counts] : by_kill) {
    std::printf("  %-24s %6d %9d\n", kill.c_str(), counts.first, counts.second);
  }
  std::printf("  journal write (one fsync'd transaction): median %.2f ms, p90 %.2f ms\n", median_ms,
              p90_ms);
  if (!keep && failures == 0) {
    std::error_code error;
    fs::remove_all(directory, error);
  } else {
    std::printf("  files kept in %s\n", directory.c_str());
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--child") {
    ChildOptions options;
    for (std::size_t i = 1; i < args.size(); ++i) {
      const auto& flag = args[i];
      if (i == 1) {
        options.mode = flag;
        continue;
      }
      if (i + 1 >= args.size()) return 2;
      const auto& value = args[++i];
      if (flag == "--journal") {
        options.journal = value;
      } else if (flag == "--port") {
        options.port = std::atoi(value.c_str());
      } else if (flag == "--terminal") {
        options.terminal = value;
      } else if (flag == "--sale-id") {
        options.sale_id = value;
      } else if (flag == "--reference") {
        options.reference = value;
      } else if (flag == "--documents") {
        options.documents = value;
      } else if (flag == "--die-at") {
        options.die_at = value;
      } else if (flag == "--policy") {
        options.policy = value;
      } else {
        return 2;
      }
    }
    return run_child(options);
  }
  bool quick = false;
  bool verbose = false;
  std::string simulator;
  std::string keep;
  madoguchi::tests::start_tool(
      madoguchi::tests::ToolOptions("payment_crash_matrix",
                                    "A paying process killed at each step of a payment against "
                                    "the terminal simulator:\nno double charge, no lost "
                                    "payment (docs/benchmarks.md).")
          .flag("--quick", quick, "the quick set (ctest)")
          .flag("--verbose", verbose, "every case's details")
          .text("--simulator", "PATH", simulator, "the terminal simulator (default: the build's)")
          .text("--keep", "DIR", keep, "keep the runs' files in DIR"),
      argc, argv);
  return run_matrix(quick, verbose,
                    simulator.empty() ? std::nullopt : std::optional<std::string>(simulator),
                    keep.empty() ? std::nullopt : std::optional<std::string>(keep));
}
