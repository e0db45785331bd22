#include "madoguchi/kiosk/check.hpp"

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "madoguchi/card/reader.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/office_settings.hpp"
#include "madoguchi/kiosk/printer_words.hpp"
#include "madoguchi/kiosk/roster.hpp"
#include "madoguchi/kiosk/translations.hpp"
#include "madoguchi/payment/nexo_terminal.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "madoguchi/submission/directory_inbox.hpp"
#include "madoguchi/submission/postgres_inbox.hpp"

namespace madoguchi::kiosk {

namespace fs = std::filesystem;
using Verdict = CheckResult::Verdict;

namespace {

CheckResult ok(std::string name, std::string detail) {
  return CheckResult{std::move(name), Verdict::Ok, std::move(detail), {}};
}
CheckResult fault(std::string name, std::string detail) {
  return CheckResult{std::move(name), Verdict::Fault, std::move(detail), {}};
}
CheckResult not_configured(std::string name, std::string detail) {
  return CheckResult{std::move(name), Verdict::NotConfigured, std::move(detail), {}};
}

CheckResult check_procedures(const fs::path& folder) {
  forms::Catalog catalog = forms::load_catalog(folder);
  if (catalog.errors.empty()) {
    if (catalog.procedures.empty())
      return fault("procedures", "no procedure file in " + folder.string());
    return ok("procedures",
              std::to_string(catalog.procedures.size()) + " procedures in " + folder.string());
  }
  CheckResult result = fault(
      "procedures", std::to_string(catalog.errors.size()) + " problem(s) in " + folder.string() +
                        "; " + std::to_string(catalog.procedures.size()) + " procedures load");
  for (const auto& error : catalog.errors) result.problems.push_back(error.to_string());
  return result;
}

CheckResult check_office(const fs::path& file, const fs::path& catalog) {
  auto office = load_office_settings(file);
  if (!office) return fault("office.json", office.error().to_string());
  if (auto misfit = office_misfit(*office, file, forms::load_catalog(catalog).procedures)) {
    return fault("office.json", misfit->to_string());
  }
  return ok("office.json", file.string() + ": " + office->office.town_name);
}

CheckResult check_volunteers(const fs::path& file) {
  auto roster = Roster::load(file, RosterKind::Volunteers);
  if (!roster) return fault("volunteers", roster.error());
  if (roster->empty()) return not_configured("volunteers", "no roster: assist mode is off");
  return ok("volunteers", std::to_string(roster->size()) + " volunteers in " + file.string());
}

CheckResult check_staff(const fs::path& file) {
  auto roster = Roster::load(file, RosterKind::Staff);
  if (!roster) return fault("staff", roster.error());
  if (roster->empty()) return not_configured("staff", "no roster: no staff menu on the kiosk");
  return ok("staff", std::to_string(roster->size()) + " staff in " + file.string());
}

CheckResult check_languages(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    return not_configured("languages", folder.string() + " is missing: Japanese only");
  }
  auto translations = Translations::load(folder);
  if (!translations) return fault("languages", translations.error());
  std::string codes;
  for (const auto& language : translations->languages()) {
    codes += (codes.empty() ? "" : ", ") + language.code;
  }
  return ok("languages", codes);
}

CheckResult check_fonts(const fs::path& font, const fs::path& bold_font) {
  auto renderer = printer::PdfRenderer::create(font, bold_font);
  if (!renderer) return fault("fonts", renderer.error().message);
  return ok("fonts", font.string() + ", " + bold_font.string());
}

CheckResult check_reader(const std::string& wanted) {
  auto readers = card::CardReaders::open();
  if (!readers) return fault("reader", "pcscd: " + card::describe(readers.error()));
  auto names = readers->list();
  if (!names) return fault("reader", card::describe(names.error()));
  std::string listed;
  for (const auto& name : *names) listed += (listed.empty() ? "" : ", ") + name;
  if (!wanted.empty() && std::find(names->begin(), names->end(), wanted) == names->end()) {
    return fault("reader", "\"" + wanted + "\" is not connected; pcscd lists: " + listed);
  }
  return ok("reader", wanted.empty() ? listed : wanted);
}

CheckResult check_terminal(const TerminalSettings& settings, std::chrono::milliseconds timeout) {
  payment::NexoOptions options;
  options.connect_timeout = timeout;
  options.request_timeout = timeout;
  const std::string where = settings.where();
  // A SaleID of its own: the check logs in and out without touching a kiosk's payments.
  auto terminal = open_terminal(settings, "MADOGUCHI-CHECK", options);
  if (!terminal) return fault("terminal", where + ": " + terminal.error());
  const payment::TerminalHealth health = (*terminal)->health();
  if (!health.reachable) return fault("terminal", where + ": " + health.message);
  (*terminal)->logout();
  if (!health.networks_online) return fault("terminal", where + ": " + health.message);
  return ok("terminal", where + ": logged in, card networks online");
}

CheckResult check_printer(const std::string& name, const std::string& uri,
                          std::chrono::milliseconds timeout) {
  printer::IppOptions options;
  options.connect_timeout = timeout;
  printer::IppPrinter printer(uri, options);
  auto status = printer.status();
  if (!status) return fault(name, uri + ": " + status.error().message);
  std::string reasons;
  for (const auto& reason : status->reasons) reasons += (reasons.empty() ? "" : ", ") + reason;
  const auto conditions = status->conditions();
  if (const auto* blocking = printer::first_blocking(conditions)) {
    return fault(name,
                 uri + ": " + blocking->reason + " (" + printer_condition_words(*blocking) + ")");
  }
  if (!status->accepting) return fault(name, uri + ": not accepting jobs");
  const char* state = status->state == 3 ? "idle" : status->state == 4 ? "printing" : "stopped";
  if (status->state == 5) return fault(name, uri + ": stopped");
  return ok(name, uri + ": " + state + (reasons.empty() ? "" : " (" + reasons + ")"));
}

CheckResult check_back_office(const std::string& where, std::chrono::milliseconds timeout) {
  if (where.starts_with("postgres:")) {
    submission::PostgresOptions options;
    // libpq counts whole seconds, and at least 2.
    options.connect_timeout = std::max(std::chrono::seconds(2),
                                       std::chrono::duration_cast<std::chrono::seconds>(timeout));
    options.statement_timeout = options.connect_timeout;
    submission::PostgresInbox inbox(where.substr(9), options);
    if (auto checked = inbox.check_access(); !checked) {
      return fault("back office", std::string(submission::to_string(checked.error().kind)) + ": " +
                                      checked.error().message);
    }
    return ok("back office", inbox.name() + ": madoguchi_inbox takes this kiosk's applications");
  }
  submission::DirectoryInbox inbox(where.substr(4));
  if (auto checked = inbox.check_access(); !checked) {
    return fault("back office", checked.error().message);
  }
  return ok("back office", inbox.name() + ": writable");
}

// The checks that wait on another machine or daemon run side by side; one that has not
// answered by the deadline is a fault ("no answer"), and is left behind.
class Parallel {
 public:
  explicit Parallel(std::chrono::steady_clock::time_point deadline) : deadline_(deadline) {}

  void add(std::string name, std::function<CheckResult()> check) {
    const std::size_t slot = state_->results.size();
    state_->results.push_back(fault(name, "gave no answer in time"));
    state_->done.push_back(false);
    std::thread([state = state_, slot, check = std::move(check)] {
      CheckResult result = check();
      std::lock_guard lock(state->mutex);
      state->results[slot] = std::move(result);
      state->done[slot] = true;
      state->changed.notify_all();
    }).detach();
  }

  std::vector<CheckResult> wait() {
    std::unique_lock lock(state_->mutex);
    state_->changed.wait_until(lock, deadline_, [&] {
      return std::all_of(state_->done.begin(), state_->done.end(), [](bool d) { return d; });
    });
    return state_->results;
  }

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<CheckResult> results;
    std::vector<bool> done;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
  std::chrono::steady_clock::time_point deadline_;
};

}  // namespace

std::vector<CheckResult> run_checks(const CheckSettings& s) {
  const auto deadline =
      std::chrono::steady_clock::now() + s.network_timeout + std::chrono::seconds(3);
  Parallel waiting(deadline);
  waiting.add("reader", [reader = s.reader] { return check_reader(reader); });
  if (s.terminal.configured()) {
    waiting.add("terminal", [terminal = s.terminal, timeout = s.network_timeout] {
      return check_terminal(terminal, timeout);
    });
  }
  if (!s.printer_uri.empty()) {
    waiting.add("printer", [uri = s.printer_uri, timeout = s.network_timeout] {
      return check_printer("printer", uri, timeout);
    });
  }
  if (!s.slip_printer_uri.empty() && s.slip_printer_uri != s.printer_uri) {
    waiting.add("slip printer", [uri = s.slip_printer_uri, timeout = s.network_timeout] {
      return check_printer("slip printer", uri, timeout);
    });
  }
  if (!s.back_office.empty()) {
    waiting.add("back office", [where = s.back_office, timeout = s.network_timeout] {
      return check_back_office(where, timeout);
    });
  }

  std::vector<CheckResult> results;
  results.push_back(check_procedures(s.catalog));
  results.push_back(check_office(s.office, s.catalog));
  results.push_back(check_volunteers(s.volunteers));
  results.push_back(check_staff(s.staff));
  results.push_back(check_languages(s.languages));
  results.push_back(check_fonts(s.font, s.bold_font));
  for (CheckResult& result : waiting.wait()) results.push_back(std::move(result));
  if (!s.terminal.configured()) {
    results.push_back(not_configured("terminal", "no --terminal: fees cannot be paid here"));
  }
  if (s.printer_uri.empty()) {
    results.push_back(not_configured("printer", "no --printer: forms are written as PDF files"));
  }
  if (s.back_office.empty()) {
    results.push_back(not_configured("back office",
                                     "no --back-office: applications stay in this kiosk's outbox"));
  }
  return results;
}

std::string describe(const std::vector<CheckResult>& results) {
  std::ostringstream out;
  for (const CheckResult& r : results) {
    const char* verdict = r.verdict == Verdict::Ok      ? "ok   "
                          : r.verdict == Verdict::Fault ? "FAULT"
                                                        : "-    ";
    out << verdict << "  " << r.name << ": " << r.detail << "\n";
    for (const std::string& problem : r.problems) out << "         " << problem << "\n";
  }
  return out.str();
}

nlohmann::json to_json(const std::vector<CheckResult>& results) {
  nlohmann::json checks = nlohmann::json::array();
  bool all_ok = true;
  for (const CheckResult& r : results) {
    all_ok = all_ok && !r.fault();
    checks.push_back({{"name", r.name},
                      {"verdict", r.verdict == Verdict::Ok      ? "ok"
                                  : r.verdict == Verdict::Fault ? "fault"
                                                                : "not_configured"},
                      {"detail", r.detail},
                      {"problems", r.problems}});
  }
  return {{"ok", all_ok}, {"checks", checks}};
}

}  // namespace madoguchi::kiosk
