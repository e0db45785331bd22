#include "ipp_answers.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace madoguchi::printer::detail {
namespace {

std::vector<std::string> keywords(ipp_t* response, const char* name, bool strip) {
  std::vector<std::string> out;
  ipp_attribute_t* attr = ippFindAttribute(response, name, IPP_TAG_KEYWORD);
  for (int i = 0; attr != nullptr && i < ippGetCount(attr); ++i) {
    const char* value = ippGetString(attr, i, nullptr);
    if (value == nullptr || std::string_view(value) == "none") continue;
    out.push_back(strip ? strip_reason_suffix(value) : std::string(value));
  }
  return out;
}

std::string text(ipp_t* response, const char* name) {
  const char* value = ippGetString(ippFindAttribute(response, name, IPP_TAG_TEXT), 0, nullptr);
  std::string_view v = value != nullptr ? value : "";
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return std::string(v);
}

}  // namespace

PrinterStatus printer_status_from(ipp_t* answer) {
  PrinterStatus status;
  status.state = ippGetInteger(ippFindAttribute(answer, "printer-state", IPP_TAG_ENUM), 0);
  status.reasons = keywords(answer, "printer-state-reasons", true);
  status.raw_reasons = keywords(answer, "printer-state-reasons", false);
  status.message = text(answer, "printer-state-message");
  status.accepting =
      ippGetBoolean(ippFindAttribute(answer, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN), 0) != 0;
  return status;
}

JobStatus job_status_from(ipp_t* answer, int job_id) {
  JobStatus job;
  job.id = job_id;
  const char* name = ippGetString(ippFindAttribute(answer, "job-name", IPP_TAG_NAME), 0, nullptr);
  job.name = name != nullptr ? name : "";
  job.state = ippGetInteger(ippFindAttribute(answer, "job-state", IPP_TAG_ENUM), 0);
  job.reasons = keywords(answer, "job-state-reasons", false);
  job.message = text(answer, "job-state-message");
  return job;
}

std::vector<JobStatus> jobs_named_from(ipp_t* answer, const std::string& job_name) {
  // The answer holds one job-attributes group per job, separated by separator tags.
  std::vector<JobStatus> found;
  JobStatus current;
  bool in_job = false;
  const auto flush = [&] {
    if (in_job && current.id > 0 && current.name == job_name) found.push_back(current);
    current = JobStatus{};
    in_job = false;
  };
  for (ipp_attribute_t* attr = ippFirstAttribute(answer); attr != nullptr;
       attr = ippNextAttribute(answer)) {
    const char* name = ippGetName(attr);
    if (ippGetGroupTag(attr) != IPP_TAG_JOB || name == nullptr) {
      flush();
      continue;
    }
    in_job = true;
    const std::string_view n = name;
    if (n == "job-id") {
      current.id = ippGetInteger(attr, 0);
    } else if (n == "job-name") {
      const char* value = ippGetString(attr, 0, nullptr);
      current.name = value != nullptr ? value : "";
    } else if (n == "job-state") {
      current.state = ippGetInteger(attr, 0);
    } else if (n == "job-state-reasons") {
      for (int i = 0; i < ippGetCount(attr); ++i) {
        const char* value = ippGetString(attr, i, nullptr);
        if (value != nullptr && std::string_view(value) != "none") {
          current.reasons.emplace_back(value);
        }
      }
    } else if (n == "job-state-message") {
      const char* value = ippGetString(attr, 0, nullptr);
      current.message = value != nullptr ? value : "";
    }
  }
  flush();
  std::ranges::sort(found, {}, &JobStatus::id);
  return found;
}

}  // namespace madoguchi::printer::detail

namespace madoguchi::printer {

bool PrinterStatus::has_reason(std::string_view reason) const {
  return std::ranges::find(reasons, reason) != reasons.end();
}

std::vector<PrinterCondition> PrinterStatus::conditions() const {
  std::vector<PrinterCondition> out =
      describe_printer_reasons(raw_reasons.empty() ? reasons : raw_reasons);
  if (state != IPP_PSTATE_STOPPED || first_blocking(out) != nullptr) return out;
  // Stopped for no reason given: that comes first. (A new vector rather than an insert at the
  // front, which GCC 12 wrongly warns about under -Wnull-dereference.)
  std::vector<PrinterCondition> stopped{describe_printer_reason("stopped")};
  stopped.reserve(out.size() + 1);
  for (PrinterCondition& condition : out) stopped.push_back(std::move(condition));
  return stopped;
}

bool JobStatus::has_reason(std::string_view reason) const {
  return std::ranges::find(reasons, reason) != reasons.end();
}

std::string strip_reason_suffix(std::string_view reason) {
  for (const std::string_view suffix : {"-report", "-warning", "-error"}) {
    if (reason.size() > suffix.size() && reason.ends_with(suffix)) {
      reason.remove_suffix(suffix.size());
      break;
    }
  }
  return std::string(reason);
}

}  // namespace madoguchi::printer
