#include "madoguchi/kiosk/device_worker.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "devices/health_reports.hpp"
#include "devices/staff_calls.hpp"
#include "devices/visit_records.hpp"
#include "devices/worker_devices.hpp"
#include "madoguchi/kiosk/payments.hpp"
#include "madoguchi/kiosk/stop_signal.hpp"
#include "madoguchi/submission/directory_inbox.hpp"
#include "madoguchi/submission/postgres_inbox.hpp"
#include "madoguchi/wiping/wipe.hpp"

// The worker's thread, its queue and the stores it opens (journal, outbox, courier); the
// commands themselves run in devices/: card_commands.cpp, money_commands.cpp, fulfilment.cpp.
namespace madoguchi::kiosk {

DeviceWorker::DeviceWorker(DeviceSettings settings, std::function<void()> wake)
    : settings_(std::move(settings)), wake_(std::move(wake)), devices_(new Devices) {
  if (const char* at = std::getenv("MADOGUCHI_TEST_KILL_AT")) kill_at_ = at;
  // MADOGUCHI_TEST_KILL_SIGNAL=SEGV: the kill point crashes like a fault in the code would
  // (SIGSEGV) instead of a power cut (SIGKILL); docs/install.md, the supervisor's restart.
  if (const char* sig = std::getenv("MADOGUCHI_TEST_KILL_SIGNAL");
      sig && sig == std::string_view("SEGV")) {
    kill_signal_ = SIGSEGV;
  }
  devices_->watch = std::make_unique<card::ReaderWatch>([this](const card::ReaderEvent& event) {
    if (event.kind == card::ReaderEvent::Kind::CardRemoved ||
        event.kind == card::ReaderEvent::Kind::ReaderRemoved ||
        event.kind == card::ReaderEvent::Kind::ServiceLost) {
      bool report = false;
      {
        std::lock_guard lock(mutex_);
        reader_changed_ = true;
        // While the paper comes out the worker is busy and does not look at the reader: a card
        // taken then is told at once, so the card-back countdown runs (the resident may be
        // leaving). Told again afterwards by the idle check, which the session takes calmly.
        report = printing_ && (event.reader.empty() || event.reader == printing_reader_);
      }
      cv_.notify_all();
      if (report) post(CardRemoved{});
    }
  });
  staff_calls_ = std::make_unique<StaffCaller>(
      settings_.postgres_conninfo(), [this](DeviceEvent event) { post(std::move(event)); });
  health_ = std::make_unique<HealthReporter>(settings_);
  visits_ = std::make_unique<VisitRecorder>(settings_.postgres_conninfo());
  thread_ = std::thread([this] { run(); });
}

DeviceWorker::~DeviceWorker() {
  staff_calls_.reset();  // its thread posts events: it ends first
  health_.reset();
  visits_.reset();
  shutdown_ = true;
  stop_waiting_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (devices_->card) devices_->card->end_session();
  // A kiosk shutting down hands over what it can (bounded by the inbox's connect timeout);
  // what stays is delivered on the next start. Not when a signal stops it: that must take
  // under a second, and the courier thread was delivering all along.
  if (devices_->courier) {
    devices_->courier->stop();
    if (!stop_requested()) devices_->courier->deliver_pending();
  }
  devices_->watch.reset();
}

void DeviceWorker::submit(Command command) {
  if (std::holds_alternative<AbortPayment>(command)) {
    // Not queued: the worker is blocked in the payment this stops.
    if (auto* desk = static_cast<payment::PaymentDesk*>(desk_for_abort_.load())) {
      desk->abort_current();
    }
    return;
  }
  if (const auto* call = std::get_if<CallStaff>(&command)) {
    staff_calls_->call(*call);  // not queued behind the card, the payment or the printer
    return;
  }
  if (const auto* visit = std::get_if<RecordVisit>(&command)) {
    visits_->record(*visit);  // nor are the town's numbers
    return;
  }
  if (std::holds_alternative<StopWaitingForCard>(command)) stop_waiting_ = true;
  if (std::holds_alternative<ResidentLeft>(command)) resident_left_ = true;
  if (std::holds_alternative<ConnectCard>(command) ||
      std::holds_alternative<WaitForCardBack>(command)) {
    stop_waiting_ = false;
  }
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(command));
  }
  cv_.notify_all();
}

std::vector<DeviceEvent> DeviceWorker::take_events() {
  std::lock_guard lock(mutex_);
  return std::exchange(events_, {});
}

bool DeviceWorker::busy() const {
  std::lock_guard lock(mutex_);
  return !queue_.empty() || (running_command_ && !waiting_for_resident_);
}

std::vector<std::filesystem::path> DeviceWorker::outputs() const {
  std::lock_guard lock(mutex_);
  return outputs_;
}

void DeviceWorker::post(DeviceEvent event) {
  {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  if (wake_) wake_();
}

void DeviceWorker::test_kill_point(std::string_view step) const {
  if (!kill_at_.empty() && step == kill_at_) {
    std::cerr << "kiosk: MADOGUCHI_TEST_KILL_AT=" << kill_at_ << ": killed here\n";
    // raise: to this thread, as a fault here would be (a SIGSEGV sent to the process could be
    // taken by another thread while this one goes on for a moment).
    ::raise(kill_signal_);
  }
}

bool DeviceWorker::open_payments() {
  auto& d = *devices_;
  if (d.desk) return true;
  if (settings_.payment_journal.empty()) return false;
  auto journal = payment::PaymentJournal::open(settings_.payment_journal, settings_.kiosk_id);
  if (!journal) {
    std::cerr << "kiosk: payment journal " << settings_.payment_journal.string() << ": "
              << journal.error().message << "\n";
    return false;
  }
  d.journal.emplace(std::move(*journal));
  // Port 0 (no terminal configured) still gives a desk: cash at the counter needs only the
  // journal, and the terminal answers "unavailable".
  auto terminal = open_terminal(settings_.terminal, sale_id_of_kiosk(settings_.kiosk_id));
  if (!terminal) {
    // The settings were checked at start (kiosk/run): only a file changed since gets here.
    std::cerr << "kiosk: payment terminal: " << terminal.error() << "\n";
    d.journal.reset();
    return false;
  }
  d.terminal = std::move(*terminal);
  payment::DeskOptions options;
  options.payment_timeout = settings_.payment_timeout;
  options.checkpoint = [this](payment::DeskStep step, const std::string&) {
    test_kill_point(payment::to_string(step));
  };
  d.desk = std::make_unique<payment::PaymentDesk>(*d.journal, *d.terminal, std::move(options));
  desk_for_abort_ = d.desk.get();
  return true;
}

bool DeviceWorker::open_outbox() {
  auto& d = *devices_;
  if (d.outbox) return true;
  if (settings_.outbox.empty()) return false;
  submission::OutboxOptions options;
  options.key_file = settings_.outbox_key;
  options.create_key = settings_.outbox_key_create;
  auto outbox = submission::Outbox::open(settings_.outbox, options);
  if (!outbox) {
    std::cerr << "kiosk: outbox " << settings_.outbox.string() << ": " << outbox.error().message
              << "\n";
    return false;
  }
  if (const std::string problem = outbox->key_problem(); !problem.empty()) {
    std::cerr << "kiosk: outbox key: " << problem
              << "; applications that carry a 個人番号 are refused (docs/submission.md)\n";
  }
  d.outbox.emplace(std::move(*outbox));
  const std::string& where = settings_.back_office;
  if (where.starts_with("postgres:")) {
    d.inbox = std::make_unique<submission::PostgresInbox>(settings_.postgres_conninfo());
  } else if (where.starts_with("dir:")) {
    d.inbox = std::make_unique<submission::DirectoryInbox>(where.substr(4));
  } else if (!where.empty()) {
    std::cerr << "kiosk: back office \"" << where
              << "\": write postgres:<conninfo> or dir:<path>; applications stay in the outbox\n";
  }
  if (d.inbox) {
    d.courier = std::make_unique<submission::Courier>(*d.outbox, *d.inbox);
    // Said on stderr at once (the service's log), not only kept in the outbox: a back office that
    // refuses the kiosk (wrong password, no table, unreachable) and the moment it takes
    // deliveries again. Once per change, not at every retry.
    d.courier->on_pass([name = d.inbox->name(),
                        last = std::string()](const submission::DeliveryReport& report) mutable {
      if (report.failed > 0 && report.last_error != last) {
        last = report.last_error;
        std::cerr << "kiosk: back office " << name << " does not take deliveries"
                  << (report.unreachable ? " (unreachable)" : "") << ": " << report.last_error
                  << "; applications wait in the outbox and are tried again\n";
      } else if (report.failed == 0 && !last.empty() && report.delivered > 0) {
        last.clear();
        std::cerr << "kiosk: back office " << name << " takes deliveries again\n";
      }
    });
    d.courier->start();
  }
  return true;
}

// A kiosk that crashed (or lost power) mid-payment settles on start, by asking the terminal —
// never by paying again. A payment approved whose paper never came out goes to the counter when
// its application was kept in the outbox (the clerk prints it there), and is given back when
// nothing of the application survived.
void DeviceWorker::settle_payments() {
  if (!settings_.terminal.configured() || !open_payments()) return;
  auto& d = *devices_;
  const auto settled =
      settle_after_restart(*d.desk, d.outbox ? kept_in(*d.outbox) : KeptApplication{},
                           d.outbox ? recorded_in(*d.outbox) : RecordPaymentState{});
  if (settled.resolved > 0 || settled.given_back > 0 || settled.handed_to_counter() > 0 ||
      !settled.clean()) {
    std::cerr << "kiosk: payments settled on start: " << settled.clerk_message << "\n";
  }
  if (settled.handed_to_counter() > 0) post(KeptForCounter{settled.counter_reception_numbers});
}

// Delivered applications are kept for settings_.keep_delivered (a print retry, the clerk's
// lookup at this kiosk), then deleted: the back office has them.
void DeviceWorker::purge_delivered() {
  auto& d = *devices_;
  if (!d.outbox) return;
  const auto purged =
      d.outbox->purge_delivered(std::chrono::system_clock::now() - settings_.keep_delivered);
  if (!purged) std::cerr << "kiosk: outbox purge: " << purged.error().message << "\n";
}

void DeviceWorker::run() {
  // Applications left by an earlier run (a crash, a power cut, the back office away) are
  // delivered from the start, not after the next resident.
  if (!settings_.outbox.empty()) open_outbox();
  purge_delivered();
  settle_payments();
  while (!shutdown_) {
    std::optional<Command> command;
    // A card in use, or one to see taken off: a safety net under the reader watch's word.
    // Otherwise nothing to look at, and the thread sleeps until a command or the watch.
    const bool card_to_follow = devices_->card || devices_->watch_removal;
    {
      std::unique_lock lock(mutex_);
      const auto woken = [this] { return shutdown_ || !queue_.empty() || reader_changed_; };
      if (card_to_follow) {
        cv_.wait_for(lock, std::chrono::seconds(2), woken);
      } else {
        cv_.wait(lock, woken);
      }
      if (shutdown_) break;
      reader_changed_ = false;
      if (!queue_.empty()) {
        command = std::move(queue_.front());
        queue_.pop_front();
        running_command_ = true;
      }
    }
    if (command) {
      execute(*command);
      // Short strings live inside their objects: what the command's work left on this thread's
      // stack (a name in a small-string buffer) is overwritten before the next one.
      command.reset();
      wiping::wipe_stack_below();
      running_command_ = false;
      if (wake_) wake_();
      continue;
    }
    // Idle: notice a card taken off the reader (the watch said something changed, or the
    // safety-net timeout passed) — at once, not on the next poll.
    auto& d = *devices_;
    if ((d.card || d.watch_removal) && d.readers && !d.reader_name.empty()) {
      const auto present = d.readers->card_present(d.reader_name);
      const bool gone = present ? !*present
                                : (present.error().kind == card::CardErrorKind::NoReader ||
                                   present.error().kind == card::CardErrorKind::NoReaderService);
      if (gone) {
        if (d.card) {
          d.card->end_session();
          d.card.reset();
        }
        // pcscd may have stopped or restarted: a fresh context for the next resident.
        if (!present) d.readers.reset();
        d.watch_removal = false;
        post(CardRemoved{});
      }
    }
  }
}

void DeviceWorker::execute(Command& command) {
  if (std::holds_alternative<ConnectCard>(command)) return connect_card();
  if (auto* verify = std::get_if<VerifyPinAndRead>(&command)) return verify_pin_and_read(*verify);
  if (std::holds_alternative<ReadMyNumber>(command)) return read_my_number();
  if (const auto* pay = std::get_if<TakePayment>(&command)) return take_payment(*pay);
  if (const auto* cash = std::get_if<PayAtCounter>(&command)) return pay_at_counter(*cash);
  if (const auto* counter = std::get_if<HandToCounter>(&command)) {
    return hand_to_counter(counter->payment_id, counter->reception_numbers);
  }
  if (const auto* left = std::get_if<ResidentLeft>(&command)) return resident_left(*left);
  if (const auto* refund = std::get_if<RefundPayment>(&command)) return refund_payment(*refund);
  if (const auto* check = std::get_if<CheckPrintable>(&command)) return check_printable(*check);
  if (std::holds_alternative<CheckSignature>(command)) return check_signature();
  if (auto* sign = std::get_if<SignApplication>(&command)) return sign_application(*sign);
  if (const auto* print = std::get_if<PrintDocuments>(&command)) return print_documents(*print);
  if (std::holds_alternative<WaitForCardBack>(command)) return wait_for_card_back();
  if (std::holds_alternative<EndCard>(command)) return end_card();
  // StopWaitingForCard: the flag was set on submit; nothing more to do.
}

}  // namespace madoguchi::kiosk
