// What a printer's state reasons and a job's state reasons mean, for the resident (plain
// Japanese) and for the program (the IPP keyword, and whether it stops printing).
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
  std::string reason;  // the IPP keyword without its RFC 8011 suffix: "media-empty", "toner-low"
  Severity severity = Severity::Report;
  // For the resident, e.g. "プリンターの用紙がありません。係員をお呼びください。"; for a Report
  // condition a sentence for staff ("用紙が少なくなっています。").
  std::string plain_japanese;

  bool blocking() const { return severity == Severity::Blocking; }
};

// One printer-state-reasons keyword, with or without its -report/-warning/-error suffix.
// Known keywords have their own sentence; an unknown one is Blocking when its suffix is
// "-error" (RFC 8011: the printer stopped) and a Report otherwise.
PrinterCondition describe_printer_reason(std::string_view keyword);

// Every keyword of a printer-state-reasons value, "none" dropped and each keyword once, Blocking
// ones first (in the order the printer gave them).
std::vector<PrinterCondition> describe_printer_reasons(const std::vector<std::string>& keywords);

// The first Blocking condition, or nullptr.
const PrinterCondition* first_blocking(const std::vector<PrinterCondition>& conditions);

// One job-state-reasons keyword ("job-printing", "aborted-by-system", "document-format-error",
// ...) in plain Japanese, e.g. "印刷しています。". Unknown keywords: "".
std::string plain_japanese_job_reason(std::string_view keyword);

}  // namespace madoguchi::printer
