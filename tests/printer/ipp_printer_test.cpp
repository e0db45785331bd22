// Delivery to a real IPP printer: CUPS's ippeveprinter on loopback, no cupsd.
#include "madoguchi/printer/ipp_printer.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <list>
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
}

// A "printer" on loopback that answers every request a byte at a time, one per `interval`: an
// HTTP status line, then an endless header. Each byte comes well within any wait limit, so only
// an overall deadline per call ends it. It hangs up after 12 s so that a kiosk without that
// deadline fails these tests rather than hang them.
class SlowLorisPrinter {
 public:
  explicit SlowLorisPrinter(std::chrono::milliseconds interval) : interval_(interval) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // the kernel picks a free port: no clash with other test runs
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 16) != 0) {
      ADD_FAILURE() << "slow printer cannot listen";
      return;
    }
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~SlowLorisPrinter() {
    stop_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    for (auto& t : tricklers_) t.join();
    ::close(listener_);
  }
  std::string uri() const { return "ipp://127.0.0.1:" + std::to_string(port_) + "/ipp/print"; }
  int connections() const { return connections_; }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      ++connections_;
      tricklers_.emplace_back([this, client] { trickle(client); });
    }
  }
  void trickle(int client) {
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/ipp\r\nX-Slow: ";
    std::size_t sent = 0;
    auto next = Clock::now();
    const auto hang_up = Clock::now() + 12s;
    while (!stop_ && Clock::now() < hang_up) {
      char request[4096];
      while (::recv(client, request, sizeof request, MSG_DONTWAIT) > 0) {
      }
      if (Clock::now() >= next) {
        const char byte = sent < head.size() ? head[sent] : 'a';
        if (::send(client, &byte, 1, MSG_NOSIGNAL) != 1) break;  // the client gave up
        ++sent;
        next += interval_;
      }
      std::this_thread::sleep_for(10ms);
    }
    ::close(client);
  }

  std::chrono::milliseconds interval_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_ = false;
  std::atomic<int> connections_ = 0;
  std::thread acceptor_;
  std::list<std::thread> tricklers_;
};

// Issue 15: a printer answering one byte a second held a print call for 223 s despite 5 s
// limits. Each call now ends within its limit, naming the printer and the limit.
TEST(IppPrinterSlowAnswers, AByteASecondDoesNotHoldACallPastItsLimit) {
  SlowLorisPrinter slow(1000ms);
  IppOptions options;
  options.connect_timeout = 2000ms;
  IppPrinter printer(slow.uri(), options);
  const auto start = Clock::now();
  const auto status = printer.status();
  const auto took = Clock::now() - start;
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, PrintError::Kind::PrinterUnreachable);
  EXPECT_NE(status.error().message.find(slow.uri()), std::string::npos) << status.error().message;
  EXPECT_NE(status.error().message.find("within 2000 ms"), std::string::npos)
      << status.error().message;
  EXPECT_GE(took, 1900ms) << "the printer was given its time";
  EXPECT_LT(took, 3000ms) << "the limit plus a small margin";
  EXPECT_EQ(slow.connections(), 1);
}

// The whole print(): each request bounded, so the printer that never finishes an answer counts
// as silent and print() gives up after unreachable_limit, not after the trickle ends.
TEST(IppPrinterSlowAnswers, PrintGivesUpWithinItsUnreachableLimit) {
  SlowLorisPrinter slow(1000ms);
  IppOptions options;
  options.connect_timeout = 2000ms;  // twice the trickle's pace: no single wait runs out
  options.poll_interval = 100ms;
  IppPrinter printer(slow.uri(), options);
  PrintPolicy policy;
  policy.unreachable_limit = 2000ms;
  PrintRequest request;
  request.document_key = "madoguchi-slow-test";
  request.pdf = "%PDF-1.3\n%%EOF\n";
  const auto start = Clock::now();
  const auto printed = printer.print(request, policy);
  const auto took = Clock::now() - start;
  ASSERT_FALSE(printed);
  EXPECT_EQ(printed.error().kind, PrintError::Kind::PrinterUnreachable);
  EXPECT_TRUE(printed.error().nothing_sent);
  EXPECT_NE(printed.error().message.find(slow.uri()), std::string::npos) << printed.error().message;
  EXPECT_NE(printed.error().message.find("within 2000 ms"), std::string::npos)
      << printed.error().message;
  // The first request's limit, unreachable_limit after it, the request under way then, and a
  // margin.
  EXPECT_LT(took, 2000ms + 2000ms + 2000ms + 1000ms);
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
