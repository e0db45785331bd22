// Private to the printer module: what the printer's state and a job's state mean for staff (a
// line for the logs) and for the caller (the PrintError a Blocking condition is). Shared by the
// single requests (ipp_printer.cpp) and the following of one document (print_document.cpp).
#pragma once

#include <optional>
#include <string>

#include "madoguchi/printer/ipp_printer.hpp"

namespace madoguchi::printer::detail {

// "printer stopped, reasons media-empty,cover-open, "message"": for staff and logs.
std::string describe(const PrinterStatus& status);
// "job 7 processing (job-printing)": for staff and logs.
std::string describe(const JobStatus& job, int job_id);

// What stops the printer, from its state and reasons; nullopt when nothing does.
std::optional<PrinterCondition> blocking_condition(const PrinterStatus& status);

// The job reason that says the printer refused the document itself, or "".
std::string rejected_document(const JobStatus& job);

// The kind of error a Blocking condition is: MediaJam, MediaEmpty or PrinterStopped.
PrintError::Kind kind_of(const PrinterCondition& condition);

// The error a Blocking condition is: MediaJam, MediaEmpty or PrinterStopped, with its keyword.
PrintError error_for(const PrinterCondition& condition, std::string message, bool still_queued);

// A job created but never given its document: nothing of it can print, and the printer (which
// handles one job at a time) waits for it.
bool never_got_its_document(const JobStatus& job);

}  // namespace madoguchi::printer::detail
