#include "health_reports.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "madoguchi/card/reader.hpp"
#include "madoguchi/kiosk/terminal_settings.hpp"
#include "madoguchi/payment/journal.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/submission/outbox.hpp"

#ifndef MADOGUCHI_VERSION
#error "MADOGUCHI_VERSION: the build gives the project's version"
#endif

namespace madoguchi::kiosk {

namespace {

constexpr auto kPeriod = std::chrono::seconds(5);
constexpr int kTerminalEvery = 3;  // rounds: a Login every 15 s is enough

counter::PrinterHealth look_at_printer(const std::string& uri, const DeviceSettings& settings) {
  counter::PrinterHealth p;
  p.uri = uri;
  if (uri.empty()) return p;
  printer::IppOptions options;
  options.connect_timeout = std::chrono::seconds(3);
  options.certificate_pins = settings.printer_certificates;
  printer::IppPrinter ipp(uri, options);
  auto status = ipp.status();
  if (!status) {
    p.state = "unreachable";
    p.message = status.error().message;
    return p;
  }
  p.state = status->state == 3 ? "idle" : status->state == 4 ? "printing" : "stopped";
  p.reasons = status->reasons;
  p.message = status->message;
  return p;
}

std::string look_at_reader(const std::string& wanted) {
  auto readers = card::CardReaders::open();
  if (!readers) return "no_pcscd";
  auto names = readers->list();
  if (!names || names->empty()) return "missing";
  if (!wanted.empty() && std::find(names->begin(), names->end(), wanted) == names->end()) {
    return "missing";
  }
  return "present";
}

long long free_megabytes(const std::filesystem::path& folder) {
  struct statvfs fs {};
  if (folder.empty() || ::statvfs(folder.c_str(), &fs) != 0) return 0;
  return static_cast<long long>(fs.f_bavail) * static_cast<long long>(fs.f_frsize) / (1024 * 1024);
}

}  // namespace

struct HealthReporter::Probes {
  std::unique_ptr<payment::NexoTerminal> terminal;
  std::optional<submission::Outbox> outbox;
  std::optional<payment::PaymentJournal> journal;
  int round = 0;
  std::string terminal_state = "none";
  std::string terminal_detail;
};

HealthReporter::HealthReporter(DeviceSettings settings)
    : settings_(std::move(settings)), probes_(std::make_unique<Probes>()) {
  conninfo_ = settings_.postgres_conninfo();
  if (!conninfo_.empty()) thread_ = std::thread([this] { run(); });
}

HealthReporter::~HealthReporter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

counter::KioskHealth HealthReporter::look() {
  Probes& p = *probes_;
  counter::KioskHealth h;
  h.version = MADOGUCHI_VERSION;
  h.printer = look_at_printer(settings_.printer_uri, settings_);
  if (!settings_.slip_printer_uri.empty() && settings_.slip_printer_uri != settings_.printer_uri) {
    h.slip_printer = look_at_printer(settings_.slip_printer_uri, settings_);
  }
  // A kiosk that is stopping does not wait for the next device to answer.
  if (stopping()) return h;
  if (settings_.terminal.configured() && p.round++ % kTerminalEvery == 0) {
    if (!p.terminal) {
      payment::NexoOptions options;
      options.connect_timeout = std::chrono::seconds(3);
      options.request_timeout = std::chrono::seconds(3);
      // A SaleID of its own: the Login never touches the kiosk's payments.
      auto opened = open_terminal(settings_.terminal, settings_.kiosk_id + "-HEALTH", options);
      if (opened)
        p.terminal = std::move(*opened);
      else
        p.terminal_detail = opened.error();
    }
    if (p.terminal) {
      const payment::TerminalHealth t = p.terminal->health();
      p.terminal_state = !t.reachable         ? "unreachable"
                         : !t.networks_online ? "networks_offline"
                                              : "logged_in";
      p.terminal_detail = settings_.terminal.where() + (t.message.empty() ? "" : ": " + t.message);
    } else {
      p.terminal_state = "unreachable";
    }
  }
  h.terminal = p.terminal_state;
  h.terminal_detail = p.terminal_detail;
  if (stopping()) return h;
  h.reader = look_at_reader(settings_.reader);
  // The outbox and the journal are the worker's; a second connection reads them (SQLite WAL:
  // a reader never blocks the writer). Opened once they exist, never created here.
  if (!p.outbox && !settings_.outbox.empty() && std::filesystem::exists(settings_.outbox)) {
    submission::OutboxOptions options;
    options.create_key = false;
    options.create = false;
    if (auto opened = submission::Outbox::open(settings_.outbox, options)) {
      p.outbox.emplace(std::move(*opened));
    }
  }
  if (p.outbox) {
    if (auto backlog = p.outbox->backlog()) {
      h.outbox_backlog = static_cast<int>(backlog->applications);
      h.outbox_oldest = backlog->oldest_committed_at;
    }
  }
  if (!p.journal && !settings_.payment_journal.empty() &&
      std::filesystem::exists(settings_.payment_journal)) {
    if (auto opened = payment::PaymentJournal::open(settings_.payment_journal)) {
      p.journal.emplace(std::move(*opened));
    }
  }
  if (p.journal) h.payments_in_doubt = static_cast<int>(p.journal->unsettled_entries().size());
  h.disk_free_mb = free_megabytes(settings_.outbox.empty() ? settings_.payment_journal.parent_path()
                                                           : settings_.outbox.parent_path());
  return h;
}

bool HealthReporter::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void HealthReporter::run() {
  counter::HealthBoard board(conninfo_, "madoguchi-kiosk");
  for (;;) {
    const auto next = std::chrono::steady_clock::now() + kPeriod;
    const counter::KioskHealth health = look();
    if (stopping()) return;      // a look cut short is not reported
    (void)board.report(health);  // not written: the next round tries again
    std::unique_lock lock(mutex_);
    if (cv_.wait_until(lock, next, [this] { return stopping_; })) return;
  }
}

}  // namespace madoguchi::kiosk
