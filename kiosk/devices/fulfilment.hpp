// Commit → print → deliver: the applications of one payment once its fee is settled (the
// session's PrintDocuments; a move's 転入届 with 国民健康保険 加入 …), in the device worker's
// thread.
//
//   1. commit: the application goes into the outbox before anything is printed or the resident
//      hears 受け付けました; a print retry finds it there by its reception number and commits
//      nothing twice;
//   2. print: the PDF files written (pdf_dir), then each application and the one slip sent to its
//      printer by its key (the job-name), so that a retry follows the job already there and never
//      prints twice;
//   3. deliver: the courier woken for the back office, delivered applications purged, and the
//      payment marked done in the journal.
//
// Not a public header: part of the devices room, a friend of DeviceWorker.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/device_worker.hpp"
#include "madoguchi/submission/application.hpp"

namespace madoguchi::kiosk {

// What the outbox keeps of the filled form for the back office (the application's form_json).
nlohmann::json outbox_form_json(const PrintDocuments& print, const ApplicationToPrint& application);

// The application the outbox commits: a new id, the form, its PDF and the fee's state.
// `signature`: the card's detached CMS over application_pdf, for a signed application.
submission::NewApplication new_application(const PrintDocuments& print,
                                           const ApplicationToPrint& application,
                                           const std::string& application_pdf,
                                           const std::string& kiosk_id,
                                           const std::string& signature = {});

class Fulfilment {
 public:
  // `drawn`: the PDFs (DeviceWorker::draw), an application for each of the print's; `signature`
  // the card's CMS over the one application when it was signed (then only the slip is printed).
  Fulfilment(DeviceWorker& worker, const PrintDocuments& print, const DeviceWorker::Drawn& drawn,
             const std::string& signature = {});
  // Commits, prints and delivers; the answer for the resident.
  PrintDone run();

 private:
  // The application's id in the outbox ("" without one), or the answer when it cannot be kept.
  std::expected<std::string, PrintDone> commit(std::size_t index);
  // The PDF files (pdf_dir); the answer when one cannot be written.
  std::optional<PrintDone> write_files();
  // Each document at its printer; the answer when one does not come out.
  // `stems`: each application's job-name stem (its outbox id).
  std::optional<PrintDone> print(const std::vector<std::string>& stems);
  std::optional<PrintDone> print_document(const std::string& key, const std::string& pdf,
                                          const std::string& uri, bool is_application);
  void deliver();

  DeviceWorker& worker_;
  DeviceWorker::Devices& d_;
  const DeviceSettings& settings_;
  const PrintDocuments& print_;
  const DeviceWorker::Drawn& drawn_;
  const std::string& signature_;
  PrintDone done_;
};

}  // namespace madoguchi::kiosk
