// Runs the session's commands against the real devices (card reader, payment
// terminal, printer) on a thread of its own and reports back as DeviceEvents.
// The UI loop is woken through `wake` and otherwise sleeps.
#pragma once

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "madoguchi/kiosk/session.hpp"
#include "madoguchi/kiosk/terminal_settings.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/printer/reception_slip.hpp"
#include "madoguchi/submission/application.hpp"

namespace madoguchi::kiosk {

struct DeviceSettings {
  std::string reader;  // preferred reader; empty = the first with a card
  // The PKCS#11 module that reaches the card's 署名用電子証明書: OpenSC's, found by p11-kit.
  std::string signing_module = "opensc-pkcs11.so";
  TerminalSettings terminal;     // port 0: no terminal configured
  std::string printer_uri;       // empty = write PDF files only
  std::string slip_printer_uri;  // the reception slip's printer; empty = printer_uri
  // ipps:// printers' certificates, pinned on first use (<state>/printer-certificates).
  std::filesystem::path printer_certificates;
  std::filesystem::path pdf_dir;  // where PDFs are written (always, when set)
  std::filesystem::path font;
  std::filesystem::path bold_font;
  std::chrono::milliseconds payment_timeout{120000};
  std::chrono::milliseconds print_timeout{60000};
  // The payment journal (SQLite, fsync'd): every terminal call is written before and after;
  // on start the worker settles what a crash left in doubt. Empty: no payments at all.
  std::filesystem::path payment_journal;
  std::string town_name;  // printed at the top of the reception slip
  printer::SlipPaper slip_paper = printer::SlipPaper::A6;
  std::string kiosk_id = "K1";  // starts every transaction id of this kiosk
  // The durable outbox (SQLite, fsync'd): a completed application is committed before the
  // resident hears 受け付けました, then delivered to the back office. Empty: no outbox (then
  // applications are only printed). The key for 個人番号 lives in its own file.
  std::filesystem::path outbox;
  std::filesystem::path outbox_key;  // empty: no key (kiosk/outbox_key_source.hpp)
  bool outbox_key_create = false;    // made on first use (the demo and tests only)
  // Where the outbox delivers: "postgres:<libpq conninfo>" (the town's shared inbox) or
  // "dir:<path>" (a directory drop for an isolated network). Empty: kept in the outbox only.
  std::string back_office;
  // The libpq connection string of a "postgres:" back office; "" for any other.
  std::string postgres_conninfo() const {
    return back_office.starts_with("postgres:") ? back_office.substr(9) : std::string{};
  }
  // How long delivered applications stay on the kiosk (print retries, the clerk's lookup here).
  std::chrono::hours keep_delivered{24};
};

class StaffCaller;     // devices/staff_calls.hpp
class HealthReporter;  // devices/health_reports.hpp
class VisitRecorder;   // devices/visit_records.hpp

class DeviceWorker {
 public:
  DeviceWorker(DeviceSettings settings, std::function<void()> wake);
  ~DeviceWorker();
  DeviceWorker(const DeviceWorker&) = delete;
  DeviceWorker& operator=(const DeviceWorker&) = delete;

  void submit(Command command);
  std::vector<DeviceEvent> take_events();
  // True while a command is queued or running.
  bool busy() const;
  // Files written by printing (PDFs), in order.
  std::vector<std::filesystem::path> outputs() const;

 private:
  friend class Fulfilment;  // commit → print → deliver, on this worker's thread
  struct Devices;           // the devices room's own state (devices/worker_devices.hpp)
  void run();
  void post(DeviceEvent event);
  // One function per command (kiosk/devices/): execute dispatches.
  void execute(Command& command);
  void connect_card();
  void verify_pin_and_read(VerifyPinAndRead& verify);
  void read_my_number();  // in the card session VerifyPinAndRead opened
  void wait_for_card_back();
  void end_card();
  void take_payment(const TakePayment& pay);
  void pay_at_counter(const PayAtCounter& cash);
  // The application goes to the counter (the resident chose it, or left).
  void hand_to_counter(const std::string& payment_id,
                       const std::vector<std::string>& reception_numbers);
  void resident_left(const ResidentLeft& left);
  void refund_payment(const RefundPayment& refund);
  void check_printable(const CheckPrintable& check);
  void check_signature();                             // devices/signature_commands.cpp
  void sign_application(SignApplication& sign);       // the password wiped once used
  void print_documents(const PrintDocuments& print);  // a Fulfilment (devices/fulfilment.hpp)
  // The applications and the reception slip as PDFs, or the resident-facing reason why not.
  struct Drawn {
    std::vector<std::string> applications;  // in the order of the forms
    std::string slip;
  };
  std::expected<Drawn, std::string> draw(const std::vector<const forms::FilledForm*>& forms,
                                         const printer::ReceptionSlip& slip_data) const;
  // One document as a PDF, or the resident-facing reason.
  std::expected<std::string, std::string> draw_document(const printer::Document& document) const;
  // Documents drawn by one renderer made for them (and gone with them).
  std::expected<std::vector<std::string>, std::string> draw_documents(
      const std::vector<printer::Document>& documents) const;
  bool open_payments();
  bool open_outbox();
  void purge_delivered();
  void settle_payments();  // on start: what a crash or power cut left in doubt
  void test_kill_point(std::string_view step) const;
  // What became of an application's paper once the kiosk no longer wants it printed: every job
  // of it withdrawn from its printer (printer::IppPrinter::withdraw).
  struct Withdrawn {
    bool application_printed = false;
    bool application_may_print = false;  // not confirmed canceled: no refund
  };
  Withdrawn withdraw_application(const std::string& reception_number);
  // One document: found printed in the journal, never sent by this run (nothing to withdraw), or
  // printer::IppPrinter::withdraw.
  printer::Withdrawal withdraw_document(const std::string& key, const std::string& printer_uri);
  // The fee's new state on the application in the outbox (the courier tells the back office).
  void record_payment_state(const std::string& reception_number, submission::PaymentState state);

  DeviceSettings settings_;
  std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Command> queue_;
  std::vector<DeviceEvent> events_;
  std::vector<std::filesystem::path> outputs_;
  std::atomic<bool> running_command_{false};
  std::atomic<bool> stop_waiting_{false};
  // Set while a command waits for the resident (a card to be placed or taken away): the
  // worker is not busy then, the kiosk is simply waiting.
  std::atomic<bool> waiting_for_resident_{false};
  std::atomic<bool> shutdown_{false};
  // Set by submit(ResidentLeft) until that command has run: a print in progress stops at once.
  std::atomic<bool> resident_left_{false};
  std::string kill_at_;        // MADOGUCHI_TEST_KILL_AT: the crash tests' kill point (empty: none)
  int kill_signal_ = SIGKILL;  // or SIGSEGV with MADOGUCHI_TEST_KILL_SIGNAL=SEGV
  // The payment desk while it exists, for AbortPayment from the UI thread during pay().
  std::atomic<void*> desk_for_abort_{nullptr};
  bool reader_changed_ = false;  // guarded by mutex_: the reader watch saw a card or reader go
  bool printing_ = false;        // guarded by mutex_: PrintDocuments runs, with the card on
  std::string printing_reader_;  // guarded by mutex_: ... on this reader
  std::unique_ptr<Devices> devices_;
  std::unique_ptr<StaffCaller> staff_calls_;  // 係員を呼ぶ, on a thread of its own
  std::unique_ptr<HealthReporter> health_;    // the counter's view of this kiosk, every 5 s
  std::unique_ptr<VisitRecorder> visits_;     // anonymous visit events for the town's numbers
  std::thread thread_;
};

}  // namespace madoguchi::kiosk
