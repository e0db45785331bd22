// Drawing the documents of a print: the check before any money is taken (CheckPrintable), and
// the applications and the slip that a Fulfilment then commits and prints (PrintDocuments).
#include <algorithm>
#include <iostream>
#include <utility>

#include "devices/fulfilment.hpp"
#include "devices/worker_devices.hpp"
#include "madoguchi/kiosk/print_problem_words.hpp"
#include "madoguchi/kiosk/translations.hpp"
#include "madoguchi/paper/form_document.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "madoguchi/printer/reception_slip.hpp"

namespace madoguchi::kiosk {

namespace {

// Documents to hand in, each listed once (two procedures may ask for the same one).
void add_documents(std::vector<std::string>& listed, const std::vector<std::string>& more) {
  for (const std::string& document : more) {
    if (std::find(listed.begin(), listed.end(), document) == listed.end()) {
      listed.push_back(document);
    }
  }
}

// The reception slip of a print, as the resident takes it to the counter: every application of
// the payment, and the documents the kiosk could not take.
printer::ReceptionSlip slip_for(const PrintDocuments& print, const DeviceSettings& settings) {
  printer::ReceptionSlip slip_data;
  for (const ApplicationToPrint& a : print.applications) {
    if (slip_data.reception_number.empty()) {
      slip_data.reception_number = a.reception_number;
      slip_data.procedure_title = a.procedure_title;
    } else {
      slip_data.also.push_back({a.reception_number, a.procedure_title});
    }
    add_documents(slip_data.to_hand_in, a.to_hand_in);
  }
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

std::expected<DeviceWorker::Drawn, std::string> DeviceWorker::draw(
    const std::vector<const forms::FilledForm*>& forms,
    const printer::ReceptionSlip& slip_data) const {
  std::vector<printer::Document> documents;
  for (const forms::FilledForm* form : forms) documents.push_back(paper::to_document(*form));
  documents.push_back(printer::make_reception_slip(slip_data));
  auto pdfs = draw_documents(documents);
  if (!pdfs) return std::unexpected(pdfs.error());
  Drawn drawn;
  drawn.slip = std::move(pdfs->back());
  pdfs->pop_back();
  drawn.applications = std::move(*pdfs);
  return drawn;
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

// CheckPrintable: the documents drawn once with placeholder reception numbers and thrown away,
// before any money is taken.
void DeviceWorker::check_printable(const CheckPrintable& check) {
  auto& d = *devices_;
  // The slip as the print will draw it (the town's paper and name), numbers and time standing in.
  PrintDocuments print;
  for (const std::string& title : check.procedure_titles) {
    ApplicationToPrint& a = print.applications.emplace_back();
    a.reception_number = "0000-000";
    a.procedure_title = title;
  }
  if (!print.applications.empty()) print.applications.front().to_hand_in = check.to_hand_in;
  print.fee_paid_yen = check.fee_yen;
  print.payment_method = "クレジットカード";
  print.issued_at = "2000-01-01 00:00";
  // An outbox without a usable key stores no application (it would have to keep the
  // resident's name in clear): found here, before any money is taken.
  if (open_outbox() && !d.outbox->key_problem().empty()) {
    std::cerr << "kiosk: outbox key: " << d.outbox->key_problem()
              << "; no application can be stored\n";
    post(PrintCheck{check.check_id, false,
                    say("申請を保存できませんでした。係員をお呼びください。")});
    return;
  }
  std::vector<const forms::FilledForm*> forms;
  for (const forms::FilledForm& form : check.forms) forms.push_back(&form);
  const auto drawn = draw(forms, slip_for(print, settings_));
  post(drawn ? PrintCheck{check.check_id, true, {}}
             : PrintCheck{check.check_id, false, drawn.error()});
}

// PrintDocuments: drawn, then fulfilled (commit → print → deliver) while the reader watch
// reports a card taken meanwhile.
void DeviceWorker::print_documents(const PrintDocuments& print) {
  auto& d = *devices_;
  if (print.applications.empty()) return;
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
    const auto kept = d.signed_applications.find(print.applications.front().reception_number);
    if (kept == d.signed_applications.end()) {
      post(PrintDone{false, say("申請を保存できませんでした。係員をお呼びください。"), {}, true});
      return;
    }
    auto slip = draw_document(printer::make_reception_slip(slip_for(print, settings_)));
    if (!slip) {
      post(PrintDone{false, slip.error(), {}, true});  // nothing was sent
      return;
    }
    const Drawn drawn{{kept->second.pdf}, std::move(*slip)};
    // Kept for a retry of the print; forgotten with the card (EndCard, ResidentLeft).
    post(Fulfilment(*this, print, drawn, kept->second.signature).run());
    return;
  }
  std::vector<const forms::FilledForm*> forms;
  for (const ApplicationToPrint& a : print.applications) forms.push_back(&a.form);
  auto drawn = draw(forms, slip_for(print, settings_));
  if (!drawn) {
    post(PrintDone{false, drawn.error(), {}, true});  // nothing was sent
    return;
  }
  post(Fulfilment(*this, print, *drawn).run());
}

}  // namespace madoguchi::kiosk
