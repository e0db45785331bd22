// The simulator's POI logic without sockets: what it answers, what it records, and that a
// repeated SaleTransactionID is never charged twice.
#include "simulated_terminal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace madoguchi::payment::simulator {
namespace {

using nexo::Json;
using nexo::MessageCategory;
using std::chrono::milliseconds;

constexpr ConnectionId kKiosk = 1;

class SimulatedTerminalTest : public ::testing::Test {
 protected:
  void start(Fault fault = Fault::None, milliseconds delay = milliseconds(0),
             const std::string& ledger_path = ":memory:") {
    auto ledger = Ledger::open(ledger_path);
    ASSERT_TRUE(ledger.has_value()) << ledger.error();
    terminal_.emplace(std::move(*ledger), TerminalSettings{"POI-1", fault, delay, {}});
    terminal_->connected(kKiosk);
  }

  std::vector<Action> send(const Json& message, ConnectionId connection = kKiosk) {
    terminal_->received(connection, nexo::serialize(message), now_);
    terminal_->advance(now_);
    return terminal_->take_actions();
  }

  std::vector<Action> wait(milliseconds time) {
    now_ += time;
    terminal_->advance(now_);
    return terminal_->take_actions();
  }

  nexo::MessageHeader header(MessageCategory category) {
    nexo::MessageHeader header;
    header.category = category;
    header.service_id = "S" + std::to_string(++services_);
    header.sale_id = "KIOSK-1";
    header.poi_id = "POI-1";
    return header;
  }

  void login() {
    const auto actions = send(nexo::login_request(header(MessageCategory::Login), {}, "now"));
    ASSERT_EQ(actions.size(), 1u);
  }

  std::vector<Action> pay(const std::string& sale_transaction_id, int amount = 300) {
    last_payment_ = header(MessageCategory::Payment);
    PaymentRequest request;
    request.sale_transaction_id = sale_transaction_id;
    request.amount_yen = amount;
    return send(nexo::payment_request(last_payment_, request, "ts"));
  }

  static Json body(const Action& action) {
    const auto message = Json::parse(action.line);
    const Json* found = nexo::body_of(message);
    return found != nullptr ? *found : Json();
  }

  std::optional<SimulatedTerminal> terminal_;
  Clock::time_point now_ = Clock::now();
  nexo::MessageHeader last_payment_;
  int services_ = 0;
};

TEST_F(SimulatedTerminalTest, ApprovesAfterTheCardArrives) {
  start(Fault::None, milliseconds(500));
  login();
  EXPECT_TRUE(pay("T-1").empty());  // waiting for the card
  EXPECT_TRUE(wait(milliseconds(400)).empty());
  const auto actions = wait(milliseconds(100));
  ASSERT_EQ(actions.size(), 1u);
  const auto result = nexo::payment_result_from(body(actions[0]));
  EXPECT_EQ(result.outcome, PaymentOutcome::Approved);
  EXPECT_EQ(result.amount_yen, 300);
  const auto entries = terminal_->ledger().all();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].state, kApproved);
  EXPECT_EQ(entries[0].amount_yen, 300);
}

TEST_F(SimulatedTerminalTest, RefusesPaymentsBeforeLogin) {
  start();
  const auto actions = pay("T-1");
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(nexo::payment_result_from(body(actions[0])).error_condition, "LoggedOut");
  EXPECT_TRUE(terminal_->ledger().all().empty());
}

TEST_F(SimulatedTerminalTest, RepeatedSaleTransactionIdIsAnsweredNotCharged) {
  start();
  login();
  const auto first = pay("T-1");
  ASSERT_EQ(first.size(), 1u);
  const auto repeat = pay("T-1");
  ASSERT_EQ(repeat.size(), 1u);
  const auto repeated_message = Json::parse(repeat[0].line);
  EXPECT_EQ(nexo::header_of(repeated_message)->service_id, last_payment_.service_id);
  EXPECT_EQ(nexo::payment_result_from(body(repeat[0])).poi_transaction_id,
            nexo::payment_result_from(body(first[0])).poi_transaction_id);
  EXPECT_EQ(terminal_->ledger().all().size(), 1u);
  // Both ServiceIDs lead to the transaction.
  EXPECT_TRUE(terminal_->ledger().find_by_service("KIOSK-1", last_payment_.service_id));
}

TEST_F(SimulatedTerminalTest, AbortStopsAPaymentWaitingForTheCard) {
  start(Fault::Timeout);
  login();
  EXPECT_TRUE(pay("T-1").empty());
  EXPECT_FALSE(terminal_->next_deadline().has_value());  // no card will ever come
  const auto payment = last_payment_;
  const auto actions = send(nexo::abort_request(
      header(MessageCategory::Abort),
      {MessageCategory::Payment, payment.service_id, payment.sale_id, payment.poi_id}, "test"));
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(nexo::payment_result_from(body(actions[0])).error_condition, "Aborted");
  EXPECT_EQ(terminal_->ledger().all().at(0).state, kAborted);

  // An Abort with nothing to abort is rejected with an event.
  const auto late = send(nexo::abort_request(
      header(MessageCategory::Abort),
      {MessageCategory::Payment, payment.service_id, payment.sale_id, payment.poi_id}, "test"));
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(Json::parse(late[0].line)["SaleToPOIRequest"]["EventNotification"]["EventToNotify"],
            "Reject");
}

TEST_F(SimulatedTerminalTest, StatusTellsInProgressProcessedAndNotFound) {
  start(Fault::None, milliseconds(1000));
  login();
  pay("T-1");
  const nexo::MessageReference reference{MessageCategory::Payment, last_payment_.service_id,
                                         "KIOSK-1", ""};
  auto actions =
      send(nexo::transaction_status_request(header(MessageCategory::TransactionStatus), reference));
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(nexo::status_result_from(body(actions[0]), "T-1").outcome, PaymentOutcome::Unknown);

  wait(milliseconds(1000));
  actions =
      send(nexo::transaction_status_request(header(MessageCategory::TransactionStatus), reference));
  EXPECT_EQ(nexo::status_result_from(body(actions.at(0)), "T-1").outcome, PaymentOutcome::Approved);

  actions = send(
      nexo::transaction_status_request(header(MessageCategory::TransactionStatus), std::nullopt));
  EXPECT_EQ(nexo::status_result_from(body(actions.at(0)), "T-1").outcome, PaymentOutcome::Approved);

  actions = send(nexo::transaction_status_request(
      header(MessageCategory::TransactionStatus),
      nexo::MessageReference{MessageCategory::Payment, "NOSUCHSVC", "KIOSK-1", ""}));
  EXPECT_EQ(nexo::status_result_from(body(actions.at(0)), "T-1").error_condition, "NotFound");
}

TEST_F(SimulatedTerminalTest, DropBeforeResponseClosesWithoutRecording) {
  start(Fault::DropBeforeResponse);
  login();
  const auto actions = pay("T-1");
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, Action::Kind::Close);
  EXPECT_TRUE(terminal_->ledger().all().empty());
}

TEST_F(SimulatedTerminalTest, DropAfterResponseChargesAndCutsTheAnswer) {
  start(Fault::DropAfterResponse);
  login();
  const auto actions = pay("T-1");
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, Action::Kind::SendTruncatedAndClose);
  EXPECT_EQ(terminal_->ledger().all().at(0).state, kApproved);
}

TEST_F(SimulatedTerminalTest, ControlMessagesSwitchFaultsAndReadTheLedger) {
  start();
  login();
  auto actions = send(Json{{"SimulatorControl", {{"fault", "decline"}}}});
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(Json::parse(actions[0].line)["SimulatorControlResponse"]["fault"], "decline");
  actions = pay("T-1");
  EXPECT_EQ(nexo::payment_result_from(body(actions.at(0))).outcome, PaymentOutcome::Declined);

  actions = send(Json{{"SimulatorControl", {{"fault", "no-such-fault"}}}});
  EXPECT_TRUE(Json::parse(actions.at(0).line)["SimulatorControlResponse"].contains("error"));

  actions = send(Json{{"SimulatorControl", {{"ledger", true}}}});
  const auto ledger = Json::parse(actions.at(0).line)["SimulatorControlResponse"]["ledger"];
  ASSERT_EQ(ledger.size(), 1u);
  EXPECT_EQ(ledger[0]["state"], "Declined");
  EXPECT_EQ(ledger[0]["sale_transaction_id"], "T-1");
}

TEST_F(SimulatedTerminalTest, IgnoresGarbageAndRejectsBadPayments) {
  start();
  login();
  terminal_->received(kKiosk, "this is not json", now_);
  terminal_->received(kKiosk, "[1,2,3]", now_);
  EXPECT_TRUE(terminal_->take_actions().empty());
  const auto actions = pay("T-1", -5);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(nexo::payment_result_from(body(actions[0])).error_condition, "MessageFormat");
}

TEST_F(SimulatedTerminalTest, RestartAbortsWhatWasInProgress) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("madoguchi-ledger-test-" + std::to_string(::getpid()) + ".sqlite");
  std::filesystem::remove(path);
  start(Fault::Timeout, milliseconds(0), path.string());
  login();
  pay("T-1");
  EXPECT_EQ(terminal_->ledger().all().at(0).state, kInProgress);
  terminal_.reset();

  start(Fault::None, milliseconds(0), path.string());
  const auto entries = terminal_->ledger().all();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].state, kAborted);
  login();
  const auto actions = send(
      nexo::transaction_status_request(header(MessageCategory::TransactionStatus), std::nullopt));
  EXPECT_EQ(nexo::status_result_from(body(actions.at(0)), "T-1").outcome,
            PaymentOutcome::Cancelled);
  terminal_.reset();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace madoguchi::payment::simulator
