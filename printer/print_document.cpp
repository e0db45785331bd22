// Following one document through the printer (IppPrinter::print): find what the printer knows
// of it, send it when nothing is on its way, follow the job until the paper is out, and send it
// again after the printer threw it away. Each step is a member of DocumentRun, which holds what
// the steps share: the clocks, the jobs created, the last abort.
#include <cups/ipp.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <thread>
#include <tuple>
#include <utility>

#include "job_report.hpp"
#include "madoguchi/printer/ipp_printer.hpp"

namespace madoguchi::printer {

namespace {

using Clock = std::chrono::steady_clock;
using Phase = PrintProgress::Phase;

const char* phase_reason(Phase phase) {
  switch (phase) {
    case Phase::Submitting:
      return "job-incoming";
    case Phase::Queued:
      return "job-queued";
    case Phase::Printing:
      return "job-printing";
    case Phase::Completed:
      return "job-completed-successfully";
    case Phase::Held:
    case Phase::WaitingToResubmit:
      return "printer-stopped";
    case Phase::WaitingForPrinter:
      return "offline";
  }
  return "";
}

// Tells the caller what is going on, once per change.
class ProgressReporter {
 public:
  explicit ProgressReporter(const std::function<void(const PrintProgress&)>& sink) : sink_(sink) {}

  void report(Phase phase, int job_id, std::vector<PrinterCondition> conditions = {},
              std::string reason = {}) {
    PrintProgress p;
    p.phase = phase;
    p.job_id = job_id;
    p.conditions = std::move(conditions);
    const PrinterCondition* blocking = first_blocking(p.conditions);
    if (blocking != nullptr) {
      p.reason = blocking->reason;
    } else if (phase == Phase::WaitingForPrinter) {
      p.reason = "offline";
    } else {
      p.reason = reason.empty() ? phase_reason(phase) : std::move(reason);
    }
    const auto key = std::tuple(p.phase, p.job_id, p.reason);
    if (sent_ && key == last_) return;
    sent_ = true;
    last_ = key;
    if (sink_) sink_(p);
  }

 private:
  const std::function<void(const PrintProgress&)>& sink_;
  bool sent_ = false;
  std::tuple<Phase, int, std::string> last_;
};

// Bounds the time the printer may stay silent: each failure starts (or continues) the clock,
// each answer stops it.
class SilenceClock {
 public:
  explicit SilenceClock(std::chrono::milliseconds limit) : limit_(limit) {}
  void answered() { silent_ = false; }
  // True while the silence is within the limit.
  bool tolerate() {
    if (!silent_) since_ = Clock::now();
    silent_ = true;
    return Clock::now() - since_ < limit_;
  }

 private:
  std::chrono::milliseconds limit_;
  bool silent_ = false;
  Clock::time_point since_{};
};

using Kind = PrintError::Kind;
using Result = std::expected<PrintOutcome, PrintError>;
using detail::describe;
using detail::error_for;
using detail::never_got_its_document;
using detail::rejected_document;

bool unreachable(const PrintError& e) { return e.kind == Kind::PrinterUnreachable; }

PrintError unreachable_error(const std::string& uri, const PrintError& last, int job_id) {
  PrintError e = last;
  e.kind = Kind::PrinterUnreachable;
  e.reason = "offline";
  e.job_still_queued = job_id > 0;
  e.message = "the printer at " + uri + " did not answer: " + last.message;
  return e;
}

// What a step tells run(): print() ends (end), the printer's jobs are looked at again (again),
// or the job to follow.
struct Next {
  std::optional<Result> end;
  bool again = false;
  int job = 0;

  static Next finish(Result result) { return Next{std::move(result), false, 0}; }
  static Next fail(PrintError error) { return finish(std::unexpected(std::move(error))); }
  static Next look_again() { return Next{std::nullopt, true, 0}; }
  static Next follow(int job_id) { return Next{std::nullopt, false, job_id}; }
};

class DocumentRun {
 public:
  using Send = std::function<std::expected<int, PrintError>(const std::function<void(int)>&)>;

  DocumentRun(IppPrinter& printer, const IppOptions& options, const PrintRequest& request,
              const PrintPolicy& policy, Send send, bool& create_attempted)
      : printer_(printer),
        options_(options),
        request_(request),
        policy_(policy),
        send_(std::move(send)),
        create_attempted_(create_attempted),
        key_(request.document_key),
        progress_(request.on_progress),
        silence_(policy.unreachable_limit),
        known_job_(request.previous_job_id) {}

  Result run() {
    while (true) {
      if (auto stopped = stop(known_job_)) return std::unexpected(*stopped);
      std::vector<JobStatus> found;
      Next next = look_up(found);
      if (next.end) return *next.end;
      if (next.again) continue;
      if (next.job == 0) {
        next = send(found);
        if (next.end) return *next.end;
        if (next.again) continue;
      }
      if (Next followed = follow(next.job); followed.end) return *followed.end;
    }
  }

 private:
  void pause() const { std::this_thread::sleep_for(options_.poll_interval); }

  // The caller no longer wants to wait (the resident left): end here, saying whether a job may
  // be at the printer; withdraw() is what cancels it.
  std::optional<PrintError> stop(int job_id) const {
    if (!request_.stop_requested || !request_.stop_requested()) return std::nullopt;
    return PrintError{Kind::Stopped, "stopped by the kiosk while printing " + key_, job_id > 0,
                      "stopped"};
  }

  // Waits while the printer is silent; false (and error_ set) once that lasted too long.
  bool keep_trying(const PrintError& e, int job_id) {
    if (!unreachable(e)) {
      error_ = e;
      return false;
    }
    if (!silence_.tolerate()) {
      error_ = unreachable_error(printer_.uri(), e, job_id);
      return false;
    }
    progress_.report(Phase::WaitingForPrinter, job_id);
    pause();
    return true;
  }
  // keep_trying as a step: look again, or end with the error.
  Next retry_or_fail(const PrintError& e, int job_id) {
    if (keep_trying(e, job_id)) return Next::look_again();
    return Next::fail(*error_);
  }

  Next look_up(std::vector<JobStatus>& found);
  Next send(const std::vector<JobStatus>& found);
  Next wait_for_fix();
  Next follow(int to_follow);

  IppPrinter& printer_;
  const IppOptions& options_;
  const PrintRequest& request_;
  const PrintPolicy& policy_;
  Send send_;
  bool& create_attempted_;
  const std::string& key_;
  ProgressReporter progress_;
  SilenceClock silence_;
  PrintOutcome outcome_;
  std::optional<PrintError> last_abort_;  // why the printer aborted this call's last job
  bool fix_awaited_ = false;              // waited for the printer to be fixed since that abort
  int known_job_ = 0;
  bool busy_ = false;               // the printer is busy with another job,
  Clock::time_point busy_since_{};  // since then
  std::optional<PrintError> error_;
};

// 1. What does the printer know of this document?
Next DocumentRun::look_up(std::vector<JobStatus>& found) {
  auto named = printer_.jobs_named(key_);
  if (!named) return retry_or_fail(named.error(), known_job_);
  found = std::move(*named);
  silence_.answered();
  if (known_job_ > 0 &&
      std::ranges::none_of(found, [&](const JobStatus& j) { return j.id == known_job_; })) {
    // Printers list only some jobs; ask for the journal's one directly.
    if (auto previous = printer_.job(known_job_); previous && previous->name == key_) {
      found.push_back(*previous);
    }
  }
  const auto completed = std::ranges::find_if(found, &JobStatus::completed);
  if (completed != found.end()) {
    outcome_.job_id = completed->id;
    outcome_.already_printed = true;
    progress_.report(Phase::Completed, completed->id);
    return Next::finish(outcome_);
  }
  int to_follow = 0;
  bool canceled_stale = false;
  for (const JobStatus& j : found) {
    if (j.finished()) continue;
    if (never_got_its_document(j)) {
      // Left by a kiosk that stopped between Create-Job and Send-Document: cancel it (a
      // canceled job never prints) and look again.
      if (auto canceled = printer_.cancel(j.id); !canceled && unreachable(canceled.error())) {
        if (keep_trying(canceled.error(), j.id)) {
          canceled_stale = true;
          break;
        }
        return Next::fail(*error_);
      }
      canceled_stale = true;
      continue;
    }
    to_follow = j.id;
    create_attempted_ = true;  // a job of the document is at the printer: not "nothing sent"
  }
  if (canceled_stale && to_follow == 0) return Next::look_again();
  return Next::follow(to_follow);
}

// 2. Nothing printed, nothing on its way: send it (again).
Next DocumentRun::send(const std::vector<JobStatus>& found) {
  if (outcome_.submissions >= policy_.max_submissions) {
    PrintError e = last_abort_.value_or(PrintError{Kind::PrinterRejected, "no job left"});
    e.message = "gave up after " + std::to_string(outcome_.submissions) + " jobs: " + e.message;
    e.job_still_queued = false;
    return Next::fail(e);
  }
  const bool aborted_before =
      std::ranges::any_of(found, [](const JobStatus& j) { return j.state == IPP_JSTATE_ABORTED; });
  if ((last_abort_ || aborted_before) && !fix_awaited_) return wait_for_fix();
  progress_.report(Phase::Submitting, 0);
  create_attempted_ = true;
  auto created = send_([&](int id) {
    ++outcome_.submissions;
    known_job_ = id;
    if (request_.on_job_created) request_.on_job_created(id);
  });
  if (!created) {
    const PrintError& e = created.error();
    // The job may or may not exist now: step 1 finds out once the printer answers.
    if (unreachable(e)) return retry_or_fail(e, 0);
    if (e.reason == "server-error-busy" || e.kind == Kind::MediaEmpty || e.kind == Kind::MediaJam ||
        e.kind == Kind::PrinterStopped) {
      // Busy with another job (perhaps one held by a fault): wait for it, within hold_limit.
      if (!busy_) busy_since_ = Clock::now();
      busy_ = true;
      if (Clock::now() - busy_since_ >= policy_.hold_limit) return Next::fail(e);
      auto status = printer_.status();
      auto conditions = status ? status->conditions() : std::vector<PrinterCondition>{};
      const Phase phase = first_blocking(conditions) != nullptr ? Phase::Held : Phase::Queued;
      progress_.report(phase, 0, std::move(conditions), "job-queued");
      return Next::look_again();
    }
    return Next::fail(e);
  }
  busy_ = false;
  silence_.answered();
  fix_awaited_ = false;
  return Next::follow(*created);
}

// The printer threw the document away (a jam): send it again only once staff fixed the
// printer, then look at its jobs once more before sending.
Next DocumentRun::wait_for_fix() {
  const auto hold_deadline = Clock::now() + policy_.hold_limit;
  while (true) {
    if (auto stopped = stop(0)) return Next::fail(*stopped);
    auto status = printer_.status();
    if (!status) {
      if (keep_trying(status.error(), 0)) continue;
      return Next::fail(*error_);
    }
    silence_.answered();
    const auto conditions = status->conditions();
    const PrinterCondition* blocking = first_blocking(conditions);
    if (blocking == nullptr) break;
    if (Clock::now() >= hold_deadline) {
      return Next::fail(error_for(
          *blocking,
          "the printer at " + printer_.uri() + " was not fixed in time: " + describe(*status),
          false));
    }
    progress_.report(Phase::WaitingToResubmit, 0, conditions);
    pause();
  }
  fix_awaited_ = true;
  return Next::look_again();
}

// 3. Follow the job: ends print(), or (the printer aborted it) back to step 1.
Next DocumentRun::follow(int to_follow) {
  auto hold_deadline = Clock::now() + policy_.hold_limit;
  auto print_deadline = Clock::now() + policy_.print_limit;
  bool held = false;
  while (true) {
    if (auto stopped = stop(to_follow)) return Next::fail(*stopped);
    auto j = printer_.job(to_follow);
    if (!j) {
      if (keep_trying(j.error(), to_follow)) continue;
      return Next::fail(*error_);
    }
    silence_.answered();
    if (j->completed()) {
      outcome_.job_id = to_follow;
      progress_.report(Phase::Completed, to_follow);
      return Next::finish(outcome_);
    }
    auto status = printer_.status();
    if (!status) {
      if (keep_trying(status.error(), to_follow)) continue;
      return Next::fail(*error_);
    }
    const auto conditions = status->conditions();
    const PrinterCondition* blocking = first_blocking(conditions);
    const std::string detail = describe(*j, to_follow) + "; " + describe(*status);
    if (j->state == IPP_JSTATE_CANCELED) {
      return Next::fail(PrintError{Kind::PrinterRejected, "canceled at the printer: " + detail,
                                   false, "job-canceled-at-device"});
    }
    if (j->state == IPP_JSTATE_ABORTED) {
      if (const std::string rejected = rejected_document(*j); !rejected.empty()) {
        return Next::fail(
            PrintError{Kind::PrinterRejected, "document rejected: " + detail, false, rejected});
      }
      if (blocking == nullptr) {
        return Next::fail(
            PrintError{Kind::PrinterRejected, "aborted: " + detail, false, "aborted-by-system"});
      }
      last_abort_ = error_for(*blocking, "aborted: " + detail, false);
      progress_.report(Phase::WaitingToResubmit, to_follow, conditions);
      return Next::look_again();  // to step 1: send again once fixed
    }
    const bool held_by_printer = blocking != nullptr;
    // Held at the printer (job-hold-until, an operator) or stopped there for no given reason.
    const bool held_there = (j->state == IPP_JSTATE_HELD && !never_got_its_document(*j)) ||
                            j->state == IPP_JSTATE_STOPPED;
    if (held_by_printer || held_there) {
      if (!held) hold_deadline = Clock::now() + policy_.hold_limit;
      held = true;
      const std::string reason =
          j->state == IPP_JSTATE_STOPPED ? "job-stopped" : "job-hold-until-specified";
      if (Clock::now() >= hold_deadline) {
        if (held_by_printer) return Next::fail(error_for(*blocking, detail, true));
        return Next::fail(PrintError{Kind::PrinterStopped, "held: " + detail, true, reason});
      }
      progress_.report(Phase::Held, to_follow, conditions,
                       held_by_printer ? std::string() : reason);
    } else {
      if (held) print_deadline = Clock::now() + policy_.print_limit;
      held = false;
      if (Clock::now() >= print_deadline) {
        return Next::fail(PrintError{
            Kind::Timeout,
            "not completed after " + std::to_string(policy_.print_limit.count()) + " ms: " + detail,
            true, j->reasons.empty() ? std::string("job-printing") : j->reasons.front()});
      }
      progress_.report(j->state == IPP_JSTATE_PROCESSING ? Phase::Printing : Phase::Queued,
                       to_follow, conditions);
    }
    pause();
  }
}

}  // namespace

std::expected<PrintOutcome, PrintError> IppPrinter::print(const PrintRequest& request,
                                                          const PrintPolicy& policy) {
  bool create_attempted = false;
  auto result = print_following(request, policy, create_attempted);
  if (!result && !create_attempted && request.previous_job_id == 0) {
    result.error().nothing_sent = true;
  }
  return result;
}

std::expected<PrintOutcome, PrintError> IppPrinter::print_following(const PrintRequest& request,
                                                                    const PrintPolicy& policy,
                                                                    bool& create_attempted) {
  if (!valid_document_key(request.document_key)) {
    return std::unexpected(PrintError{
        Kind::PrinterRejected, "document key must be 1-200 letters, digits or '-' (got " +
                                   std::to_string(request.document_key.size()) + " characters)"});
  }
  if (!request.pdf.starts_with("%PDF-")) {
    return std::unexpected(PrintError{Kind::Pdf, "refusing to send something that is not a PDF"});
  }
  const auto busy_retry =
      std::min<std::chrono::milliseconds>(options_.busy_retry, std::chrono::seconds(2));
  const auto send = [&](const std::function<void(int)>& on_created) {
    return create_and_send(request.pdf, request.document_key, on_created, busy_retry);
  };
  return DocumentRun(*this, options_, request, policy, send, create_attempted).run();
}

}  // namespace madoguchi::printer
