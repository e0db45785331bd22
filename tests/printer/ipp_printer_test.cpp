// Delivery to a real IPP printer: CUPS's ippeveprinter on loopback, no cupsd.
#include "madoguchi/printer/ipp_printer.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "madoguchi/kiosk/child_process.hpp"
#include "pdf_tools.hpp"
#include "printer_test_fixture.hpp"
#include "sample_documents.hpp"
#include "support/ipp_printer_fixture.hpp"

namespace madoguchi::printer {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class IppPrinterTest : public WithTestPrinter {
 protected:
  IppPrinter client() const { return WithTestPrinter::client(3000ms, 100ms); }
};

TEST_F(IppPrinterTest, ReportsAnIdlePrinterAcceptingJobs) {
  const auto status = client().status();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(status->state, 3);
  EXPECT_TRUE(status->accepting);
  EXPECT_TRUE(status->reasons.empty()) << status->reasons.front();
}

TEST_F(IppPrinterTest, PrintsTheFormAndThePrinterReceivesTheSameBytes) {
  IppPrinter printer = client();
  const auto job = printer.submit(form_pdf(), "madoguchi-form-A-0123");
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_GT(*job, 0);
  const auto done = printer.wait_for_completion(*job, 10s);
  ASSERT_TRUE(done) << done.error().message;

  const auto files = printer_->received_files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(tests::read_file(files[0]), form_pdf()) << files[0];
}

TEST_F(IppPrinterTest, PrintsJobsOneAfterAnother) {
  IppPrinter printer = client();
  for (int i = 0; i < 3; ++i) {
    const auto job = printer.submit(form_pdf(), "madoguchi-form-" + std::to_string(i));
    ASSERT_TRUE(job) << job.error().message;
    ASSERT_TRUE(printer.wait_for_completion(*job, 10s));
  }
  EXPECT_EQ(printer_->received_files().size(), 3u);
}

TEST_F(IppPrinterTest, OutOfPaperIsReportedAndTheJobPrintsOnceRefilled) {
  ASSERT_TRUE(printer_->set_media_empty(true));
  IppPrinter printer = client();
  const auto status = printer.status();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_TRUE(status->has_reason("media-empty"));

  const auto job = printer.submit(form_pdf(), "madoguchi-form-paper");
  ASSERT_TRUE(job) << job.error().message;
  const auto waited = printer.wait_for_completion(*job, 1500ms);
  ASSERT_FALSE(waited);
  EXPECT_EQ(waited.error().kind, PrintError::Kind::MediaEmpty) << waited.error().message;
  EXPECT_TRUE(waited.error().job_still_queued);
  EXPECT_EQ(plain_japanese(waited.error()), "プリンターの用紙がありません。係員をお呼びください。");

  ASSERT_TRUE(printer_->set_media_empty(false));
  const auto done = printer.wait_for_completion(*job, 10s);
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_EQ(printer_->received_files().size(), 1u);
  EXPECT_EQ(tests::read_file(printer_->received_files()[0]), form_pdf());
}

TEST_F(IppPrinterTest, PaperJamAbortsTheJobAndIsReportedAsAJam) {
  printer_->jam_next_job();
  IppPrinter printer = client();
  const auto job = printer.submit(form_pdf(), "madoguchi-form-jam");
  ASSERT_TRUE(job) << job.error().message;
  const auto waited = printer.wait_for_completion(*job, 10s);
  ASSERT_FALSE(waited);
  EXPECT_EQ(waited.error().kind, PrintError::Kind::MediaJam) << waited.error().message;
  EXPECT_FALSE(waited.error().job_still_queued) << "an aborted job must be submitted again";
  EXPECT_NE(waited.error().message.find("aborted"), std::string::npos) << waited.error().message;

  const auto status = printer.status();
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->has_reason("media-jam"));

  // Once cleared, the next job prints (and the printer forgets the jam).
  const auto retry = printer.submit(form_pdf(), "madoguchi-form-jam-retry");
  ASSERT_TRUE(retry) << retry.error().message;
  ASSERT_TRUE(printer.wait_for_completion(*retry, 10s));
  EXPECT_FALSE(printer.status()->has_reason("media-jam"));
}

TEST(IppPrinterUnreachable, NoListenerIsReportedWithinSeconds) {
  const int port = kiosk::free_loopback_port();
  IppPrinter printer("ipp://127.0.0.1:" + std::to_string(port) + "/ipp/print");
  const auto start = Clock::now();
  const auto status = printer.status();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, PrintError::Kind::PrinterUnreachable) << status.error().message;
  const auto job = printer.submit("%PDF-1.3\n", "madoguchi-test");
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().kind, PrintError::Kind::PrinterUnreachable) << job.error().message;
  const auto waited = printer.wait_for_completion(1, 1s);
  ASSERT_FALSE(waited);
  EXPECT_EQ(waited.error().kind, PrintError::Kind::PrinterUnreachable);
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_EQ(plain_japanese(status.error()), "プリンターにつながりません。係員をお呼びください。");
}

TEST(IppPrinterInput, InvalidUriAndNonPdfAreRejectedBeforeSending) {
  const auto bad_uri = IppPrinter("not a uri").status();
  ASSERT_FALSE(bad_uri);
  EXPECT_EQ(bad_uri.error().kind, PrintError::Kind::PrinterUnreachable);
  const auto not_pdf = IppPrinter("ipp://127.0.0.1:1/ipp/print").submit("hello", "x");
  ASSERT_FALSE(not_pdf);
  EXPECT_EQ(not_pdf.error().kind, PrintError::Kind::Pdf);
}

TEST(StripReasonSuffix, RemovesTheSeverityOnly) {
  EXPECT_EQ(strip_reason_suffix("media-empty-warning"), "media-empty");
  EXPECT_EQ(strip_reason_suffix("media-jam-report"), "media-jam");
  EXPECT_EQ(strip_reason_suffix("toner-empty-error"), "toner-empty");
  EXPECT_EQ(strip_reason_suffix("media-needed"), "media-needed");
  EXPECT_EQ(strip_reason_suffix("-report"), "-report");
}

// ipps://: the same ippeveprinter over TLS, its self-signed certificate pinned on first use.
class IppsPrinterTest : public WithTestPrinter {
 protected:
  void SetUp() override {
    WithTestPrinter::SetUp();
    pins_ = printer_->spool_dir().parent_path() / "kiosk-pins";
  }
  IppPrinter secure_client() const {
    return IppPrinter(
        printer_->secure_uri(),
        {.connect_timeout = 3000ms, .poll_interval = 100ms, .certificate_pins = pins_});
  }
  std::filesystem::path pin_file() const {
    return pins_ / ("localhost-" + std::to_string(printer_->port()) + ".sha256");
  }
  std::filesystem::path pins_;
};

TEST_F(IppsPrinterTest, PrintsOverTlsAndPinsThePrintersCertificate) {
  IppPrinter printer = secure_client();
  const auto job = printer.submit(form_pdf(), "madoguchi-form-tls");
  ASSERT_TRUE(job) << job.error().message;
  ASSERT_TRUE(printer.wait_for_completion(*job, 10s));
  const auto files = printer_->received_files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(tests::read_file(files[0]), form_pdf());
  EXPECT_NE(printer_->logs().find("Connection now encrypted"), std::string::npos)
      << printer_->logs();
  const std::string pin = tests::read_file(pin_file());
  EXPECT_EQ(pin.size(), 65u) << pin;  // 64 hex digits and a newline
  // The pin holds: the next connection is the same printer.
  const auto status = secure_client().status();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_TRUE(status->accepting);
}

TEST_F(IppsPrinterTest, APrinterWithAnotherCertificateIsRefusedUntilStaffDeleteThePin) {
  ASSERT_TRUE(secure_client().status());
  const std::string pinned = tests::read_file(pin_file());
  ASSERT_TRUE(printer_->renew_certificate());

  IppPrinter printer = secure_client();
  const auto refused = printer.submit(form_pdf(), "madoguchi-form-impostor");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, PrintError::Kind::PrinterRejected);
  EXPECT_EQ(refused.error().reason, "certificate-changed");
  EXPECT_NE(refused.error().message.find(
                "presented a certificate other than the one pinned on first use"),
            std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("delete " + pin_file().string()), std::string::npos)
      << refused.error().message;
  EXPECT_TRUE(printer_->received_files().empty()) << "the document went to the other printer";
  EXPECT_EQ(tests::read_file(pin_file()), pinned) << "the pin is kept";

  // Staff confirm the printer's new certificate by deleting the pin: it is pinned afresh.
  std::filesystem::remove(pin_file());
  const auto job = printer.submit(form_pdf(), "madoguchi-form-renewed");
  ASSERT_TRUE(job) << job.error().message;
  ASSERT_TRUE(printer.wait_for_completion(*job, 10s));
  EXPECT_NE(tests::read_file(pin_file()), pinned);
}

}  // namespace
}  // namespace madoguchi::printer
