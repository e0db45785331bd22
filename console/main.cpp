// madoguchi-console: the counter's program for its kiosks (issue 19, docs/counter.md). Each
// member of staff signs in with a PostgreSQL role of their own (the connection string's user=,
// the password from their passfile).
// The window (console_app.hpp): 呼び出し, キオスク, 数字 —
//   madoguchi-console --back-office postgres:CONNINFO [--catalog DIR]
//       [--days N] [--screenshot FILE.png [--tab calls|kiosks|numbers]]
//   (--catalog: the procedures' titles for the numbers; --days: their period at first, the last
//   N days; --screenshot: draws the tab once the back office has answered, saves it and exits.)
// Headless, for scripts and tests:
//   madoguchi-console --back-office postgres:CONNINFO --calls [--json]
//       the calls not yet taken, oldest first
//   madoguchi-console --back-office postgres:CONNINFO --take CALL_ID
//       takes the call as this role (the kiosk then says 係員が向かっています); exit 1 when
//       someone took it first
//   madoguchi-console --back-office postgres:CONNINFO --next-call SECONDS [--json]
//       waits up to SECONDS for a call (NOTIFY, no polling) and prints it; exit 1 when none came
//   madoguchi-console --back-office postgres:CONNINFO --kiosks [--json]
//       every kiosk's latest health report and what in it needs a clerk
//   madoguchi-console --back-office postgres:CONNINFO --report --from YYYY-MM-DD --to YYYY-MM-DD
//       [--json | --csv]
//       the town's numbers for those days (both included, in the town's time zone)
// Exit 2 when the back office cannot be reached or refuses, naming it and why.
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "console_app.hpp"
#include "madoguchi/counter/call_board.hpp"
#include "madoguchi/counter/kiosk_health.hpp"
#include "madoguchi/counter/visit_book.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/command_line.hpp"
#include "report_output.hpp"

namespace {

using namespace madoguchi;

struct Options {
  std::string conninfo;
  bool calls = false;
  bool kiosks = false;
  bool report = false;
  bool csv = false;
  std::string from, to;
  std::filesystem::path catalog, screenshot;
  std::string tab = "calls";
  int days = 1;
  bool json = false;
  std::int64_t take = 0;
  int next_call_seconds = -1;
};

void usage() {
  std::cerr << "usage: madoguchi-console --back-office postgres:CONNINFO --calls [--json]\n"
               "       madoguchi-console --back-office postgres:CONNINFO --take CALL_ID\n"
               "       madoguchi-console --back-office postgres:CONNINFO --next-call SECONDS "
               "[--json]\n"
               "       madoguchi-console --back-office postgres:CONNINFO --kiosks [--json]\n"
               "       madoguchi-console --back-office postgres:CONNINFO --report --from "
               "YYYY-MM-DD --to YYYY-MM-DD [--json | --csv]\n";
}

bool is_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int month = std::stoi(text.substr(5, 2));
  const int day = std::stoi(text.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::optional<Options> parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--calls") {
      o.calls = true;
      continue;
    }
    if (arg == "--kiosks" || arg == "--report" || arg == "--csv") {
      (arg == "--kiosks" ? o.kiosks : arg == "--report" ? o.report : o.csv) = true;
      continue;
    }
    if (arg == "--json") {
      o.json = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "madoguchi-console: " << arg << " needs a value\n";
      return std::nullopt;
    }
    const std::string value = argv[++i];
    if (arg == "--back-office") {
      auto where = kiosk::command_line::back_office(value);
      if (!where || !where->starts_with("postgres:")) {
        std::cerr << "madoguchi-console: --back-office: "
                  << (where ? "the console needs postgres:CONNINFO (calls live there)"
                            : where.error())
                  << "\n";
        return std::nullopt;
      }
      o.conninfo = where->substr(9);
      if (auto allowed = storage::check_postgres_conninfo(o.conninfo); !allowed) {
        std::cerr << "madoguchi-console: --back-office: " << allowed.error() << "\n";
        return std::nullopt;
      }
    } else if (arg == "--from" || arg == "--to") {
      if (!is_date(value)) {
        std::cerr << "madoguchi-console: " << arg << " takes a date YYYY-MM-DD, not \"" << value
                  << "\"\n";
        return std::nullopt;
      }
      (arg == "--from" ? o.from : o.to) = value;
    } else if (arg == "--catalog") {
      o.catalog = value;
    } else if (arg == "--screenshot") {
      o.screenshot = value;
    } else if (arg == "--days") {
      o.days = std::atoi(value.c_str());
      if (o.days < 1 || o.days > 366) {
        std::cerr << "madoguchi-console: --days takes 1 to 366\n";
        return std::nullopt;
      }
    } else if (arg == "--tab") {
      if (value != "calls" && value != "kiosks" && value != "numbers") {
        std::cerr << "madoguchi-console: --tab is calls, kiosks or numbers\n";
        return std::nullopt;
      }
      o.tab = value;
    } else if (arg == "--take") {
      char* end = nullptr;
      o.take = std::strtoll(value.c_str(), &end, 10);
      if (end == value.c_str() || *end != '\0' || o.take <= 0) {
        std::cerr << "madoguchi-console: --take needs a call's number, not \"" << value << "\"\n";
        return std::nullopt;
      }
    } else if (arg == "--next-call") {
      o.next_call_seconds = std::atoi(value.c_str());
      if (o.next_call_seconds < 0 || o.next_call_seconds > 3600) {
        std::cerr << "madoguchi-console: --next-call takes 0 to 3600 seconds\n";
        return std::nullopt;
      }
    } else {
      std::cerr << "madoguchi-console: unknown option " << arg << "\n";
      return std::nullopt;
    }
  }
  if (o.report && (o.from.empty() || o.to.empty() || o.to < o.from)) {
    std::cerr << "madoguchi-console: --report needs --from and --to, the first not after the "
                 "last\n";
    return std::nullopt;
  }
  const int modes = (o.calls ? 1 : 0) + (o.kiosks ? 1 : 0) + (o.report ? 1 : 0) +
                    (o.take > 0 ? 1 : 0) + (o.next_call_seconds >= 0 ? 1 : 0);
  if (o.conninfo.empty() || modes > 1) return std::nullopt;
  return o;
}

nlohmann::json json_of(const counter::Call& call) {
  return {{"call", call.id},
          {"kiosk", call.kiosk},
          {"screen", call.request.screen},
          {"step", call.request.step},
          {"steps", call.request.steps},
          {"language", call.request.language},
          {"assisted", call.request.assisted},
          {"called_at", call.called_at},
          {"taken_by", call.taken_by},
          {"taken_at", call.taken_at}};
}

// "#12 kiosk_1 question 3/6 en (volunteer) 2026-12-05T10:00:00Z".
std::string line_of(const counter::Call& call) {
  std::string line = "#" + std::to_string(call.id) + " " + call.kiosk + " " + call.request.screen;
  if (call.request.steps > 0) {
    line += " " + std::to_string(call.request.step) + "/" + std::to_string(call.request.steps);
  }
  line += " " + call.request.language;
  if (call.request.assisted) line += " (volunteer)";
  line += " " + call.called_at;
  if (call.taken()) line += " taken by " + call.taken_by + " " + call.taken_at;
  return line;
}

nlohmann::json json_of(const counter::PrinterHealth& p) {
  return {{"uri", p.uri}, {"state", p.state}, {"reasons", p.reasons}, {"message", p.message}};
}

nlohmann::json json_of(const counter::KioskReport& k) {
  const auto& h = k.health;
  return {{"kiosk", k.kiosk},
          {"reported_at", k.reported_at},
          {"age_seconds", k.age_seconds},
          {"version", h.version},
          {"printer", json_of(h.printer)},
          {"slip_printer", json_of(h.slip_printer)},
          {"terminal", h.terminal},
          {"terminal_detail", h.terminal_detail},
          {"reader", h.reader},
          {"outbox_backlog", h.outbox_backlog},
          {"outbox_oldest", h.outbox_oldest},
          {"payments_in_doubt", h.payments_in_doubt},
          {"disk_free_mb", h.disk_free_mb},
          {"problems", k.problems()}};
}

// "kiosk_1  printer: media-empty; outbox: 2 waiting  (3 s ago)", or "kiosk_1  ok  (3 s ago)".
std::string line_of(const counter::KioskReport& k) {
  std::string problems;
  for (const auto& p : k.problems()) problems += (problems.empty() ? "" : "; ") + p;
  return k.kiosk + "  " + (problems.empty() ? "ok" : problems) + "  (" +
         std::to_string(static_cast<long long>(k.age_seconds)) + " s ago)";
}

int failed(const counter::Failure& failure) {
  std::cerr << "madoguchi-console: " << failure.message << "\n";
  return 2;
}

// The window, for the member of staff signed in with `o.conninfo`.
int open_window(const Options& o) {
  console::ConsoleOptions options;
  options.conninfo = o.conninfo;
  options.font = MADOGUCHI_FONT;
  options.screenshot = o.screenshot;
  options.tab = o.tab;
  options.days = o.days;
  if (!o.catalog.empty()) {
    for (const auto& p : forms::load_catalog(o.catalog).procedures) options.titles[p.id] = p.title;
  }
  auto app = console::ConsoleApp::create(options);
  if (!app) {
    std::cerr << "madoguchi-console: " << app.error() << "\n";
    return 2;
  }
  return (*app)->run();
}

int run(const Options& o) {
  if (!o.calls && !o.kiosks && !o.report && o.take == 0 && o.next_call_seconds < 0) {
    return open_window(o);
  }
  counter::CallBoard board(o.conninfo, "madoguchi-console");
  if (o.calls) {
    auto calls = board.open_calls();
    if (!calls) return failed(calls.error());
    if (o.json) {
      auto list = nlohmann::json::array();
      for (const auto& call : *calls) list.push_back(json_of(call));
      std::cout << list.dump(2) << "\n";
    } else {
      for (const auto& call : *calls) std::cout << line_of(call) << "\n";
      std::cout << calls->size() << " open call(s)\n";
    }
    return 0;
  }
  if (o.report) {
    counter::VisitBook book(o.conninfo, "madoguchi-console");
    auto report = book.report(o.from, o.to);
    if (!report) return failed(report.error());
    std::cout << (o.json  ? console::report_json(*report).dump(2) + "\n"
                  : o.csv ? console::report_csv(*report)
                          : console::report_text(*report));
    return 0;
  }
  if (o.kiosks) {
    counter::HealthBoard health(o.conninfo, "madoguchi-console");
    auto kiosks = health.kiosks();
    if (!kiosks) return failed(kiosks.error());
    if (o.json) {
      auto list = nlohmann::json::array();
      for (const auto& k : *kiosks) list.push_back(json_of(k));
      std::cout << list.dump(2) << "\n";
    } else {
      for (const auto& k : *kiosks) std::cout << line_of(k) << "\n";
      std::cout << kiosks->size() << " kiosk(s)\n";
    }
    return 0;
  }
  if (o.take > 0) {
    auto taken = board.take(o.take);
    if (!taken) return failed(taken.error());
    if (!taken->has_value()) {
      std::cerr << "madoguchi-console: call #" << o.take
                << " is not open: someone took it first, or there is no such call\n";
      return 1;
    }
    std::cout << line_of(**taken) << "\n";
    return 0;
  }
  // --next-call: listening first, then the calls already open count too.
  if (auto listening = board.wait(std::chrono::milliseconds(0)); !listening) {
    return failed(listening.error());
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(o.next_call_seconds);
  for (;;) {
    auto calls = board.open_calls();
    if (!calls) return failed(calls.error());
    if (!calls->empty()) {
      const auto& call = calls->front();
      std::cout << (o.json ? json_of(call).dump(2) : line_of(call)) << "\n";
      return 0;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    if (auto heard = board.wait(left); !heard) return failed(heard.error());
  }
  std::cerr << "madoguchi-console: no call in " << o.next_call_seconds << " s\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = parse(argc, argv);
  if (!options) {
    usage();
    return 2;
  }
  return run(*options);
}
