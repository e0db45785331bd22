// Someone on the kiosk's network pretends to be the payment terminal (issue 17): it never gets
// a fee counted as paid. Each impostor runs as a real process or a real HTTPS server; the
// kiosk's side is the real adapter and the real payment desk with its journal on disk.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <future>
#include <optional>
#include <thread>

#include "madoguchi/payment/journal.hpp"
#include "madoguchi/payment/nexo_terminal.hpp"
#include "madoguchi/payment/payment_desk.hpp"
#include "support/terminal_fixture.hpp"

namespace madoguchi::payment {
namespace {

using std::chrono::milliseconds;
using tests::TestTerminal;
using tests::TestTerminalOptions;

const Fee kJuminhyo{300, "住民票の写し 1通"};

NexoOptions quick() {
  NexoOptions options;
  options.connect_timeout = milliseconds(1000);
  options.request_timeout = milliseconds(2000);
  options.abort_grace = milliseconds(500);
  return options;
}

TestTerminalOptions on_file() {
  TestTerminalOptions options;
  options.ledger_file = true;
  return options;
}

// The kiosk: set up for the genuine terminal (its root, its name, its key), but connecting to
// `host:port`, where someone else may be listening.
class Kiosk {
 public:
  Kiosk(const TestTerminal& genuine, int port, const std::string& name)
      : directory_(std::filesystem::temp_directory_path() /
                   ("madoguchi-impostor-" + std::to_string(::getpid()) + "-" + name)) {
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    auto address = genuine.address();
    address.port = port;
    terminal_.emplace(address, genuine.cipher(), "MADOGUCHI-K1", genuine.poi_id(), quick());
    auto journal = PaymentJournal::open(directory_ / "journal.sqlite", "K1");
    EXPECT_TRUE(journal.has_value());
    journal_.emplace(std::move(*journal));
    DeskOptions options;
    options.payment_timeout = milliseconds(2000);
    options.status_checks = 1;
    options.status_interval = milliseconds(50);
    desk_.emplace(*journal_, *terminal_, options);
  }
  ~Kiosk() {
    desk_.reset();
    terminal_.reset();
    journal_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  DeskPayment pay() { return desk_->pay(kJuminhyo, PaymentMethod::Any, "juminhyo/0001"); }
  JournalEntry entry(const std::string& id) { return *journal_->find(id); }
  PaymentDesk& desk() { return *desk_; }

 private:
  std::filesystem::path directory_;
  std::optional<NexoTerminal> terminal_;
  std::optional<PaymentJournal> journal_;
  std::optional<PaymentDesk> desk_;
};

// Nothing charged, nothing in doubt: the resident is offered the counter; the journal says why.
void expect_refused(Kiosk& kiosk, const DeskPayment& payment, const std::string& reason) {
  EXPECT_FALSE(payment.paid());
  EXPECT_TRUE(payment.nothing_charged()) << payment.result.message;
  EXPECT_EQ(payment.result.outcome, PaymentOutcome::TerminalUnavailable) << payment.result.message;
  const auto entry = kiosk.entry(payment.id);
  EXPECT_NE(entry.note.find(reason), std::string::npos) << entry.note;
}

TEST(TerminalImpostor, WithoutTlsIsRefusedBeforeAnyMessage) {
  TestTerminal genuine;
  TestTerminalOptions plain;
  plain.plain_http_for_tests = true;
  plain.key_file = genuine.key_file();  // even with the key, plain HTTP is not the terminal
  TestTerminal impostor(plain);
  Kiosk kiosk(genuine, impostor.port(), "no-tls");
  const auto payment = kiosk.pay();
  expect_refused(kiosk, payment, "TLS was refused");
  EXPECT_TRUE(impostor.ledger().empty());
  EXPECT_TRUE(genuine.ledger().empty());
}

TEST(TerminalImpostor, WithACertificateFromAnotherRootIsRefused) {
  TestTerminal genuine;
  TestTerminalOptions other_root;
  other_root.key_file = genuine.key_file();  // the same POIID and key; only the root differs
  TestTerminal impostor(other_root);
  Kiosk kiosk(genuine, impostor.port(), "other-root");
  const auto payment = kiosk.pay();
  expect_refused(kiosk, payment, "TLS was refused");
  EXPECT_TRUE(impostor.ledger().empty());
}

TEST(TerminalImpostor, TheGenuineTerminalUnderAnotherNameIsRefused) {
  TestTerminal genuine;
  // The kiosk was told of V400m-000000001; the terminal at the address is V400m-324688179.
  auto address = genuine.address();
  address.certificate_name = terminal_certificate_name("V400m-000000001", false);
  NexoTerminal terminal(address, genuine.cipher(), "MADOGUCHI-K1", "V400m-000000001", quick());
  PaymentRequest request;
  request.sale_transaction_id = "NAME-1";
  request.amount_yen = 300;
  const auto result = terminal.pay(request, milliseconds(2000));
  EXPECT_EQ(result.outcome, PaymentOutcome::TerminalUnavailable) << result.message;
  EXPECT_NE(result.message.find("V400m-000000001"), std::string::npos) << result.message;
  EXPECT_TRUE(genuine.ledger().empty());
}

TEST(TerminalImpostor, WithTheRightCertificateButAnotherKeyIsRefused) {
  TestTerminal genuine;
  TestTerminalOptions stolen_certificate;
  stolen_certificate.certificates = genuine.certificates();  // its own key file: another passphrase
  TestTerminal impostor(stolen_certificate);
  Kiosk kiosk(genuine, impostor.port(), "other-key");
  const auto payment = kiosk.pay();
  expect_refused(kiosk, payment, "does not open with the shared key");
  EXPECT_TRUE(impostor.ledger().empty());
}

// An HTTPS server with the terminal's own certificate and key (stolen, say), but not the
// shared key: it reads the clear MessageHeader and answers every request with Success.
class SuccessForEverything {
 public:
  SuccessForEverything(const TestTerminal& genuine, int port)
      : server_((genuine.certificates() / "terminal.pem").c_str(),
                (genuine.certificates() / "terminal.key").c_str()) {
    server_.Post("/nexo/", [](const httplib::Request& request, httplib::Response& response) {
      const auto secured = nlohmann::json::parse(request.body, nullptr, false);
      auto header = secured.value("/SaleToPOIRequest/MessageHeader"_json_pointer, nlohmann::json());
      header["MessageType"] = "Response";
      const std::string body = header.value("MessageCategory", "") + "Response";
      nlohmann::json answer{
          {"MessageHeader", header},
          {body,
           {{"Response", {{"Result", "Success"}}},
            {"PaymentResult",
             {{"AmountsResp", {{"AuthorizedAmount", 300}, {"Currency", "JPY"}}},
              {"PaymentInstrumentData", {{"PaymentInstrumentType", "Card"}}}}},
            {"POIData",
             {{"POITransactionID",
               {{"TransactionID", "FAKE"}, {"TimeStamp", "2026-12-05T00:00:00Z"}}}}}}}};
      response.set_content(nlohmann::json{{"SaleToPOIResponse", answer}}.dump(),
                           "application/json");
    });
    EXPECT_TRUE(server_.bind_to_port("127.0.0.1", port));
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~SuccessForEverything() {
    server_.stop();
    thread_.join();
  }

 private:
  httplib::SSLServer server_;
  std::thread thread_;
};

TEST(TerminalImpostor, ThatAnswersSuccessWithoutTheKeyLeavesNothingApproved) {
  TestTerminal genuine(on_file());
  Kiosk kiosk(genuine, genuine.port(), "success");
  ASSERT_TRUE(kiosk.pay().paid());  // logged in at the genuine terminal, one fee paid
  const int port = genuine.port();
  genuine.stop();
  std::optional<DeskPayment> payment;
  {
    SuccessForEverything impostor(genuine, port);
    payment = kiosk.pay();
  }
  // The answer came over the right TLS but does not open: in doubt, never paid.
  EXPECT_FALSE(payment->paid());
  EXPECT_TRUE(payment->in_doubt()) << payment->result.message;
  const auto entry = kiosk.entry(payment->id);
  EXPECT_NE(entry.note.find("does not open with the shared key (not secured"), std::string::npos)
      << entry.note;

  // The genuine terminal back: settling learns that it never saw that payment.
  ASSERT_TRUE(genuine.restart());
  const auto report = kiosk.desk().settle();
  EXPECT_TRUE(report.still_in_doubt.empty());
  EXPECT_FALSE(charged(kiosk.entry(payment->id).state))
      << to_string(kiosk.entry(payment->id).state);
  EXPECT_EQ(genuine.charged().size(), 1u);  // the first fee only
}

}  // namespace
}  // namespace madoguchi::payment
