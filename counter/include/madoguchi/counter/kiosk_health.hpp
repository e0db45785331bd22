// Each kiosk's health, as the counter sees it: every few seconds a kiosk reports what a clerk
// needs (its printers' state and reasons, the payment terminal, the card reader, the outbox's
// backlog, payments in doubt, disk space, its version) into one row of madoguchi_kiosk_health,
// its own (row-level security); staff read every kiosk's row, with how long ago it came.
#pragma once

#include <chrono>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "madoguchi/storage/postgres_link.hpp"

namespace madoguchi::counter {

using Failure = storage::PostgresFailure;

struct PrinterHealth {
  std::string uri;                   // "" when the kiosk has no such printer
  std::string state = "none";        // none, idle, printing, stopped, unreachable
  std::vector<std::string> reasons;  // IPP printer-state-reasons, suffix-stripped: media-empty, …
  std::string message;               // printer-state-message, or why it did not answer
  bool operator==(const PrinterHealth&) const = default;
};

struct KioskHealth {
  std::string version;
  PrinterHealth printer;
  PrinterHealth slip_printer;     // uri "" when the slip prints on the application's printer
  std::string terminal = "none";  // none, logged_in, networks_offline, unreachable
  std::string terminal_detail;
  std::string reader = "missing";  // present, missing, no_pcscd
  int outbox_backlog = 0;          // applications not yet delivered to the back office
  std::string outbox_oldest;       // ISO 8601 UTC of the oldest of them; "" when none
  int payments_in_doubt = 0;       // terminal payments not settled
  long long disk_free_mb = 0;      // on the kiosk's state folder
  bool operator==(const KioskHealth&) const = default;
};

// One thing in a kiosk's report that needs a clerk; each view words it (problems() in English,
// the console's window in Japanese).
struct KioskProblem {
  enum class Kind {
    Silent,               // count: seconds since the last report
    PrinterNotAnswering,  // device: "printer" or "slip printer"
    PrinterReason,        // device; detail: the IPP reason ("media-empty")
    PrinterStopped,       // device: stopped with no reason given
    Terminal,             // detail: "unreachable" or "networks_offline"
    Reader,               // detail: "missing" or "no_pcscd"
    PaymentsInDoubt,      // count
    OutboxWaiting         // count: applications not yet delivered
  } kind = Kind::Silent;
  std::string device;
  std::string detail;
  long long count = 0;
  std::string words() const;  // "printer: media-empty", "no report for 42 s"
};

// A report older than this: the kiosk has stopped reporting (three missed rounds of 5 s).
inline constexpr std::chrono::seconds kKioskSilentAfter{15};

// A kiosk's latest report, for staff.
struct KioskReport {
  std::string kiosk;        // the kiosk's role
  std::string reported_at;  // ISO 8601 UTC, the server's clock
  double age_seconds = 0;   // how long ago, by the server's clock
  KioskHealth health;
  // What a clerk should act on; empty when all is well. `stale_after`: a report older than this
  // counts as silent.
  std::vector<KioskProblem> trouble(std::chrono::seconds stale_after = kKioskSilentAfter) const;
  // The same in a few words each ("printer: media-empty", "no report for 42 s").
  std::vector<std::string> problems(std::chrono::seconds stale_after = kKioskSilentAfter) const;
};

class HealthBoard {
 public:
  HealthBoard(std::string conninfo, std::string application_name);
  ~HealthBoard();
  HealthBoard(const HealthBoard&) = delete;
  HealthBoard& operator=(const HealthBoard&) = delete;

  const std::string& name() const;
  // The kiosk: its row, written afresh (the server's clock stamps it).
  std::expected<void, Failure> report(const KioskHealth& health);
  // Staff: every kiosk's latest report, by kiosk name.
  std::expected<std::vector<KioskReport>, Failure> kiosks();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::counter
