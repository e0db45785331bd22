// Delivers a PDF straight to an IPP printer (IPP Everywhere, or ippeveprinter in tests), without
// a local cupsd, and follows the job and the printer's state.
//
// The kiosk calls print(): it prints a document exactly once, identified by its document key
// (the IPP job-name), holding on while the printer is out of paper or jammed and resuming when
// staff fix it, and never sending a document again that the printer already has.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/printer/print_error.hpp"
#include "madoguchi/printer/printer_condition.hpp"

namespace madoguchi::printer {

struct PrinterStatus {
  int state = 0;                     // 3 idle, 4 processing, 5 stopped
  std::vector<std::string> reasons;  // suffix-stripped: "media-empty", "media-jam", ...; no "none"
  std::vector<std::string> raw_reasons;  // as the printer gave them: "media-empty-warning", ...
  std::string message;                   // printer-state-message
  bool accepting = false;                // printer-is-accepting-jobs

  bool has_reason(std::string_view reason) const;
  // reasons described, Blocking first; state stopped with no blocking reason adds "stopped".
  std::vector<PrinterCondition> conditions() const;
};

struct JobStatus {
  int id = 0;
  std::string name;                  // job-name: the document key
  int state = 0;                     // 3 pending, 4 held, 5 processing, 6 stopped, 7 canceled,
                                     // 8 aborted, 9 completed
  std::vector<std::string> reasons;  // job-state-reasons, as the printer gave them; no "none"
  std::string message;               // job-state-message

  bool finished() const { return state >= 7; }
  bool completed() const { return state == 9; }
  bool has_reason(std::string_view reason) const;
};

struct IppOptions {
  std::chrono::milliseconds connect_timeout{5000};  // also bounds each request
  std::chrono::milliseconds poll_interval{250};     // while following a job
  std::chrono::milliseconds busy_retry{15000};      // how long submit retries "server-error-busy"
  // ipps:// printers: the folder where each printer's certificate is pinned on first use; one
  // that later presents another is refused (docs/printer.md, "ipps://"). Empty: not verified.
  std::filesystem::path certificate_pins{};
};

// How long print() holds on. Every limit ends in an error that says whether the job is still at
// the printer (job_still_queued): then call print() again with the same key later, never submit().
struct PrintPolicy {
  // A job held by a Blocking condition (no paper, a jam, the cover open): how long to wait for
  // staff to fix it.
  std::chrono::milliseconds hold_limit{std::chrono::minutes(10)};
  // A job printing with nothing wrong that does not finish.
  std::chrono::milliseconds print_limit{std::chrono::minutes(2)};
  // The printer not answering at all (off, cable out, hung): how long to keep trying.
  std::chrono::milliseconds unreachable_limit{std::chrono::seconds(30)};
  // Jobs one call may create for the document: the first, and new ones after the printer aborted
  // one (a jam on printers that abort jammed jobs). A new job is sent only once the printer no
  // longer shows a Blocking condition.
  int max_submissions = 3;
};

// What print() reports while it works, each time something changes.
struct PrintProgress {
  enum class Phase {
    Submitting,         // sending the document
    Queued,             // the printer has it and will print it
    Printing,           // the printer is printing it
    Held,               // the printer holds it until staff fix a Blocking condition
    WaitingForPrinter,  // the printer does not answer; still trying
    WaitingToResubmit,  // the printer aborted the job; a new one goes once it is fixed
    Completed
  } phase = Phase::Submitting;
  int job_id = 0;                            // 0 before the printer gave one
  std::vector<PrinterCondition> conditions;  // the printer's conditions now, Blocking first
  // Machine-readable: the Blocking condition's keyword ("media-empty", "media-jam", "offline"
  // when the printer does not answer), else the job's state reason ("job-printing"; see
  // describe_job_reason). What the resident is told is the kiosk's (kiosk/printer_words.hpp).
  std::string reason;
};

struct PrintRequest {
  // The job-name, and what makes printing idempotent: one document, one key, however often
  // print() is called. Letters, digits and '-' only, at most 200 characters, no personal data
  // (it shows in the printer's logs): e.g. "<application id>-application".
  std::string document_key;
  std::string_view pdf;
  // A job this document was given before, from the caller's journal (0: none). Used only when
  // the printer still knows it under the same key (job ids restart when a printer restarts).
  int previous_job_id = 0;
  // Called once the printer has created a job for the document, before the document is sent:
  // the moment to write (key, job id) to the caller's journal.
  std::function<void(int job_id)> on_job_created;
  std::function<void(const PrintProgress&)> on_progress;
  // Asked between every two requests to the printer: true ends print() at once with
  // Kind::Stopped (job_still_queued when a job of the document is at the printer). It cancels
  // nothing by itself: withdraw() does that.
  std::function<bool()> stop_requested;
};

// What became of a document the kiosk no longer wants printed (the resident left, or the kiosk
// stopped waiting for a held job): withdraw() cancels every job of it that has not finished and
// waits for the printer to confirm.
struct Withdrawal {
  enum class Result {
    NotPrinted,    // no job of the document can print any more: each one is canceled or aborted
                   // (the printer says so), or the printer never had one
    Printed,       // a job of the document completed: the paper came out
    MayStillPrint  // not confirmed in time (no answer, a job still printing): it may yet print
  } result = Result::MayStillPrint;
  int job_id = 0;      // the job that printed, or the one that may still print
  std::string detail;  // for staff and logs: what the printer said, never personal data
};
const char* to_string(Withdrawal::Result result);

struct PrintOutcome {
  int job_id = 0;
  // The printer had already printed this document (a completed job under the key): nothing was
  // sent by this call.
  bool already_printed = false;
  int submissions = 0;  // jobs this call created (0 when it followed an existing one)
};

// Each call opens its own connection, so an IppPrinter may be used from any thread; calls are
// blocking and belong off the UI thread.
class IppPrinter {
 public:
  // e.g. "ipp://127.0.0.1:8631/ipp/print" (ipps:// for TLS).
  explicit IppPrinter(std::string uri, IppOptions options = {});

  const std::string& uri() const { return uri_; }

  std::expected<PrinterStatus, PrintError> status();

  // Prints the document once. In order:
  //  1. asks the printer for its jobs under request.document_key (and for previous_job_id): a
  //     completed one means printed (already_printed, nothing sent); a pending or printing one is
  //     followed instead of sending again; one created but never given its document (a kiosk
  //     that died between Create-Job and Send-Document) is canceled, since it holds the printer;
  //  2. otherwise creates a job (on_job_created) and sends the PDF;
  //  3. follows the job: Held while a Blocking condition stops it, resuming by itself when staff
  //     fix it; WaitingForPrinter while the printer does not answer;
  //  4. if the printer aborts the job (a jam), waits until the printer no longer shows a
  //     Blocking condition, asks again for jobs under the key (step 1), and only then sends it
  //     again, at most max_submissions jobs in all.
  // Errors: Blocking conditions after hold_limit (MediaEmpty, MediaJam, PrinterStopped, with
  // job_still_queued when the printer keeps the job), PrinterUnreachable after
  // unreachable_limit, Timeout after print_limit, PrinterRejected when the printer refuses the
  // document or staff cancel the job; error.reason holds the keyword.
  std::expected<PrintOutcome, PrintError> print(const PrintRequest& request,
                                                const PrintPolicy& policy = {});

  // Makes sure the document under `document_key` never prints from now on: asks the printer for
  // its jobs under the key (and for previous_job_id), cancels each one not finished, and looks
  // again until each is finished or `confirm_within` has passed. A job that completed meanwhile
  // is reported as Printed: the caller must then treat the document as printed.
  Withdrawal withdraw(const std::string& document_key, int previous_job_id = 0,
                      std::chrono::milliseconds confirm_within = std::chrono::seconds(10));

  // The lower-level calls print() is made of.

  // Creates a job and sends the PDF as its only document; returns the job id. job_name shows up
  // in the printer's logs and job list: never put personal data in it.
  std::expected<int, PrintError> submit(std::string_view pdf, const std::string& job_name);

  // Follows the job until it is completed (success), aborted or canceled, or until the timeout.
  // Failures are classified from the printer's state reasons: media-jam -> MediaJam,
  // media-empty/media-needed -> MediaEmpty, cover-open, toner-empty, paused, ... or state
  // stopped -> PrinterStopped, otherwise Timeout (still running) or PrinterRejected (aborted).
  // When the error says job_still_queued, the job resumes by itself once the problem is fixed:
  // call again rather than resubmitting.
  std::expected<void, PrintError> wait_for_completion(int job_id,
                                                      std::chrono::milliseconds timeout);

  // Get-Job-Attributes of one job.
  std::expected<JobStatus, PrintError> job(int job_id);
  // The printer's jobs (Get-Jobs, which-jobs all: the ones it still remembers, finished ones
  // included) named job_name, oldest first.
  std::expected<std::vector<JobStatus>, PrintError> jobs_named(const std::string& job_name);
  // Cancel-Job.
  std::expected<void, PrintError> cancel(int job_id);

 private:
  std::expected<PrintOutcome, PrintError> print_following(const PrintRequest& request,
                                                          const PrintPolicy& policy,
                                                          bool& create_attempted);
  std::expected<int, PrintError> create_and_send(std::string_view pdf, const std::string& job_name,
                                                 const std::function<void(int)>& on_created,
                                                 std::chrono::milliseconds busy_retry);

  std::string uri_;
  IppOptions options_;
};

// Strips the RFC 8011 severity suffix: "media-empty-warning" -> "media-empty".
std::string strip_reason_suffix(std::string_view reason);

// A document key print() accepts: 1..200 characters of [A-Za-z0-9-].
bool valid_document_key(std::string_view key);

}  // namespace madoguchi::printer
