#include "madoguchi/kiosk/device_worker.hpp"

#include "madoguchi/kiosk/paper.hpp"
#include "madoguchi/kiosk/payments.hpp"
#include "madoguchi/kiosk/print_problem_words.hpp"
#include "madoguchi/kiosk/stop_signal.hpp"
#include "madoguchi/kiosk/translations.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>
#include <tuple>

#include "madoguchi/card/reader.hpp"
#include "madoguchi/card/reader_watch.hpp"
#include "madoguchi/payment/journal.hpp"
#include "madoguchi/payment/nexo_terminal.hpp"
#include "madoguchi/payment/payment_desk.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/printer/pdf_file.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "madoguchi/printer/reception_slip.hpp"
#include "madoguchi/submission/application.hpp"
#include "madoguchi/submission/courier.hpp"
#include "madoguchi/submission/directory_inbox.hpp"
#include "madoguchi/submission/outbox.hpp"
#include "madoguchi/submission/postgres_inbox.hpp"
#include "madoguchi/wiping/wipe.hpp"

#include <map>
#include <set>

namespace madoguchi::kiosk {

namespace {

CardProblemKind problem_kind(card::CardErrorKind kind) {
  using K = card::CardErrorKind;
  switch (kind) {
    case K::NoReaderService:
    case K::NoReader:
      return CardProblemKind::NoReader;
    case K::NoCard:
    case K::CardRemoved:
      return CardProblemKind::Removed;
    case K::NotMyNumberCard:
      return CardProblemKind::NotMyNumberCard;
    case K::PinWrong:
      return CardProblemKind::WrongPin;
    case K::PinBlocked:
      return CardProblemKind::Blocked;
    case K::PinLastTry:
      return CardProblemKind::LastTry;
    default:
      return CardProblemKind::Unreadable;
  }
}

CardProblem problem(const card::CardError& error) {
  return CardProblem{problem_kind(error.kind), error.tries_left};
}

PaymentStatus payment_status(payment::PaymentOutcome outcome) {
  using O = payment::PaymentOutcome;
  switch (outcome) {
    case O::Approved:
      return PaymentStatus::Approved;
    case O::Declined:
      return PaymentStatus::Declined;
    case O::Cancelled:
      return PaymentStatus::Cancelled;
    case O::Timeout:
      return PaymentStatus::Timeout;
    case O::Unknown:
      return PaymentStatus::Unknown;
    case O::TerminalUnavailable:
      return PaymentStatus::Unavailable;
    case O::Error:
      return PaymentStatus::Error;
  }
  return PaymentStatus::Error;
}

// Raises a flag while a command waits for the resident (a card to be placed or taken away):
// the worker is not busy then, the kiosk is simply waiting.
struct WaitingForResident {
  std::atomic<bool>& flag;
  explicit WaitingForResident(std::atomic<bool>& f) : flag(f) { flag = true; }
  ~WaitingForResident() { flag = false; }
  WaitingForResident(const WaitingForResident&) = delete;
  WaitingForResident& operator=(const WaitingForResident&) = delete;
};

// How long a withdrawal waits for the printer to confirm a cancel (a printer confirms within a
// second or two; one holding a job for paper cannot until refilled: then the job "may still
// print", and no refund is offered).
constexpr std::chrono::seconds kWithdrawConfirm{5};

// Names a card without its PIN: the issuer and serial of its 利用者証明用電子証明書.
std::string fingerprint(card::MyNumberCard& card) {
  const auto certificate = card.read_user_auth_certificate();
  if (!certificate || certificate->serial_hex.empty()) return {};
  return certificate->issuer + "#" + certificate->serial_hex;
}

}  // namespace

struct DeviceWorker::Devices {
  std::optional<card::CardReaders> readers;
  std::optional<card::MyNumberCard> card;
  std::string reader_name;
  std::string rejected_reader;  // holds a card that is not a My Number card
  // Names the card whose details were read (the issuer and serial of its 利用者証明用電子証明書,
  // readable without a PIN), so that a card put back mid-way is known to be the same one.
  // Empty when the card has no readable certificate: then no card counts as the same.
  std::string card_fingerprint;
  bool watch_removal = false;
  std::unique_ptr<payment::NexoTerminal> terminal;
  std::optional<payment::PaymentJournal> journal;
  std::unique_ptr<payment::PaymentDesk> desk;
  // The outbox and its courier (destroyed first: it uses both): applications committed before
  // the resident is told 受け付けました, delivered to the back office in the background.
  std::optional<submission::Outbox> outbox;
  std::unique_ptr<submission::Inbox> inbox;
  std::unique_ptr<submission::Courier> courier;
  // Reception number → application id, so that a print retry neither commits nor prints twice.
  std::map<std::string, std::string> applications;
  // Document keys a print() of this run may have left at the printer (it sent a job, or could
  // not tell): only those need the printer to confirm a withdrawal.
  std::set<std::string> maybe_at_printer;
  std::optional<printer::PdfRenderer> renderer;
  // Reader and card events from pcscd, on the watch's own thread. Its callback only
  // raises reader_changed_ and wakes this worker, which does the card work itself.
  std::unique_ptr<card::ReaderWatch> watch;
};

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
  thread_ = std::thread([this] { run(); });
}

DeviceWorker::~DeviceWorker() {
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
  d.terminal =
      std::make_unique<payment::NexoTerminal>(settings_.terminal_host, settings_.terminal_port);
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
    d.inbox = std::make_unique<submission::PostgresInbox>(where.substr(9));
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
  if (settings_.terminal_port <= 0 || !open_payments()) return;
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
    {
      std::unique_lock lock(mutex_);
      // Woken by a command or by the reader watch; the long timeout is only a safety net.
      cv_.wait_for(lock, std::chrono::seconds(2),
                   [this] { return shutdown_ || !queue_.empty() || reader_changed_; });
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

// A card is put back: the same one goes on (its details are already read, so no PIN); any
// other My Number card ends the session. A card that is no My Number card must be taken off.
void DeviceWorker::wait_for_card_back() {
  auto& d = *devices_;
  d.watch_removal = false;
  if (d.card) {
    d.card->end_session();
    d.card.reset();
  }
  const WaitingForResident waiting(waiting_for_resident_);
  while (!stop_waiting_ && !shutdown_) {
    if (!d.readers) {
      auto readers = card::CardReaders::open();
      if (!readers) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // pcscd coming back
        continue;
      }
      d.readers.emplace(std::move(*readers));
    }
    if (!d.rejected_reader.empty()) {
      const auto removed =
          d.readers->wait_for_removal(d.rejected_reader, std::chrono::milliseconds(300));
      if (!removed || *removed) d.rejected_reader.clear();
      continue;
    }
    auto found = d.readers->wait_for_card(std::chrono::milliseconds(300), settings_.reader);
    if (!found) {
      const auto kind = found.error().kind;
      if (kind == card::CardErrorKind::NoReaderService) d.readers.reset();
      continue;
    }
    auto connected = d.readers->connect(*found);
    if (!connected) {
      if (connected.error().kind == card::CardErrorKind::NotMyNumberCard) {
        d.rejected_reader = *found;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // half-placed: try again
      }
      continue;
    }
    d.reader_name = *found;
    const std::string seen = fingerprint(*connected);
    const bool same = !seen.empty() && seen == d.card_fingerprint;
    if (same) {
      d.card.emplace(std::move(*connected));
    } else {
      connected->end_session();
      d.card_fingerprint.clear();
      d.watch_removal = true;  // the other card's removal is reported like any other
    }
    post(CardBack{same});
    return;
  }
}

DeviceWorker::Withdrawn DeviceWorker::withdraw_application(const std::string& reception_number) {
  auto& d = *devices_;
  Withdrawn out;
  if (settings_.printer_uri.empty()) return out;  // PDF files only: nothing at a printer
  const auto known = d.applications.find(reception_number);
  const std::string stem =
      known != d.applications.end() && !known->second.empty() ? known->second : reception_number;
  const std::string& slip_printer =
      settings_.slip_printer_uri.empty() ? settings_.printer_uri : settings_.slip_printer_uri;
  for (const auto& [suffix, uri] :
       {std::pair<std::string, const std::string*>{"-application", &settings_.printer_uri},
        {"-slip", &slip_printer}}) {
    const auto withdrawn = withdraw_document(stem + suffix, *uri);
    const bool printed = withdrawn.result == printer::Withdrawal::Result::Printed;
    const bool may_print = withdrawn.result == printer::Withdrawal::Result::MayStillPrint;
    if (suffix == "-application") {
      out.application_printed = printed;
      out.application_may_print = may_print;
    }
  }
  return out;
}

printer::Withdrawal DeviceWorker::withdraw_document(const std::string& key,
                                                    const std::string& printer_uri) {
  auto& d = *devices_;
  std::optional<submission::PrintJobRecord> earlier;
  if (d.outbox) {
    if (auto found = d.outbox->print_job(key); found && *found) earlier = **found;
  }
  if (earlier && earlier->printed) {
    return {printer::Withdrawal::Result::Printed, earlier->job_id, "printed before"};
  }
  // Never sent (no job in the journal, and no print() of this run could have left one): there
  // is nothing to withdraw, and a printer that does not answer need not confirm it.
  if (!earlier && !d.maybe_at_printer.contains(key)) {
    return {printer::Withdrawal::Result::NotPrinted, 0, "never sent to the printer"};
  }
  printer::IppPrinter ipp(printer_uri, {.certificate_pins = settings_.printer_certificates});
  auto withdrawn = ipp.withdraw(key, earlier ? earlier->job_id : 0, kWithdrawConfirm);
  if (withdrawn.result == printer::Withdrawal::Result::Printed && d.outbox) {
    d.outbox->record_print_job({key, printer_uri, withdrawn.job_id, true});
  }
  if (withdrawn.result == printer::Withdrawal::Result::MayStillPrint) {
    std::cerr << "kiosk: " << key << " may still print: " << withdrawn.detail << "\n";
  }
  return withdrawn;
}

void DeviceWorker::record_payment_state(const std::string& reception_number,
                                        submission::PaymentState state) {
  auto& d = *devices_;
  const auto known = d.applications.find(reception_number);
  if (!d.outbox || known == d.applications.end() || known->second.empty()) return;
  if (auto set = d.outbox->set_payment_state(known->second, state); !set) {
    std::cerr << "kiosk: payment state: " << set.error().message << "\n";
    return;
  }
  if (d.courier) d.courier->wake();
}

void DeviceWorker::execute(Command& command) {
  auto& d = *devices_;
  if (std::holds_alternative<ConnectCard>(command)) {
    d.watch_removal = false;
    if (d.card) {
      d.card->end_session();
      d.card.reset();
    }
    if (!d.readers) {
      auto readers = card::CardReaders::open();
      if (!readers) {
        post(problem(readers.error()));
        return;
      }
      d.readers.emplace(std::move(*readers));
    }
    // A rejected card must leave the reader before we look again.
    std::optional<WaitingForResident> waiting(std::in_place, waiting_for_resident_);
    while (!d.rejected_reader.empty() && !stop_waiting_ && !shutdown_) {
      const auto removed =
          d.readers->wait_for_removal(d.rejected_reader, std::chrono::milliseconds(300));
      if (!removed || *removed) d.rejected_reader.clear();
    }
    std::string reader;
    while (!stop_waiting_ && !shutdown_) {
      auto found = d.readers->wait_for_card(std::chrono::milliseconds(300), settings_.reader);
      if (found) {
        reader = *found;
        break;
      }
      const auto kind = found.error().kind;
      if (kind == card::CardErrorKind::NoCard || kind == card::CardErrorKind::Timeout) continue;
      post(problem(found.error()));
      return;
    }
    waiting.reset();
    if (reader.empty()) return;  // stopped waiting
    d.reader_name = reader;
    auto connected = d.readers->connect(reader);
    if (!connected) {
      if (connected.error().kind == card::CardErrorKind::NotMyNumberCard) {
        d.rejected_reader = reader;
      }
      post(problem(connected.error()));
      return;
    }
    d.card.emplace(std::move(*connected));
    // Before the VERIFY: selecting the JPKI-AP afterwards could drop the verified state.
    d.card_fingerprint = fingerprint(*d.card);
    const auto tries = d.card->pin_tries_left();
    if (!tries) {
      post(problem(tries.error()));
      return;
    }
    post(CardReady{*tries});
    return;
  }
  if (auto* verify = std::get_if<VerifyPinAndRead>(&command)) {
    if (!d.card) {
      verify->pin.wipe();
      post(CardProblem{CardProblemKind::Removed, -1});
      return;
    }
    const auto verified = d.card->verify_pin(verify->pin);
    verify->pin.wipe();
    if (!verified) {
      post(problem(verified.error()));
      return;
    }
    auto info = d.card->read_basic_info();
    if (!info) {
      post(problem(info.error()));
      return;
    }
    IdentityRead read;
    // The one conversion of the card's 基本4情報 (card::BasicInfo) into the forms' type; both
    // wipe, and moving leaves nothing in the card's copy.
    read.identity = ResidentIdentity{std::move(info->name), std::move(info->address),
                                     std::move(info->birth_date), std::move(info->sex)};
    post(std::move(read));
    return;
  }
  if (const auto* pay = std::get_if<TakePayment>(&command)) {
    if (settings_.terminal_port <= 0 || !open_payments()) {
      post(PaymentDone{PaymentStatus::Unavailable,
                       say("支払い端末が使えません。窓口でお支払いください。"), "", "", ""});
      return;
    }
    payment::Fee fee;
    fee.amount_yen = pay->amount_yen;
    fee.description = pay->description;
    const auto paid = d.desk->pay(fee, payment::PaymentMethod::Any, pay->reference);
    PaymentStatus status = PaymentStatus::Error;
    if (paid.paid()) {
      status = PaymentStatus::Approved;
    } else if (paid.in_doubt()) {
      status = PaymentStatus::Unknown;
    } else if (paid.nothing_charged()) {
      status = payment_status(paid.result.outcome);
      if (status == PaymentStatus::Approved || status == PaymentStatus::Unknown ||
          status == PaymentStatus::Timeout) {
        status = PaymentStatus::Error;  // e.g. a partial approval, given back at once
      }
    }
    post(PaymentDone{status, paid.message, paid.result.method_used, paid.result.poi_transaction_id,
                     paid.id});
    return;
  }
  if (const auto* cash = std::get_if<PayAtCounter>(&command)) {
    payment::Fee fee;
    fee.amount_yen = cash->amount_yen;
    fee.description = cash->description;
    auto slip = open_payments() ? d.desk->pay_at_counter(fee, cash->reference)
                                : payment::JournalResult<payment::JournalEntry>(
                                      std::unexpected(payment::JournalError{"no payment journal"}));
    if (!slip) {
      std::cerr << "kiosk: cash slip: " << slip.error().message << "\n";
      post(PaymentDone{PaymentStatus::Error,
                       say("窓口でのお支払いの手続きができませんでした。係員をお呼びください。"),
                       "", "", ""});
      return;
    }
    post(PaymentDone{PaymentStatus::CashAtCounter, say("窓口で現金でお支払いください。"),
                     say("現金（窓口でお支払い）"), "", slip->sale_transaction_id});
    return;
  }
  // The application goes to the counter (the resident chose it, or left): what of it is still at
  // the printer is withdrawn first, so that it cannot come out later for whoever stands there.
  const auto hand_to_counter = [&](const std::string& payment_id,
                                   const std::string& reception_number) {
    const auto withdrawn = withdraw_application(reception_number);
    if (withdrawn.application_printed) {
      std::cerr << "kiosk: the application of " << reception_number
                << " printed after all; it stays with the counter\n";
    }
    if (payment_id.empty() || !open_payments()) return;
    const auto handed = d.desk->hand_to_counter(payment_id);
    if (!handed) {
      std::cerr << "kiosk: hand to counter: " << handed.error().message << "\n";
      return;
    }
    record_payment_state(reception_number, submission::PaymentState::HandedToCounter);
  };
  if (const auto* counter = std::get_if<HandToCounter>(&command)) {
    hand_to_counter(counter->payment_id, counter->reception_number);
    return;
  }
  if (const auto* left = std::get_if<ResidentLeft>(&command)) {
    hand_to_counter(left->payment_id, left->reception_number);
    std::cerr << "kiosk: the resident left; application " << left->reception_number
              << " is kept for the counter\n";
    resident_left_ = false;
    return;
  }
  if (const auto* refund = std::get_if<RefundPayment>(&command)) {
    // Money and paper agree: nothing is given back while the application can still print.
    const auto withdrawn = withdraw_application(refund->reception_number);
    if (withdrawn.application_printed || withdrawn.application_may_print) {
      post(
          RefundDone{false, withdrawn.application_printed
                                ? say("申請書は印刷されていました。お支払いは取り消していません。"
                                      "窓口でお受け取りください。")
                                : say("申請書がまだプリンターに残っているため、お支払いは取り消して"
                                      "いません。窓口でお受け取りください。")});
      return;
    }
    if (!open_payments()) {
      post(RefundDone{false, say("いまは取り消しができません。窓口で返金の手続きをします")});
      return;
    }
    const auto reversed =
        d.desk->reverse(refund->payment_id, payment::ReversalReason::CustomerCancel);
    if (reversed.reversed()) {
      record_payment_state(refund->reception_number, submission::PaymentState::Refunded);
    }
    post(RefundDone{reversed.reversed(), reversed.message});
    return;
  }
  // The application and the reception slip as PDFs, or the resident-facing reason why not.
  const auto render = [&](const forms::FilledForm& form, const printer::ReceptionSlip& slip_data)
      -> std::expected<std::pair<std::string, std::string>, std::string> {
    if (!d.renderer) {
      auto renderer = printer::PdfRenderer::create(settings_.font, settings_.bold_font);
      if (!renderer) return std::unexpected(print_problem_words(renderer.error()));
      d.renderer.emplace(std::move(*renderer));
    }
    auto application = d.renderer->render(to_document(form));
    if (!application) return std::unexpected(print_problem_words(application.error()));
    auto slip = d.renderer->render(printer::make_reception_slip(slip_data));
    if (!slip) return std::unexpected(print_problem_words(slip.error()));
    return std::pair{std::move(*application), std::move(*slip)};
  };
  if (const auto* check = std::get_if<CheckPrintable>(&command)) {
    printer::ReceptionSlip slip_data;
    slip_data.reception_number = "0000-000";
    slip_data.procedure_title = check->procedure_title;
    slip_data.fee_paid_yen = check->fee_yen;
    slip_data.payment_method = "クレジットカード";
    slip_data.issued_at = "2000-01-01 00:00";
    slip_data.guidance = say("番号が呼ばれるまでお待ちください");
    // An outbox without a usable key stores no application (it would have to keep the
    // resident's name in clear): found here, before any money is taken.
    if (open_outbox() && !d.outbox->key_problem().empty()) {
      std::cerr << "kiosk: outbox key: " << d.outbox->key_problem()
                << "; no application can be stored\n";
      post(PrintCheck{check->check_id, false,
                      say("申請を保存できませんでした。係員をお呼びください。")});
      return;
    }
    const auto drawn = render(check->form, slip_data);
    post(drawn ? PrintCheck{check->check_id, true, {}}
               : PrintCheck{check->check_id, false, drawn.error()});
    return;
  }
  if (const auto* print = std::get_if<PrintDocuments>(&command)) {
    struct Printing {  // the reader watch reports a card taken while this runs
      DeviceWorker& worker;
      Printing(DeviceWorker& w, const std::string& reader) : worker(w) {
        std::lock_guard lock(worker.mutex_);
        worker.printing_ = !reader.empty();  // no card on the reader: nothing to watch
        worker.printing_reader_ = reader;
      }
      ~Printing() {
        std::lock_guard lock(worker.mutex_);
        worker.printing_ = false;
      }
      Printing(const Printing&) = delete;
      Printing& operator=(const Printing&) = delete;
    } printing(*this, d.card ? d.reader_name : std::string{});
    printer::ReceptionSlip slip_data;
    slip_data.reception_number = print->reception_number;
    slip_data.procedure_title = print->procedure_title;
    slip_data.fee_paid_yen = print->fee_paid_yen;
    slip_data.payment_method = print->payment_method;
    slip_data.issued_at = print->issued_at;
    slip_data.town_name = settings_.town_name;
    slip_data.paper = settings_.slip_paper;
    slip_data.guidance = say("番号が呼ばれるまでお待ちください");
    if (print->pay_at_counter) {
      // The counter takes the fee in cash; the slip says so, and the journal holds the slip.
      slip_data.payment_method = say("窓口で現金（未払い）");
      slip_data.guidance = say("手数料を窓口で現金でお支払いください");
    }
    auto drawn = render(print->form, slip_data);
    if (!drawn) {
      post(PrintDone{false, drawn.error(), {}, true});  // nothing was sent
      return;
    }
    auto* application = &drawn->first;
    auto* slip = &drawn->second;
    PrintDone done;
    done.ok = true;
    // The application goes into the outbox before anything is printed or the resident told
    // 受け付けました; a print retry finds it there and commits nothing twice.
    std::string application_id;
    if (open_outbox()) {
      std::string& known = d.applications[print->reception_number];
      if (known.empty()) {
        submission::NewApplication a;
        a.application_id = submission::new_application_id();
        a.kiosk_id = settings_.kiosk_id;
        a.reception_number = print->reception_number;
        a.procedure_id = print->procedure_id;
        a.form_json = nlohmann::json{{"procedure_id", print->procedure_id},
                                     {"title", print->form.title},
                                     {"reception_number", print->reception_number},
                                     {"issued_at", print->issued_at},
                                     {"fee_yen", print->fee_paid_yen},
                                     {"paid_at_counter", print->pay_at_counter},
                                     {"payment_id", print->payment_id},
                                     {"fields", print->form.field_values}}
                          .dump();
        a.pdf = *application;
        a.created_at = std::chrono::system_clock::now();
        a.payment_state = print->pay_at_counter      ? submission::PaymentState::CashAtCounter
                          : print->fee_paid_yen <= 0 ? submission::PaymentState::Free
                                                     : submission::PaymentState::Paid;
        const auto committed = d.outbox->commit(a);
        if (!committed) {
          std::cerr << "kiosk: outbox commit: " << committed.error().message << "\n";
          post(PrintDone{
              false, say("申請を保存できませんでした。係員をお呼びください。"), {}, true});
          return;
        }
        known = a.application_id;
      }
      application_id = known;
      test_kill_point("application-committed");
    }
    const std::string job_stem = application_id.empty() ? print->reception_number : application_id;
    const std::pair<std::string, const std::string*> documents[] = {
        {print->reception_number + "-application", &*application},
        {print->reception_number + "-slip", &*slip}};
    if (!settings_.pdf_dir.empty()) {
      for (const auto& [stem, pdf] : documents) {
        auto written = printer::write_pdf_file(settings_.pdf_dir, stem, *pdf);
        if (!written) {
          post(PrintDone{false, print_problem_words(written.error()), {}, true});
          return;
        }
        done.outputs.push_back(written->string());
        std::lock_guard lock(mutex_);
        outputs_.push_back(*written);
      }
    }
    test_kill_point("print-started");
    if (resident_left_) {
      // Gone before the paper started: nothing is sent (ResidentLeft hands it to the counter).
      post(PrintDone{false, print_problem_words({printer::PrintError::Kind::Stopped, ""}), {}});
      return;
    }
    if (!settings_.printer_uri.empty()) {
      // Each document by its key (the job-name): a retry follows the job already at the printer,
      // or finds it printed, and never prints twice. The outbox journals the job ids.
      printer::PrintPolicy policy;
      policy.hold_limit = settings_.print_timeout;
      policy.print_limit = settings_.print_timeout;
      policy.unreachable_limit =
          std::min<std::chrono::milliseconds>(settings_.print_timeout, std::chrono::seconds(10));
      // The slip may have a printer of its own (a receipt printer beside the A4 one).
      const std::string& slip_printer =
          settings_.slip_printer_uri.empty() ? settings_.printer_uri : settings_.slip_printer_uri;
      const std::tuple<std::string, const std::string*, const std::string*> jobs[] = {
          {job_stem + "-application", &*application, &settings_.printer_uri},
          {job_stem + "-slip", &*slip, &slip_printer}};
      for (const auto& [key, pdf, uri] : jobs) {
        printer::IppPrinter ipp(*uri, {.certificate_pins = settings_.printer_certificates});
        std::optional<submission::PrintJobRecord> earlier;
        if (d.outbox) {
          if (auto found = d.outbox->print_job(key); found && *found) earlier = **found;
        }
        if (earlier && earlier->printed) continue;  // printed before a retry
        printer::PrintRequest request;
        request.document_key = key;
        request.pdf = *pdf;
        request.previous_job_id = earlier ? earlier->job_id : 0;
        request.on_job_created = [&, key = key, uri = uri](int job) {
          if (d.outbox) d.outbox->record_print_job({key, *uri, job, false});
        };
        request.stop_requested = [this] { return resident_left_.load(); };
        request.on_progress = [this](const printer::PrintProgress& progress) {
          using Phase = printer::PrintProgress::Phase;
          const bool held = progress.phase == Phase::Held ||
                            progress.phase == Phase::WaitingForPrinter ||
                            progress.phase == Phase::WaitingToResubmit;
          post(PrintProgressNote{progress.plain_japanese, held});
        };
        auto printed = ipp.print(request, policy);
        if (printed || !printed.error().nothing_sent) d.maybe_at_printer.insert(key);
        const bool is_application = pdf == &*application;
        if (!printed && printed.error().kind != printer::PrintError::Kind::Stopped) {
          // The kiosk stops waiting: the give-up is final. The job is withdrawn, or found
          // printed meanwhile (then it counts as printed: the paper is out). A document no call
          // ever sent (the printer never answered) needs no printer to confirm that.
          const auto withdrawn = withdraw_document(key, *uri);
          std::cerr << "kiosk: print " << key << ": " << printed.error().message
                    << "; withdrawn: " << printer::to_string(withdrawn.result) << " ("
                    << withdrawn.detail << ")\n";
          if (withdrawn.result == printer::Withdrawal::Result::Printed) {
            printed = printer::PrintOutcome{withdrawn.job_id, true, 0};
          } else {
            post(PrintDone{
                false,
                print_problem_words(printed.error()),
                {},
                is_application && withdrawn.result == printer::Withdrawal::Result::NotPrinted});
            return;
          }
        }
        if (!printed) {  // stopped: the resident left (ResidentLeft withdraws it)
          post(PrintDone{false, print_problem_words(printed.error()), {}});
          return;
        }
        if (d.outbox) {
          d.outbox->record_print_job({key, *uri, printed->job_id, true});
        }
        done.outputs.push_back(*uri + " job " + std::to_string(printed->job_id));
      }
    }
    test_kill_point("document-printed");
    if (d.courier) d.courier->wake();
    purge_delivered();
    if (!print->payment_id.empty() && !print->pay_at_counter && open_payments()) {
      const auto marked = d.desk->mark_document_done(print->payment_id);
      if (!marked) std::cerr << "kiosk: document done: " << marked.error().message << "\n";
    }
    post(std::move(done));
    return;
  }
  if (std::holds_alternative<WaitForCardBack>(command)) {
    wait_for_card_back();
    return;
  }
  if (std::holds_alternative<EndCard>(command)) {
    if (d.card) {
      d.card->end_session();
      d.card.reset();
    }
    d.watch_removal = true;
    return;
  }
  // StopWaitingForCard: the flag was set on submit; nothing more to do.
}

}  // namespace madoguchi::kiosk
