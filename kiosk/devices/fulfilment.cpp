#include "devices/fulfilment.hpp"

#include <algorithm>
#include <iostream>
#include <tuple>
#include <utility>

#include "devices/worker_devices.hpp"
#include "madoguchi/kiosk/print_problem_words.hpp"
#include "madoguchi/kiosk/printer_words.hpp"
#include "madoguchi/kiosk/translations.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/printer/pdf_file.hpp"

namespace madoguchi::kiosk {

nlohmann::json outbox_form_json(const PrintDocuments& print, const ApplicationToPrint& a) {
  return nlohmann::json{{"procedure_id", a.procedure_id},
                        {"title", a.form.title},
                        {"reception_number", a.reception_number},
                        {"issued_at", print.issued_at},
                        {"fee_yen", a.fee_yen},
                        {"paid_at_counter", print.pay_at_counter},
                        {"payment_id", print.payment_id},
                        {"fields", a.form.field_values}};
}

submission::NewApplication new_application(const PrintDocuments& print,
                                           const ApplicationToPrint& application,
                                           const std::string& application_pdf,
                                           const std::string& kiosk_id,
                                           const std::string& signature) {
  submission::NewApplication a;
  a.application_id = submission::new_application_id();
  a.kiosk_id = kiosk_id;
  a.reception_number = application.reception_number;
  a.procedure_id = application.procedure_id;
  a.form_json = outbox_form_json(print, application).dump();
  a.pdf = application_pdf;
  a.signature = signature;
  a.my_number = application.my_number.get();  // sealed with the outbox key; nullptr: none
  a.created_at = std::chrono::system_clock::now();
  a.payment_state = print.pay_at_counter       ? submission::PaymentState::CashAtCounter
                    : application.fee_yen <= 0 ? submission::PaymentState::Free
                                               : submission::PaymentState::Paid;
  return a;
}

Fulfilment::Fulfilment(DeviceWorker& worker, const PrintDocuments& print,
                       const DeviceWorker::Drawn& drawn, const std::string& signature)
    : worker_(worker),
      d_(*worker.devices_),
      settings_(worker.settings_),
      print_(print),
      drawn_(drawn),
      signature_(signature) {
  done_.ok = true;
}

PrintDone Fulfilment::run() {
  std::vector<std::string> stems;  // each application's job names start with its outbox id
  for (std::size_t i = 0; i < print_.applications.size(); ++i) {
    const auto application_id = commit(i);
    if (!application_id) return application_id.error();
    stems.push_back(application_id->empty() ? print_.applications[i].reception_number
                                            : *application_id);
  }
  worker_.test_kill_point("application-committed");
  if (auto failed = write_files()) return std::move(*failed);
  worker_.test_kill_point("print-started");
  if (worker_.resident_left_) {
    // Gone before the paper started: nothing is sent (ResidentLeft hands it to the counter).
    return PrintDone{false, print_problem_words({printer::PrintError::Kind::Stopped, ""}), {}};
  }
  if (auto failed = print(stems)) return std::move(*failed);
  worker_.test_kill_point("document-printed");
  deliver();
  return std::move(done_);
}

std::expected<std::string, PrintDone> Fulfilment::commit(std::size_t index) {
  if (!worker_.open_outbox()) return std::string{};
  const ApplicationToPrint& application = print_.applications[index];
  std::string& known = d_.applications[application.reception_number];
  if (known.empty()) {
    const auto a = new_application(print_, application, drawn_.applications[index],
                                   settings_.kiosk_id, signature_);
    const auto committed = d_.outbox->commit(a);
    if (!committed) {
      std::cerr << "kiosk: outbox commit: " << committed.error().message << "\n";
      return std::unexpected(
          PrintDone{false, say("申請を保存できませんでした。係員をお呼びください。"), {}, true});
    }
    known = a.application_id;
  }
  return known;
}

std::optional<PrintDone> Fulfilment::write_files() {
  if (settings_.pdf_dir.empty()) return std::nullopt;
  std::vector<std::pair<std::string, const std::string*>> documents;
  for (std::size_t i = 0; i < print_.applications.size(); ++i) {
    documents.emplace_back(print_.applications[i].reception_number + "-application",
                           &drawn_.applications[i]);
  }
  documents.emplace_back(print_.applications.front().reception_number + "-slip", &drawn_.slip);
  for (const auto& [stem, pdf] : documents) {
    auto written = printer::write_pdf_file(settings_.pdf_dir, stem, *pdf);
    if (!written) return PrintDone{false, print_problem_words(written.error()), {}, true};
    done_.outputs.push_back(written->string());
    std::lock_guard lock(worker_.mutex_);
    worker_.outputs_.push_back(*written);
  }
  return std::nullopt;
}

std::optional<PrintDone> Fulfilment::print(const std::vector<std::string>& stems) {
  if (settings_.printer_uri.empty()) return std::nullopt;
  // The slip may have a printer of its own (a receipt printer beside the A4 one).
  const std::string& slip_printer =
      settings_.slip_printer_uri.empty() ? settings_.printer_uri : settings_.slip_printer_uri;
  if (!print_.signed_application) {  // sent signed: no paper but the slip
    for (std::size_t i = 0; i < stems.size(); ++i) {
      if (auto failed = print_document(stems[i] + "-application", drawn_.applications[i],
                                       settings_.printer_uri, true)) {
        return failed;
      }
    }
  }
  // One slip for the payment, named after its first application.
  return print_document(stems.front() + "-slip", drawn_.slip, slip_printer, false);
}

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
