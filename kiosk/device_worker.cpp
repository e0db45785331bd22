#include "madoguchi/kiosk/device_worker.hpp"

#include "madoguchi/kiosk/paper.hpp"
#include "madoguchi/kiosk/translations.hpp"

#include <optional>
#include <thread>

#include "madoguchi/card/reader.hpp"
#include "madoguchi/card/reader_watch.hpp"
#include "madoguchi/payment/nexo_terminal.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/printer/pdf_file.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "madoguchi/printer/reception_slip.hpp"

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
  std::optional<printer::PdfRenderer> renderer;
  // Reader and card events from pcscd, on the watch's own thread. Its callback only
  // raises reader_changed_ and wakes this worker, which does the card work itself.
  std::unique_ptr<card::ReaderWatch> watch;
};

DeviceWorker::DeviceWorker(DeviceSettings settings, std::function<void()> wake)
    : settings_(std::move(settings)), wake_(std::move(wake)), devices_(new Devices) {
  devices_->watch = std::make_unique<card::ReaderWatch>([this](const card::ReaderEvent& event) {
    if (event.kind == card::ReaderEvent::Kind::CardRemoved ||
        event.kind == card::ReaderEvent::Kind::ReaderRemoved ||
        event.kind == card::ReaderEvent::Kind::ServiceLost) {
      {
        std::lock_guard lock(mutex_);
        reader_changed_ = true;
      }
      cv_.notify_all();
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
  devices_->watch.reset();
}

void DeviceWorker::submit(Command command) {
  if (std::holds_alternative<StopWaitingForCard>(command)) stop_waiting_ = true;
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

void DeviceWorker::run() {
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
  struct Waiting {
    std::atomic<bool>& flag;
    explicit Waiting(std::atomic<bool>& f) : flag(f) { flag = true; }
    ~Waiting() { flag = false; }
    Waiting(const Waiting&) = delete;
    Waiting& operator=(const Waiting&) = delete;
  };
  const Waiting waiting(waiting_for_resident_);
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
    struct Waiting {
      std::atomic<bool>& flag;
      explicit Waiting(std::atomic<bool>& f) : flag(f) { flag = true; }
      ~Waiting() { flag = false; }
      Waiting(const Waiting&) = delete;
      Waiting& operator=(const Waiting&) = delete;
    };
    std::optional<Waiting> waiting(std::in_place, waiting_for_resident_);
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
      wipe_string(verify->pin);
      post(CardProblem{CardProblemKind::Removed, -1});
      return;
    }
    const auto verified = d.card->verify_pin(verify->pin);
    wipe_string(verify->pin);
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
    read.identity = ResidentIdentity{std::move(info->name), std::move(info->address),
                                     std::move(info->birth_date), std::move(info->sex)};
    info->name.clear();
    post(std::move(read));
    return;
  }
  if (const auto* pay = std::get_if<TakePayment>(&command)) {
    if (settings_.terminal_port <= 0) {
      post(PaymentDone{PaymentStatus::Unavailable,
                       say("支払い端末が使えません。窓口でお支払いください。"), "", ""});
      return;
    }
    if (!d.terminal) {
      d.terminal =
          std::make_unique<payment::NexoTerminal>(settings_.terminal_host, settings_.terminal_port);
    }
    payment::PaymentRequest request;
    request.sale_transaction_id = pay->sale_transaction_id;
    request.amount_yen = pay->amount_yen;
    request.description = pay->description;
    const auto result = d.terminal->pay(request, settings_.payment_timeout);
    post(PaymentDone{payment_status(result.outcome), payment::plain_japanese(result),
                     result.method_used, result.poi_transaction_id});
    return;
  }
  // The application and the reception slip as PDFs, or the resident-facing reason why not.
  const auto render = [&](const forms::FilledForm& form, const printer::ReceptionSlip& slip_data)
      -> std::expected<std::pair<std::string, std::string>, std::string> {
    if (!d.renderer) {
      auto renderer = printer::PdfRenderer::create(settings_.font, settings_.bold_font);
      if (!renderer) return std::unexpected(printer::plain_japanese(renderer.error()));
      d.renderer.emplace(std::move(*renderer));
    }
    auto application = d.renderer->render(to_document(form));
    if (!application) return std::unexpected(printer::plain_japanese(application.error()));
    auto slip = d.renderer->render(printer::make_reception_slip(slip_data));
    if (!slip) return std::unexpected(printer::plain_japanese(slip.error()));
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
    const auto drawn = render(check->form, slip_data);
    post(drawn ? PrintCheck{check->check_id, true, {}}
               : PrintCheck{check->check_id, false, drawn.error()});
    return;
  }
  if (const auto* print = std::get_if<PrintDocuments>(&command)) {
    printer::ReceptionSlip slip_data;
    slip_data.reception_number = print->reception_number;
    slip_data.procedure_title = print->procedure_title;
    slip_data.fee_paid_yen = print->fee_paid_yen;
    slip_data.payment_method = print->payment_method;
    slip_data.issued_at = print->issued_at;
    slip_data.guidance = say("番号が呼ばれるまでお待ちください");
    auto drawn = render(print->form, slip_data);
    if (!drawn) {
      post(PrintDone{false, drawn.error(), {}});
      return;
    }
    auto* application = &drawn->first;
    auto* slip = &drawn->second;
    PrintDone done;
    done.ok = true;
    const std::pair<std::string, const std::string*> documents[] = {
        {print->reception_number + "-application", &*application},
        {print->reception_number + "-slip", &*slip}};
    if (!settings_.pdf_dir.empty()) {
      for (const auto& [stem, pdf] : documents) {
        auto written = printer::write_pdf_file(settings_.pdf_dir, stem, *pdf);
        if (!written) {
          post(PrintDone{false, printer::plain_japanese(written.error()), {}});
          return;
        }
        done.outputs.push_back(written->string());
        std::lock_guard lock(mutex_);
        outputs_.push_back(*written);
      }
    }
    if (!settings_.printer_uri.empty()) {
      printer::IppPrinter ipp(settings_.printer_uri);
      for (const auto& [stem, pdf] : documents) {
        const auto job = ipp.submit(*pdf, stem);
        if (!job) {
          post(PrintDone{false, printer::plain_japanese(job.error()), {}});
          return;
        }
        const auto completed = ipp.wait_for_completion(*job, settings_.print_timeout);
        if (!completed) {
          post(PrintDone{false, printer::plain_japanese(completed.error()), {}});
          return;
        }
        done.outputs.push_back(settings_.printer_uri + " job " + std::to_string(*job));
      }
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
