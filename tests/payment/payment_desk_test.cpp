// PaymentDesk with its journal against the real terminal-simulator process: every outcome ends
// in a journal state that agrees with the terminal's ledger, and the totals agree too.
#include "madoguchi/payment/payment_desk.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <thread>

#include "madoguchi/payment/nexo_terminal.hpp"
#include "support/terminal_fixture.hpp"

namespace madoguchi::payment {
namespace {

using std::chrono::milliseconds;
using tests::TestTerminal;
using tests::TestTerminalOptions;
using Clock = std::chrono::steady_clock;

NexoOptions desk_nexo_options() {
  NexoOptions options;
  options.connect_timeout = milliseconds(500);
  options.request_timeout = milliseconds(600);
  options.abort_grace = milliseconds(300);
  return options;
}

DeskOptions desk_options() {
  DeskOptions options;
  options.payment_timeout = milliseconds(1500);
  // Asked every 150 ms for up to 3 s while in doubt: long enough for the simulator's reboot (its
  // port opens again after 200 ms, then TLS and the ledger) under a sanitizer on a busy machine,
  // where 4 checks once gave up before it was back and left reboot-before-charge in doubt.
  options.status_checks = 20;
  options.status_interval = milliseconds(150);
  return options;
}

TestTerminalOptions file_ledger() {
  TestTerminalOptions options;
  options.ledger_file = true;
  options.reboot_ms = 200;
  return options;
}

const Fee kJuminhyo{300, "住民票の写し 1通"};

class PaymentDeskTest : public ::testing::Test {
 protected:
  PaymentDeskTest() : simulator_(file_ledger()) {
    directory_ = std::filesystem::temp_directory_path() /
                 ("madoguchi-desk-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    auto journal = PaymentJournal::open(directory_ / "journal.sqlite", "TEST");
    EXPECT_TRUE(journal.has_value());
    if (journal) journal_.emplace(std::move(*journal));
    terminal_.emplace(simulator_.address(), simulator_.cipher(), "MADOGUCHI-KIOSK-1",
                      simulator_.poi_id(), desk_nexo_options());
    desk_.emplace(*journal_, *terminal_, desk_options());
  }
  ~PaymentDeskTest() override {
    desk_.reset();
    terminal_.reset();
    journal_.reset();
    std::error_code error;
    std::filesystem::remove_all(directory_, error);
  }

  // A restarted kiosk: new adapter, journal opened afresh, new desk.
  void restart_kiosk() {
    desk_.reset();
    terminal_.reset();
    journal_.reset();
    auto journal = PaymentJournal::open(directory_ / "journal.sqlite", "TEST");
    ASSERT_TRUE(journal.has_value());
    journal_.emplace(std::move(*journal));
    terminal_.emplace(simulator_.address(), simulator_.cipher(), "MADOGUCHI-KIOSK-1",
                      simulator_.poi_id(), desk_nexo_options());
    desk_.emplace(*journal_, *terminal_, desk_options());
  }

  // Every journal entry agrees with the ledger: charged ones are Approved there (and reversed
  // exactly when the journal says Reversed), uncharged ones are not.
  void expect_journal_agrees_with_ledger() {
    const auto ledger = simulator_.ledger();
    for (const auto& entry : journal_->entries()) {
      if (entry.cash_at_counter) continue;
      const auto row = std::find_if(ledger.begin(), ledger.end(), [&](const auto& charge) {
        return charge.sale_transaction_id == entry.sale_transaction_id;
      });
      const bool approved = row != ledger.end() && row->state == "Approved";
      const bool reversed = approved && row->reversed;
      SCOPED_TRACE(entry.sale_transaction_id + " " + std::string(to_string(entry.state)));
      EXPECT_FALSE(unsettled(entry.state));
      EXPECT_EQ(approved, charged(entry.state) || entry.state == JournalState::Reversed);
      EXPECT_EQ(reversed, entry.state == JournalState::Reversed);
      if (approved) {
        EXPECT_EQ(row->poi_transaction_id, entry.poi_transaction_id);
      }
    }
  }

  TestTerminal simulator_;
  std::filesystem::path directory_;
  std::optional<PaymentJournal> journal_;
  std::optional<NexoTerminal> terminal_;
  std::optional<PaymentDesk> desk_;
};

std::vector<JournalState> states_of(const PaymentJournal& journal, const std::string& id) {
  std::vector<JournalState> states;
  for (const auto& event : journal.history(id)) states.push_back(event.state);
  return states;
}

TEST_F(PaymentDeskTest, PaysWritesEveryStepAndDeliversTheDocument) {
  std::vector<std::pair<DeskStep, std::size_t>> seen;  // step, ledger size then
  DeskOptions options = desk_options();
  options.checkpoint = [&](DeskStep step, const std::string&) {
    seen.emplace_back(step, simulator_.ledger().size());
  };
  PaymentDesk desk(*journal_, *terminal_, options);
  const auto payment = desk.pay(kJuminhyo, PaymentMethod::CreditCard, "juminhyo/0401-012");
  ASSERT_TRUE(payment.paid()) << payment.result.message;
  EXPECT_EQ(payment.notice, PaymentNotice::Paid);
  EXPECT_EQ(journal_->find(payment.id)->state, JournalState::Approved);
  ASSERT_TRUE(desk.mark_document_done(payment.id));
  EXPECT_EQ(states_of(*journal_, payment.id),
            (std::vector<JournalState>{JournalState::Intent, JournalState::Sent,
                                       JournalState::Approved, JournalState::DocumentDone}));
  // The journal was written before the terminal knew anything, and after it answered.
  ASSERT_GE(seen.size(), 4u);
  EXPECT_EQ(seen[0], std::make_pair(DeskStep::IntentWritten, std::size_t{0}));
  EXPECT_EQ(seen[1], std::make_pair(DeskStep::SentWritten, std::size_t{0}));
  EXPECT_EQ(seen[2].first, DeskStep::AnswerReceived);
  EXPECT_EQ(seen[3].first, DeskStep::AnswerWritten);
  const auto entry = journal_->find(payment.id);
  EXPECT_EQ(entry->reference, "juminhyo/0401-012");
  // The handle names the request and the identities it went under (ServiceID@SaleID@POIID).
  EXPECT_EQ(entry->handle,
            simulator_.ledger().at(0).service_id + "@MADOGUCHI-KIOSK-1@V400m-324688179");
  EXPECT_EQ(entry->method_used, PaymentMethod::CreditCard);
  expect_journal_agrees_with_ledger();
}

TEST_F(PaymentDeskTest, DeclinedThenAnotherMethodIsChargedOnce) {
  ASSERT_TRUE(simulator_.set_fault("insufficient"));
  const auto first = desk_->pay(kJuminhyo, PaymentMethod::EMoney, "juminhyo/0401-013");
  EXPECT_FALSE(first.paid());
  EXPECT_TRUE(first.nothing_charged());
  EXPECT_EQ(first.state, JournalState::Declined);
  EXPECT_EQ(first.notice, PaymentNotice::BalanceTooLow);
  ASSERT_TRUE(simulator_.set_fault("none"));
  const auto second = desk_->pay(kJuminhyo, PaymentMethod::QrCode, "juminhyo/0401-013");
  ASSERT_TRUE(second.paid());
  EXPECT_NE(first.id, second.id);  // a retry is a new attempt
  EXPECT_EQ(simulator_.charged().size(), 1u);
  desk_->mark_document_done(second.id);
  expect_journal_agrees_with_ledger();
}

TEST_F(PaymentDeskTest, EveryFaultEndsInAStateTheLedgerAgreesWith) {
  struct Case {
    const char* fault;
    JournalState state;
  };
  const std::vector<Case> cases{
      {"decline", JournalState::Declined},
      {"cancel", JournalState::Cancelled},
      {"timeout", JournalState::Cancelled},  // aborted by the kiosk, confirmed by status
      {"drop-before-response", JournalState::NotCharged},
      {"drop-after-response", JournalState::Approved},
      {"unknown", JournalState::Approved},
      {"unknown-not-charged", JournalState::Cancelled},
      {"offline", JournalState::NotCharged},
      {"reboot", JournalState::Approved},
      {"reboot-before-charge", JournalState::Cancelled},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.fault);
    ASSERT_TRUE(simulator_.wait_until_up());
    ASSERT_TRUE(simulator_.set_fault(c.fault));
    const auto payment = desk_->pay(kJuminhyo, PaymentMethod::Any, std::string("ref/") + c.fault);
    EXPECT_EQ(payment.state, c.state) << payment.result.message;
    EXPECT_EQ(payment.paid(), c.state == JournalState::Approved);
    EXPECT_FALSE(payment.in_doubt());
    if (payment.paid()) {
      EXPECT_TRUE(desk_->mark_document_done(payment.id));
    }
    ASSERT_TRUE(simulator_.wait_until_up());
    ASSERT_TRUE(simulator_.set_fault("none"));
  }
  expect_journal_agrees_with_ledger();
  EXPECT_EQ(simulator_.charged().size(), 3u);
  EXPECT_TRUE(desk_->totals().matches);
}

TEST_F(PaymentDeskTest, TerminalNotThereSendsToTheCounterQuickly) {
  simulator_.stop();
  const auto started = Clock::now();
  const auto payment = desk_->pay(kJuminhyo, PaymentMethod::Any, "juminhyo/0401-014");
  EXPECT_LT(Clock::now() - started, milliseconds(1000));
  EXPECT_EQ(payment.state, JournalState::NotCharged);
  EXPECT_TRUE(payment.nothing_charged());
  EXPECT_EQ(payment.notice, PaymentNotice::TerminalUnavailable);  // pay at the counter
  // Nothing was sent: the journal never got a handle.
  EXPECT_EQ(states_of(*journal_, payment.id),
            (std::vector<JournalState>{JournalState::Intent, JournalState::NotCharged}));
}

TEST_F(PaymentDeskTest, HangingTerminalLeavesThePaymentInDoubtUntilSettled) {
  auto options = desk_options();
  options.payment_timeout = milliseconds(500);
  options.status_checks = 2;
  options.status_interval = milliseconds(100);
  desk_.emplace(*journal_, *terminal_, options);
  ASSERT_TRUE(desk_->pay(kJuminhyo, PaymentMethod::Any, "warmup").paid());  // logged in
  ASSERT_TRUE(simulator_.set_fault("hang"));
  const auto started = Clock::now();
  const auto payment = desk_->pay(kJuminhyo, PaymentMethod::Any, "juminhyo/0401-015");
  const auto took = Clock::now() - started;
  EXPECT_TRUE(payment.in_doubt());
  EXPECT_FALSE(payment.paid());
  EXPECT_EQ(payment.notice, PaymentNotice::NotKnown);  // call staff
  // time-out + abort grace + status checks that connect but get no Login answer.
  EXPECT_GE(took, milliseconds(500));
  EXPECT_LT(took, milliseconds(500 + 300 + 2 * 600 + 100 + 1000));
  const auto refused = desk_->close_day();
  EXPECT_FALSE(refused.closed);
  EXPECT_NE(refused.message.find("確認中"), std::string::npos);

  ASSERT_TRUE(simulator_.set_fault("none"));
  const auto report = desk_->settle();
  EXPECT_TRUE(report.still_in_doubt.empty());
  ASSERT_EQ(report.resolved.size(), 1u);
  EXPECT_EQ(report.resolved[0].state, JournalState::NotCharged);  // it never processed it
  EXPECT_EQ(report.approved_without_document.size(), 1u);         // the warm-up has no document yet
  expect_journal_agrees_with_ledger();
}

TEST_F(PaymentDeskTest, ReverseWithConsentAndNeverTwice) {
  const auto payment = desk_->pay(kJuminhyo, PaymentMethod::CreditCard, "juminhyo/0401-016");
  ASSERT_TRUE(payment.paid());
  const auto reversal = desk_->reverse(payment.id, ReversalReason::CustomerCancel);
  EXPECT_TRUE(reversal.reversed()) << reversal.result.message;
  EXPECT_EQ(reversal.notice, RefundNotice::GivenBack);
  const auto again = desk_->reverse(payment.id, ReversalReason::CustomerCancel);
  EXPECT_TRUE(again.reversed());
  EXPECT_EQ(again.result.outcome, ReversalOutcome::AlreadyReversed);
  EXPECT_EQ(simulator_.reversals().size(), 1u);
  EXPECT_FALSE(desk_->mark_document_done(payment.id));  // nothing to deliver any more
  EXPECT_TRUE(journal_->approved_without_document().empty());

  ASSERT_TRUE(simulator_.set_fault("decline"));
  const auto declined = desk_->pay(kJuminhyo, PaymentMethod::CreditCard, "juminhyo/0401-017");
  const auto nothing = desk_->reverse(declined.id, ReversalReason::CustomerCancel);
  EXPECT_FALSE(nothing.reversed());
  EXPECT_EQ(nothing.result.outcome, ReversalOutcome::NotAllowed);
  EXPECT_EQ(simulator_.reversals().size(), 1u);
  expect_journal_agrees_with_ledger();
}

TEST_F(PaymentDeskTest, ReversalThatFailsLeavesThePaymentToDeliver) {
  const auto payment = desk_->pay(kJuminhyo, PaymentMethod::CreditCard, "juminhyo/0401-018");
  ASSERT_TRUE(payment.paid());
  ASSERT_TRUE(simulator_.set_fault("offline"));
  const auto refused = desk_->reverse(payment.id, ReversalReason::CustomerCancel);
  EXPECT_FALSE(refused.reversed());
  EXPECT_EQ(refused.state, JournalState::Approved);
  EXPECT_EQ(refused.notice, RefundNotice::Unavailable);  // the counter refunds
  ASSERT_EQ(journal_->approved_without_document().size(), 1u);
  // The answer of the next attempt is lost: in doubt, then learned by resending it.
  ASSERT_TRUE(simulator_.set_fault("drop-after-response"));
  const auto lost = desk_->reverse(payment.id, ReversalReason::CustomerCancel);
  EXPECT_EQ(lost.state, JournalState::ReversalSent);
  ASSERT_TRUE(simulator_.set_fault("none"));
  restart_kiosk();
  const auto report = desk_->settle();
  ASSERT_EQ(report.resolved.size(), 1u);
  EXPECT_EQ(report.resolved[0].state, JournalState::Reversed);
  EXPECT_EQ(simulator_.reversals().size(), 1u);
  EXPECT_EQ(simulator_.reversals()[0].reversal_id, payment.id + "-R2");
  expect_journal_agrees_with_ledger();
}

TEST_F(PaymentDeskTest, ResidentStopsAtTheKioskWhileTheTerminalWaits) {
  ASSERT_TRUE(simulator_.set_approve_delay(milliseconds(5000)));  // the resident hesitates
  EXPECT_FALSE(desk_->abort_current());                           // nothing in progress
  auto paying = std::async(std::launch::async, [&] {
    return desk_->pay(kJuminhyo, PaymentMethod::Any, "juminhyo/0401-022");
  });
  const auto deadline = Clock::now() + milliseconds(3000);
  while (Clock::now() < deadline && simulator_.ledger().empty()) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_TRUE(desk_->abort_current());
  const auto payment = paying.get();
  EXPECT_EQ(payment.state, JournalState::Cancelled);
  EXPECT_TRUE(payment.nothing_charged());
  EXPECT_TRUE(simulator_.approved().empty());
  expect_journal_agrees_with_ledger();
}

TEST_F(PaymentDeskTest, PrintFailureGoesToTheCounterWithTheReference) {
  const auto payment = desk_->pay(kJuminhyo, PaymentMethod::EMoney, "juminhyo/0401-019");
  ASSERT_TRUE(payment.paid());
  ASSERT_TRUE(desk_->hand_to_counter(payment.id));
  EXPECT_TRUE(journal_->approved_without_document().empty());
  // The counter delivers it later.
  ASSERT_TRUE(desk_->mark_document_done(payment.id));
  EXPECT_FALSE(desk_->hand_to_counter(payment.id));
  expect_journal_agrees_with_ledger();
}

TEST_F(PaymentDeskTest, CashAtTheCounterIsCountedApartFromTheTerminal) {
  const auto slip = desk_->pay_at_counter(Fee{450, "戸籍証明書 1通"}, "koseki/0401-020");
  ASSERT_TRUE(slip.has_value());
  EXPECT_EQ(slip->state, JournalState::CashAtCounter);
  EXPECT_TRUE(simulator_.ledger().empty());  // the terminal was never asked
  auto totals = desk_->totals();
  EXPECT_TRUE(totals.matches);
  EXPECT_EQ(totals.cash.pending, 1);
  EXPECT_EQ(totals.cash.pending_yen, 450);
  ASSERT_TRUE(desk_->mark_cash_received(slip->sale_transaction_id));
  totals = desk_->totals();
  EXPECT_EQ(totals.cash.pending, 0);
  EXPECT_EQ(totals.cash.received_yen, 450);
  EXPECT_FALSE(desk_->pay_at_counter(Fee{0, "x"}, "koseki/0401-021").has_value());
}

TEST_F(PaymentDeskTest, DailyTotalsMatchTheTerminalAndCloseTheDay) {
  const auto card = desk_->pay(kJuminhyo, PaymentMethod::CreditCard, "a");
  desk_->mark_document_done(card.id);
  const auto emoney = desk_->pay(Fee{200, "x"}, PaymentMethod::EMoney, "b");
  desk_->mark_document_done(emoney.id);
  const auto qr = desk_->pay(Fee{450, "y"}, PaymentMethod::QrCode, "c");
  desk_->reverse(qr.id, ReversalReason::CustomerCancel);
  ASSERT_TRUE(simulator_.set_fault("decline"));
  desk_->pay(kJuminhyo, PaymentMethod::CreditCard, "d");
  ASSERT_TRUE(simulator_.set_fault("none"));

  const auto totals = desk_->totals();
  EXPECT_TRUE(totals.matches) << testing::PrintToString(totals.differences);
  ASSERT_EQ(totals.journal.size(), 3u);
  EXPECT_EQ(totals.journal, totals.terminal.methods);
  EXPECT_EQ(totals.journal[2].method, PaymentMethod::QrCode);
  EXPECT_EQ(totals.journal[2].reversals, 1);
  EXPECT_EQ(totals.journal[2].net_yen(), 0);

  const auto closed = desk_->close_day();
  EXPECT_TRUE(closed.closed) << closed.message;
  EXPECT_TRUE(closed.matches);
  EXPECT_EQ(closed.terminal.methods, totals.journal);
  EXPECT_EQ(closed.period_id, totals.period_id);
  EXPECT_NE(closed.message.find("締めました"), std::string::npos);
  const auto next = desk_->totals();
  EXPECT_TRUE(next.matches);
  EXPECT_TRUE(next.journal.empty());
  EXPECT_NE(next.period_id, closed.period_id);
  EXPECT_EQ(journal_->find(card.id)->payment_period, closed.period_id);
  // Same-day reversal only: after 日計 the terminal refuses, and the payment stays delivered.
  const auto late = desk_->reverse(emoney.id, ReversalReason::MerchantCancel);
  EXPECT_EQ(late.state, JournalState::DocumentDone);
  EXPECT_EQ(late.result.outcome, ReversalOutcome::NotAllowed);
  ASSERT_EQ(journal_->reconciliations().size(), 1u);
  EXPECT_TRUE(journal_->reconciliations()[0].matched);
}

// Two kiosks on one terminal (issue 17): each its own SaleID and journal. Their totals are
// apart, and one kiosk's 日計 closes its own reconciliation period, not the other's: the second
// kiosk's payments still count as open, match, and close with its own 日計.
TEST_F(PaymentDeskTest, TwoKiosksOnOneTerminalCloseTheirDaysApart) {
  const auto pay_done = [](PaymentDesk& desk, const Fee& fee, PaymentMethod method) {
    const auto paid = desk.pay(fee, method, "r");
    EXPECT_TRUE(paid.paid()) << paid.result.message;
    desk.mark_document_done(paid.id);
  };
  auto other_journal = PaymentJournal::open(directory_ / "k2.sqlite", "K2");
  ASSERT_TRUE(other_journal.has_value());
  NexoTerminal other_terminal(simulator_.address(), simulator_.cipher(), "MADOGUCHI-KIOSK-2",
                              simulator_.poi_id(), desk_nexo_options());
  PaymentDesk other(*other_journal, other_terminal, desk_options());
  pay_done(*desk_, kJuminhyo, PaymentMethod::CreditCard);
  pay_done(other, Fee{450, "y"}, PaymentMethod::EMoney);
  pay_done(other, Fee{200, "z"}, PaymentMethod::EMoney);

  const auto first_closed = desk_->close_day();
  EXPECT_TRUE(first_closed.closed) << first_closed.message;
  EXPECT_TRUE(first_closed.matches) << testing::PrintToString(first_closed.differences);
  ASSERT_EQ(first_closed.terminal.methods.size(), 1u);
  EXPECT_EQ(first_closed.terminal.methods[0].payment_yen, 300);

  const auto second_open = other.totals();
  EXPECT_TRUE(second_open.matches) << testing::PrintToString(second_open.differences);
  ASSERT_EQ(second_open.terminal.methods.size(), 1u);
  EXPECT_EQ(second_open.terminal.methods[0].payment_yen, 650);
  const auto second_closed = other.close_day();
  EXPECT_TRUE(second_closed.closed) << second_closed.message;
  EXPECT_TRUE(second_closed.matches) << testing::PrintToString(second_closed.differences);
  EXPECT_EQ(second_closed.terminal.methods, second_open.journal);
  EXPECT_NE(second_closed.period_id, first_closed.period_id);
}

TEST_F(PaymentDeskTest, TotalsShowAPaymentTheJournalNeverSaw) {
  desk_->pay(kJuminhyo, PaymentMethod::CreditCard, "a");
  // Someone used the terminal with this kiosk's SaleID outside the journal.
  NexoTerminal stranger(simulator_.address(), simulator_.cipher(), "MADOGUCHI-KIOSK-1",
                        simulator_.poi_id(), desk_nexo_options());
  PaymentRequest request;
  request.sale_transaction_id = "STRANGER-1";
  request.amount_yen = 300;
  request.method = PaymentMethod::CreditCard;
  ASSERT_EQ(stranger.pay(request, milliseconds(2000)).outcome, PaymentOutcome::Approved);
  const auto totals = desk_->totals();
  EXPECT_FALSE(totals.matches);
  ASSERT_EQ(totals.differences.size(), 1u);
  EXPECT_NE(totals.differences[0].find("クレジットカード: 端末 2件 600円"), std::string::npos)
      << totals.differences[0];
}

TEST_F(PaymentDeskTest, LostReconciliationAnswerIsRecovered) {
  const auto payment = desk_->pay(kJuminhyo, PaymentMethod::CreditCard, "a");
  desk_->mark_document_done(payment.id);
  const auto open = desk_->totals();
  ASSERT_TRUE(simulator_.set_fault("drop-after-response"));
  auto closed = desk_->close_day();
  ASSERT_TRUE(simulator_.set_fault("none"));
  if (!closed.closed) {
    // The immediate re-check found the terminal unreachable; a restarted kiosk finishes it.
    restart_kiosk();
    desk_->settle();
    closed = desk_->close_day();
  }
  EXPECT_TRUE(closed.closed) << closed.message;
  EXPECT_TRUE(closed.matches);
  EXPECT_EQ(closed.period_id, open.period_id);
  EXPECT_EQ(journal_->find(payment.id)->payment_period, open.period_id);
  EXPECT_FALSE(journal_->closing().has_value());
}

TEST_F(PaymentDeskTest, FeeMustBeAWholePositiveAmount) {
  EXPECT_EQ(desk_->pay(Fee{0, "x"}, PaymentMethod::Any, "r").result.outcome, PaymentOutcome::Error);
  EXPECT_EQ(desk_->pay(Fee{-300, "x"}, PaymentMethod::Any, "r").result.outcome,
            PaymentOutcome::Error);
  EXPECT_EQ(desk_->pay(kJuminhyo, PaymentMethod::Any, "").result.outcome, PaymentOutcome::Error);
  EXPECT_TRUE(journal_->entries().empty());
  EXPECT_TRUE(simulator_.ledger().empty());
}

TEST_F(PaymentDeskTest, SettleAfterACrashNeverPaysAgain) {
  // What a killed kiosk leaves behind, made by hand: an Intent that never left, and a payment
  // the terminal approved whose answer the kiosk never wrote.
  NewPayment never_sent;
  never_sent.reference = "r1";
  never_sent.amount_yen = 300;
  const auto intent = journal_->begin_payment(never_sent);
  ASSERT_TRUE(intent.has_value());

  NewPayment sent;
  sent.reference = "r2";
  sent.amount_yen = 300;
  const auto attempt = journal_->begin_payment(sent);
  ASSERT_TRUE(attempt.has_value());
  PaymentRequest request;
  request.sale_transaction_id = attempt->sale_transaction_id;
  request.amount_yen = 300;
  const auto result = terminal_->pay(request, milliseconds(2000),
                                     [&](const std::string& id, const std::string& handle) {
                                       return journal_->record_sent(id, handle).has_value();
                                     });
  ASSERT_EQ(result.outcome, PaymentOutcome::Approved);  // ... and the kiosk dies here

  restart_kiosk();
  const auto ledger_before = simulator_.ledger().size();
  const auto report = desk_->settle();
  EXPECT_EQ(simulator_.ledger().size(), ledger_before);  // no Payment was sent
  ASSERT_EQ(report.resolved.size(), 2u);
  EXPECT_EQ(journal_->find(intent->sale_transaction_id)->state, JournalState::NotCharged);
  ASSERT_EQ(report.approved_without_document.size(), 1u);
  EXPECT_EQ(report.approved_without_document[0].sale_transaction_id, attempt->sale_transaction_id);
  EXPECT_EQ(report.approved_without_document[0].poi_transaction_id, result.poi_transaction_id);
  EXPECT_FALSE(report.clean());
  EXPECT_NE(report.clerk_message().find("書類を渡していない"), std::string::npos);
  ASSERT_TRUE(desk_->mark_document_done(attempt->sale_transaction_id));  // reprinted
  EXPECT_TRUE(desk_->settle().clean());
  expect_journal_agrees_with_ledger();
}

}  // namespace
}  // namespace madoguchi::payment
