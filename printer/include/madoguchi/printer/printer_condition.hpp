// What a printer's state reasons and a job's state reasons mean, as typed conditions: the IPP
// keyword, what it stands for, and whether it stops printing. What the resident or staff are
// told is the kiosk's to choose (kiosk/printer_words.hpp): the printer speaks no one's language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::printer {

struct PrinterCondition {
  enum class Severity {
    Report,   // nothing the resident needs to hear ("media-low", "toner-low")
    Blocking  // nothing prints until staff fix it ("media-empty", "media-jam", "cover-open", ...)
  };
  // What the keyword stands for: one value per thing worth telling apart at the kiosk. The
  // Blocking ones first (OutOfPaper to Busy), then the Reports; Stopped and Notice also stand
  // for unknown keywords.
  enum class Kind {
    OutOfPaper,            // media-empty, media-needed
    PaperJam,              // media-jam, media-path-jam
    TrayOut,               // input-tray-missing
    CoverOpen,             // cover-open, door-open, interlock-open
    OutOfToner,            // toner-empty
    OutOfInk,              // marker-supply-empty
    NeedsService,          // marker-waste-full, fuser-over-temp
    OutputTrayFull,        // output-area-full
    OffOrDisconnected,     // offline
    SwitchedOff,           // shutdown
    Unreachable,           // timed-out, connecting-to-device
    Paused,                // paused, moving-to-paused
    Stopped,               // printer-state stopped, or an unknown "-error" keyword
    Busy,                  // spool-area-full
    WarmingUp,             // fuser-under-temp
    PaperLow,              // media-low
    TonerLow,              // toner-low
    InkLow,                // marker-supply-low
    WasteNearlyFull,       // marker-waste-almost-full
    OutputTrayNearlyFull,  // output-area-almost-full
    DeveloperLow,          // developer-low
    DrumNearEnd,           // opc-near-eol
    Notice                 // other, or an unknown keyword that is no "-error"
  };
  std::string reason;  // the IPP keyword without its RFC 8011 suffix: "media-empty", "toner-low"
  Severity severity = Severity::Report;
  Kind kind = Kind::Notice;

  bool blocking() const { return severity == Severity::Blocking; }
};

// One printer-state-reasons keyword, with or without its -report/-warning/-error suffix.
// Known keywords have their own Kind; an unknown one is Blocking (Stopped) when its suffix is
// "-error" (RFC 8011: the printer stopped) and a Report (Notice) otherwise.
PrinterCondition describe_printer_reason(std::string_view keyword);

// Every keyword of a printer-state-reasons value, "none" dropped and each keyword once, Blocking
// ones first (in the order the printer gave them).
std::vector<PrinterCondition> describe_printer_reasons(const std::vector<std::string>& keywords);

// The first Blocking condition, or nullptr.
const PrinterCondition* first_blocking(const std::vector<PrinterCondition>& conditions);

// What a job-state-reasons keyword says of the job: one value per thing worth telling apart.
enum class JobCondition {
  Unknown,         // a keyword not listed here
  Preparing,       // job-incoming, job-data-insufficient, job-transforming
  Queued,          // job-queued, job-queued-for-marker
  Printing,        // job-printing, job-interpreting
  Done,            // job-completed-successfully, job-completed-with-warnings
  Unfinished,      // job-completed-with-errors
  OnHold,          // job-hold-until-specified, job-held-by-operator
  JobStopped,      // job-stopped
  PrinterStopped,  // printer-stopped, printer-stopped-partly
  Cancelling,      // processing-to-stop-point
  Aborted,         // aborted-by-system
  Cancelled,       // job-canceled-by-user, -by-operator, -at-device
  Unreadable       // document-format-error, document-unprintable-error, ... : the PDF refused
};

// One job-state-reasons keyword ("job-printing", "aborted-by-system", ...); Unknown otherwise.
JobCondition describe_job_reason(std::string_view keyword);

}  // namespace madoguchi::printer
