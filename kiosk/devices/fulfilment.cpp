#include "devices/fulfilment.hpp"

#include <algorithm>
#include <iostream>
#include <tuple>
#include <utility>

#include "devices/worker_devices.hpp"
#include "madoguchi/kiosk/print_problem_words.hpp"
#include "madoguchi/kiosk/printer_words.hpp"
#include "madoguchi/kiosk/translations.hpp"
#include "madoguchi/paper/form_document.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/printer/pdf_file.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "madoguchi/printer/reception_slip.hpp"

namespace madoguchi::kiosk {

namespace {

// The reception slip of a print, as the resident takes it to the counter.
printer::ReceptionSlip slip_for(const PrintDocuments& print, const DeviceSettings& settings) {
  printer::ReceptionSlip slip_data;
  slip_data.reception_number = print.reception_number;
  slip_data.procedure_title = print.procedure_title;
  slip_data.fee_paid_yen = print.fee_paid_yen;
  slip_data.payment_method = print.payment_method;
  slip_data.issued_at = print.issued_at;
  slip_data.town_name = settings.town_name;
  slip_data.paper = settings.slip_paper;
  slip_data.guidance = say("番号が呼ばれるまでお待ちください");
  if (print.signed_application) {
    slip_data.guidance =
        say("申請は電子署名つきで窓口に届いています。番号が呼ばれるまでお待ちください");
  }
  if (print.pay_at_counter) {
    // The counter takes the fee in cash; the slip says so, and the journal holds the slip.
    slip_data.payment_method = say("窓口で現金（未払い）");
    slip_data.guidance = say("手数料を窓口で現金でお支払いください");
  }
  return slip_data;
}

}  // namespace

nlohmann::json outbox_form_json(const PrintDocuments& print) {
  return nlohmann::json{{"procedure_id", print.procedure_id},
                        {"title", print.form.title},
                        {"reception_number", print.reception_number},
                        {"issued_at", print.issued_at},
                        {"fee_yen", print.fee_paid_yen},
                        {"paid_at_counter", print.pay_at_counter},
                        {"payment_id", print.payment_id},
                        {"fields", print.form.field_values}};
}

submission::NewApplication new_application(const PrintDocuments& print,
                                           const std::string& application_pdf,
                                           const std::string& kiosk_id,
                                           const std::string& signature) {
  submission::NewApplication a;
  a.application_id = submission::new_application_id();
  a.kiosk_id = kiosk_id;
  a.reception_number = print.reception_number;
  a.procedure_id = print.procedure_id;
  a.form_json = outbox_form_json(print).dump();
  a.pdf = application_pdf;
  a.signature = signature;
  a.my_number = print.my_number.get();  // sealed with the outbox key; nullptr: none
  a.created_at = std::chrono::system_clock::now();
  a.payment_state = print.pay_at_counter      ? submission::PaymentState::CashAtCounter
                    : print.fee_paid_yen <= 0 ? submission::PaymentState::Free
                                              : submission::PaymentState::Paid;
  return a;
}

// The application and the reception slip as PDFs, or the resident-facing reason why not.
std::expected<std::pair<std::string, std::string>, std::string> DeviceWorker::draw(
    const forms::FilledForm& form, const printer::ReceptionSlip& slip_data) const {
  auto pdfs = draw_documents({paper::to_document(form), printer::make_reception_slip(slip_data)});
  if (!pdfs) return std::unexpected(pdfs.error());
  return std::pair{std::move((*pdfs)[0]), std::move((*pdfs)[1])};
}

std::expected<std::string, std::string> DeviceWorker::draw_document(
    const printer::Document& document) const {
  auto pdfs = draw_documents({document});
  if (!pdfs) return std::unexpected(pdfs.error());
  return std::move(pdfs->front());
}

std::expected<std::vector<std::string>, std::string> DeviceWorker::draw_documents(
    const std::vector<printer::Document>& documents) const {
  // A renderer for these documents only: neither its fonts' tables and the glyphs it loaded
  // (0.9 MB) nor which characters it drew (the resident's name's) stay until the next visit.
  auto renderer = printer::PdfRenderer::create(settings_.font, settings_.bold_font);
  if (!renderer) return std::unexpected(print_problem_words(renderer.error()));
  std::vector<std::string> pdfs;
  for (const printer::Document& document : documents) {
    auto pdf = renderer->render(document);
    if (!pdf) return std::unexpected(print_problem_words(pdf.error()));
    pdfs.push_back(std::move(*pdf));
  }
  return pdfs;
}

// CheckPrintable: the documents drawn once with a placeholder reception number and thrown
// away, before any money is taken.
void DeviceWorker::check_printable(const CheckPrintable& check) {
  auto& d = *devices_;
  printer::ReceptionSlip slip_data;
  slip_data.reception_number = "0000-000";
  slip_data.procedure_title = check.procedure_title;
  slip_data.fee_paid_yen = check.fee_yen;
  slip_data.payment_method = "クレジットカード";
  slip_data.issued_at = "2000-01-01 00:00";
  slip_data.guidance = say("番号が呼ばれるまでお待ちください");
  // An outbox without a usable key stores no application (it would have to keep the
  // resident's name in clear): found here, before any money is taken.
  if (open_outbox() && !d.outbox->key_problem().empty()) {
    std::cerr << "kiosk: outbox key: " << d.outbox->key_problem()
              << "; no application can be stored\n";
    post(PrintCheck{check.check_id, false,
                    say("申請を保存できませんでした。係員をお呼びください。")});
    return;
  }
  const auto drawn = draw(check.form, slip_data);
  post(drawn ? PrintCheck{check.check_id, true, {}}
             : PrintCheck{check.check_id, false, drawn.error()});
}

// PrintDocuments: drawn, then fulfilled (commit → print → deliver) while the reader watch
// reports a card taken meanwhile.
void DeviceWorker::print_documents(const PrintDocuments& print) {
  auto& d = *devices_;
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
  if (print.signed_application) {
    // The application is the one the card signed, byte for byte; only the slip is drawn and
    // printed.
    const auto kept = d.signed_applications.find(print.reception_number);
    if (kept == d.signed_applications.end()) {
      post(PrintDone{false, say("申請を保存できませんでした。係員をお呼びください。"), {}, true});
      return;
    }
    auto slip = draw_document(printer::make_reception_slip(slip_for(print, settings_)));
    if (!slip) {
      post(PrintDone{false, slip.error(), {}, true});  // nothing was sent
      return;
    }
    const std::string application = kept->second.pdf;
    // Kept for a retry of the print; forgotten with the card (EndCard, ResidentLeft).
    post(Fulfilment(*this, print, application, *slip, kept->second.signature).run());
    return;
  }
  auto drawn = draw(print.form, slip_for(print, settings_));
  if (!drawn) {
    post(PrintDone{false, drawn.error(), {}, true});  // nothing was sent
    return;
  }
  post(Fulfilment(*this, print, drawn->first, drawn->second).run());
}

Fulfilment::Fulfilment(DeviceWorker& worker, const PrintDocuments& print,
                       const std::string& application, const std::string& slip,
                       const std::string& signature)
    : worker_(worker),
      d_(*worker.devices_),
      settings_(worker.settings_),
      print_(print),
      application_(application),
      slip_(slip),
      signature_(signature) {
  done_.ok = true;
}

PrintDone Fulfilment::run() {
  const auto application_id = commit();
  if (!application_id) return application_id.error();
  if (auto failed = write_files()) return std::move(*failed);
  worker_.test_kill_point("print-started");
  if (worker_.resident_left_) {
    // Gone before the paper started: nothing is sent (ResidentLeft hands it to the counter).
    return PrintDone{false, print_problem_words({printer::PrintError::Kind::Stopped, ""}), {}};
  }
  const std::string job_stem = application_id->empty() ? print_.reception_number : *application_id;
  if (auto failed = print(job_stem)) return std::move(*failed);
  worker_.test_kill_point("document-printed");
  deliver();
  return std::move(done_);
}

std::expected<std::string, PrintDone> Fulfilment::commit() {
  if (!worker_.open_outbox()) return std::string{};
  std::string& known = d_.applications[print_.reception_number];
  if (known.empty()) {
    const auto a = new_application(print_, application_, settings_.kiosk_id, signature_);
    const auto committed = d_.outbox->commit(a);
    if (!committed) {
      std::cerr << "kiosk: outbox commit: " << committed.error().message << "\n";
      return std::unexpected(
          PrintDone{false, say("申請を保存できませんでした。係員をお呼びください。"), {}, true});
    }
    known = a.application_id;
  }
  worker_.test_kill_point("application-committed");
  return known;
}

std::optional<PrintDone> Fulfilment::write_files() {
  if (settings_.pdf_dir.empty()) return std::nullopt;
  const std::pair<std::string, const std::string*> documents[] = {
      {print_.reception_number + "-application", &application_},
      {print_.reception_number + "-slip", &slip_}};
  for (const auto& [stem, pdf] : documents) {
    auto written = printer::write_pdf_file(settings_.pdf_dir, stem, *pdf);
    if (!written) return PrintDone{false, print_problem_words(written.error()), {}, true};
    done_.outputs.push_back(written->string());
    std::lock_guard lock(worker_.mutex_);
    worker_.outputs_.push_back(*written);
  }
  return std::nullopt;
}

std::optional<PrintDone> Fulfilment::print(const std::string& job_stem) {
  if (settings_.printer_uri.empty()) return std::nullopt;
  // The slip may have a printer of its own (a receipt printer beside the A4 one).
  const std::string& slip_printer =
      settings_.slip_printer_uri.empty() ? settings_.printer_uri : settings_.slip_printer_uri;
  const std::tuple<std::string, const std::string*, const std::string*> jobs[] = {
      {job_stem + "-application", &application_, &settings_.printer_uri},
      {job_stem + "-slip", &slip_, &slip_printer}};
  for (const auto& [key, pdf, uri] : jobs) {
    if (pdf == &application_ && print_.signed_application) continue;  // sent signed, no paper
    if (auto failed = print_document(key, *pdf, *uri, pdf == &application_)) return failed;
  }
  return std::nullopt;
}

// Each document by its key (the job-name): a retry follows the job already at the printer, or
// finds it printed, and never prints twice. The outbox journals the job ids.
std::optional<PrintDone> Fulfilment::print_document(const std::string& key, const std::string& pdf,
                                                    const std::string& uri, bool is_application) {
  printer::PrintPolicy policy;
  policy.hold_limit = settings_.print_timeout;
  policy.print_limit = settings_.print_timeout;
  policy.unreachable_limit =
      std::min<std::chrono::milliseconds>(settings_.print_timeout, std::chrono::seconds(10));
  printer::IppPrinter ipp(uri, {.certificate_pins = settings_.printer_certificates});
  std::optional<submission::PrintJobRecord> earlier;
  if (d_.outbox) {
    if (auto found = d_.outbox->print_job(key); found && *found) earlier = **found;
  }
  if (earlier && earlier->printed) return std::nullopt;  // printed before a retry
  printer::PrintRequest request;
  request.document_key = key;
  request.pdf = pdf;
  request.previous_job_id = earlier ? earlier->job_id : 0;
  request.on_job_created = [this, &key, &uri](int job) {
    if (d_.outbox) d_.outbox->record_print_job({key, uri, job, false});
  };
  request.stop_requested = [this] { return worker_.resident_left_.load(); };
  request.on_progress = [this](const printer::PrintProgress& progress) {
    using Phase = printer::PrintProgress::Phase;
    const bool held = progress.phase == Phase::Held || progress.phase == Phase::WaitingForPrinter ||
                      progress.phase == Phase::WaitingToResubmit;
    worker_.post(PrintProgressNote{print_progress_words(progress), held});
  };
  auto printed = ipp.print(request, policy);
  if (printed || !printed.error().nothing_sent) d_.maybe_at_printer.insert(key);
  if (!printed && printed.error().kind != printer::PrintError::Kind::Stopped) {
    // The kiosk stops waiting: the give-up is final. The job is withdrawn, or found
    // printed meanwhile (then it counts as printed: the paper is out). A document no call
    // ever sent (the printer never answered) needs no printer to confirm that.
    const auto withdrawn = worker_.withdraw_document(key, uri);
    std::cerr << "kiosk: print " << key << ": " << printed.error().message
              << "; withdrawn: " << printer::to_string(withdrawn.result) << " (" << withdrawn.detail
              << ")\n";
    if (withdrawn.result != printer::Withdrawal::Result::Printed) {
      return PrintDone{
          false,
          print_problem_words(printed.error()),
          {},
          is_application && withdrawn.result == printer::Withdrawal::Result::NotPrinted};
    }
    printed = printer::PrintOutcome{withdrawn.job_id, true, 0};
  }
  if (!printed) {  // stopped: the resident left (ResidentLeft withdraws it)
    return PrintDone{false, print_problem_words(printed.error()), {}};
  }
  if (d_.outbox) d_.outbox->record_print_job({key, uri, printed->job_id, true});
  done_.outputs.push_back(uri + " job " + std::to_string(printed->job_id));
  return std::nullopt;
}

void Fulfilment::deliver() {
  if (d_.courier) d_.courier->wake();
  worker_.purge_delivered();
  if (!print_.payment_id.empty() && !print_.pay_at_counter && worker_.open_payments()) {
    const auto marked = d_.desk->mark_document_done(print_.payment_id);
    if (!marked) std::cerr << "kiosk: document done: " << marked.error().message << "\n";
  }
}

}  // namespace madoguchi::kiosk
