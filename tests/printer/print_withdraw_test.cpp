// IppPrinter::withdraw and PrintRequest::stop_requested against a real ippeveprinter: a document
// the kiosk gave up on (the resident walked away, the wait for paper ran out) never comes out
// later for whoever stands at the printer, and a job that printed meanwhile is reported printed.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "printer_test_fixture.hpp"
#include "sample_documents.hpp"
#include "support/ipp_printer_fixture.hpp"

namespace madoguchi::printer {
namespace {

using namespace std::chrono_literals;
using Result = Withdrawal::Result;

class PrintWithdrawTest : public WithTestPrinter {
 protected:
  IppPrinter client() const { return WithTestPrinter::client(2000ms, 50ms); }

  PrintRequest request(const std::string& key) const {
    PrintRequest r;
    r.document_key = key;
    r.pdf = form_pdf();
    return r;
  }

  // Waits until the job named `key` has come out, or `timeout` passed.
  bool printed_within(const std::string& key, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (printer_->times_printed(key) > 0) return true;
      std::this_thread::sleep_for(50ms);
    }
    return printer_->times_printed(key) > 0;
  }
};

// The resident walks away while the printer has no paper: the kiosk stops waiting and withdraws
// the held job. A printer that holds a job for paper may finish it up to its stop point, so
// until staff refill it the answer is "may still print"; once refilled the job ends canceled and
// nothing comes out for the next person.
TEST_F(PrintWithdrawTest, AJobHeldForPaperIsCanceledAndNeverPrintsOnceRefilled) {
  ASSERT_TRUE(printer_->set_media_empty(true));
  IppPrinter printer = client();
  std::atomic<bool> resident_left{false};
  std::atomic<int> job_id{0};
  PrintRequest r = request("app-w001-application");
  r.stop_requested = [&] { return resident_left.load(); };
  r.on_job_created = [&](int id) { job_id = id; };
  r.on_progress = [&](const PrintProgress& p) {
    if (p.phase == PrintProgress::Phase::Held) resident_left = true;
  };
  const auto printed = printer.print(r);
  ASSERT_FALSE(printed);
  EXPECT_EQ(printed.error().kind, PrintError::Kind::Stopped) << printed.error().message;
  EXPECT_TRUE(printed.error().job_still_queued);
  EXPECT_FALSE(printed.error().nothing_sent);
  ASSERT_GT(job_id.load(), 0);

  const auto while_empty = printer.withdraw("app-w001-application", job_id, 1s);
  EXPECT_NE(while_empty.result, Result::Printed) << while_empty.detail;

  ASSERT_TRUE(printer_->set_media_empty(false));
  EXPECT_FALSE(printed_within("app-w001-application", 3s))
      << "the withdrawn job came out after the refill";
  const auto after = printer.withdraw("app-w001-application", job_id, 5s);
  EXPECT_EQ(after.result, Result::NotPrinted) << after.detail;
  const auto job = printer.job(job_id);
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_EQ(job->state, 7) << "the printer shows the job canceled";
}

// A job the printer is printing when the paper runs out waits mid-job; withdrawn, it stops
// there, the printer confirms it canceled, and loading paper brings nothing out.
TEST_F(PrintWithdrawTest, AJobWaitingMidJobForPaperIsCanceledAndConfirmed) {
  printer_->run_out_of_paper_mid_next_job();
  IppPrinter printer = client();
  std::atomic<bool> held{false};
  PrintRequest r = request("app-w002-application");
  r.stop_requested = [&] { return held.load(); };
  r.on_progress = [&](const PrintProgress& p) {
    if (p.phase == PrintProgress::Phase::Held) held = true;
  };
  const auto printed = printer.print(r);
  ASSERT_FALSE(printed);
  EXPECT_EQ(printed.error().kind, PrintError::Kind::Stopped);
  const auto withdrawn = printer.withdraw("app-w002-application");
  EXPECT_EQ(withdrawn.result, Result::NotPrinted) << withdrawn.detail;
  printer_->load_paper_mid_job();
  EXPECT_FALSE(printed_within("app-w002-application", 2s));
}

// The job completed before the kiosk gave up on it: withdraw says so, and the caller treats the
// document as printed (money and paper agree).
TEST_F(PrintWithdrawTest, AJobThatPrintedIsReportedPrinted) {
  IppPrinter printer = client();
  const auto printed = printer.print(request("app-w003-application"));
  ASSERT_TRUE(printed) << printed.error().message;
  const auto withdrawn = printer.withdraw("app-w003-application", printed->job_id);
  EXPECT_EQ(withdrawn.result, Result::Printed) << withdrawn.detail;
  EXPECT_EQ(withdrawn.job_id, printed->job_id);
}

TEST_F(PrintWithdrawTest, ADocumentThePrinterNeverHadIsNotPrinted) {
  IppPrinter printer = client();
  const auto withdrawn = printer.withdraw("app-w004-application", 0, 2s);
  EXPECT_EQ(withdrawn.result, Result::NotPrinted) << withdrawn.detail;
}

// A printer that does not answer cannot confirm anything: the document may still print, and the
// answer comes within the time given.
TEST(PrintWithdrawUnreachable, APrinterThatDoesNotAnswerMayStillPrint) {
  const int port = kiosk::free_loopback_port();
  IppPrinter printer("ipp://127.0.0.1:" + std::to_string(port) + "/ipp/print",
                     {.connect_timeout = 500ms, .poll_interval = 50ms});
  const auto started = std::chrono::steady_clock::now();
  const auto withdrawn = printer.withdraw("app-w005-application", 12, 1500ms);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(withdrawn.result, Result::MayStillPrint) << withdrawn.detail;
  EXPECT_LT(took, 5s);
  EXPECT_FALSE(withdrawn.detail.empty());
}

// A printer that never answered was never sent the document: the kiosk may give the money back
// without a printer to confirm anything.
TEST(PrintWithdrawUnreachable, APrintThatNeverReachedThePrinterSaysNothingWasSent) {
  const int port = kiosk::free_loopback_port();
  IppPrinter printer("ipp://127.0.0.1:" + std::to_string(port) + "/ipp/print",
                     {.connect_timeout = 300ms, .poll_interval = 50ms});
  static const std::string pdf = "%PDF-1.4\n%%EOF\n";
  PrintRequest r;
  r.document_key = "app-w006-application";
  r.pdf = pdf;
  PrintPolicy policy;
  policy.unreachable_limit = 500ms;
  const auto printed = printer.print(r, policy);
  ASSERT_FALSE(printed);
  EXPECT_EQ(printed.error().kind, PrintError::Kind::PrinterUnreachable);
  EXPECT_TRUE(printed.error().nothing_sent);
  r.previous_job_id = 4;  // a job from before may be there
  const auto again = printer.print(r, policy);
  ASSERT_FALSE(again);
  EXPECT_FALSE(again.error().nothing_sent);
}

}  // namespace
}  // namespace madoguchi::printer
