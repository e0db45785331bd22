#include "madoguchi/printer/printer_condition.hpp"

#include <algorithm>
#include <array>

#include "madoguchi/printer/ipp_printer.hpp"

namespace madoguchi::printer {
namespace {

using Severity = PrinterCondition::Severity;
using Kind = PrinterCondition::Kind;

struct KnownReason {
  std::string_view reason;
  Severity severity;
  Kind kind;
};

// RFC 8011 §5.4.12 and PWG 5100.9 keywords a kiosk printer reports. Blocking: nothing prints
// until someone fixes it; a Report is for staff (the status screen). "stopped" is no IPP keyword:
// it stands for printer-state stopped with no reason given.
constexpr std::array<KnownReason, 30> kKnownReasons{{
    {"media-empty", Severity::Blocking, Kind::OutOfPaper},
    {"media-needed", Severity::Blocking, Kind::OutOfPaper},
    {"media-jam", Severity::Blocking, Kind::PaperJam},
    {"media-path-jam", Severity::Blocking, Kind::PaperJam},
    {"input-tray-missing", Severity::Blocking, Kind::TrayOut},
    {"cover-open", Severity::Blocking, Kind::CoverOpen},
    {"door-open", Severity::Blocking, Kind::CoverOpen},
    {"interlock-open", Severity::Blocking, Kind::CoverOpen},
    {"toner-empty", Severity::Blocking, Kind::OutOfToner},
    {"marker-supply-empty", Severity::Blocking, Kind::OutOfInk},
    {"marker-waste-full", Severity::Blocking, Kind::NeedsService},
    {"output-area-full", Severity::Blocking, Kind::OutputTrayFull},
    {"offline", Severity::Blocking, Kind::OffOrDisconnected},
    {"shutdown", Severity::Blocking, Kind::SwitchedOff},
    {"timed-out", Severity::Blocking, Kind::Unreachable},
    {"connecting-to-device", Severity::Blocking, Kind::Unreachable},
    {"paused", Severity::Blocking, Kind::Paused},
    {"moving-to-paused", Severity::Blocking, Kind::Paused},
    {"stopped", Severity::Blocking, Kind::Stopped},
    {"spool-area-full", Severity::Blocking, Kind::Busy},
    {"fuser-over-temp", Severity::Blocking, Kind::NeedsService},
    {"fuser-under-temp", Severity::Report, Kind::WarmingUp},
    {"media-low", Severity::Report, Kind::PaperLow},
    {"toner-low", Severity::Report, Kind::TonerLow},
    {"marker-supply-low", Severity::Report, Kind::InkLow},
    {"marker-waste-almost-full", Severity::Report, Kind::WasteNearlyFull},
    {"output-area-almost-full", Severity::Report, Kind::OutputTrayNearlyFull},
    {"developer-low", Severity::Report, Kind::DeveloperLow},
    {"opc-near-eol", Severity::Report, Kind::DrumNearEnd},
    {"other", Severity::Report, Kind::Notice},
}};

struct KnownJobReason {
  std::string_view reason;
  JobCondition condition;
};

constexpr std::array<KnownJobReason, 24> kKnownJobReasons{{
    {"job-incoming", JobCondition::Preparing},
    {"job-data-insufficient", JobCondition::Preparing},
    {"job-queued", JobCondition::Queued},
    {"job-queued-for-marker", JobCondition::Queued},
    {"job-transforming", JobCondition::Preparing},
    {"job-printing", JobCondition::Printing},
    {"job-interpreting", JobCondition::Printing},
    {"job-completed-successfully", JobCondition::Done},
    {"job-completed-with-warnings", JobCondition::Done},
    {"job-completed-with-errors", JobCondition::Unfinished},
    {"job-hold-until-specified", JobCondition::OnHold},
    {"job-held-by-operator", JobCondition::OnHold},
    {"job-stopped", JobCondition::JobStopped},
    {"printer-stopped", JobCondition::PrinterStopped},
    {"printer-stopped-partly", JobCondition::PrinterStopped},
    {"processing-to-stop-point", JobCondition::Cancelling},
    {"aborted-by-system", JobCondition::Aborted},
    {"job-canceled-by-user", JobCondition::Cancelled},
    {"job-canceled-by-operator", JobCondition::Cancelled},
    {"job-canceled-at-device", JobCondition::Cancelled},
    {"document-format-error", JobCondition::Unreadable},
    {"document-unprintable-error", JobCondition::Unreadable},
    {"unsupported-document-format", JobCondition::Unreadable},
    {"document-access-error", JobCondition::Unreadable},
}};

}  // namespace

PrinterCondition describe_printer_reason(std::string_view keyword) {
  const bool error_suffix = keyword.ends_with("-error") && keyword != "-error";
  const std::string reason = strip_reason_suffix(keyword);
  const auto known =
      std::ranges::find(kKnownReasons, std::string_view(reason), &KnownReason::reason);
  PrinterCondition condition;
  condition.reason = reason;
  if (known != kKnownReasons.end()) {
    condition.severity = known->severity;
    condition.kind = known->kind;
  } else {
    condition.severity = error_suffix ? Severity::Blocking : Severity::Report;
    condition.kind = error_suffix ? Kind::Stopped : Kind::Notice;
  }
  return condition;
}

std::vector<PrinterCondition> describe_printer_reasons(const std::vector<std::string>& keywords) {
  std::vector<PrinterCondition> blocking;
  std::vector<PrinterCondition> reports;
  for (const auto& keyword : keywords) {
    if (keyword.empty() || keyword == "none") continue;
    PrinterCondition condition = describe_printer_reason(keyword);
    const auto same = [&](const PrinterCondition& c) { return c.reason == condition.reason; };
    if (std::ranges::any_of(blocking, same) || std::ranges::any_of(reports, same)) continue;
    (condition.blocking() ? blocking : reports).push_back(std::move(condition));
  }
  blocking.insert(blocking.end(), std::make_move_iterator(reports.begin()),
                  std::make_move_iterator(reports.end()));
  return blocking;
}

const PrinterCondition* first_blocking(const std::vector<PrinterCondition>& conditions) {
  const auto it = std::ranges::find_if(conditions, &PrinterCondition::blocking);
  return it == conditions.end() ? nullptr : &*it;
}

JobCondition describe_job_reason(std::string_view keyword) {
  const auto known = std::ranges::find(kKnownJobReasons, keyword, &KnownJobReason::reason);
  return known == kKnownJobReasons.end() ? JobCondition::Unknown : known->condition;
}

}  // namespace madoguchi::printer
