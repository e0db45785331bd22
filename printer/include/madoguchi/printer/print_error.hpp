// The one error type of the printer module: a typed condition (Kind) with the staff's detail.
// What the resident is told is the kiosk's to choose (kiosk/print_problem_words.hpp).
#pragma once

#include <string>

namespace madoguchi::printer {

struct PrintError {
  enum class Kind {
    Font,                // the font file is missing, unreadable or not embeddable
    Layout,              // the document cannot be drawn as given (text does not fit, ...)
    Pdf,                 // libharu failed to produce the PDF
    PrinterUnreachable,  // nothing answers at the printer's address
    PrinterRejected,     // the printer refused the job or the request
    MediaEmpty,          // out of paper
    MediaJam,            // paper jam
    PrinterStopped,      // stopped for another reason (cover open, toner empty, paused, ...)
    Timeout,             // the job did not finish in time, for no reason the printer gave
    Io,                  // writing a file failed
    Stopped              // the caller asked print() to stop (the resident left): job_still_queued
                         // says whether a job of the document is still at the printer
  } kind;
  std::string message;  // for staff and logs: says what and where, never personal data
  // Set when the job is still queued at the printer (waiting for paper, for example): wait for it
  // again once the problem is fixed instead of submitting the document a second time.
  bool job_still_queued = false;
  // Machine-readable cause where the printer gave one: the IPP keyword of the printer condition
  // ("media-empty", "media-jam", "cover-open", "offline" for no answer) or of the job
  // ("document-format-error", "aborted-by-system"); empty otherwise.
  std::string reason = {};
  // Set by IppPrinter::print() when this call never sent the printer a job (no Create-Job left
  // it, and no job was known from before): nothing of the document can be at the printer
  // because of this call.
  bool nothing_sent = false;
  // For a Layout error about one item of the document: which (from 0), else -1. The staff
  // studio marks that box and draws the rest of the page.
  int page = -1;
  int item = -1;
};

// "MediaEmpty" and so on, for logs.
const char* to_string(PrintError::Kind kind);

}  // namespace madoguchi::printer
