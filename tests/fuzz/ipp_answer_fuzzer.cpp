// libFuzzer target for what a printer answers (printer/ipp_answers.cpp, printer_condition.cpp).
//
// Every input is the body of an IPP answer as a printer — or anything listening at its address —
// could send it. libcups decodes it (ippReadIO, as cupsDoRequest does), and the kiosk reads it
// as a Get-Printer-Attributes, a Get-Job-Attributes and a Get-Jobs answer, then describes the
// printer's conditions for the resident and staff. The invariants below stop the run with
// __builtin_trap(), which libFuzzer reports as a crash with the input saved. Built and run by
// scripts/fuzz.sh; tests/fuzz/make_ipp_seeds.py wrote the seed answers.
#include <cups/ipp.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "ipp_answers.hpp"
#include "madoguchi/printer/print_error.hpp"
#include "madoguchi/printer/printer_condition.hpp"

namespace {

namespace printer = madoguchi::printer;

[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "ipp_answer_fuzzer: invariant violated: %s\n", what);
  __builtin_trap();
}

void check(bool ok, const char* what) {
  if (!ok) violated(what);
}

struct Bytes {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t offset = 0;
};

ssize_t read_bytes(void* context, ipp_uchar_t* buffer, size_t wanted) {
  auto* in = static_cast<Bytes*>(context);
  const std::size_t n = std::min(wanted, in->size - in->offset);
  std::memcpy(buffer, in->data + in->offset, n);
  in->offset += n;
  return static_cast<ssize_t>(n);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in{data, size};
  std::unique_ptr<ipp_t, decltype(&ippDelete)> answer(ippNew(), &ippDelete);
  ipp_state_t state = IPP_STATE_IDLE;
  while ((state = ippReadIO(&in, read_bytes, 1, nullptr, answer.get())) != IPP_STATE_DATA) {
    if (state == IPP_STATE_ERROR) return 0;  // libcups refuses it: cupsDoRequest fails
    if (in.offset >= in.size && state == IPP_STATE_IDLE) return 0;
  }

  const auto status = printer::detail::printer_status_from(answer.get());
  for (const auto& reason : status.reasons) {
    check(reason != "none", "\"none\" is no reason");
  }
  check(status.raw_reasons.size() == status.reasons.size(), "one stripped reason per raw reason");
  const auto conditions = status.conditions();
  for (const auto& condition : conditions) {
    check(!condition.reason.empty(), "a condition has its keyword");
  }
  if (const printer::PrinterCondition* blocking = printer::first_blocking(conditions)) {
    // The kiosk tells the resident to call staff for these kinds (kiosk/printer_words.hpp).
    check(blocking->kind <= printer::PrinterCondition::Kind::Busy,
          "a blocking condition is of a kind that stops printing");
  }

  const auto job = printer::detail::job_status_from(answer.get(), 7);
  check(job.id == 7, "a job answer is about the job asked for");
  for (const auto& reason : job.reasons) check(reason != "none", "\"none\" is no job reason");
  (void)printer::describe_job_reason(job.reasons.empty() ? "" : job.reasons.front());

  const auto jobs = printer::detail::jobs_named_from(answer.get(), "madoguchi-fuzz-application");
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    check(jobs[i].id > 0, "a listed job has an id");
    check(jobs[i].name == "madoguchi-fuzz-application", "only the jobs of the name are listed");
    check(i == 0 || jobs[i - 1].id <= jobs[i].id, "jobs are listed by id");
  }
  return 0;
}
