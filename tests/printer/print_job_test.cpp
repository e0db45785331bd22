// IppPrinter::print against a real ippeveprinter: every fault at submit and mid-job ends in the
// document printed exactly once, and the resident is told what is going on in plain words.
#include <cups/cups.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/printer/printer_condition.hpp"
#include "printer_test_fixture.hpp"
#include "sample_documents.hpp"
#include "support/ipp_printer_fixture.hpp"

namespace madoguchi::printer {
namespace {

using namespace std::chrono_literals;
using Phase = PrintProgress::Phase;
using Clock = std::chrono::steady_clock;

// What print() reported, for the test (the clerk) to wait on.
class ProgressLog {
 public:
  std::function<void(const PrintProgress&)> sink() {
    return [this](const PrintProgress& p) {
      std::lock_guard lock(mutex_);
      seen_.push_back(p);
      changed_.notify_all();
    };
  }

  // Waits until print() reported `phase` (with `reason`, when given).
  bool wait_for(Phase phase, const std::string& reason = {},
                std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return find(phase, reason) != nullptr; });
  }

  std::optional<PrintProgress> first(Phase phase, const std::string& reason = {}) {
    std::lock_guard lock(mutex_);
    const PrintProgress* p = find(phase, reason);
    return p != nullptr ? std::optional(*p) : std::nullopt;
  }

  std::string summary() {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& p : seen_) {
      out += std::to_string(static_cast<int>(p.phase)) + ":" + p.reason + ":" +
             std::to_string(p.job_id) + " ";
    }
    return out;
  }

 private:
  const PrintProgress* find(Phase phase, const std::string& reason) const {
    for (const auto& p : seen_) {
      if (p.phase == phase && (reason.empty() || p.reason == reason)) return &p;
    }
    return nullptr;
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<PrintProgress> seen_;
};

class PrintJobTest : public WithTestPrinter {
 protected:
  IppPrinter client(std::chrono::milliseconds connect_timeout = 2000ms) const {
    return WithTestPrinter::client(connect_timeout, 50ms);
  }

  PrintRequest request(const std::string& key, ProgressLog& log) const {
    PrintRequest r;
    r.document_key = key;
    r.pdf = form_pdf();
    r.on_progress = log.sink();
    return r;
  }
};

TEST_F(PrintJobTest, PrintsOnceAndAnotherCallFindsItPrinted) {
  ProgressLog log;
  IppPrinter printer = client();
  int journal = 0;
  PrintRequest r = request("app-0001-application", log);
  r.on_job_created = [&](int id) { journal = id; };
  const auto first = printer.print(r);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->already_printed);
  EXPECT_EQ(first->submissions, 1);
  EXPECT_EQ(journal, first->job_id);
  EXPECT_TRUE(log.wait_for(Phase::Completed, {}, 0ms));
  EXPECT_EQ(describe_job_reason(log.first(Phase::Completed)->reason), JobCondition::Done);

  const auto again = printer.print(r);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->already_printed);
  EXPECT_EQ(again->submissions, 0);
  EXPECT_EQ(again->job_id, first->job_id);
  EXPECT_EQ(printer_->times_printed("app-0001-application"), 1);
}

TEST_F(PrintJobTest, OutOfPaperAtSubmitHoldsTheJobUntilTheClerkRefills) {
  ASSERT_TRUE(printer_->set_media_empty(true));
  ProgressLog log;
  IppPrinter printer = client();
  auto printing = std::async(std::launch::async,
                             [&] { return printer.print(request("app-0002-application", log)); });
  ASSERT_TRUE(log.wait_for(Phase::Held, "media-empty")) << log.summary();
  const auto held = log.first(Phase::Held, "media-empty");
  ASSERT_NE(first_blocking(held->conditions), nullptr);
  EXPECT_EQ(first_blocking(held->conditions)->kind, PrinterCondition::Kind::OutOfPaper);
  EXPECT_GT(held->job_id, 0);
  std::this_thread::sleep_for(300ms);  // the resident waits; nothing prints
  EXPECT_EQ(printer_->documents_printed(), 0);

  ASSERT_TRUE(printer_->set_media_empty(false));
  const auto done = printing.get();
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->submissions, 1);
  EXPECT_EQ(done->job_id, held->job_id) << "the held job itself resumed";
  EXPECT_EQ(printer_->times_printed("app-0002-application"), 1);
}

TEST_F(PrintJobTest, OutOfPaperMidJobHoldsAndResumesTheSameJob) {
  printer_->run_out_of_paper_mid_next_job();
  ProgressLog log;
  IppPrinter printer = client();
  auto printing = std::async(std::launch::async,
                             [&] { return printer.print(request("app-0003-application", log)); });
  ASSERT_TRUE(log.wait_for(Phase::Held, "media-empty")) << log.summary();
  printer_->load_paper_mid_job();
  const auto done = printing.get();
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->submissions, 1);
  EXPECT_EQ(printer_->times_printed("app-0003-application"), 1);
}

TEST_F(PrintJobTest, AJamThatAbortsTheJobIsSentAgainOnlyOnceTheClerkClearedIt) {
  printer_->jam_next_job();
  ProgressLog log;
  IppPrinter printer = client();
  auto printing = std::async(std::launch::async,
                             [&] { return printer.print(request("app-0004-application", log)); });
  ASSERT_TRUE(log.wait_for(Phase::WaitingToResubmit, "media-jam")) << log.summary();
  const auto jammed = log.first(Phase::WaitingToResubmit, "media-jam");
  ASSERT_NE(first_blocking(jammed->conditions), nullptr);
  EXPECT_EQ(first_blocking(jammed->conditions)->kind, PrinterCondition::Kind::PaperJam);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(printer_->documents_printed(), 0) << "nothing is sent while the printer is jammed";

  ASSERT_TRUE(printer_->print_test_page());  // the clerk clears the jam
  const auto done = printing.get();
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->submissions, 2);
  EXPECT_EQ(printer_->times_printed("app-0004-application"), 1);
  EXPECT_EQ(printer_->documents_printed(), 1);
}

TEST_F(PrintJobTest, AJamWithRecoveryHoldsAndResumesTheSameJob) {
  printer_->jam_next_job_until_cleared();
  ProgressLog log;
  IppPrinter printer = client();
  auto printing = std::async(std::launch::async,
                             [&] { return printer.print(request("app-0005-application", log)); });
  ASSERT_TRUE(log.wait_for(Phase::Held, "media-jam")) << log.summary();
  printer_->clear_held_jam();
  const auto done = printing.get();
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->submissions, 1);
  EXPECT_EQ(printer_->times_printed("app-0005-application"), 1);
}

TEST_F(PrintJobTest, ACoverOpenedMidJobHoldsItUntilClosed) {
  printer_->next_job_reports("cover-open", true);
  ProgressLog log;
  IppPrinter printer = client();
  auto printing = std::async(std::launch::async,
                             [&] { return printer.print(request("app-0013-application", log)); });
  ASSERT_TRUE(log.wait_for(Phase::Held, "cover-open")) << log.summary();
  const auto open = log.first(Phase::Held, "cover-open");
  ASSERT_NE(first_blocking(open->conditions), nullptr);
  EXPECT_EQ(first_blocking(open->conditions)->kind, PrinterCondition::Kind::CoverOpen);
  printer_->clear_reported_reason();
  const auto done = printing.get();
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(printer_->times_printed("app-0013-application"), 1);
}

TEST_F(PrintJobTest, TonerLowIsReportedButDoesNotHoldTheJob) {
  printer_->next_job_reports("toner-low", false);
  printer_->set_print_seconds(0.3);
  ProgressLog log;
  IppPrinter printer = client();
  const auto done = printer.print(request("app-0014-application", log));
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_FALSE(log.first(Phase::Held)) << log.summary();
  const auto status = printer.status();
  ASSERT_TRUE(status);
  const auto conditions = status->conditions();
  ASSERT_FALSE(conditions.empty());
  EXPECT_EQ(conditions.front().reason, "toner-low");
  EXPECT_FALSE(conditions.front().blocking());
  EXPECT_EQ(conditions.front().kind, PrinterCondition::Kind::TonerLow);
  EXPECT_EQ(first_blocking(conditions), nullptr);
  EXPECT_EQ(printer_->times_printed("app-0014-application"), 1);
}

TEST_F(PrintJobTest, APrinterThatStopsAnsweringMidJobIsFollowedUntilItAnswers) {
  printer_->set_print_seconds(0.5);
  ProgressLog log;
  IppPrinter printer = client(300ms);
  auto printing = std::async(std::launch::async,
                             [&] { return printer.print(request("app-0006-application", log)); });
  ASSERT_TRUE(log.wait_for(Phase::Printing)) << log.summary();
  ASSERT_TRUE(printer_->freeze());
  ASSERT_TRUE(log.wait_for(Phase::WaitingForPrinter, "offline")) << log.summary();
  EXPECT_EQ(log.first(Phase::WaitingForPrinter)->reason, "offline");
  std::this_thread::sleep_for(500ms);
  ASSERT_TRUE(printer_->thaw());
  const auto done = printing.get();
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->submissions, 1);
  EXPECT_EQ(printer_->times_printed("app-0006-application"), 1);
}

TEST_F(PrintJobTest, APrinterFrozenAtSubmitLeavesNoDuplicateWhenTheKioskTriesAgain) {
  // The Create-Job reaches a printer that answers nothing; the kiosk gives up, and the printer
  // later creates the job (with no document) from its socket buffer.
  ASSERT_TRUE(printer_->freeze());
  ProgressLog log;
  IppPrinter printer = client(300ms);
  PrintPolicy short_wait;
  short_wait.unreachable_limit = 800ms;
  const auto failed = printer.print(request("app-0007-application", log), short_wait);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, PrintError::Kind::PrinterUnreachable) << failed.error().message;
  EXPECT_EQ(failed.error().reason, "offline");
  ASSERT_TRUE(printer_->thaw());
  // And a kiosk whose Create-Job went out just as the printer froze: no answer, but the printer
  // creates the job from its socket buffer once it runs again, and waits for its document.
  {
    cups_dest_t* dest = cupsGetDestWithURI(nullptr, printer_->uri().c_str());
    ASSERT_NE(dest, nullptr);
    http_t* http =
        cupsConnectDest(dest, CUPS_DEST_FLAGS_DEVICE, 2000, nullptr, nullptr, 0, nullptr, nullptr);
    ASSERT_NE(http, nullptr);
    cups_dinfo_t* info = cupsCopyDestInfo(http, dest);
    ASSERT_NE(info, nullptr);
    httpSetTimeout(http, 0.3, nullptr, nullptr);
    ASSERT_TRUE(printer_->freeze());
    int job_id = 0;
    EXPECT_NE(cupsCreateDestJob(http, dest, info, &job_id, "app-0007-application", 0, nullptr),
              IPP_STATUS_OK);
    cupsFreeDestInfo(info);
    httpClose(http);
    cupsFreeDests(1, dest);
    ASSERT_TRUE(printer_->thaw());
  }
  // The thawed printer reads that Create-Job on a thread of its own: wait until the empty job is
  // there, or the retry's Create-Job can come first and the late one be refused as busy (then
  // there is no empty job to cancel, and this test would not test what it says).
  const auto empty_job_made = [&] {
    const auto listed = client().jobs_named("app-0007-application");
    return listed && !listed->empty();
  };
  for (const auto deadline = Clock::now() + 5s; !empty_job_made();) {
    ASSERT_LT(Clock::now(), deadline) << "the thawed printer never made the empty job";
    std::this_thread::sleep_for(20ms);
  }

  // The clerk presses 印刷しなおす: the same key.
  ProgressLog retry_log;
  const auto done = client().print(request("app-0007-application", retry_log));
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(printer_->times_printed("app-0007-application"), 1);
  const auto jobs = client().jobs_named("app-0007-application");
  ASSERT_TRUE(jobs);
  EXPECT_EQ(std::ranges::count_if(*jobs, &JobStatus::completed), 1) << retry_log.summary();
  EXPECT_EQ(std::ranges::count_if(*jobs, [](const JobStatus& j) { return j.state == 7; }), 1)
      << "the empty job the frozen printer made is canceled";
}

TEST_F(PrintJobTest, AJobCreatedWithoutItsDocumentIsCanceledAndTheDocumentPrintedOnce) {
  // A kiosk that died between Create-Job and Send-Document: the printer holds an empty job.
  {
    cups_dest_t* dest = cupsGetDestWithURI(nullptr, printer_->uri().c_str());
    ASSERT_NE(dest, nullptr);
    http_t* http =
        cupsConnectDest(dest, CUPS_DEST_FLAGS_DEVICE, 2000, nullptr, nullptr, 0, nullptr, nullptr);
    ASSERT_NE(http, nullptr);
    cups_dinfo_t* info = cupsCopyDestInfo(http, dest);
    int job_id = 0;
    EXPECT_EQ(cupsCreateDestJob(http, dest, info, &job_id, "app-0008-application", 0, nullptr),
              IPP_STATUS_OK);
    EXPECT_GT(job_id, 0);
    cupsFreeDestInfo(info);
    httpClose(http);
    cupsFreeDests(1, dest);
  }
  ProgressLog log;
  IppPrinter printer = client();
  const auto done = printer.print(request("app-0008-application", log));
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->submissions, 1);
  EXPECT_EQ(printer_->times_printed("app-0008-application"), 1);
  const auto jobs = printer.jobs_named("app-0008-application");
  ASSERT_TRUE(jobs);
  ASSERT_EQ(jobs->size(), 2u);
  EXPECT_EQ(jobs->front().state, IPP_JSTATE_CANCELED);
  EXPECT_EQ(jobs->back().state, IPP_JSTATE_COMPLETED);
}

TEST_F(PrintJobTest, ARetryWhileTheFirstJobPrintsFollowsItInsteadOfSendingAgain) {
  printer_->set_print_seconds(0.4);
  IppPrinter printer = client();
  const auto first =
      printer.submit(form_pdf(), "app-0009-application");  // the kiosk, before it died
  ASSERT_TRUE(first) << first.error().message;

  ProgressLog log;
  PrintRequest r = request("app-0009-application", log);
  r.previous_job_id = *first;  // from the journal
  const auto done = printer.print(r);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->submissions, 0);
  EXPECT_FALSE(done->already_printed);
  EXPECT_EQ(done->job_id, *first);
  EXPECT_EQ(printer_->times_printed("app-0009-application"), 1);
}

TEST_F(PrintJobTest, AJournalJobIdOfAnotherDocumentIsIgnored) {
  IppPrinter printer = client();
  const auto other = printer.submit(form_pdf(), "someone-else");
  ASSERT_TRUE(other);
  ASSERT_TRUE(printer.wait_for_completion(*other, 5s));
  ProgressLog log;
  PrintRequest r = request("app-0010-application", log);
  r.previous_job_id = *other;  // job ids restart when a printer restarts
  const auto done = printer.print(r);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_FALSE(done->already_printed);
  EXPECT_EQ(printer_->times_printed("app-0010-application"), 1);
}

TEST_F(PrintJobTest, TheHoldLimitEndsWithTheJobQueuedAndTheNextCallFollowsIt) {
  ASSERT_TRUE(printer_->set_media_empty(true));
  ProgressLog log;
  IppPrinter printer = client();
  PrintPolicy short_hold;
  short_hold.hold_limit = 500ms;
  const auto held = printer.print(request("app-0011-application", log), short_hold);
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().kind, PrintError::Kind::MediaEmpty) << held.error().message;
  EXPECT_EQ(held.error().reason, "media-empty");
  EXPECT_TRUE(held.error().job_still_queued);

  ASSERT_TRUE(printer_->set_media_empty(false));
  const auto done = printer.print(request("app-0011-application", log));
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->submissions, 0);
  EXPECT_EQ(printer_->times_printed("app-0011-application"), 1);
}

TEST(PrintJobUnreachable, NoPrinterIsReportedAfterTheLimitAndNothingIsSent) {
  const int port = kiosk::free_loopback_port();
  IppPrinter printer("ipp://127.0.0.1:" + std::to_string(port) + "/ipp/print",
                     {.connect_timeout = 300ms, .poll_interval = 50ms});
  ProgressLog log;
  PrintRequest r;
  r.document_key = "app-0012-application";
  r.pdf = "%PDF-1.4\n";
  r.on_progress = log.sink();
  PrintPolicy policy;
  policy.unreachable_limit = 600ms;
  const auto start = Clock::now();
  const auto result = printer.print(r, policy);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, PrintError::Kind::PrinterUnreachable);
  EXPECT_FALSE(result.error().job_still_queued);
  EXPECT_LT(Clock::now() - start, 3s);
  EXPECT_TRUE(log.wait_for(Phase::WaitingForPrinter, "offline", 0ms));
}

TEST(PrintJobInput, KeysAreCheckedBeforeAnythingIsSent) {
  EXPECT_TRUE(valid_document_key("0401-012-application"));
  EXPECT_TRUE(valid_document_key("5f0c1b2a-9d7e-4c1e-8a51-1f1d2c3b4a59-slip"));
  EXPECT_FALSE(valid_document_key(""));
  EXPECT_FALSE(valid_document_key("山田-application"));
  EXPECT_FALSE(valid_document_key("a b"));
  EXPECT_FALSE(valid_document_key(std::string(201, 'a')));
  IppPrinter printer("ipp://127.0.0.1:1/ipp/print");
  PrintRequest r;
  r.document_key = "bad key";
  r.pdf = "%PDF-1.4\n";
  EXPECT_EQ(printer.print(r).error().kind, PrintError::Kind::PrinterRejected);
  r.document_key = "good-key";
  r.pdf = "hello";
  EXPECT_EQ(printer.print(r).error().kind, PrintError::Kind::Pdf);
}

TEST(PrinterConditions, EveryReasonHasAKindAndASeverity) {
  const auto empty = describe_printer_reason("media-empty-warning");
  EXPECT_EQ(empty.reason, "media-empty");
  EXPECT_TRUE(empty.blocking());
  EXPECT_EQ(empty.kind, PrinterCondition::Kind::OutOfPaper);
  EXPECT_EQ(describe_printer_reason("media-jam-error").kind, PrinterCondition::Kind::PaperJam);
  EXPECT_EQ(describe_printer_reason("cover-open-report").kind, PrinterCondition::Kind::CoverOpen);
  EXPECT_EQ(describe_printer_reason("offline-report").kind,
            PrinterCondition::Kind::OffOrDisconnected);
  const auto toner = describe_printer_reason("toner-low-report");
  EXPECT_EQ(toner.reason, "toner-low");
  EXPECT_FALSE(toner.blocking()) << "a printer low on toner still prints";
  EXPECT_EQ(toner.kind, PrinterCondition::Kind::TonerLow);
  EXPECT_TRUE(describe_printer_reason("vendor-thing-error").blocking());
  EXPECT_EQ(describe_printer_reason("vendor-thing-error").kind, PrinterCondition::Kind::Stopped);
  EXPECT_FALSE(describe_printer_reason("vendor-thing-warning").blocking());
  EXPECT_EQ(describe_printer_reason("vendor-thing-warning").kind, PrinterCondition::Kind::Notice);

  const auto list = describe_printer_reasons(
      {"toner-low-report", "media-empty-warning", "media-needed-warning", "none", "media-empty"});
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].reason, "media-empty");
  EXPECT_EQ(list[1].reason, "media-needed");
  EXPECT_EQ(list[2].reason, "toner-low");
  ASSERT_NE(first_blocking(list), nullptr);
  EXPECT_EQ(first_blocking(list)->reason, "media-empty");

  EXPECT_EQ(describe_job_reason("job-printing"), JobCondition::Printing);
  EXPECT_EQ(describe_job_reason("document-format-error"), JobCondition::Unreadable);
  EXPECT_EQ(describe_job_reason("no-such-reason"), JobCondition::Unknown);

  PrinterStatus stopped;
  stopped.state = 5;
  ASSERT_EQ(stopped.conditions().size(), 1u);
  EXPECT_EQ(stopped.conditions()[0].reason, "stopped");
  EXPECT_EQ(stopped.conditions()[0].kind, PrinterCondition::Kind::Stopped);
  EXPECT_TRUE(stopped.conditions()[0].blocking());
}

}  // namespace
}  // namespace madoguchi::printer
