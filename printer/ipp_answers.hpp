// Private to the printer module: what a printer's IPP answers say, read from the decoded
// message (libcups' ipp_t) and nothing else — no connection, no I/O — so that the fuzzer
// (tests/fuzz/ipp_answer_fuzzer.cpp) can feed it whatever a hostile printer might send.
#pragma once

#include <cups/ipp.h>

#include <string>
#include <vector>

#include "madoguchi/printer/ipp_printer.hpp"

namespace madoguchi::printer::detail {

// A Get-Printer-Attributes answer: printer-state, -state-reasons, -state-message,
// printer-is-accepting-jobs. Missing or mistyped attributes read as 0, none, "" and false.
PrinterStatus printer_status_from(ipp_t* answer);
// A Get-Job-Attributes answer about `job_id`.
JobStatus job_status_from(ipp_t* answer, int job_id);
// A Get-Jobs answer: the jobs named `job_name` (one job-attributes group per job), by job id.
std::vector<JobStatus> jobs_named_from(ipp_t* answer, const std::string& job_name);

}  // namespace madoguchi::printer::detail
