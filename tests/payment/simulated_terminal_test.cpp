// The simulator's POI logic without sockets: what it answers, what it records, and that a
// repeated SaleTransactionID is never charged twice.
#include "simulated_terminal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <sqlite3.h>

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
    TerminalSettings settings;
    settings.fault = fault;
    settings.approve_delay = delay;
    settings.durable_ledger = ledger_path != ":memory:";
    terminal_.emplace(std::move(*ledger), std::move(settings));
  }

  std::filesystem::path temporary_ledger(const std::string& name) {
    auto path = std::filesystem::temp_directory_path() /
                ("madoguchi-" + name + "-" + std::to_string(::getpid()) + ".sqlite");
    std::filesystem::remove(path);
    return path;
  }

  // The approved payment's POITransactionID, from its answer.
  static std::string poi_id_of(const std::vector<Action>& actions) {
    return nexo::payment_result_from(body(actions.at(0))).poi_transaction_id;
  }

  std::vector<Action> reverse(const std::string& poi_transaction_id, const std::string& reversal_id,
                              int amount = 300) {
    ReversalRequest request;
    request.sale_transaction_id = "T-x";
    request.poi_transaction_id = poi_transaction_id;
    request.poi_timestamp = "t";
    request.reversal_id = reversal_id;
    request.amount_yen = amount;
    last_reversal_ = header(MessageCategory::Reversal);
    return send(nexo::reversal_request(last_reversal_, request, "ts"));
  }

  // What a TransactionStatusRequest about the ReversalRequest `service_id` learns.
  ReversalResult reversal_status(const std::string& service_id) {
    const auto actions = send(nexo::transaction_status_request(
        header(MessageCategory::TransactionStatus),
        nexo::MessageReference{MessageCategory::Reversal, service_id, "KIOSK-1", {}}));
    return nexo::reversal_status_result_from(body(actions.at(0)));
  }

  static ReversalResult reversal_of(const std::vector<Action>& actions) {
    return nexo::reversal_result_from(body(actions.at(0)));
  }

  TerminalTotals reconcile(const std::string& type = "SaleReconciliation",
                           std::optional<std::string> period = std::nullopt) {
    const auto actions =
        send(nexo::reconciliation_request(header(MessageCategory::Reconciliation), type, period));
    return nexo::totals_from(body(actions.at(0)), "KIOSK-1");
  }

  std::vector<Action> get_totals_actions() {
    return send(nexo::get_totals_request(header(MessageCategory::GetTotals)));
  }

  TerminalTotals get_totals() {
    return nexo::totals_from(body(get_totals_actions().at(0)), "KIOSK-1");
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

  std::vector<Action> pay(const std::string& sale_transaction_id, int amount = 300,
                          PaymentMethod method = PaymentMethod::Any) {
    last_payment_ = header(MessageCategory::Payment);
    PaymentRequest request;
    request.sale_transaction_id = sale_transaction_id;
    request.amount_yen = amount;
    request.method = method;
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
  nexo::MessageHeader last_reversal_;
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

TEST_F(SimulatedTerminalTest, ReversesAnApprovedPaymentOnceWhateverIsResent) {
  start();
  login();
  const auto paid = pay("T-1");
  const auto poi = poi_id_of(paid);
  // Accepted, as Adyen answers: no amount yet; the status request about it confirms it.
  const auto accepted = reverse(poi, "T-1-R1");
  EXPECT_TRUE(nexo::reversal_needs_confirmation(body(accepted.at(0))));
  EXPECT_EQ(reversal_of(accepted).outcome, ReversalOutcome::Unknown);
  const auto first = reversal_status(last_reversal_.service_id);
  EXPECT_EQ(first.outcome, ReversalOutcome::Reversed) << first.message;
  EXPECT_EQ(first.amount_yen, 300);
  EXPECT_EQ(first.reversal_poi_transaction_id.rfind("SIM-R-", 0), 0u);
  EXPECT_EQ(reversal_status("NO-SUCH").outcome, ReversalOutcome::Unknown);
  // The same reversal id again: the earlier answer, nothing reversed twice; its status too.
  const auto repeated = reverse(poi, "T-1-R1");
  EXPECT_TRUE(nexo::reversal_needs_confirmation(body(repeated.at(0))));
  const auto again = reversal_status(last_reversal_.service_id);
  EXPECT_EQ(again.outcome, ReversalOutcome::Reversed) << again.message;
  EXPECT_EQ(again.reversal_poi_transaction_id, first.reversal_poi_transaction_id);
  // Another id for the same payment: already reversed.
  const auto other = reversal_of(reverse(poi, "T-1-R2"));
  EXPECT_EQ(other.outcome, ReversalOutcome::AlreadyReversed);
  EXPECT_EQ(other.amount_yen, 300);
  ASSERT_EQ(terminal_->ledger().reversals().size(), 1u);
  EXPECT_EQ(terminal_->ledger().reversals()[0].original_poi_transaction_id, poi);
  EXPECT_EQ(terminal_->ledger().reversals()[0].reason, "CustCancel");
}

TEST_F(SimulatedTerminalTest, RefusesReversalsItCannotDo) {
  start(Fault::Decline);
  login();
  const auto declined = poi_id_of(pay("T-1"));
  EXPECT_EQ(reversal_of(reverse(declined, "R-1")).reason, "NotApproved");
  EXPECT_EQ(reversal_of(reverse("SIM-99999999", "R-2")).outcome, ReversalOutcome::NotFound);
  send(Json{{"SimulatorControl", {{"fault", "none"}}}});
  const auto approved = poi_id_of(pay("T-2"));
  EXPECT_EQ(reversal_of(reverse(approved, "R-3", 100)).reason, "PartialReversal");
  send(Json{{"SimulatorControl", {{"fault", "offline"}}}});
  EXPECT_EQ(reversal_of(reverse(approved, "R-4")).outcome, ReversalOutcome::TerminalUnavailable);
  send(Json{{"SimulatorControl", {{"fault", "none"}}}});
  // After 日計 the day's payments can no longer be reversed on the terminal.
  EXPECT_TRUE(reconcile().ok());
  const auto closed = reversal_of(reverse(approved, "R-5"));
  EXPECT_EQ(closed.outcome, ReversalOutcome::NotAllowed);
  EXPECT_EQ(closed.reason, "PeriodClosed");
  EXPECT_TRUE(terminal_->ledger().reversals().empty());

  // A reversal from a kiosk that has not logged in (each SaleID logs in), and a malformed one.
  auto other_kiosk = header(MessageCategory::Reversal);
  other_kiosk.sale_id = "KIOSK-2";
  const auto not_logged_in = send(nexo::reversal_request(other_kiosk, ReversalRequest{}, "ts"), 2);
  EXPECT_EQ(nexo::reversal_result_from(body(not_logged_in.at(0))).error_condition, "LoggedOut");
  EXPECT_EQ(reversal_of(reverse(approved, "")).error_condition, "MessageFormat");
}

TEST_F(SimulatedTerminalTest, ReconciliationClosesThePeriodWithTotalsPerMethod) {
  start();
  login();
  const auto card = poi_id_of(pay("T-1", 300, PaymentMethod::CreditCard));
  pay("T-2", 200, PaymentMethod::EMoney);
  pay("T-3", 450, PaymentMethod::QrCode);
  reverse(card, "T-1-R1");
  const auto open = get_totals();
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open.period_id, "1");
  ASSERT_EQ(open.methods.size(), 3u);
  EXPECT_EQ(open.methods[0].method, PaymentMethod::CreditCard);
  EXPECT_EQ(open.methods[0].payments, 1);
  EXPECT_EQ(open.methods[0].reversals, 1);
  EXPECT_EQ(open.methods[0].net_yen(), 0);
  EXPECT_EQ(open.methods[1].payment_yen, 200);
  EXPECT_EQ(open.methods[2].payment_yen, 450);

  const auto closed = reconcile();
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed.period_id, "1");
  EXPECT_EQ(closed.methods, open.methods);
  const auto next = get_totals();
  EXPECT_EQ(next.period_id, "2");
  EXPECT_TRUE(next.methods.empty());
  // The closed period can be asked for again; an open or unknown one cannot.
  EXPECT_EQ(reconcile("PreviousReconciliation", "1").methods, open.methods);
  EXPECT_EQ(reconcile("PreviousReconciliation", "2").error_condition, "NotFound");
  EXPECT_EQ(reconcile("PreviousReconciliation", "x").error_condition, "NotFound");
  EXPECT_EQ(reconcile("AcquirerReconciliation").error_condition, "NotAllowed");
}

TEST_F(SimulatedTerminalTest, OnePaymentAtATime) {
  start(Fault::None, milliseconds(1000));
  login();
  EXPECT_TRUE(pay("T-1").empty());  // waiting for the card
  const auto second = pay("T-2");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(nexo::payment_result_from(body(second[0])).error_condition, "Busy");
  EXPECT_EQ(reconcile().error_condition, "Busy");
  EXPECT_EQ(wait(milliseconds(1000)).size(), 1u);
  EXPECT_EQ(terminal_->ledger().all().size(), 1u);
}

TEST_F(SimulatedTerminalTest, HangReadsEverythingAndAnswersOnlyControl) {
  start(Fault::None, milliseconds(500));
  login();
  EXPECT_TRUE(pay("T-1").empty());
  auto actions = send(Json{{"SimulatorControl", {{"fault", "hang"}}}});
  ASSERT_EQ(actions.size(), 1u);  // control still answers
  EXPECT_FALSE(terminal_->next_deadline().has_value());
  EXPECT_TRUE(wait(milliseconds(2000)).empty());  // the card came; the terminal is frozen
  EXPECT_TRUE(send(nexo::login_request(header(MessageCategory::Login), {}, "now")).empty());
  EXPECT_TRUE(get_totals_actions().empty());
  EXPECT_EQ(terminal_->ledger().all().at(0).state, kInProgress);
  // Unfrozen, it carries on where it stopped.
  actions = send(Json{{"SimulatorControl", {{"fault", "none"}}}});
  EXPECT_EQ(actions.size(), 2u);  // the control answer, then the payment's
  EXPECT_EQ(terminal_->ledger().all().at(0).state, kApproved);
}

TEST_F(SimulatedTerminalTest, RebootFaultsNeedALedgerFile) {
  start();
  auto actions = send(Json{{"SimulatorControl", {{"fault", "reboot"}}}});
  EXPECT_TRUE(Json::parse(actions.at(0).line)["SimulatorControlResponse"].contains("error"));
  actions = send(Json{{"SimulatorControl", {{"reboot", true}}}});
  ASSERT_EQ(actions.size(), 1u);  // no Reboot action
  EXPECT_TRUE(Json::parse(actions.at(0).line)["SimulatorControlResponse"].contains("error"));
}

TEST_F(SimulatedTerminalTest, RebootAfterChargingLeavesTheTruthInTheLedger) {
  const auto path = temporary_ledger("reboot");
  start(Fault::Reboot, milliseconds(0), path.string());
  login();
  const auto actions = pay("T-1");
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, Action::Kind::Reboot);  // no answer goes out
  terminal_.reset();

  start(Fault::None, milliseconds(0), path.string());
  EXPECT_EQ(terminal_->ledger().all().at(0).state, kApproved);
  login();
  const auto status = send(nexo::transaction_status_request(
      header(MessageCategory::TransactionStatus),
      nexo::MessageReference{MessageCategory::Payment, last_payment_.service_id, "KIOSK-1", ""}));
  EXPECT_EQ(nexo::status_result_from(body(status.at(0)), "T-1").outcome, PaymentOutcome::Approved);
  terminal_.reset();
  std::filesystem::remove(path);
}

TEST_F(SimulatedTerminalTest, RebootBeforeChargingAbortsThePayment) {
  const auto path = temporary_ledger("reboot-before");
  start(Fault::RebootBeforeCharge, milliseconds(0), path.string());
  login();
  const auto actions = pay("T-1");
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, Action::Kind::Reboot);
  EXPECT_EQ(terminal_->ledger().all().at(0).state, kInProgress);
  terminal_.reset();
  start(Fault::None, milliseconds(0), path.string());
  EXPECT_EQ(terminal_->ledger().all().at(0).state, kAborted);
  terminal_.reset();
  std::filesystem::remove(path);
}

TEST_F(SimulatedTerminalTest, ProcessingIncompleteWithoutCharge) {
  start(Fault::UnknownNotCharged);
  login();
  const auto actions = pay("T-1");
  EXPECT_EQ(nexo::payment_result_from(body(actions.at(0))).error_condition, "InProgress");
  EXPECT_EQ(terminal_->ledger().all().at(0).state, kCancelled);
}

TEST_F(SimulatedTerminalTest, CardTimeoutMakesTheTerminalGiveUpByItself) {
  start(Fault::Timeout);
  send(Json{{"SimulatorControl", {{"card_timeout_ms", 3000}}}});
  login();
  EXPECT_TRUE(pay("T-1").empty());
  EXPECT_TRUE(wait(milliseconds(2999)).empty());
  const auto actions = wait(milliseconds(1));
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(nexo::payment_result_from(body(actions[0])).error_condition, "Cancel");
}

TEST_F(SimulatedTerminalTest, LedgerFromBeforePeriodsIsMigrated) {
  const auto path = temporary_ledger("old-ledger");
  {
    // The first ledger's schema, with one approved payment.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE transactions (sale_id TEXT NOT NULL, sale_transaction_id "
                           "TEXT NOT NULL, service_id TEXT NOT NULL, poi_transaction_id TEXT NOT "
                           "NULL UNIQUE, amount_yen INTEGER NOT NULL, method TEXT NOT NULL, state "
                           "TEXT NOT NULL, error_condition TEXT NOT NULL DEFAULT '', response TEXT "
                           "NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT '', PRIMARY KEY "
                           "(sale_id, sale_transaction_id));"
                           "INSERT INTO transactions (sale_id, sale_transaction_id, service_id, "
                           "poi_transaction_id, amount_yen, method, state) VALUES ('KIOSK-1', "
                           "'T-0', 'S0', 'SIM-00000001', 300, 'Card', 'Approved');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  start(Fault::None, milliseconds(0), path.string());
  const auto entries = terminal_->ledger().all();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].period, 1);
  login();
  EXPECT_EQ(get_totals().methods.at(0).payment_yen, 300);
  terminal_.reset();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace madoguchi::payment::simulator
