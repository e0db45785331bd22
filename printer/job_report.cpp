#include "job_report.hpp"

#include <cups/cups.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

namespace madoguchi::printer::detail {
namespace {

using Kind = PrintError::Kind;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out.empty() ? "none" : out;
}

const char* printer_state_name(int state) {
  switch (state) {
    case IPP_PSTATE_IDLE:
      return "idle";
    case IPP_PSTATE_PROCESSING:
      return "processing";
    case IPP_PSTATE_STOPPED:
      return "stopped";
    default:
      return "unknown";
  }
}

}  // namespace

Kind kind_of(const PrinterCondition& condition) {
  const std::string& r = condition.reason;
  if (r == "media-jam" || r == "media-path-jam") return Kind::MediaJam;
  if (r == "media-empty" || r == "media-needed") return Kind::MediaEmpty;
  return Kind::PrinterStopped;
}

std::string describe(const PrinterStatus& s) {
  std::string out =
      std::string("printer ") + printer_state_name(s.state) + ", reasons " + join(s.reasons);
  if (!s.message.empty()) out += ", \"" + s.message + "\"";
  return out;
}

std::optional<PrinterCondition> blocking_condition(const PrinterStatus& s) {
  const auto conditions = s.conditions();
  if (const PrinterCondition* blocking = first_blocking(conditions)) return *blocking;
  return std::nullopt;
}

std::string rejected_document(const JobStatus& job) {
  static constexpr std::array<std::string_view, 5> kDocumentReasons = {
      "document-format-error", "document-unprintable-error", "unsupported-document-format",
      "document-access-error", "unsupported-compression"};
  for (const auto& r : job.reasons) {
    if (std::ranges::find(kDocumentReasons, r) != kDocumentReasons.end()) return r;
  }
  return {};
}

std::string describe(const JobStatus& job, int job_id) {
  std::string out = "job " + std::to_string(job_id) + " " + ippEnumString("job-state", job.state) +
                    " (" + join(job.reasons);
  if (!job.message.empty()) out += ", \"" + job.message + "\"";
  return out + ")";
}

PrintError error_for(const PrinterCondition& condition, std::string message, bool still_queued) {
  return PrintError{kind_of(condition), std::move(message), still_queued, condition.reason};
}
bool never_got_its_document(const JobStatus& job) {
  return job.state == IPP_JSTATE_HELD &&
         (job.has_reason("job-data-insufficient") || job.has_reason("job-incoming"));
}

}  // namespace madoguchi::printer::detail
