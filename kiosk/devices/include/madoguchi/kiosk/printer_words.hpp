// What the resident (and staff, at the start check) are told of the printer while it works: the
// printer reports typed conditions (printer::PrinterCondition::Kind, printer::JobCondition) and
// the kiosk, which alone speaks to the resident, chooses the sentence. The sentences are marked
// with say(), so the language files translate them.
#pragma once

#include <string>

#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/printer/printer_condition.hpp"

namespace madoguchi::kiosk {

// A short sentence in Japanese (the screens translate it): a Blocking condition ends with
// "係員をお呼びください。" ("プリンターの用紙がありません。係員をお呼びください。"), a Report is
// for staff ("トナーが少なくなっています。").
std::string printer_condition_words(const printer::PrinterCondition& condition);

// What a job-state reason says of the job ("印刷しています。"); "" for Unknown.
std::string job_condition_words(printer::JobCondition condition);

// What print() is doing now: the printer's Blocking condition when one holds the job, "プリンター
// につながりません。…" while the printer does not answer, else what the job is doing
// ("印刷しています。" when the printer gave no known reason).
std::string print_progress_words(const printer::PrintProgress& progress);

}  // namespace madoguchi::kiosk
