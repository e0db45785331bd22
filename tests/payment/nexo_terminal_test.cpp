// NexoTerminal against the real terminal-simulator process, over HTTPS with message security.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <future>
#include <thread>

#include "madoguchi/payment/nexo_terminal.hpp"
#include "madoguchi/payment/payment_notice.hpp"
#include "support/terminal_fixture.hpp"

namespace madoguchi::payment {
namespace {

using std::chrono::milliseconds;
using tests::TestTerminal;
using tests::TestTerminalOptions;
using Clock = std::chrono::steady_clock;

constexpr auto kPayTimeout = milliseconds(5000);

// A SaleTransactionID the way the kiosk makes them: unique per attempt.
std::string new_sale_transaction_id() {
  static std::atomic<int> counter{0};
  return "TEST-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

PaymentRequest fee(int amount_yen = 300, PaymentMethod method = PaymentMethod::Any) {
  PaymentRequest request;
  request.sale_transaction_id = new_sale_transaction_id();
  request.amount_yen = amount_yen;
  request.method = method;
  request.description = "住民票の写し 1通";
  return request;
}

// For a terminal that hangs: every wait is short, so the test is.
NexoOptions hang_options() {
  NexoOptions options;
  options.connect_timeout = milliseconds(500);
  options.request_timeout = milliseconds(500);
  options.abort_grace = milliseconds(300);
  return options;
}

NexoOptions quick_options() {
  NexoOptions options;
  options.connect_timeout = milliseconds(1000);
  options.request_timeout = milliseconds(3000);
  options.abort_grace = milliseconds(1000);
  return options;
}

// A terminal nobody answers at: a free port, any key.
NexoTerminal terminal_at_free_port(NexoOptions options) {
  TerminalAddress address;
  address.host = "127.0.0.1";
  address.port = kiosk::free_loopback_port();
  address.certificate_name = terminal_certificate_name("V400m-000000000", false);
  address.root_certificate = "/nonexistent/root.pem";
  nexo::NexoKey key{"MADOGUCHI-TEST", 1, "no terminal listens"};
  return NexoTerminal(address, *nexo::NexoCipher::from_key(key), "MADOGUCHI-KIOSK-1",
                      "V400m-000000000", options);
}

class NexoTerminalTest : public ::testing::Test {
 protected:
  explicit NexoTerminalTest(TestTerminalOptions options = {}) : simulator_(options) {}

  NexoTerminal kiosk_terminal() {
    return NexoTerminal(simulator_.address(), simulator_.cipher(), "MADOGUCHI-KIOSK-1",
                        simulator_.poi_id(), quick_options());
  }

  TestTerminal simulator_;
};

TEST_F(NexoTerminalTest, Approves300YenAndChargesItOnce) {
  auto terminal = kiosk_terminal();
  const auto request = fee(300, PaymentMethod::CreditCard);
  const auto result = terminal.pay(request, kPayTimeout);
  ASSERT_EQ(result.outcome, PaymentOutcome::Approved) << result.message;
  EXPECT_EQ(result.amount_yen, 300);
  EXPECT_EQ(result.method_used, "クレジットカード");
  EXPECT_FALSE(result.poi_transaction_id.empty());
  EXPECT_EQ(result.approval_code.size(), 6u);
  EXPECT_EQ(notice_of(result), PaymentNotice::Paid);
  EXPECT_TRUE(terminal.logged_in());

  const auto ledger = simulator_.ledger();
  ASSERT_EQ(ledger.size(), 1u);
  EXPECT_EQ(ledger[0].amount_yen, 300);
  EXPECT_EQ(ledger[0].state, "Approved");
  EXPECT_EQ(ledger[0].sale_transaction_id, request.sale_transaction_id);
  EXPECT_EQ(ledger[0].poi_transaction_id, result.poi_transaction_id);
  EXPECT_EQ(ledger[0].sale_id, "MADOGUCHI-KIOSK-1");

  const auto status = terminal.status(request.sale_transaction_id);
  EXPECT_EQ(status.outcome, PaymentOutcome::Approved);
  EXPECT_EQ(status.poi_transaction_id, result.poi_transaction_id);
}

TEST_F(NexoTerminalTest, MethodChosenOnTheKioskReachesTheTerminal) {
  auto terminal = kiosk_terminal();
  const auto emoney = terminal.pay(fee(200, PaymentMethod::EMoney), kPayTimeout);
  ASSERT_EQ(emoney.outcome, PaymentOutcome::Approved) << emoney.message;
  EXPECT_EQ(emoney.method_used, "電子マネー");
  const auto qr = terminal.pay(fee(200, PaymentMethod::QrCode), kPayTimeout);
  EXPECT_EQ(qr.method_used, "QRコード決済");
  EXPECT_EQ(simulator_.ledger().at(0).method, "StoredValue");
}

TEST_F(NexoTerminalTest, DeclinedCardIsDeclinedAndNotCharged) {
  ASSERT_TRUE(simulator_.set_fault("decline"));
  auto terminal = kiosk_terminal();
  const auto result = terminal.pay(fee(), kPayTimeout);
  EXPECT_EQ(result.outcome, PaymentOutcome::Declined) << result.message;
  EXPECT_EQ(result.decline_reason, DeclineReason::Refused);
  EXPECT_EQ(result.amount_yen, 0);
  EXPECT_EQ(notice_of(result), PaymentNotice::CardRefused);
  EXPECT_TRUE(simulator_.approved().empty());
}

TEST_F(NexoTerminalTest, InsufficientBalanceIsDeclinedWithItsReason) {
  ASSERT_TRUE(simulator_.set_fault("insufficient"));
  auto terminal = kiosk_terminal();
  const auto result = terminal.pay(fee(300, PaymentMethod::EMoney), kPayTimeout);
  EXPECT_EQ(result.outcome, PaymentOutcome::Declined);
  EXPECT_EQ(result.decline_reason, DeclineReason::InsufficientBalance);
  EXPECT_EQ(notice_of(result), PaymentNotice::BalanceTooLow);
  EXPECT_TRUE(simulator_.approved().empty());
}

TEST_F(NexoTerminalTest, ResidentCancelsOnTheTerminal) {
  ASSERT_TRUE(simulator_.set_fault("cancel"));
  auto terminal = kiosk_terminal();
  const auto request = fee();
  const auto result = terminal.pay(request, kPayTimeout);
  EXPECT_EQ(result.outcome, PaymentOutcome::Cancelled) << result.message;
  EXPECT_EQ(result.error_condition, "Cancel");
  EXPECT_TRUE(simulator_.approved().empty());
  EXPECT_EQ(terminal.status(request.sale_transaction_id).outcome, PaymentOutcome::Cancelled);
}

TEST_F(NexoTerminalTest, TimeoutThenStatusTellsTheTruth) {
  ASSERT_TRUE(simulator_.set_fault("timeout"));
  auto terminal = kiosk_terminal();
  const auto request = fee();
  const auto started = Clock::now();
  const auto result = terminal.pay(request, milliseconds(800));
  const auto took = Clock::now() - started;
  EXPECT_EQ(result.outcome, PaymentOutcome::Timeout) << result.message;
  EXPECT_GE(took, milliseconds(800));
  EXPECT_LT(took, milliseconds(800) + quick_options().abort_grace);
  EXPECT_FALSE(settled(result));

  // The kiosk's Abort stopped the terminal waiting for a card: nothing was charged.
  const auto status = terminal.status(request.sale_transaction_id);
  EXPECT_EQ(status.outcome, PaymentOutcome::Cancelled) << status.message;
  EXPECT_EQ(status.error_condition, "Aborted");
  EXPECT_TRUE(simulator_.approved().empty());
  ASSERT_EQ(simulator_.ledger().size(), 1u);
  EXPECT_EQ(simulator_.ledger()[0].state, "Aborted");
}

TEST_F(NexoTerminalTest, StatusAndAbortFromOtherThreadsWhilePayBlocks) {
  ASSERT_TRUE(simulator_.set_approve_delay(milliseconds(10000)));  // the resident hesitates
  auto terminal = kiosk_terminal();
  const auto request = fee();
  EXPECT_FALSE(terminal.abort(request.sale_transaction_id));  // nothing in progress yet
  auto paying = std::async(std::launch::async, [&] { return terminal.pay(request, kPayTimeout); });
  // Wait until the payment is on the terminal, then abort from this thread.
  const auto deadline = Clock::now() + milliseconds(3000);
  while (Clock::now() < deadline && simulator_.ledger().empty()) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  // A status request while the Payment's own request is outstanding: its own POST, answered at
  // once (in progress), as Adyen's local API allows.
  auto started = Clock::now();
  const auto meanwhile = terminal.status(request.sale_transaction_id);
  EXPECT_EQ(meanwhile.outcome, PaymentOutcome::Unknown) << meanwhile.message;
  EXPECT_EQ(meanwhile.error_condition, "InProgress");
  EXPECT_LT(Clock::now() - started, milliseconds(1000));
  started = Clock::now();
  EXPECT_TRUE(terminal.abort(request.sale_transaction_id));
  const auto result = paying.get();
  EXPECT_LT(Clock::now() - started, milliseconds(2000));
  EXPECT_EQ(result.outcome, PaymentOutcome::Cancelled) << result.message;
  EXPECT_EQ(result.error_condition, "Aborted");
  EXPECT_TRUE(simulator_.approved().empty());
  EXPECT_EQ(terminal.status(request.sale_transaction_id).outcome, PaymentOutcome::Cancelled);
}

TEST_F(NexoTerminalTest, AnswerLostAfterChargingIsUnknownAndStatusSaysApproved) {
  ASSERT_TRUE(simulator_.set_fault("drop-after-response"));
  auto terminal = kiosk_terminal();
  const auto request = fee();
  const auto result = terminal.pay(request, kPayTimeout);
  EXPECT_EQ(result.outcome, PaymentOutcome::Unknown) << result.message;
  EXPECT_FALSE(settled(result));

  ASSERT_TRUE(simulator_.set_fault("none"));
  const auto status = terminal.status(request.sale_transaction_id);  // reconnects, logs in
  EXPECT_EQ(status.outcome, PaymentOutcome::Approved) << status.message;
  EXPECT_EQ(status.amount_yen, 300);
  const auto charged = simulator_.approved();
  ASSERT_EQ(charged.size(), 1u);
  EXPECT_EQ(charged[0].poi_transaction_id, status.poi_transaction_id);
}

TEST_F(NexoTerminalTest, AnswerLostBeforeProcessingIsUnknownAndStatusSaysNotFound) {
  ASSERT_TRUE(simulator_.set_fault("drop-before-response"));
  auto terminal = kiosk_terminal();
  const auto request = fee();
  EXPECT_EQ(terminal.pay(request, kPayTimeout).outcome, PaymentOutcome::Unknown);
  ASSERT_TRUE(simulator_.set_fault("none"));
  const auto status = terminal.status(request.sale_transaction_id);
  EXPECT_EQ(status.outcome, PaymentOutcome::Error) << status.message;
  EXPECT_EQ(status.error_condition, "NotFound");
  EXPECT_TRUE(simulator_.ledger().empty());
}

TEST_F(NexoTerminalTest, ProcessingIncompleteIsSettledByStatus) {
  ASSERT_TRUE(simulator_.set_fault("unknown"));  // 処理未了
  auto terminal = kiosk_terminal();
  const auto request = fee();
  const auto result = terminal.pay(request, kPayTimeout);
  EXPECT_EQ(result.outcome, PaymentOutcome::Unknown) << result.message;
  EXPECT_EQ(result.error_condition, "InProgress");
  EXPECT_EQ(terminal.status(request.sale_transaction_id).outcome, PaymentOutcome::Approved);
}

TEST_F(NexoTerminalTest, SameSaleTransactionIdPaidTwiceIsChargedOnce) {
  auto terminal = kiosk_terminal();
  const auto request = fee();
  const auto first = terminal.pay(request, kPayTimeout);
  ASSERT_EQ(first.outcome, PaymentOutcome::Approved) << first.message;
  const auto second = terminal.pay(request, kPayTimeout);
  EXPECT_EQ(second.outcome, PaymentOutcome::Approved);
  EXPECT_EQ(second.poi_transaction_id, first.poi_transaction_id);
  EXPECT_EQ(second.approval_code, first.approval_code);
  const auto ledger = simulator_.ledger();
  ASSERT_EQ(ledger.size(), 1u);
  EXPECT_EQ(ledger[0].amount_yen, 300);

  // Also from a second kiosk process (a restart) that does not know the first ServiceID.
  auto restarted = kiosk_terminal();
  EXPECT_EQ(restarted.pay(request, kPayTimeout).poi_transaction_id, first.poi_transaction_id);
  EXPECT_EQ(simulator_.ledger().size(), 1u);
}

TEST_F(NexoTerminalTest, OfflineTerminalIsUnavailable) {
  ASSERT_TRUE(simulator_.set_fault("offline"));
  auto terminal = kiosk_terminal();
  const auto result = terminal.pay(fee(), kPayTimeout);
  EXPECT_EQ(result.outcome, PaymentOutcome::TerminalUnavailable) << result.message;
  EXPECT_EQ(result.error_condition, "UnreachableHost");
  EXPECT_EQ(notice_of(result), PaymentNotice::TerminalUnavailable);  // pay at the counter
  EXPECT_TRUE(simulator_.approved().empty());
}

TEST_F(NexoTerminalTest, FaultsChangeAtRunTimeWithoutRestart) {
  auto terminal = kiosk_terminal();
  ASSERT_TRUE(simulator_.set_fault("decline"));
  EXPECT_EQ(terminal.pay(fee(), kPayTimeout).outcome, PaymentOutcome::Declined);
  ASSERT_TRUE(simulator_.set_fault("none"));
  EXPECT_EQ(terminal.pay(fee(), kPayTimeout).outcome, PaymentOutcome::Approved);
  EXPECT_FALSE(simulator_.set_fault("no-such-fault"));
}

TEST_F(NexoTerminalTest, JournalHookSeesTheServiceIdBeforeTheTerminalDoes) {
  auto options = quick_options();
  std::vector<std::pair<std::string, std::string>> journal;
  TestTerminal* simulator = &simulator_;
  std::size_t ledger_size_at_hook = 99;
  options.before_payment_sent = [&](const std::string& sale_transaction_id,
                                    const std::string& service_id) {
    journal.emplace_back(sale_transaction_id, service_id);
    ledger_size_at_hook = simulator->ledger().size();
  };
  NexoTerminal terminal(simulator_.address(), simulator_.cipher(), "MADOGUCHI-KIOSK-1",
                        simulator_.poi_id(), options);
  const auto request = fee();
  ASSERT_EQ(terminal.pay(request, kPayTimeout).outcome, PaymentOutcome::Approved);
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].first, request.sale_transaction_id);
  EXPECT_EQ(journal[0].second.size(), 10u);
  EXPECT_EQ(terminal.service_id_of(request.sale_transaction_id), journal[0].second);
  EXPECT_EQ(ledger_size_at_hook, 0u);
  EXPECT_EQ(simulator_.ledger().at(0).service_id, journal[0].second);
}

TEST_F(NexoTerminalTest, InvalidRequestsNeverReachTheTerminal) {
  auto terminal = kiosk_terminal();
  auto no_id = fee();
  no_id.sale_transaction_id.clear();
  EXPECT_EQ(terminal.pay(no_id, kPayTimeout).outcome, PaymentOutcome::Error);
  EXPECT_EQ(terminal.pay(fee(0), kPayTimeout).outcome, PaymentOutcome::Error);
  EXPECT_TRUE(simulator_.ledger().empty());
}

TEST(NexoTerminalUnavailable, TerminalNotRunningIsUnavailableQuickly) {
  auto terminal = terminal_at_free_port(quick_options());
  const auto started = Clock::now();
  const auto result = terminal.pay(fee(), kPayTimeout);
  EXPECT_EQ(result.outcome, PaymentOutcome::TerminalUnavailable) << result.message;
  EXPECT_LT(Clock::now() - started, milliseconds(500));
  EXPECT_TRUE(settled(result));
  // Asking about a transaction cannot prove anything either way.
  EXPECT_EQ(terminal.status("TEST-NONE").outcome, PaymentOutcome::Unknown);
}

TestTerminalOptions persistent_options() {
  TestTerminalOptions options;
  options.ledger_file = true;
  return options;
}

class PersistentTerminalTest : public NexoTerminalTest {
 protected:
  PersistentTerminalTest() : NexoTerminalTest(persistent_options()) {}
};

TEST_F(PersistentTerminalTest, RestartedKioskLearnsTheOutcomeFromARestartedTerminal) {
  const auto request = fee();
  std::string poi_transaction_id;
  {
    auto terminal = kiosk_terminal();
    const auto result = terminal.pay(request, kPayTimeout);
    ASSERT_EQ(result.outcome, PaymentOutcome::Approved);
    poi_transaction_id = result.poi_transaction_id;
  }
  simulator_.kill();  // power cut
  ASSERT_TRUE(simulator_.restart());

  // A new adapter, as after a kiosk restart whose journal had no ServiceID yet.
  auto terminal = kiosk_terminal();
  const auto status = terminal.status(request.sale_transaction_id);
  EXPECT_EQ(status.outcome, PaymentOutcome::Approved) << status.message;
  EXPECT_EQ(status.poi_transaction_id, poi_transaction_id);
  EXPECT_EQ(simulator_.approved().size(), 1u);
}

TEST_F(PersistentTerminalTest, AdapterLogsInAgainAfterTheTerminalRestarts) {
  auto terminal = kiosk_terminal();
  ASSERT_EQ(terminal.pay(fee(), kPayTimeout).outcome, PaymentOutcome::Approved);
  ASSERT_TRUE(simulator_.restart());  // it forgot every login: the first answer is LoggedOut
  const auto result = terminal.pay(fee(), kPayTimeout);
  EXPECT_EQ(result.outcome, PaymentOutcome::Approved) << result.message;
  EXPECT_EQ(simulator_.approved().size(), 2u);
}

TEST_F(NexoTerminalTest, SimulatorStopsCleanlyOnSigterm) {
  const int status = simulator_.stop();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

ReversalRequest reversal_for(const PaymentRequest& request, const PaymentResult& result,
                             const std::string& suffix = "-R1") {
  ReversalRequest reversal;
  reversal.sale_transaction_id = request.sale_transaction_id;
  reversal.poi_transaction_id = result.poi_transaction_id;
  reversal.poi_timestamp = result.poi_timestamp;
  reversal.reversal_id = request.sale_transaction_id + suffix;
  reversal.amount_yen = result.amount_yen;
  reversal.reason = ReversalReason::CustomerCancel;
  return reversal;
}

TEST_F(NexoTerminalTest, ReversalGivesTheMoneyBackOnce) {
  auto terminal = kiosk_terminal();
  const auto request = fee();
  const auto paid = terminal.pay(request, kPayTimeout);
  ASSERT_EQ(paid.outcome, PaymentOutcome::Approved) << paid.message;
  EXPECT_FALSE(paid.poi_timestamp.empty());

  const auto reversed = terminal.reverse(reversal_for(request, paid));
  EXPECT_EQ(reversed.outcome, ReversalOutcome::Reversed) << reversed.message;
  EXPECT_EQ(reversed.amount_yen, 300);
  // Resent with the same id (its answer was lost, say): the same answer, nothing more.
  const auto resent = terminal.reverse(reversal_for(request, paid));
  EXPECT_EQ(resent.outcome, ReversalOutcome::Reversed);
  EXPECT_EQ(resent.reversal_poi_transaction_id, reversed.reversal_poi_transaction_id);
  // A second reversal of the same payment.
  const auto twice = terminal.reverse(reversal_for(request, paid, "-R2"));
  EXPECT_EQ(twice.outcome, ReversalOutcome::AlreadyReversed) << twice.message;

  const auto reversals = simulator_.reversals();
  ASSERT_EQ(reversals.size(), 1u);
  EXPECT_EQ(reversals[0].original_poi_transaction_id, paid.poi_transaction_id);
  EXPECT_EQ(reversals[0].amount_yen, 300);
  EXPECT_TRUE(simulator_.charged().empty());
  ASSERT_EQ(simulator_.approved().size(), 1u);
  EXPECT_TRUE(simulator_.approved()[0].reversed);

  auto unknown = reversal_for(request, paid, "-R3");
  unknown.poi_transaction_id = "SIM-99999999";
  EXPECT_EQ(terminal.reverse(unknown).outcome, ReversalOutcome::NotFound);
  auto invalid = reversal_for(request, paid, "-R4");
  invalid.amount_yen = 0;
  EXPECT_EQ(terminal.reverse(invalid).outcome, ReversalOutcome::Error);
}

TEST_F(NexoTerminalTest, ReversalWhoseAnswerIsLostIsLearnedByResendingIt) {
  auto terminal = kiosk_terminal();
  const auto request = fee();
  const auto paid = terminal.pay(request, kPayTimeout);
  ASSERT_EQ(paid.outcome, PaymentOutcome::Approved);
  ASSERT_TRUE(simulator_.set_fault("drop-after-response"));
  const auto lost = terminal.reverse(reversal_for(request, paid));
  EXPECT_EQ(lost.outcome, ReversalOutcome::Unknown) << lost.message;
  ASSERT_TRUE(simulator_.set_fault("none"));
  const auto learned = terminal.reverse(reversal_for(request, paid));
  EXPECT_EQ(learned.outcome, ReversalOutcome::Reversed) << learned.message;
  EXPECT_EQ(simulator_.reversals().size(), 1u);

  const auto other = fee();
  const auto second = terminal.pay(other, kPayTimeout);
  ASSERT_TRUE(simulator_.set_fault("offline"));
  EXPECT_EQ(terminal.reverse(reversal_for(other, second)).outcome,
            ReversalOutcome::TerminalUnavailable);
  EXPECT_EQ(simulator_.charged().size(), 1u);
}

TEST_F(NexoTerminalTest, TotalsAndReconciliationMatchTheLedger) {
  auto terminal = kiosk_terminal();
  const auto card = fee(300, PaymentMethod::CreditCard);
  const auto card_result = terminal.pay(card, kPayTimeout);
  ASSERT_EQ(card_result.outcome, PaymentOutcome::Approved);
  terminal.pay(fee(200, PaymentMethod::EMoney), kPayTimeout);
  terminal.pay(fee(450, PaymentMethod::QrCode), kPayTimeout);
  terminal.pay(fee(300, PaymentMethod::CreditCard), kPayTimeout);
  ASSERT_TRUE(simulator_.set_fault("decline"));
  terminal.pay(fee(300, PaymentMethod::CreditCard), kPayTimeout);  // not counted
  ASSERT_TRUE(simulator_.set_fault("none"));
  ASSERT_EQ(terminal.reverse(reversal_for(card, card_result)).outcome, ReversalOutcome::Reversed);

  const auto open = terminal.totals();
  ASSERT_TRUE(open.ok()) << open.message;
  ASSERT_EQ(open.methods.size(), 3u);
  EXPECT_EQ(open.methods[0].method, PaymentMethod::CreditCard);
  EXPECT_EQ(open.methods[0].payments, 2);
  EXPECT_EQ(open.methods[0].payment_yen, 600);
  EXPECT_EQ(open.methods[0].reversals, 1);
  EXPECT_EQ(open.methods[0].net_yen(), 300);
  EXPECT_EQ(open.methods[1].payment_yen, 200);
  EXPECT_EQ(open.methods[2].payment_yen, 450);
  // The same figures from the ledger.
  long long charged_yen = 0;
  for (const auto& charge : simulator_.charged()) charged_yen += charge.amount_yen;
  long long net = 0;
  for (const auto& line : open.methods) net += line.net_yen();
  EXPECT_EQ(net, charged_yen);

  const auto closed = terminal.reconcile();
  ASSERT_TRUE(closed.ok()) << closed.message;
  EXPECT_EQ(closed.period_id, open.period_id);
  EXPECT_EQ(closed.methods, open.methods);
  const auto after = terminal.totals();
  EXPECT_NE(after.period_id, open.period_id);
  EXPECT_TRUE(after.methods.empty());
  EXPECT_EQ(terminal.previous_totals(closed.period_id).methods, open.methods);
  EXPECT_EQ(terminal.previous_totals(after.period_id).outcome, TotalsOutcome::Error);
}

TEST_F(NexoTerminalTest, LogoutEndsTheSessionAndTheNextCallLogsInAgain) {
  auto terminal = kiosk_terminal();
  EXPECT_TRUE(terminal.logout());  // nothing to end yet
  ASSERT_EQ(terminal.pay(fee(), kPayTimeout).outcome, PaymentOutcome::Approved);
  EXPECT_TRUE(terminal.logged_in());
  EXPECT_TRUE(terminal.logout());
  EXPECT_FALSE(terminal.logged_in());
  EXPECT_EQ(terminal.pay(fee(), kPayTimeout).outcome, PaymentOutcome::Approved);
  EXPECT_TRUE(terminal.logged_in());
}

TEST_F(NexoTerminalTest, HealthSaysWhetherTheCardNetworksAreReachable) {
  NexoTerminal terminal(simulator_.address(), simulator_.cipher(), "MADOGUCHI-KIOSK-1",
                        simulator_.poi_id(), hang_options());
  const auto healthy = terminal.health();
  EXPECT_TRUE(healthy.reachable);
  EXPECT_TRUE(healthy.networks_online);
  ASSERT_TRUE(simulator_.set_fault("offline"));
  const auto offline = terminal.health();
  EXPECT_TRUE(offline.reachable);
  EXPECT_FALSE(offline.networks_online);
  ASSERT_TRUE(simulator_.set_fault("hang"));
  const auto started = Clock::now();
  const auto hung = terminal.health();
  EXPECT_FALSE(hung.reachable);
  EXPECT_LT(Clock::now() - started, hang_options().request_timeout + milliseconds(500));
  auto nobody = terminal_at_free_port(hang_options());
  EXPECT_FALSE(nobody.health().reachable);
}

TEST_F(NexoTerminalTest, HangingTerminalTimesOutCleanly) {
  NexoTerminal terminal(simulator_.address(), simulator_.cipher(), "MADOGUCHI-KIOSK-1",
                        simulator_.poi_id(), hang_options());
  ASSERT_EQ(terminal.pay(fee(), kPayTimeout).outcome, PaymentOutcome::Approved);  // logged in
  ASSERT_TRUE(simulator_.set_fault("hang"));
  const auto request = fee();
  auto started = Clock::now();
  const auto result = terminal.pay(request, milliseconds(800));
  auto took = Clock::now() - started;
  EXPECT_EQ(result.outcome, PaymentOutcome::Timeout) << result.message;
  EXPECT_GE(took, milliseconds(800));
  EXPECT_LT(took, milliseconds(800) + hang_options().abort_grace + milliseconds(500));

  started = Clock::now();
  const auto status = terminal.status(request.sale_transaction_id);
  took = Clock::now() - started;
  EXPECT_EQ(status.outcome, PaymentOutcome::Unknown) << status.message;
  EXPECT_LT(took, hang_options().request_timeout + milliseconds(500));
  // Other calls fail just as cleanly: sent, unanswered, so not known.
  started = Clock::now();
  EXPECT_EQ(terminal.totals().outcome, TotalsOutcome::Unknown);
  EXPECT_LT(Clock::now() - started, hang_options().request_timeout + milliseconds(500));

  ASSERT_TRUE(simulator_.set_fault("none"));
  const auto after = terminal.status(request.sale_transaction_id);
  EXPECT_EQ(after.error_condition, "NotFound") << after.message;  // it never processed it
  EXPECT_EQ(simulator_.approved().size(), 1u);
}

TEST_F(NexoTerminalTest, HangDuringAPaymentThenTheTruthAfterRecovery) {
  ASSERT_TRUE(simulator_.set_approve_delay(milliseconds(300)));
  NexoTerminal terminal(simulator_.address(), simulator_.cipher(), "MADOGUCHI-KIOSK-1",
                        simulator_.poi_id(), hang_options());
  const auto request = fee();
  auto paying =
      std::async(std::launch::async, [&] { return terminal.pay(request, milliseconds(800)); });
  const auto deadline = Clock::now() + milliseconds(3000);
  while (Clock::now() < deadline && simulator_.ledger().empty()) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  ASSERT_TRUE(simulator_.set_fault("hang"));  // frozen with the card on the reader
  EXPECT_EQ(paying.get().outcome, PaymentOutcome::Timeout);
  ASSERT_TRUE(simulator_.set_fault("none"));  // unfreezes and finishes what it was doing
  const auto status = terminal.status(request.sale_transaction_id);
  EXPECT_EQ(status.outcome, PaymentOutcome::Approved) << status.message;
  EXPECT_EQ(simulator_.approved().size(), 1u);
}

TEST_F(NexoTerminalTest, SecondKioskFindsTheTerminalBusy) {
  ASSERT_TRUE(simulator_.set_approve_delay(milliseconds(600)));
  auto first = kiosk_terminal();
  NexoTerminal second(simulator_.address(), simulator_.cipher(), "MADOGUCHI-KIOSK-2",
                      simulator_.poi_id(), quick_options());
  auto paying = std::async(std::launch::async, [&] { return first.pay(fee(), kPayTimeout); });
  const auto deadline = Clock::now() + milliseconds(3000);
  while (Clock::now() < deadline && simulator_.ledger().empty()) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  const auto busy = second.pay(fee(), kPayTimeout);
  EXPECT_EQ(busy.outcome, PaymentOutcome::TerminalUnavailable);
  EXPECT_EQ(busy.error_condition, "Busy");
  EXPECT_EQ(paying.get().outcome, PaymentOutcome::Approved);
}

TEST_F(NexoTerminalTest, ProcessingIncompleteWithoutChargeIsSettledAsCancelled) {
  ASSERT_TRUE(simulator_.set_fault("unknown-not-charged"));
  auto terminal = kiosk_terminal();
  const auto request = fee();
  EXPECT_EQ(terminal.pay(request, kPayTimeout).outcome, PaymentOutcome::Unknown);
  EXPECT_EQ(terminal.status(request.sale_transaction_id).outcome, PaymentOutcome::Cancelled);
  EXPECT_TRUE(simulator_.approved().empty());
}

// The journal's handle names the identities a payment was sent under. A kiosk restarted under
// other ones (its --kiosk-id or --terminal-poi-id changed) would hear NotFound from the terminal,
// which reads as "nothing charged": the payment stays in doubt instead, and says why.
TEST_F(NexoTerminalTest, APaymentSentUnderOtherIdsStaysInDoubtAfterARestart) {
  auto first = kiosk_terminal();
  const auto request = fee();
  std::string handle;
  const auto paid = first.pay(request, kPayTimeout, [&](const std::string&, const std::string& h) {
    handle = h;
    return true;
  });
  ASSERT_EQ(paid.outcome, PaymentOutcome::Approved) << paid.message;
  EXPECT_EQ(handle, *first.service_id_of(request.sale_transaction_id) +
                        "@MADOGUCHI-KIOSK-1@V400m-324688179");

  NexoTerminal renamed(simulator_.address(), simulator_.cipher(), "MADOGUCHI-K2",
                       simulator_.poi_id(), quick_options());
  renamed.restore_handle(request.sale_transaction_id, handle);
  const auto status = renamed.status(request.sale_transaction_id);
  EXPECT_EQ(status.outcome, PaymentOutcome::Unknown) << status.message;
  EXPECT_NE(status.message.find("sent as SaleID MADOGUCHI-KIOSK-1 to POIID V400m-324688179"),
            std::string::npos)
      << status.message;
  EXPECT_FALSE(renamed.abort(request.sale_transaction_id));

  // Restarted under the same IDs, the kiosk asks and learns the truth.
  auto same = kiosk_terminal();
  same.restore_handle(request.sale_transaction_id, handle);
  EXPECT_EQ(same.status(request.sale_transaction_id).outcome, PaymentOutcome::Approved);
}

TEST_F(NexoTerminalTest, AbortReachesAPaymentAnEarlierRunLeftWaiting) {
  ASSERT_TRUE(simulator_.set_fault("timeout"));  // no card will come
  const auto request = fee();
  const std::string service_id = "CRASHED001";
  {
    // A kiosk that logs in, sends its Payment and dies without a word more.
    const auto post = [&](const nexo::Json& message, const std::atomic<bool>* stop) {
      PostControl control;
      control.stop = stop;
      return post_to_terminal(simulator_.address(), "/nexo/",
                              *simulator_.cipher().seal(nexo::serialize(message)),
                              milliseconds(1000), milliseconds(5000), control);
    };
    nexo::MessageHeader header;
    header.category = nexo::MessageCategory::Login;
    header.service_id = "CRASHLOGIN";
    header.sale_id = "MADOGUCHI-KIOSK-1";
    header.poi_id = simulator_.poi_id();
    ASSERT_TRUE(post(nexo::login_request(header, {}, "now"), nullptr).has_value());
    header.category = nexo::MessageCategory::Payment;
    header.service_id = service_id;
    std::atomic<bool> died{false};
    auto paying = std::async(std::launch::async, [&] {
      return post(nexo::payment_request(header, request, "ts"), &died);
    });
    const auto deadline = Clock::now() + milliseconds(3000);
    while (Clock::now() < deadline && simulator_.ledger().empty()) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    died = true;
    EXPECT_FALSE(paying.get().has_value());
  }
  auto restarted = kiosk_terminal();
  EXPECT_EQ(restarted.status(request.sale_transaction_id).outcome, PaymentOutcome::Unknown);
  EXPECT_FALSE(restarted.abort(request.sale_transaction_id));  // no handle: nothing named
  restarted.restore_handle(request.sale_transaction_id, service_id);
  EXPECT_EQ(restarted.status(request.sale_transaction_id).error_condition, "InProgress");
  EXPECT_TRUE(restarted.abort(request.sale_transaction_id));
  EXPECT_EQ(restarted.status(request.sale_transaction_id).outcome, PaymentOutcome::Cancelled);
}

TEST_F(PersistentTerminalTest, RebootAfterChargingThenStatusTellsTheTruth) {
  ASSERT_TRUE(simulator_.set_fault("reboot"));
  auto terminal = kiosk_terminal();
  const auto request = fee();
  const auto result = terminal.pay(request, kPayTimeout);
  EXPECT_EQ(result.outcome, PaymentOutcome::Unknown) << result.message;
  // While it reboots it cannot be asked.
  EXPECT_EQ(terminal.status(request.sale_transaction_id).outcome, PaymentOutcome::Unknown);
  ASSERT_TRUE(simulator_.wait_until_up());
  EXPECT_TRUE(simulator_.running());
  const auto status = terminal.status(request.sale_transaction_id);
  EXPECT_EQ(status.outcome, PaymentOutcome::Approved) << status.message;
  EXPECT_EQ(status.amount_yen, 300);
  EXPECT_EQ(simulator_.approved().size(), 1u);
  // It came back without the fault.
  EXPECT_EQ(terminal.pay(fee(), kPayTimeout).outcome, PaymentOutcome::Approved);
}

TEST_F(PersistentTerminalTest, RebootBeforeChargingThenStatusSaysNothingWasCharged) {
  ASSERT_TRUE(simulator_.set_fault("reboot-before-charge"));
  auto terminal = kiosk_terminal();
  const auto request = fee();
  EXPECT_EQ(terminal.pay(request, kPayTimeout).outcome, PaymentOutcome::Unknown);
  ASSERT_TRUE(simulator_.wait_until_up());
  const auto status = terminal.status(request.sale_transaction_id);
  EXPECT_EQ(status.outcome, PaymentOutcome::Cancelled) << status.message;
  EXPECT_TRUE(simulator_.approved().empty());
}

TEST_F(PersistentTerminalTest, RebootWhileWaitingForTheCard) {
  ASSERT_TRUE(simulator_.set_approve_delay(milliseconds(5000)));
  auto terminal = kiosk_terminal();
  const auto request = fee();
  auto paying = std::async(std::launch::async, [&] { return terminal.pay(request, kPayTimeout); });
  const auto deadline = Clock::now() + milliseconds(3000);
  while (Clock::now() < deadline && simulator_.ledger().empty()) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  ASSERT_TRUE(simulator_.reboot());
  EXPECT_EQ(paying.get().outcome, PaymentOutcome::Unknown);
  const auto status = terminal.status(request.sale_transaction_id);
  EXPECT_EQ(status.outcome, PaymentOutcome::Cancelled) << status.message;
  EXPECT_EQ(status.error_condition, "Aborted");
}

}  // namespace
}  // namespace madoguchi::payment
