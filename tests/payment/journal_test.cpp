// The payment journal on its own (a SQLite file, no terminal): states, the transitions it
// allows and refuses, its durability settings, and the totals it counts.
#include "madoguchi/payment/journal.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

namespace madoguchi::payment {
namespace {

class JournalTest : public ::testing::Test {
 protected:
  JournalTest() {
    directory_ = std::filesystem::temp_directory_path() /
                 ("madoguchi-journal-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    path_ = directory_ / "journal.sqlite";
    reopen();
  }
  ~JournalTest() override {
    journal_.reset();
    std::error_code error;
    std::filesystem::remove_all(directory_, error);
  }

  void reopen() {
    journal_.reset();
    auto opened = PaymentJournal::open(path_, "K1");
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    journal_.emplace(std::move(*opened));
  }

  JournalEntry begin(int amount = 300, PaymentMethod method = PaymentMethod::Any) {
    NewPayment payment;
    payment.reference = "juminhyo/0401-012";
    payment.description = "住民票の写し 1通";
    payment.amount_yen = amount;
    payment.method = method;
    auto entry = journal_->begin_payment(payment);
    EXPECT_TRUE(entry.has_value());
    return entry.value_or(JournalEntry{});
  }

  static PaymentResult approved(int amount = 300, PaymentMethod method = PaymentMethod::CreditCard,
                                std::string poi = "SIM-00000001") {
    PaymentResult result;
    result.outcome = PaymentOutcome::Approved;
    result.amount_yen = amount;
    result.method = method;
    result.poi_transaction_id = std::move(poi);
    result.poi_timestamp = "2025-04-01T00:00:00.000Z";
    result.approval_code = "123456";
    return result;
  }

  static PaymentResult with(PaymentOutcome outcome, std::string condition = "") {
    PaymentResult result;
    result.outcome = outcome;
    result.error_condition = std::move(condition);
    return result;
  }

  // Intent → Sent → Approved.
  JournalEntry paid(int amount = 300, PaymentMethod method = PaymentMethod::CreditCard) {
    const auto entry = begin(amount, method);
    EXPECT_TRUE(journal_->record_sent(entry.sale_transaction_id, "SVC0000001"));
    static int poi = 0;
    const auto result = journal_->record_answer(
        entry.sale_transaction_id,
        approved(amount, method,
                 "SIM-" + std::to_string(++poi) + "-" + std::to_string(::getpid())));
    EXPECT_TRUE(result.has_value());
    return result.value_or(JournalEntry{});
  }

  static ReversalResult reversal(ReversalOutcome outcome, int amount = 300) {
    ReversalResult result;
    result.outcome = outcome;
    result.amount_yen = amount;
    result.reversal_poi_transaction_id = "SIM-R-00000001";
    return result;
  }

  std::filesystem::path directory_;
  std::filesystem::path path_;
  std::optional<PaymentJournal> journal_;
};

TEST_F(JournalTest, IsAWalFileWithUniqueIds) {
  const auto first = begin();
  const auto second = begin();
  EXPECT_NE(first.sale_transaction_id, second.sale_transaction_id);
  EXPECT_TRUE(
      std::regex_match(first.sale_transaction_id, std::regex("K1-[0-9]{8}-[0-9]{6}-[0-9A-Z]{6}")))
      << first.sale_transaction_id;
  EXPECT_LE(first.sale_transaction_id.size(), 64u);  // fits a nexo SaleTransactionID
  EXPECT_EQ(first.state, JournalState::Intent);
  EXPECT_EQ(first.reference, "juminhyo/0401-012");
  EXPECT_EQ(first.amount_yen, 300);
  EXPECT_EQ(first.day.size(), 10u);
  EXPECT_TRUE(std::filesystem::exists(path_.string() + "-wal"));
  // WAL is a property of the file: another connection sees it.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

TEST_F(JournalTest, AFullPaymentLeavesItsHistory) {
  const auto entry = begin();
  const auto& id = entry.sale_transaction_id;
  ASSERT_TRUE(journal_->record_sent(id, "SVC0000001"));
  const auto answered = journal_->record_answer(id, approved());
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->state, JournalState::Approved);
  EXPECT_EQ(answered->handle, "SVC0000001");
  EXPECT_EQ(answered->poi_transaction_id, "SIM-00000001");
  EXPECT_EQ(answered->poi_timestamp, "2025-04-01T00:00:00.000Z");
  EXPECT_EQ(answered->authorized_yen, 300);
  EXPECT_EQ(answered->method_used, PaymentMethod::CreditCard);
  EXPECT_EQ(journal_->approved_without_document().size(), 1u);
  ASSERT_TRUE(journal_->record_document_done(id));
  EXPECT_TRUE(journal_->approved_without_document().empty());

  std::vector<JournalState> states;
  for (const auto& event : journal_->history(id)) states.push_back(event.state);
  EXPECT_EQ(states,
            (std::vector<JournalState>{JournalState::Intent, JournalState::Sent,
                                       JournalState::Approved, JournalState::DocumentDone}));
  // It is all still there after a restart.
  reopen();
  EXPECT_EQ(journal_->find(id)->state, JournalState::DocumentDone);
  EXPECT_EQ(journal_->history(id).size(), 4u);
}

TEST_F(JournalTest, EveryOutcomeHasAState) {
  const std::vector<std::pair<PaymentOutcome, JournalState>> table{
      {PaymentOutcome::Declined, JournalState::Declined},
      {PaymentOutcome::Cancelled, JournalState::Cancelled},
      {PaymentOutcome::Timeout, JournalState::InDoubt},
      {PaymentOutcome::Unknown, JournalState::InDoubt},
      {PaymentOutcome::TerminalUnavailable, JournalState::NotCharged},
      {PaymentOutcome::Error, JournalState::NotCharged},
  };
  for (const auto& [outcome, state] : table) {
    const auto entry = begin();
    journal_->record_sent(entry.sale_transaction_id, "S");
    const auto recorded = journal_->record_answer(entry.sale_transaction_id, with(outcome, "X"));
    ASSERT_TRUE(recorded.has_value()) << to_string(outcome);
    EXPECT_EQ(recorded->state, state) << to_string(outcome);
    EXPECT_EQ(recorded->error_condition, "X");
  }
  // In doubt, then settled by a status answer.
  const auto doubtful = journal_->in_states({JournalState::InDoubt});
  ASSERT_EQ(doubtful.size(), 2u);
  EXPECT_EQ(journal_->unsettled_entries().size(), 2u);
  EXPECT_EQ(journal_->record_answer(doubtful[0].sale_transaction_id, approved())->state,
            JournalState::Approved);
  EXPECT_EQ(
      journal_
          ->record_answer(doubtful[1].sale_transaction_id, with(PaymentOutcome::Error, "NotFound"))
          ->state,
      JournalState::NotCharged);
  EXPECT_TRUE(journal_->unsettled_entries().empty());
}

TEST_F(JournalTest, RefusesTransitionsThatWouldLieAboutMoney) {
  const auto declined = begin();
  journal_->record_sent(declined.sale_transaction_id, "S");
  journal_->record_answer(declined.sale_transaction_id, with(PaymentOutcome::Declined));
  // Nothing is delivered as paid unless it was approved.
  EXPECT_FALSE(journal_->record_document_done(declined.sale_transaction_id));
  EXPECT_FALSE(journal_->record_handed_to_counter(declined.sale_transaction_id));
  EXPECT_FALSE(journal_->record_answer(declined.sale_transaction_id, approved()));
  EXPECT_FALSE(journal_->record_reversal_sent(declined.sale_transaction_id, "R",
                                              ReversalReason::CustomerCancel));
  const auto intent = begin();
  EXPECT_FALSE(journal_->record_document_done(intent.sale_transaction_id));
  const auto done = paid();
  ASSERT_TRUE(journal_->record_document_done(done.sale_transaction_id));
  EXPECT_FALSE(journal_->record_answer(done.sale_transaction_id, with(PaymentOutcome::Declined)));
  EXPECT_FALSE(journal_->record_cash_received(done.sale_transaction_id));
  EXPECT_FALSE(journal_->record_sent("no-such-id", "S"));
  NewPayment nothing;
  nothing.reference = "r";
  nothing.amount_yen = 0;
  EXPECT_FALSE(journal_->begin_payment(nothing));
  nothing.amount_yen = -300;
  EXPECT_FALSE(journal_->begin_cash_at_counter(nothing));
  EXPECT_EQ(journal_->find(declined.sale_transaction_id)->state, JournalState::Declined);
}

TEST_F(JournalTest, AnIntentThatNeverLeftIsNotCharged) {
  const auto entry = begin();
  EXPECT_EQ(journal_->unsettled_entries().size(), 1u);
  const auto settled = journal_->record_not_sent(entry.sale_transaction_id, "crash");
  ASSERT_TRUE(settled.has_value());
  EXPECT_EQ(settled->state, JournalState::NotCharged);
  // Only an Intent can be settled that way.
  const auto sent = begin();
  journal_->record_sent(sent.sale_transaction_id, "S");
  EXPECT_FALSE(journal_->record_not_sent(sent.sale_transaction_id, "crash"));
}

TEST_F(JournalTest, ReversalsAreRecordedAndRefusalsPutThePaymentBack) {
  const auto entry = paid();
  const auto& id = entry.sale_transaction_id;
  ASSERT_TRUE(journal_->record_reversal_sent(id, id + "-R1", ReversalReason::Malfunction));
  EXPECT_EQ(journal_->unsettled_entries().size(), 1u);
  EXPECT_EQ(journal_->find(id)->reversal_reason, ReversalReason::Malfunction);
  // In doubt: stays ReversalSent; resending the same id is allowed, another is not.
  EXPECT_EQ(journal_->record_reversal_answer(id, reversal(ReversalOutcome::Unknown))->state,
            JournalState::ReversalSent);
  EXPECT_TRUE(journal_->record_reversal_sent(id, id + "-R1", ReversalReason::Malfunction));
  EXPECT_FALSE(journal_->record_reversal_sent(id, id + "-R9", ReversalReason::Malfunction));
  // Refused: back to approved-without-document, so that the kiosk still acts on it.
  const auto refused = journal_->record_reversal_answer(id, reversal(ReversalOutcome::NotAllowed));
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->state, JournalState::Approved);
  EXPECT_EQ(refused->reversal_id, "");
  EXPECT_EQ(journal_->approved_without_document().size(), 1u);

  ASSERT_TRUE(journal_->record_handed_to_counter(id));
  ASSERT_TRUE(journal_->record_reversal_sent(id, id + "-R2", ReversalReason::MerchantCancel));
  EXPECT_EQ(
      journal_->record_reversal_answer(id, reversal(ReversalOutcome::TerminalUnavailable))->state,
      JournalState::HandedToCounter);
  ASSERT_TRUE(journal_->record_reversal_sent(id, id + "-R3", ReversalReason::MerchantCancel));
  const auto reversed = journal_->record_reversal_answer(id, reversal(ReversalOutcome::Reversed));
  ASSERT_TRUE(reversed.has_value());
  EXPECT_EQ(reversed->state, JournalState::Reversed);
  EXPECT_EQ(reversed->reversed_yen, 300);
  EXPECT_EQ(reversed->reversal_poi_transaction_id, "SIM-R-00000001");
  EXPECT_FALSE(journal_->record_document_done(id));
  EXPECT_TRUE(journal_->unsettled_entries().empty());
}

TEST_F(JournalTest, CountsTotalsTheWayTheTerminalDoes) {
  const auto card = paid(300, PaymentMethod::CreditCard);
  paid(200, PaymentMethod::EMoney);
  const auto qr = paid(450, PaymentMethod::QrCode);
  journal_->record_document_done(qr.sale_transaction_id);
  const auto declined = begin(999);
  journal_->record_answer(declined.sale_transaction_id, with(PaymentOutcome::Declined));
  journal_->record_reversal_sent(card.sale_transaction_id, "R1", ReversalReason::CustomerCancel);
  journal_->record_reversal_answer(card.sale_transaction_id, reversal(ReversalOutcome::Reversed));
  NewPayment slip;
  slip.reference = "inkan/0401-013";
  slip.amount_yen = 300;
  const auto cash = journal_->begin_cash_at_counter(slip);
  ASSERT_TRUE(cash.has_value());
  EXPECT_EQ(cash->state, JournalState::CashAtCounter);
  EXPECT_TRUE(cash->cash_at_counter);
  journal_->begin_cash_at_counter(slip);
  ASSERT_TRUE(journal_->record_cash_received(cash->sale_transaction_id));

  const auto totals = journal_->open_totals();
  ASSERT_EQ(totals.size(), 3u);
  EXPECT_EQ(totals[0].method, PaymentMethod::CreditCard);
  EXPECT_EQ(totals[0].payments, 1);
  EXPECT_EQ(totals[0].payment_yen, 300);
  EXPECT_EQ(totals[0].reversals, 1);
  EXPECT_EQ(totals[0].reversal_yen, 300);
  EXPECT_EQ(totals[1].method, PaymentMethod::EMoney);
  EXPECT_EQ(totals[1].payment_yen, 200);
  EXPECT_EQ(totals[2].method, PaymentMethod::QrCode);
  EXPECT_EQ(totals[2].payment_yen, 450);
  const auto money = journal_->open_cash();
  EXPECT_EQ(money.pending, 1);
  EXPECT_EQ(money.pending_yen, 300);
  EXPECT_EQ(money.received, 1);
  EXPECT_EQ(money.received_yen, 300);

  // 日計: the open entries go into the period; a reversal afterwards counts in the next one.
  ASSERT_TRUE(journal_->begin_close("1"));
  EXPECT_TRUE(journal_->closing().has_value());
  const auto closed = journal_->finish_close("1", totals, totals, true);
  ASSERT_TRUE(closed.has_value());
  EXPECT_TRUE(closed->closed);
  EXPECT_TRUE(closed->matched);
  EXPECT_EQ(closed->terminal, totals);
  EXPECT_FALSE(journal_->closing().has_value());
  EXPECT_TRUE(journal_->open_totals().empty());
  EXPECT_EQ(journal_->open_cash().received, 0);
  EXPECT_EQ(journal_->open_cash().pending, 1);  // still to settle at the counter
  EXPECT_EQ(journal_->find(card.sale_transaction_id)->payment_period, "1");
  EXPECT_EQ(journal_->find(card.sale_transaction_id)->reversal_period, "1");

  const auto emoney = journal_->in_states({JournalState::Approved});
  ASSERT_EQ(emoney.size(), 1u);
  journal_->record_reversal_sent(emoney[0].sale_transaction_id, "R2",
                                 ReversalReason::CustomerCancel);
  journal_->record_reversal_answer(emoney[0].sale_transaction_id,
                                   reversal(ReversalOutcome::Reversed, 200));
  const auto next = journal_->open_totals();
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].method, PaymentMethod::EMoney);
  EXPECT_EQ(next[0].payments, 0);
  EXPECT_EQ(next[0].reversals, 1);
  EXPECT_EQ(next[0].reversal_yen, 200);
  EXPECT_EQ(journal_->reconciliations().size(), 1u);
}

TEST_F(JournalTest, StatesHaveNamesAndClerkLabels) {
  for (const auto state :
       {JournalState::Intent, JournalState::Sent, JournalState::InDoubt, JournalState::Approved,
        JournalState::Declined, JournalState::Cancelled, JournalState::NotCharged,
        JournalState::DocumentDone, JournalState::HandedToCounter, JournalState::ReversalSent,
        JournalState::Reversed, JournalState::CashAtCounter, JournalState::CashReceived}) {
    EXPECT_EQ(journal_state_from_string(to_string(state)), state);
    EXPECT_FALSE(clerk_label(state).empty());
  }
  EXPECT_TRUE(unsettled(JournalState::Sent));
  EXPECT_FALSE(unsettled(JournalState::Approved));
  EXPECT_TRUE(charged(JournalState::HandedToCounter));
  EXPECT_FALSE(charged(JournalState::Reversed));
  EXPECT_FALSE(journal_state_from_string("Paid").has_value());
}

TEST(JournalOpen, ReportsAPlaceItCannotWrite) {
  const auto journal = PaymentJournal::open("/nonexistent-directory/journal.sqlite");
  ASSERT_FALSE(journal.has_value());
  EXPECT_NE(journal.error().message.find("/nonexistent-directory"), std::string::npos);
  EXPECT_NE(plain_japanese(journal.error()).find("係員"), std::string::npos);
}

}  // namespace
}  // namespace madoguchi::payment
