// Delivers a PDF straight to an IPP printer (IPP Everywhere, or ippeveprinter in tests), without
// a local cupsd, and follows the job and the printer's state.
#pragma once

#include <chrono>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/printer/print_error.hpp"

namespace madoguchi::printer {

struct PrinterStatus {
  int state = 0;                     // 3 idle, 4 processing, 5 stopped
  std::vector<std::string> reasons;  // suffix-stripped: "media-empty", "media-jam", ...; no "none"
  std::string message;               // printer-state-message
  bool accepting = false;            // printer-is-accepting-jobs

  bool has_reason(std::string_view reason) const;
};

struct IppOptions {
  std::chrono::milliseconds connect_timeout{5000};  // also bounds each request
  std::chrono::milliseconds poll_interval{250};     // while following a job
  std::chrono::milliseconds busy_retry{15000};      // how long submit retries "server-error-busy"
};

// Each call opens its own connection, so an IppPrinter may be used from any thread; calls are
// blocking and belong off the UI thread.
class IppPrinter {
 public:
  // e.g. "ipp://127.0.0.1:8631/ipp/print" (ipps:// for TLS).
  explicit IppPrinter(std::string uri, IppOptions options = {});

  const std::string& uri() const { return uri_; }

  std::expected<PrinterStatus, PrintError> status();

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

 private:
  std::string uri_;
  IppOptions options_;
};

// Strips the RFC 8011 severity suffix: "media-empty-warning" -> "media-empty".
std::string strip_reason_suffix(std::string_view reason);

}  // namespace madoguchi::printer
