// The session state machine, driven the way the screens and the device
// worker drive it, against the real 住民票の写し procedure file.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <expected>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <thread>

#include "code_answer.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/access_code.hpp"
#include "madoguchi/kiosk/reception_numbers.hpp"
#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk {
namespace {

// 住民票の写し, handed in on paper: the tests of this file follow the paper's way (the file lets
// the resident choose; SessionSignature below takes that way).
std::vector<forms::Procedure> catalogue(forms::HandIn hand_in = forms::HandIn::Paper) {
  auto procedure = forms::load_procedure(std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "forms" /
                                         "catalog" / "juminhyo.json");
  std::vector<forms::Procedure> list;
  if (procedure) {
    procedure->hand_in = hand_in;
    list.push_back(std::move(*procedure));
  } else {
    ADD_FAILURE() << procedure.error().to_string();
  }
  return list;
}

template <typename T>
std::optional<T> find_command(const std::vector<Command>& commands) {
  for (const auto& c : commands) {
    if (std::holds_alternative<T>(c)) return std::get<T>(c);
  }
  return std::nullopt;
}

// The VERIFY command cannot be copied (its PIN cannot): looked at where it is.
const VerifyPinAndRead* find_verify(const std::vector<Command>& commands) {
  for (const auto& c : commands) {
    if (const auto* verify = std::get_if<VerifyPinAndRead>(&c)) return verify;
  }
  return nullptr;
}

std::string digits_of(const madoguchi::card::Pin& pin) {
  return pin.reveal([](std::string_view digits) { return std::string(digits); });
}

ResidentIdentity yamada() {
  return {"山田　太郎", "東京都千代田区霞が関１－２－３", "19500415", "1"};
}

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() : session(catalogue()) {
    session.set_reception_number_source([] { return std::string("1122-001"); });
  }

  void reach_pin_entry(int tries = 3) {
    session.choose_procedure("juminhyo");
    ASSERT_EQ(session.screen(), Screen::PlaceCard);
    ASSERT_NE(find_command<ConnectCard>(session.take_commands()), std::nullopt);
    session.on(CardReady{tries});
  }

  void reach_questions() {
    reach_pin_entry();
    for (const char d : std::string("1234")) session.press_digit(d);
    session.submit_pin();
    session.take_commands();
    session.on(IdentityRead{yamada()});
    ASSERT_EQ(session.screen(), Screen::ConfirmIdentity);
    session.confirm_identity();
    ASSERT_EQ(session.screen(), Screen::Question);
  }

  // The device worker's answer to the print check that 申し込んで支払う starts.
  void answer_print_check(bool ok, const std::string& message = {}) {
    const auto check = find_command<CheckPrintable>(session.take_commands());
    ASSERT_TRUE(check.has_value()) << "paying first checks that the form prints";
    EXPECT_FALSE(check->forms.front().pages.empty());
    session.on(PrintCheck{check->check_id, ok, message});
  }

  void reach_check_answers() {
    reach_questions();
    while (session.screen() == Screen::Question) session.next();
    ASSERT_EQ(session.screen(), Screen::CheckAnswers);
  }

  // 申し込んで支払う on the check screen, the print check passing: the terminal is asked.
  TakePayment pay_and_check() {
    session.pay();
    EXPECT_EQ(session.screen(), Screen::Paying);
    answer_print_check(true);
    const auto payment = find_command<TakePayment>(session.take_commands());
    EXPECT_TRUE(payment.has_value());
    return payment.value_or(TakePayment{});
  }

  Session session;
};

TEST_F(SessionTest, ResidentCompletesJuminhyoAndEverythingIsErased) {
  reach_pin_entry();
  EXPECT_EQ(session.screen(), Screen::EnterPin);
  EXPECT_EQ(session.tries_left(), 3);
  for (const char d : std::string("12345")) session.press_digit(d);
  EXPECT_EQ(session.pin_length(), 4U) << "a fifth digit is ignored";
  session.submit_pin();
  EXPECT_EQ(session.screen(), Screen::ReadingCard);
  EXPECT_EQ(session.pin_length(), 0U) << "the PIN leaves the session with the command";
  auto commands = session.take_commands();
  const auto* verify = find_verify(commands);
  ASSERT_NE(verify, nullptr);
  EXPECT_EQ(digits_of(verify->pin), "1234");

  session.on(IdentityRead{yamada()});
  EXPECT_EQ(session.screen(), Screen::ConfirmIdentity);
  EXPECT_EQ(session.step_number(), 1);
  session.confirm_identity();
  ASSERT_NE(session.current_question(), nullptr);
  EXPECT_EQ(session.current_question()->id, "copies");
  EXPECT_EQ(session.step_number(), 2);
  session.set_answer("2");
  session.next();
  EXPECT_EQ(session.current_question()->id, "household");
  session.set_answer("all");
  while (session.screen() == Screen::Question) session.next();
  EXPECT_EQ(session.screen(), Screen::CheckAnswers);

  // Change goes to the question and straight back to the check screen.
  session.change("copies");
  EXPECT_EQ(session.current_question()->id, "copies");
  EXPECT_TRUE(session.returning_to_check());
  session.set_answer("3");
  session.next();
  EXPECT_EQ(session.screen(), Screen::CheckAnswers);

  // The check screen carries the fee and is the last step; its button applies and pays.
  EXPECT_EQ(session.step_number(), session.step_count());
  EXPECT_EQ(session.fee().total_yen, 900);
  session.next();
  EXPECT_EQ(session.screen(), Screen::Paying);
  session.pay();  // a second tap while the check runs changes nothing
  commands = session.take_commands();
  EXPECT_EQ(find_command<TakePayment>(commands), std::nullopt)
      << "no payment before the form is known to print";
  const auto check = find_command<CheckPrintable>(commands);
  ASSERT_TRUE(check.has_value());
  session.on(PrintCheck{check->check_id, true, {}});
  commands = session.take_commands();
  ASSERT_EQ(std::count_if(commands.begin(), commands.end(),
                          [](const Command& c) { return std::holds_alternative<TakePayment>(c); }),
            1);
  const auto payment = find_command<TakePayment>(commands);
  ASSERT_TRUE(payment.has_value());
  EXPECT_EQ(payment->amount_yen, 900) << "the amount comes from the procedure's fee rule";

  session.on(PaymentDone{PaymentStatus::Approved, "", "クレジットカード", "POI-1", "K1-PAID"});
  EXPECT_EQ(session.screen(), Screen::Printing);
  commands = session.take_commands();
  const auto print = find_command<PrintDocuments>(commands);
  ASSERT_TRUE(print.has_value());
  EXPECT_EQ(print->applications.front().reception_number, "1122-001");
  EXPECT_EQ(print->fee_paid_yen, 900);
  // 受付日時 in Japan's time, the date written as on the forms: "令和8年12月2日 7:05".
  EXPECT_TRUE(print->issued_at.starts_with("令和")) << print->issued_at;
  EXPECT_NE(print->issued_at.find("日 "), std::string::npos) << print->issued_at;
  EXPECT_FALSE(print->applications.front().form.pages.empty());
  bool has_name = false;
  for (const auto& [field, value] : print->applications.front().form.field_values) {
    if (value.find("山田　太郎") != std::string::npos) has_name = true;
  }
  EXPECT_TRUE(has_name) << "the card's name is on the form";

  session.on(PrintDone{true, "", {"x.pdf"}});
  EXPECT_EQ(session.screen(), Screen::TakeCard);
  EXPECT_EQ(session.outcome(), Outcome::Printed);
  // Kept only while the resident may go on to another procedure with the card on the reader.
  EXPECT_FALSE(session.identity().name.empty());
  EXPECT_NE(find_command<EndCard>(session.take_commands()), std::nullopt) << "card unpowered";

  session.on(CardRemoved{});
  EXPECT_TRUE(session.identity().name.empty()) << "identity erased once the card is taken";
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_EQ(session.procedure(), nullptr);
  EXPECT_TRUE(session.answers().empty());
  EXPECT_TRUE(session.reception_number().empty());
}

TEST_F(SessionTest, NeverSpendsTheLastPinTry) {
  reach_pin_entry(1);
  EXPECT_EQ(session.screen(), Screen::Counter);
  EXPECT_EQ(session.outcome(), Outcome::SentToCounter);
  const auto commands = session.take_commands();
  EXPECT_EQ(find_verify(commands), nullptr);
  EXPECT_NE(find_command<EndCard>(commands), std::nullopt);
}

TEST_F(SessionTest, WrongPinShowsTriesLeftThenStopsAtOne) {
  reach_pin_entry(3);
  for (const char d : std::string("9999")) session.press_digit(d);
  session.submit_pin();
  session.take_commands();
  session.on(CardProblem{CardProblemKind::WrongPin, 2});
  EXPECT_EQ(session.screen(), Screen::EnterPin);
  EXPECT_EQ(session.tries_left(), 2);
  EXPECT_NE(session.notice().find("あと2回"), std::string::npos) << session.notice();
  EXPECT_EQ(session.pin_length(), 0U);

  for (const char d : std::string("8888")) session.press_digit(d);
  session.submit_pin();
  session.take_commands();
  session.on(CardProblem{CardProblemKind::WrongPin, 1});
  EXPECT_EQ(session.screen(), Screen::Counter);
  EXPECT_NE(session.notice().find("窓口"), std::string::npos);
}

TEST_F(SessionTest, ShortPinIsNotSent) {
  reach_pin_entry();
  session.press_digit('1');
  session.submit_pin();
  EXPECT_EQ(session.screen(), Screen::EnterPin);
  EXPECT_FALSE(session.notice().empty());
  EXPECT_EQ(find_verify(session.take_commands()), nullptr);
  session.erase_digit();
  EXPECT_EQ(session.pin_length(), 0U);
}

TEST_F(SessionTest, CardRemovedWhileReadingAsksToPlaceItAgain) {
  reach_pin_entry();
  for (const char d : std::string("1234")) session.press_digit(d);
  session.submit_pin();
  session.take_commands();
  session.on(CardProblem{CardProblemKind::Removed, -1});
  EXPECT_EQ(session.screen(), Screen::PlaceCard);
  EXPECT_FALSE(session.notice().empty());
  EXPECT_NE(find_command<ConnectCard>(session.take_commands()), std::nullopt);
}

TEST_F(SessionTest, OtherCardIsRefusedAndTheKioskWaitsForAMyNumberCard) {
  session.choose_procedure("juminhyo");
  session.take_commands();
  session.on(CardProblem{CardProblemKind::NotMyNumberCard, -1});
  EXPECT_EQ(session.screen(), Screen::PlaceCard);
  EXPECT_NE(session.notice().find("このカードは使えません"), std::string::npos);
  EXPECT_NE(find_command<ConnectCard>(session.take_commands()), std::nullopt);
}

TEST_F(SessionTest, NoReaderSendsToCounter) {
  session.choose_procedure("juminhyo");
  session.take_commands();
  session.on(CardProblem{CardProblemKind::NoReader, -1});
  EXPECT_EQ(session.screen(), Screen::Counter);
}

TEST_F(SessionTest, NumberOutOfRangeIsRefusedWithAMessage) {
  reach_questions();
  session.set_answer("11");
  session.next();
  EXPECT_EQ(session.screen(), Screen::Question);
  EXPECT_EQ(session.current_question()->id, "copies");
  EXPECT_FALSE(session.notice().empty());
}

TEST_F(SessionTest, BackWalksTheStepsInReverse) {
  reach_questions();
  session.next();
  EXPECT_EQ(session.current_question()->id, "household");
  session.back();
  EXPECT_EQ(session.current_question()->id, "copies");
  session.back();
  EXPECT_EQ(session.screen(), Screen::ConfirmIdentity);
  session.back();
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_EQ(session.outcome(), Outcome::Cancelled);
  EXPECT_TRUE(session.identity().name.empty());
  EXPECT_NE(find_command<EndCard>(session.take_commands()), std::nullopt);
}

TEST_F(SessionTest, DeclinedPaymentPrintsNothingAndARetryIsANewTransaction) {
  reach_check_answers();
  const auto first_id = pay_and_check().attempt;
  session.on(PaymentDone{PaymentStatus::Declined, "カードが使えませんでした", "", "", ""});
  EXPECT_EQ(session.screen(), Screen::PaymentProblem);
  EXPECT_EQ(find_command<PrintDocuments>(session.take_commands()), std::nullopt);
  session.retry();
  EXPECT_EQ(session.screen(), Screen::Paying);
  auto second = session.take_commands();
  ASSERT_NE(find_command<TakePayment>(second), std::nullopt);
  EXPECT_NE(find_command<TakePayment>(second)->attempt, first_id);
}

TEST_F(SessionTest, PrintFailureKeepsTheReceptionNumberForTheRetry) {
  reach_check_answers();
  pay_and_check();
  session.on(PaymentDone{PaymentStatus::Approved, "", "電子マネー", "POI-2", "K1-PAID"});
  session.take_commands();
  session.on(PrintDone{false, "プリンターの用紙がありません", {}});
  EXPECT_EQ(session.screen(), Screen::PrintProblem);
  EXPECT_EQ(session.reception_number(), "1122-001");
  session.retry();
  const auto commands = session.take_commands();
  ASSERT_NE(find_command<PrintDocuments>(commands), std::nullopt);
  EXPECT_EQ(find_command<PrintDocuments>(commands)->applications.front().reception_number,
            "1122-001");
  EXPECT_EQ(find_command<TakePayment>(commands), std::nullopt) << "never charged twice";
}

TEST_F(SessionTest, APaymentInDoubtPrintsNothingAndOffersNoSecondPayment) {
  reach_check_answers();
  pay_and_check();
  session.on(PaymentDone{
      PaymentStatus::Unknown,
      "お支払いの結果を確認できませんでした。書類はまだ印刷しません。係員をお呼びください", "", "",
      "K1-DOUBT"});
  EXPECT_EQ(session.screen(), Screen::Counter) << "no もう一度支払う: it could charge twice";
  EXPECT_NE(session.notice().find("K1-DOUBT"), std::string::npos) << session.notice();
  const auto commands = session.take_commands();
  EXPECT_EQ(find_command<PrintDocuments>(commands), std::nullopt);
  EXPECT_EQ(find_command<TakePayment>(commands), std::nullopt);
  session.retry();
  EXPECT_EQ(find_command<TakePayment>(session.take_commands()), std::nullopt);
}

TEST_F(SessionTest, ApprovedPaymentsArePrintedWithTheirJournalId) {
  reach_check_answers();
  const auto payment = pay_and_check();
  EXPECT_EQ(payment.amount_yen, 300);
  EXPECT_EQ(payment.reference, "juminhyo") << "the procedure, never the resident";
  EXPECT_EQ(payment.description, "住民票の写し 1通");
  session.on(PaymentDone{PaymentStatus::Approved, "", "クレジットカード", "POI-9", "K1-PAID"});
  const auto print = find_command<PrintDocuments>(session.take_commands());
  ASSERT_TRUE(print.has_value());
  EXPECT_EQ(print->payment_id, "K1-PAID") << "marked done in the journal once printed";
  EXPECT_FALSE(print->pay_at_counter);
}

TEST_F(SessionTest, CancellingOnTheKioskStopsTheTerminalOnce) {
  reach_check_answers();
  pay_and_check();
  session.cancel_payment();
  session.cancel_payment();
  EXPECT_TRUE(session.cancelling_payment());
  const auto commands = session.take_commands();
  EXPECT_EQ(std::count_if(commands.begin(), commands.end(),
                          [](const Command& c) { return std::holds_alternative<AbortPayment>(c); }),
            1);
  EXPECT_EQ(session.screen(), Screen::Paying) << "the terminal's answer decides";
  session.on(PaymentDone{PaymentStatus::Cancelled, "お支払いを取りやめました", "", "", "K1-X"});
  EXPECT_EQ(session.screen(), Screen::PaymentProblem);
  EXPECT_FALSE(session.cancelling_payment());
}

TEST_F(SessionTest, CashAtTheCounterPrintsTheFormWithASlipToSettle) {
  reach_check_answers();
  pay_and_check();
  session.on(PaymentDone{PaymentStatus::Declined, "カードが使えませんでした", "", "", ""});
  ASSERT_EQ(session.screen(), Screen::PaymentProblem);
  session.pay_at_counter();
  EXPECT_EQ(session.screen(), Screen::Paying);
  auto commands = session.take_commands();
  const auto cash = find_command<PayAtCounter>(commands);
  ASSERT_TRUE(cash.has_value());
  EXPECT_EQ(cash->amount_yen, 300);
  EXPECT_EQ(find_command<TakePayment>(commands), std::nullopt) << "no terminal call";
  session.on(PaymentDone{PaymentStatus::CashAtCounter, "窓口で現金でお支払いください。",
                         "現金（窓口でお支払い）", "", "K1-CASH"});
  EXPECT_EQ(session.screen(), Screen::Printing);
  EXPECT_TRUE(session.paying_at_counter());
  const auto print = find_command<PrintDocuments>(session.take_commands());
  ASSERT_TRUE(print.has_value());
  EXPECT_TRUE(print->pay_at_counter);
  EXPECT_EQ(print->payment_id, "K1-CASH");
  session.on(PrintDone{true, "", {}});
  EXPECT_EQ(session.screen(), Screen::TakeCard);
  EXPECT_EQ(session.outcome(), Outcome::Printed);
}

TEST_F(SessionTest, AfterAPrintFailureTheResidentCollectsAtTheCounterOrGetsTheMoneyBack) {
  const auto to_print_problem = [this] {
    reach_check_answers();
    pay_and_check();
    session.on(PaymentDone{PaymentStatus::Approved, "", "電子マネー", "POI-2", "K1-PAID"});
    session.take_commands();
    session.on(PrintDone{false, "プリンターの用紙がありません", {}, true});
    ASSERT_EQ(session.screen(), Screen::PrintProblem);
  };
  to_print_problem();
  ASSERT_TRUE(session.may_refund());
  session.collect_at_counter();
  EXPECT_EQ(session.screen(), Screen::Counter);
  const auto handed = find_command<HandToCounter>(session.take_commands());
  ASSERT_TRUE(handed.has_value());
  EXPECT_EQ(handed->payment_id, "K1-PAID");
  session.finish();

  to_print_problem();
  session.refund();
  EXPECT_EQ(session.screen(), Screen::Refunding);
  const auto refund = find_command<RefundPayment>(session.take_commands());
  ASSERT_TRUE(refund.has_value());
  EXPECT_EQ(refund->payment_id, "K1-PAID");
  session.on(RefundDone{
      false, "本日の締めが済んでいるため、ここでは取り消せません。窓口で返金の手続きをします"});
  EXPECT_EQ(session.screen(), Screen::PrintProblem) << "the payment stands";
  session.refund();
  session.on(
      RefundDone{true, "お支払いを取り消しました。お金はお支払いに使ったカードなどに戻ります"});
  EXPECT_EQ(session.screen(), Screen::Counter);
  EXPECT_EQ(session.outcome(), Outcome::Refunded);
  EXPECT_TRUE(session.identity().name.empty());
}

TEST_F(SessionTest, APrinterHoldingTheJobSaysWhyAndTheJobGoesOn) {
  reach_check_answers();
  pay_and_check();
  session.on(PaymentDone{PaymentStatus::Approved, "", "クレジットカード", "POI-1", "K1-PAID"});
  ASSERT_EQ(session.screen(), Screen::Printing);
  session.on(PrintProgressNote{"プリンターの用紙がありません。", true});
  EXPECT_EQ(session.notice(), "プリンターの用紙がありません。");
  EXPECT_EQ(session.screen(), Screen::Printing) << "held, not failed: staff refill, it goes on";
  session.on(PrintProgressNote{"印刷しています。", false});
  EXPECT_TRUE(session.notice().empty());
  session.on(PrintDone{true, "", {}});
  EXPECT_EQ(session.screen(), Screen::TakeCard);
}

TEST_F(SessionTest, AFormThatCannotBePrintedSendsToTheCounterBeforeAnyPayment) {
  reach_check_answers();
  session.next();  // 申し込んで支払う: waits for the check
  EXPECT_EQ(session.screen(), Screen::Paying);
  auto commands = session.take_commands();
  EXPECT_EQ(find_command<TakePayment>(commands), std::nullopt) << "no payment before the check";
  const auto check = find_command<CheckPrintable>(commands);
  ASSERT_TRUE(check.has_value());
  session.on(PrintCheck{check->check_id, false, "申請書に印刷できない文字があります。"});
  EXPECT_EQ(session.screen(), Screen::Counter);
  EXPECT_NE(session.notice().find("お金はかかっていません"), std::string::npos) << session.notice();
  EXPECT_EQ(find_command<TakePayment>(session.take_commands()), std::nullopt);
}

// Issue 15: a store that could not give a number made the slip say "0000". Now the number is
// taken before any money moves, and a failing store sends the resident to the counter unpaid.
TEST_F(SessionTest, AFailingReceptionNumberStoreSendsToTheCounterBeforeAnyPayment) {
  int asked = 0;
  session.set_reception_number_source([&asked]() -> std::expected<std::string, std::string> {
    ++asked;
    return std::unexpected("reception number: disk I/O error");
  });
  reach_check_answers();
  session.pay();
  answer_print_check(true);
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(session.screen(), Screen::Counter);
  EXPECT_NE(session.notice().find("受付番号を出せませんでした"), std::string::npos)
      << session.notice();
  EXPECT_NE(session.notice().find("お金はかかっていません"), std::string::npos) << session.notice();
  EXPECT_TRUE(session.reception_number().empty());
  const auto commands = session.take_commands();
  EXPECT_EQ(find_command<TakePayment>(commands), std::nullopt) << "no payment without a number";
  EXPECT_EQ(find_command<PrintDocuments>(commands), std::nullopt);
  EXPECT_NE(find_command<EndCard>(commands), std::nullopt) << "the card is let go";
}

// The number is taken once, before the terminal is asked, and a retry after a decline keeps it.
TEST_F(SessionTest, TheReceptionNumberIsTakenBeforeThePaymentAndKeptForItsRetries) {
  int asked = 0;
  session.set_reception_number_source([&asked]() -> std::expected<std::string, std::string> {
    ++asked;
    return "1122-00" + std::to_string(asked);
  });
  reach_check_answers();
  pay_and_check();
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(session.reception_number(), "1122-001");
  session.on(PaymentDone{PaymentStatus::Declined, "カードが使えませんでした", "", "", ""});
  session.take_commands();
  session.retry();
  session.on(PaymentDone{PaymentStatus::Approved, "", "クレジットカード", "POI-1", "K1-PAID"});
  const auto print = find_command<PrintDocuments>(session.take_commands());
  ASSERT_TRUE(print.has_value());
  EXPECT_EQ(print->applications.front().reception_number, "1122-001");
  EXPECT_EQ(asked, 1);
}

// The same with the kiosk's real store: a kiosk.sqlite left broken (a reception_day table
// without its counter column, as an older or damaged file may have) opens, then cannot count.
TEST_F(SessionTest, ABrokenKioskSqliteSendsToTheCounterBeforeAnyPayment) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("madoguchi-broken-store-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "kiosk.sqlite").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE reception_day (day TEXT PRIMARY KEY);", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = ReceptionNumbers::open(dir / "kiosk.sqlite");
  ASSERT_TRUE(store) << store.error();
  std::string fault;
  session.set_reception_number_source([&]() -> std::expected<std::string, std::string> {
    auto number = store->next(std::chrono::system_clock::now());
    if (!number) fault = number.error();
    return number;
  });
  reach_check_answers();
  session.pay();
  answer_print_check(true);
  EXPECT_EQ(session.screen(), Screen::Counter);
  EXPECT_NE(session.notice().find("受付番号を出せませんでした"), std::string::npos)
      << session.notice();
  EXPECT_EQ(find_command<TakePayment>(session.take_commands()), std::nullopt);
  EXPECT_NE(fault.find("reception number: "), std::string::npos) << fault;
  EXPECT_NE(fault.find("last"), std::string::npos) << "names the missing column: " << fault;
  std::filesystem::remove_all(dir);
}

TEST_F(SessionTest, ThePaymentStartsWhenItsOwnCheckPasses) {
  reach_check_answers();
  session.pay();
  const auto check = find_command<CheckPrintable>(session.take_commands());
  ASSERT_TRUE(check.has_value());
  session.on(PrintCheck{check->check_id + 1, true, {}});  // an answer to some other check
  EXPECT_EQ(session.screen(), Screen::Paying);
  EXPECT_EQ(find_command<TakePayment>(session.take_commands()), std::nullopt);
  session.on(PrintCheck{check->check_id, true, {}});
  EXPECT_EQ(session.screen(), Screen::Paying);
  EXPECT_NE(find_command<TakePayment>(session.take_commands()), std::nullopt);
}

TEST_F(SessionTest, ChangingAnAnswerAfterADeclineChecksTheNewFormAgain) {
  reach_check_answers();
  pay_and_check();
  session.on(PaymentDone{PaymentStatus::Declined, "カードが使えませんでした", "", "", ""});
  session.back();
  ASSERT_EQ(session.screen(), Screen::CheckAnswers);
  session.change("copies");
  session.set_answer("2");
  session.next();
  ASSERT_EQ(session.screen(), Screen::CheckAnswers);
  session.next();
  const auto commands = session.take_commands();
  EXPECT_EQ(find_command<TakePayment>(commands), std::nullopt)
      << "the earlier check was for other answers";
  EXPECT_NE(find_command<CheckPrintable>(commands), std::nullopt);
}

TEST_F(SessionTest, IdleTimeOutErasesTheResident) {
  reach_questions();
  session.time_out();
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_EQ(session.outcome(), Outcome::TimedOut);
  EXPECT_TRUE(session.identity().name.empty());
  EXPECT_TRUE(session.answers().empty());
}

// ---- Idle time-out, with a clock the test turns ----

class IdleTest : public SessionTest {
 protected:
  IdleTest() {
    session.set_clock([this] { return now; });
    session.set_idle(IdleSettings{std::chrono::seconds(60), std::chrono::seconds(30)});
  }
  void pass(std::chrono::seconds seconds) {
    now += seconds;
    session.tick();
  }
  std::chrono::system_clock::time_point now =
      std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + std::chrono::hours(1);
};

TEST_F(IdleTest, AQuietResidentIsWarnedWithACountdownThenErased) {
  reach_questions();
  pass(std::chrono::seconds(59));
  EXPECT_FALSE(session.idle_warning());
  pass(std::chrono::seconds(1));
  ASSERT_TRUE(session.idle_warning());
  EXPECT_EQ(session.idle_seconds_left(), 30);
  EXPECT_EQ(session.screen(), Screen::Question) << "the answers are still there while it counts";
  pass(std::chrono::seconds(25));
  EXPECT_EQ(session.idle_seconds_left(), 5);
  pass(std::chrono::seconds(5));
  EXPECT_FALSE(session.idle_warning());
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_EQ(session.outcome(), Outcome::TimedOut);
  EXPECT_TRUE(session.identity().name.empty());
  EXPECT_TRUE(session.answers().empty());
}

TEST_F(IdleTest, ContinueKeepsEverythingAndTouchesPutTheCountdownOff) {
  reach_questions();
  session.set_answer("3");
  pass(std::chrono::seconds(70));
  ASSERT_TRUE(session.idle_warning());
  session.touched();
  EXPECT_TRUE(session.idle_warning()) << "only 続ける closes the dialog: no tap falls through";
  session.keep_going();
  EXPECT_FALSE(session.idle_warning());
  pass(std::chrono::seconds(59));
  EXPECT_FALSE(session.idle_warning()) << "続ける starts the quiet period afresh";
  session.touched();
  pass(std::chrono::seconds(59));
  EXPECT_FALSE(session.idle_warning());
  EXPECT_EQ(session.current_answer(), "3");
}

TEST_F(IdleTest, NeverWhileTheDevicesWorkNorOnAnEmptyWelcomeScreen) {
  pass(std::chrono::seconds(3600));
  EXPECT_FALSE(session.idle_warning()) << "nobody is there";
  reach_check_answers();
  pay_and_check();
  ASSERT_EQ(session.screen(), Screen::Paying);
  pass(std::chrono::seconds(3600));
  EXPECT_FALSE(session.idle_warning()) << "the terminal is taking the payment";
  EXPECT_EQ(session.screen(), Screen::Paying);
}

// Money and paper agree: the money is given back only for an application the printer confirmed
// cannot come out any more.
TEST_F(SessionTest, NoRefundIsOfferedWhileTheApplicationMayStillPrint) {
  reach_check_answers();
  pay_and_check();
  session.on(PaymentDone{PaymentStatus::Approved, "", "電子マネー", "POI-2", "K1-PAID"});
  session.on(PrintDone{false, "プリンターが止まっています", {}, false});
  ASSERT_EQ(session.screen(), Screen::PrintProblem);
  EXPECT_FALSE(session.may_refund());
  session.take_commands();
  session.refund();
  EXPECT_EQ(session.screen(), Screen::PrintProblem);
  EXPECT_FALSE(find_command<RefundPayment>(session.take_commands()).has_value());
  session.retry();  // the same job is followed again; this time it is confirmed canceled
  session.on(PrintDone{false, "プリンターが止まっています", {}, true});
  EXPECT_TRUE(session.may_refund());
}

// The resident walks away from the Printing screen (a job held for paper) or from the print
// problem: the countdown ends, the job is withdrawn and the paid application handed to the
// counter, nothing of the resident stays, and the welcome screen names only the reception
// number. Nothing on the welcome screen prints the form again.
TEST_F(IdleTest, AResidentWhoWalksAwayFromThePrinterIsErasedAndTheApplicationKeptForTheCounter) {
  for (const bool print_problem : {false, true}) {
    SCOPED_TRACE(print_problem ? "print_problem" : "printing");
    session.time_out();
    session.finish();
    session.take_commands();
    reach_check_answers();
    pay_and_check();
    session.on(PaymentDone{PaymentStatus::Approved, "", "電子マネー", "POI-2", "K1-PAID"});
    ASSERT_EQ(session.screen(), Screen::Printing);
    session.on(PrintProgressNote{"プリンターの用紙がありません。", true});
    if (print_problem) session.on(PrintDone{false, "プリンターの用紙がありません", {}, true});
    session.take_commands();
    pass(std::chrono::seconds(60));
    ASSERT_TRUE(session.idle_warning()) << "the screen holds the resident's data: it times out";
    pass(std::chrono::seconds(30));
    EXPECT_EQ(session.screen(), Screen::Welcome);
    EXPECT_EQ(session.outcome(), Outcome::TimedOut);
    EXPECT_TRUE(session.identity().name.empty());
    EXPECT_TRUE(session.identity().address.empty());
    EXPECT_EQ(session.procedure(), nullptr);
    EXPECT_TRUE(session.reception_number().empty());
    EXPECT_FALSE(session.may_refund());
    const auto commands = session.take_commands();
    const auto left = find_command<ResidentLeft>(commands);
    ASSERT_TRUE(left.has_value());
    EXPECT_EQ(left->reception_numbers, std::vector<std::string>{"1122-001"});
    EXPECT_EQ(left->payment_id, "K1-PAID");
    EXPECT_TRUE(find_command<EndCard>(commands).has_value()) << "the card is unpowered";
    EXPECT_EQ(session.left_for_counter(), "1122-001");
    EXPECT_NE(session.notice().find("1122-001"), std::string::npos) << session.notice();
    EXPECT_EQ(session.notice().find("山田"), std::string::npos);
    session.retry();
    EXPECT_FALSE(find_command<PrintDocuments>(session.take_commands()).has_value())
        << "the next person cannot print it";
  }
}

// The card taken off on the print problem screen: the same countdown as elsewhere; the card not
// put back, the application goes to the counter.
TEST_F(IdleTest, TheCardTakenOffAtAPrintProblemIsWaitedForThenTheApplicationGoesToTheCounter) {
  reach_check_answers();
  pay_and_check();
  session.on(PaymentDone{PaymentStatus::Approved, "", "電子マネー", "POI-2", "K1-PAID"});
  session.on(PrintDone{false, "プリンターの用紙がありません", {}, true});
  session.take_commands();
  session.on(CardRemoved{});
  ASSERT_TRUE(session.waiting_for_card_back());
  EXPECT_EQ(session.screen(), Screen::PrintProblem);
  pass(std::chrono::seconds(60));
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_EQ(session.outcome(), Outcome::CardTakenAway);
  const auto left = find_command<ResidentLeft>(session.take_commands());
  ASSERT_TRUE(left.has_value());
  EXPECT_EQ(left->payment_id, "K1-PAID");
  EXPECT_TRUE(session.identity().name.empty());
}

// The card taken while the paper comes out, and the paper comes out: the resident is done.
TEST_F(IdleTest, TheCardTakenWhileItPrintsEndsOnTheTakeCardScreen) {
  reach_check_answers();
  pay_and_check();
  session.on(PaymentDone{PaymentStatus::Approved, "", "電子マネー", "POI-2", "K1-PAID"});
  session.take_commands();
  session.on(CardRemoved{});
  ASSERT_TRUE(session.waiting_for_card_back());
  session.on(PrintDone{true, "", {}});
  EXPECT_EQ(session.screen(), Screen::TakeCard);
  EXPECT_FALSE(session.waiting_for_card_back());
  const auto commands = session.take_commands();
  EXPECT_TRUE(find_command<StopWaitingForCard>(commands).has_value());
  EXPECT_TRUE(find_command<EndCard>(commands).has_value()) << "the worker watches the reader";
  EXPECT_EQ(session.outcome(), Outcome::Printed);
}

TEST_F(IdleTest, TheWarningWaitsAtLeastTwentySecondsAndEachSecondIsRedrawn) {
  session.set_idle(IdleSettings{std::chrono::seconds(10), std::chrono::seconds(20)});
  reach_questions();
  now += std::chrono::seconds(10);
  EXPECT_TRUE(session.tick()) << "the dialog opens";
  now += std::chrono::milliseconds(300);
  EXPECT_FALSE(session.tick()) << "same second: nothing to redraw";
  now += std::chrono::milliseconds(800);
  EXPECT_TRUE(session.tick()) << "19 seconds left";
  now += std::chrono::seconds(18);
  EXPECT_EQ(session.screen(), Screen::Question);
  now += std::chrono::seconds(1);
  EXPECT_TRUE(session.tick());
  EXPECT_EQ(session.screen(), Screen::Welcome);
}

TEST_F(IdleTest, AVisitLeftOnTheWelcomeScreenIsErased) {
  session.set_idle(IdleSettings{std::chrono::seconds(60), std::chrono::seconds(30)});
  reach_check_answers();
  pay_and_check();
  session.on(PaymentDone{PaymentStatus::Approved, "", "クレジットカード", "T-1", "K1-PAID"});
  session.take_commands();
  session.on(PrintDone{true, "", {}});
  ASSERT_EQ(session.screen(), Screen::TakeCard);
  session.another_procedure();
  ASSERT_TRUE(session.in_visit());
  pass(std::chrono::seconds(60));
  pass(std::chrono::seconds(30));
  EXPECT_FALSE(session.in_visit());
  EXPECT_TRUE(session.identity().name.empty());
}

// ---- The card taken off the reader, at every step ----

TEST_F(IdleTest, ACardTakenOffMidWayPausesAndTheSameCardGoesOn) {
  reach_questions();
  session.set_answer("2");
  session.take_commands();
  session.on(CardRemoved{});
  EXPECT_TRUE(session.waiting_for_card_back());
  EXPECT_EQ(session.screen(), Screen::Question) << "the answers stay while the dialog asks";
  EXPECT_EQ(session.current_answer(), "2");
  EXPECT_NE(find_command<WaitForCardBack>(session.take_commands()), std::nullopt);
  EXPECT_EQ(session.card_back_seconds_left(), 60);
  pass(std::chrono::seconds(45));
  EXPECT_FALSE(session.idle_warning()) << "one dialog at a time: the card one has its own limit";
  EXPECT_EQ(session.card_back_seconds_left(), 15);
  session.on(CardBack{true});
  EXPECT_FALSE(session.waiting_for_card_back());
  EXPECT_EQ(session.screen(), Screen::Question);
  EXPECT_EQ(session.current_answer(), "2");
  EXPECT_EQ(session.identity().name, yamada().name);
  pass(std::chrono::seconds(59));
  EXPECT_FALSE(session.idle_warning()) << "putting the card back was a touch";
}

TEST_F(IdleTest, NothingIsPaidWhileTheCardIsAway) {
  reach_check_answers();
  session.on(CardRemoved{});
  session.take_commands();
  session.pay();
  EXPECT_EQ(session.screen(), Screen::CheckAnswers);
  EXPECT_TRUE(session.take_commands().empty());
}

TEST_F(IdleTest, AnotherCardPutBackErasesTheResidentWhoWasHere) {
  reach_check_answers();
  session.on(CardRemoved{});
  session.take_commands();
  session.on(CardBack{false});
  EXPECT_FALSE(session.waiting_for_card_back());
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_EQ(session.outcome(), Outcome::CardTakenAway);
  EXPECT_TRUE(session.identity().name.empty());
  EXPECT_TRUE(session.answers().empty());
  EXPECT_EQ(session.procedure(), nullptr);
  EXPECT_NE(session.notice().find("別のカード"), std::string::npos) << session.notice();
  EXPECT_NE(find_command<EndCard>(session.take_commands()), std::nullopt)
      << "the other card is unpowered";
}

TEST_F(IdleTest, ACardNotPutBackInTimeEndsTheSession) {
  reach_questions();
  session.on(CardRemoved{});
  session.take_commands();
  pass(std::chrono::seconds(59));
  EXPECT_TRUE(session.waiting_for_card_back());
  pass(std::chrono::seconds(1));
  EXPECT_FALSE(session.waiting_for_card_back());
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_EQ(session.outcome(), Outcome::CardTakenAway);
  EXPECT_TRUE(session.answers().empty());
  EXPECT_NE(find_command<StopWaitingForCard>(session.take_commands()), std::nullopt)
      << "the worker stops waiting for the card";
  session.on(CardBack{true});  // a late answer from the worker changes nothing
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_TRUE(session.identity().name.empty());
}

TEST_F(IdleTest, GivingUpOnTheCardEndsTheSession) {
  reach_questions();
  session.on(CardRemoved{});
  session.take_commands();
  session.give_up_waiting_for_card();
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_TRUE(session.identity().name.empty());
  EXPECT_NE(find_command<StopWaitingForCard>(session.take_commands()), std::nullopt);
}

// What taking the card off does on each screen of the journey.
TEST_F(IdleTest, CardRemovalAtEveryStep) {
  struct Case {
    const char* name;
    std::function<void()> reach;
    Screen expected;
    bool paused;
  };
  const auto to_paying = [this] {
    reach_check_answers();
    pay_and_check();
  };
  const auto to_printing = [&] {
    to_paying();
    session.on(PaymentDone{PaymentStatus::Approved, "", "電子マネー", "T-1", "K1-PAID"});
  };
  const std::vector<Case> cases = {
      {"welcome", [] {}, Screen::Welcome, false},
      {"place_card", [this] { session.choose_procedure("juminhyo"); }, Screen::PlaceCard, false},
      {"enter_pin", [this] { reach_pin_entry(); }, Screen::PlaceCard, false},
      {"reading_card",
       [this] {
         reach_pin_entry();
         for (const char d : std::string("1234")) session.press_digit(d);
         session.submit_pin();
       },
       Screen::PlaceCard, false},
      {"confirm_identity",
       [this] {
         reach_questions();
         session.back();
       },
       Screen::ConfirmIdentity, true},
      {"question", [this] { reach_questions(); }, Screen::Question, true},
      {"check_answers", [this] { reach_check_answers(); }, Screen::CheckAnswers, true},
      {"payment_problem",
       [&] {
         to_paying();
         session.on(PaymentDone{PaymentStatus::Declined, "", "", "", ""});
       },
       Screen::PaymentProblem, true},
      {"paying", to_paying, Screen::Paying, false},
      {"printing", to_printing, Screen::Printing, true},
      {"print_problem",
       [&] {
         to_printing();
         session.on(PrintDone{false, "用紙がありません", {}});
       },
       Screen::PrintProblem, true},
      {"take_card",
       [&] {
         to_printing();
         session.on(PrintDone{true, "", {}});
       },
       Screen::Welcome, false},
      {"counter",
       [this] {
         reach_questions();
         session.go_to_counter("係員にお声がけください");
       },
       Screen::Welcome, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    session.time_out();
    session.finish();
    session.take_commands();
    c.reach();
    ASSERT_EQ(screen_id(session.screen()), std::string_view(c.name));
    session.take_commands();
    session.on(CardRemoved{});
    EXPECT_EQ(session.screen(), c.expected);
    EXPECT_EQ(session.waiting_for_card_back(), c.paused);
    EXPECT_EQ(find_command<WaitForCardBack>(session.take_commands()).has_value(), c.paused);
    if (c.expected == Screen::PlaceCard) {
      EXPECT_EQ(session.pin_length(), 0U) << "a PIN half typed is wiped";
    }
    if (c.expected == Screen::Welcome) {
      EXPECT_TRUE(session.identity().name.empty());
    }
  }
}

// ---- Volunteer assist mode ----

// A roster of one with the code's Argon2id hash (made once: each hash takes ~0.2 s).
Roster roster_with(const std::string& code, const std::string& id = "V001",
                   const std::string& name = "佐藤") {
  static std::map<std::string, std::string> hashes;
  if (!hashes.contains(code)) hashes[code] = hash_access_code(code).value();
  return Roster({RosterEntry{id, name, hashes[code]}});
}

using madoguchi::tests::answer;

Session::CodeAnswer assist(Session& session, std::string code) {
  return answer(session, Session::CodePad::Volunteer, std::move(code));
}

TEST_F(IdleTest, AssistModeNeedsTheVolunteersCodeAndLocksAfterThreeWrongOnes) {
  using A = Session::CodeAnswer;
  EXPECT_EQ(assist(session, "246810"), A::NoRoster);
  session.set_roster(Session::CodePad::Volunteer, roster_with("246810"));
  EXPECT_EQ(assist(session, "111111"), A::WrongCode);
  EXPECT_EQ(assist(session, "24681"), A::WrongCode) << "too short";
  EXPECT_EQ(assist(session, "222222"), A::Locked) << "the third wrong one";
  EXPECT_EQ(assist(session, "246810"), A::Locked) << "even the right code waits out the lock";
  EXPECT_FALSE(session.sign_in().assisting());
  EXPECT_EQ(session.code_lock_seconds_left(Session::CodePad::Volunteer), 300);
  EXPECT_EQ(session.code_lock_seconds_left(Session::CodePad::Staff), 0) << "each pad its own";
  now += std::chrono::minutes(5);
  EXPECT_EQ(assist(session, "246810"), A::Accepted);
  EXPECT_TRUE(session.sign_in().assisting());
  EXPECT_EQ(session.sign_in().volunteer().name, "佐藤");
  EXPECT_TRUE(session.view().large_text()) << "assist mode turns on 文字を大きく";
  session.end_assist();
  EXPECT_FALSE(session.sign_in().assisting());
  EXPECT_FALSE(session.view().large_text());
}

TEST_F(IdleTest, AssistModeEndsWithTheSessionButTheLockOutStays) {
  session.set_roster(Session::CodePad::Volunteer, roster_with("246810"));
  ASSERT_EQ(assist(session, "246810"), Session::CodeAnswer::Accepted);
  reach_questions();
  session.time_out();
  EXPECT_FALSE(session.sign_in().assisting()) << "the next resident gets no volunteer";
  EXPECT_FALSE(session.view().large_text());
  for (int i = 0; i < CodeLockout::kTries; ++i) assist(session, "000000");
  session.time_out();
  EXPECT_EQ(assist(session, "246810"), Session::CodeAnswer::Locked)
      << "a new session does not reset the wrong codes";
}

TEST_F(IdleTest, AVolunteerMovesFreelyBetweenStepsOnceTheResidentConfirmedTheCard) {
  session.set_roster(Session::CodePad::Volunteer, roster_with("246810"));
  ASSERT_EQ(assist(session, "246810"), Session::CodeAnswer::Accepted);
  reach_pin_entry();
  EXPECT_FALSE(session.may_jump()) << "never on the PIN screen";
  for (const char d : std::string("1234")) session.press_digit(d);
  session.submit_pin();
  session.take_commands();
  session.on(IdentityRead{yamada()});
  ASSERT_EQ(session.screen(), Screen::ConfirmIdentity);
  EXPECT_FALSE(session.may_jump()) << "the resident confirms the card's details first";
  session.jump_to_question(2);
  EXPECT_EQ(session.screen(), Screen::ConfirmIdentity);
  session.confirm_identity();
  ASSERT_TRUE(session.may_jump());
  session.jump_to_question(3);
  ASSERT_EQ(session.screen(), Screen::Question);
  EXPECT_EQ(session.current_question()->id, "purpose");
  session.jump_to_question(1);
  EXPECT_EQ(session.current_question()->id, "household");
  EXPECT_TRUE(session.may_jump_to_check()) << "every question has its default";
  session.jump_to_check();
  EXPECT_EQ(session.screen(), Screen::CheckAnswers);
  session.jump_to_identity();
  EXPECT_EQ(session.screen(), Screen::ConfirmIdentity);
  session.jump_to_check();
  EXPECT_EQ(session.screen(), Screen::CheckAnswers);
  pay_and_check();
  EXPECT_FALSE(session.may_jump()) << "not while the terminal takes the fee";
  session.jump_to_question(0);
  EXPECT_EQ(session.screen(), Screen::Paying);
}

TEST_F(IdleTest, WithoutAssistModeThereIsNoJumping) {
  reach_questions();
  EXPECT_FALSE(session.may_jump());
  session.jump_to_question(3);
  EXPECT_EQ(session.current_question()->id, "copies");
}

TEST(WipeString, ClearsContentAndCapacity) {
  std::string secret = "1234";
  madoguchi::wiping::wipe(secret);
  EXPECT_TRUE(secret.empty());
}

// ---- One visit, several procedures -------------------------------------------------------

// The whole catalogue, every procedure handed in on paper (the visit's tests follow paper; a
// file that lets the resident choose is SessionSignature's business).
std::vector<forms::Procedure> whole_catalogue() {
  auto loaded =
      forms::load_catalog(std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "forms" / "catalog");
  for (const auto& error : loaded.errors) ADD_FAILURE() << error.to_string();
  for (auto& procedure : loaded.procedures) procedure.hand_in = forms::HandIn::Paper;
  return std::move(loaded.procedures);
}

class VisitTest : public ::testing::Test {
 protected:
  VisitTest() : session(whole_catalogue()) {
    session.set_reception_number_source([] { return std::string("1201-001"); });
  }

  // 印鑑登録証明書 1通 for 自動車, with a phone number, printed.
  void first_procedure() {
    session.choose_procedure("inkan_shomei");
    session.take_commands();
    session.on(CardReady{3});
    for (const char d : std::string("1234")) session.press_digit(d);
    session.submit_pin();
    session.take_commands();
    session.on(IdentityRead{yamada()});
    session.confirm_identity();
    while (session.screen() == Screen::Question) {
      const auto* q = session.current_question();
      if (q->id == "purpose") session.set_answer(q->choices.front().id);
      if (q->id == "phone") session.set_answer("03-1234-5678");
      session.next();
    }
    ASSERT_EQ(session.screen(), Screen::CheckAnswers);
    session.next();
    const auto check = find_command<CheckPrintable>(session.take_commands());
    ASSERT_TRUE(check.has_value());
    session.on(PrintCheck{check->check_id, true, {}});
    session.pay();
    session.take_commands();
    if (session.screen() == Screen::Paying) {
      session.on(PaymentDone{PaymentStatus::Approved, "", "クレジットカード", "T-1", "K1-PAID"});
    }
    ASSERT_EQ(session.screen(), Screen::Printing);
    session.take_commands();
    session.on(PrintDone{true, {}, {}});
    ASSERT_EQ(session.screen(), Screen::TakeCard);
  }

  std::vector<std::string> asked_ids() const {
    std::vector<std::string> ids;
    for (const auto* q : session.questions()) ids.push_back(q->id);
    return ids;
  }

  Session session;
};

TEST_F(VisitTest, TheNextProcedureNeedsNoCardAndDoesNotAskThePhoneAgain) {
  first_procedure();
  session.another_procedure();
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_TRUE(session.in_visit());
  EXPECT_EQ(session.procedures_done(), 1U);
  EXPECT_TRUE(session.answers().empty()) << "the first procedure's answers are gone";

  session.choose_procedure("kaigo_hihokenshasho");
  EXPECT_EQ(session.screen(), Screen::ConfirmIdentity) << "the card was read for this visit";
  EXPECT_EQ(find_command<ConnectCard>(session.take_commands()), std::nullopt);
  EXPECT_EQ(session.identity().name, "山田　太郎");
  session.confirm_identity();
  const auto asked = asked_ids();
  EXPECT_EQ(std::find(asked.begin(), asked.end(), "phone"), asked.end())
      << "the phone number was given for 印鑑登録証明書";
  EXPECT_TRUE(session.carried_from_earlier("phone"));
  EXPECT_EQ(session.answers().at("phone"), "03-1234-5678");
  bool on_check_screen = false;
  for (const auto* q : session.summary_questions()) on_check_screen |= q->id == "phone";
  EXPECT_TRUE(on_check_screen) << "a carried answer is still shown for checking";
}

TEST_F(VisitTest, ChangingACarriedAnswerAsksItInThisProcedure) {
  first_procedure();
  session.another_procedure();
  session.choose_procedure("kaigo_hihokenshasho");
  session.confirm_identity();
  while (session.screen() == Screen::Question) {
    const auto* q = session.current_question();
    if (q->kind == forms::QuestionKind::Choice) session.set_answer(q->choices.front().id);
    session.next();
  }
  ASSERT_EQ(session.screen(), Screen::CheckAnswers);
  session.change("phone");
  ASSERT_EQ(session.screen(), Screen::Question);
  EXPECT_EQ(session.current_question()->id, "phone");
  EXPECT_EQ(session.current_answer(), "03-1234-5678");
  session.set_answer("090-1111-2222");
  session.next();
  EXPECT_EQ(session.screen(), Screen::CheckAnswers);
  EXPECT_FALSE(session.carried_from_earlier("phone"));
  EXPECT_EQ(session.answers().at("phone"), "090-1111-2222");
}

TEST_F(VisitTest, BackFromTheDetailsReturnsToTheVisitNotToAStranger) {
  first_procedure();
  session.another_procedure();
  session.choose_procedure("kaigo_hihokenshasho");
  session.back();
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_TRUE(session.in_visit());
  EXPECT_EQ(session.identity().name, "山田　太郎");
}

TEST_F(VisitTest, TakingTheCardOrEndingTheVisitErasesTheResident) {
  first_procedure();
  session.another_procedure();
  session.on(CardRemoved{});
  EXPECT_FALSE(session.in_visit());
  EXPECT_TRUE(session.identity().name.empty());
  session.choose_procedure("kaigo_hihokenshasho");
  EXPECT_EQ(session.screen(), Screen::PlaceCard) << "a new visit reads the card again";
}

TEST_F(VisitTest, EndingTheVisitByTheButtonErasesSharedAnswers) {
  first_procedure();
  session.another_procedure();
  session.end_visit();
  EXPECT_FALSE(session.in_visit());
  EXPECT_TRUE(session.identity().name.empty());
  session.choose_procedure("kaigo_hihokenshasho");
  session.on(CardReady{3});
  for (const char d : std::string("1234")) session.press_digit(d);
  session.submit_pin();
  session.take_commands();
  session.on(IdentityRead{yamada()});
  session.confirm_identity();
  EXPECT_FALSE(session.carried_from_earlier("phone"));
}

TEST_F(VisitTest, AFinishedVisitDoesNotCarryAnswersToTheNextResident) {
  first_procedure();
  session.finish();
  EXPECT_FALSE(session.in_visit());
  session.choose_procedure("kaigo_hihokenshasho");
  EXPECT_EQ(session.screen(), Screen::PlaceCard);
}

// After a crash the worker says which paid applications went to the counter: the welcome
// screen tells the resident who may still be waiting, by reception number only, and the next
// resident's first step clears it. Never over a resident's session.
TEST_F(SessionTest, AfterACrashTheWelcomeScreenSendsThePaidApplicationToTheCounter) {
  session.on(KeptForCounter{{"1202-003"}});
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_NE(session.notice().find("1202-003"), std::string::npos) << session.notice();
  EXPECT_NE(session.notice().find("窓口"), std::string::npos) << session.notice();
  session.choose_procedure("juminhyo");
  EXPECT_EQ(session.notice(), "");
  session.on(KeptForCounter{{"1202-004"}});
  EXPECT_EQ(session.screen(), Screen::PlaceCard);
  EXPECT_EQ(session.notice().find("1202-004"), std::string::npos) << "not over a session";
}

// Reception numbers count the town hall's day in Japan, whatever the kiosk's time zone: 00:30
// JST on 12月2日 is still 12月1日 in UTC, and starts day 1202 at 001.
TEST(ReceptionNumbers, CountEachJapaneseDayFromOne) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("madoguchi-reception-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto numbers = ReceptionNumbers::open(dir / "kiosk.sqlite");
  ASSERT_TRUE(numbers) << numbers.error();
  using std::chrono::hours;
  using std::chrono::minutes;
  const auto utc = [](int day, int hour, int minute) {
    return std::chrono::sys_days{std::chrono::year{2026} / 12 / day} + hours(hour) +
           minutes(minute);
  };
  EXPECT_EQ(numbers->next(utc(1, 15, 30)).value(), "1202-001");
  EXPECT_EQ(numbers->next(utc(1, 16, 0)).value(), "1202-002");
  EXPECT_EQ(numbers->next(utc(2, 14, 59)).value(), "1202-003") << "23:59 in Japan";
  EXPECT_EQ(numbers->next(utc(2, 15, 0)).value(), "1203-001") << "midnight in Japan";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace madoguchi::kiosk

namespace madoguchi::kiosk {
namespace {

// The town's numbers (issue 19): each procedure's end sends one anonymous RecordVisit, with where
// and how it ended, the time it took, the view, and the fee kept with its method.
TEST_F(SessionTest, APrintedApplicationSendsOneAnonymousVisitRecordWithItsFeeAndMethod) {
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  session.set_clock([&] { return now; });
  session.view().set_large_text(true);
  reach_check_answers();
  pay_and_check();
  now += std::chrono::seconds(95);
  session.on(PaymentDone{PaymentStatus::Approved, "", "電子マネー", "POI-2", "K1-PAID", "emoney"});
  session.take_commands();
  session.on(PrintDone{true, "", {}});
  const int fee = session.fee().total_yen;
  EXPECT_FALSE(find_command<RecordVisit>(session.take_commands()).has_value())
      << "sent when the procedure ends, not before";
  session.finish();
  const auto record = find_command<RecordVisit>(session.take_commands());
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->procedure_id, "juminhyo");
  EXPECT_EQ(record->outcome, "printed");
  EXPECT_EQ(record->ended_screen, "printing");
  EXPECT_EQ(record->ended - record->started, std::chrono::seconds(95));
  EXPECT_EQ(record->language, "ja");
  EXPECT_EQ(record->view_options, std::vector<std::string>{"large_text"});
  EXPECT_FALSE(record->assisted);
  EXPECT_EQ(record->payment, "emoney");
  EXPECT_EQ(record->fee_yen, fee);
  EXPECT_EQ(fee, 300);
  EXPECT_FALSE(find_command<RecordVisit>(session.take_commands()).has_value()) << "once";
}

TEST_F(SessionTest, AResidentWhoGivesUpSendsWhereTheyStoppedAndNoFee) {
  reach_questions();
  session.next();  // the second question
  const int step = session.step_number();
  session.time_out();
  const auto record = find_command<RecordVisit>(session.take_commands());
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->outcome, "timed_out");
  EXPECT_EQ(record->ended_screen, "question");
  EXPECT_EQ(record->ended_step, step);
  EXPECT_EQ(record->payment, "none");
  EXPECT_EQ(record->fee_yen, 0);
  EXPECT_TRUE(record->view_options.empty()) << "the view is noted before it is reset";
}

}  // namespace
}  // namespace madoguchi::kiosk

namespace madoguchi::kiosk {
namespace {

// Issue 20: the take-card screen asks for a 自署 only where the procedure's paper has one.
TEST(SessionHandIn, AsksForASignatureOnlyWhereTheProcedureNeedsOne) {
  std::vector<forms::Procedure> list;
  for (const char* file : {"juminhyo.json", "inkan_shomei.json"}) {
    auto procedure = forms::load_procedure(std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "forms" /
                                           "catalog" / file);
    ASSERT_TRUE(procedure) << procedure.error().to_string();
    list.push_back(std::move(*procedure));
  }
  Session session(std::move(list));
  session.choose_procedure("juminhyo");
  EXPECT_NE(session.hand_in_instruction().find("自署"), std::string::npos);
  session.back();  // やめる on the card screen
  session.choose_procedure("inkan_shomei");
  ASSERT_NE(session.procedure(), nullptr);
  EXPECT_EQ(session.procedure()->id, "inkan_shomei");
  EXPECT_EQ(session.hand_in_instruction().find("自署"), std::string::npos)
      << session.hand_in_instruction();
  EXPECT_EQ(session.hand_in_instruction(),
            "印刷された申請書を、お控えと一緒に窓口へお出しください。");
}

}  // namespace
}  // namespace madoguchi::kiosk

namespace madoguchi::kiosk {
namespace {

// Issue 20: submitting without paper. 住民票の写し as its file says: paper or signed, the
// resident's choice.
class SessionSignature : public SessionTest {
 protected:
  SessionSignature() { session = Session(catalogue(forms::HandIn::Either)); }

  void reach_hand_in() {
    session.set_reception_number_source([] { return std::string("1206-007"); });
    reach_check_answers();
    session.next();
    ASSERT_EQ(session.screen(), Screen::HandIn) << "paper or signed is asked before any money";
    EXPECT_TRUE(session.take_commands().empty()) << "nothing is checked or paid yet";
  }

  // 電子署名して送る: the card is checked; it answers with the tries it has.
  void choose_signed(int tries) {
    session.choose_delivery(Session::Delivery::Signed);
    ASSERT_EQ(session.screen(), Screen::Signing);
    ASSERT_NE(find_command<CheckSignature>(session.take_commands()), std::nullopt);
    session.on(SigningNews{SigningOutcome::Ready, tries});
  }

  void type(const std::string& password) {
    for (const char c : password) session.press_password_key(c);
  }

  // The SignApplication command, looked at where it is (its password cannot be copied).
  std::string sent_password(const std::vector<Command>& commands) {
    for (const auto& c : commands) {
      if (const auto* sign = std::get_if<SignApplication>(&c)) {
        return sign->password.reveal([](std::string_view t) { return std::string(t); });
      }
    }
    return "(no SignApplication)";
  }
};

TEST_F(SessionSignature, PaperGoesOnToThePaymentAsBefore) {
  reach_hand_in();
  session.choose_delivery(Session::Delivery::Paper);
  EXPECT_EQ(session.screen(), Screen::Paying);
  answer_print_check(true);
  ASSERT_NE(find_command<TakePayment>(session.take_commands()), std::nullopt);
  session.on(PaymentDone{PaymentStatus::Approved, "", "クレジットカード", "POI-1", "K1-PAID"});
  const auto print = find_command<PrintDocuments>(session.take_commands());
  ASSERT_TRUE(print.has_value());
  EXPECT_FALSE(print->signed_application);
}

TEST_F(SessionSignature, TheCardSignsBeforeAnyMoneyAndOnlyTheSlipIsPrinted) {
  reach_hand_in();
  choose_signed(5);
  ASSERT_EQ(session.screen(), Screen::SignPassword);
  EXPECT_EQ(session.sign_tries_left(), 5);
  type("yamada-2026!");  // '-' and '!' are no keys; lower case counts as upper case
  EXPECT_EQ(session.password_length(), 10U);
  session.erase_password_key();
  type("6");
  session.submit_password();
  ASSERT_EQ(session.screen(), Screen::Signing);
  EXPECT_EQ(session.password_length(), 0U) << "the password leaves the session with the command";
  auto commands = session.take_commands();
  EXPECT_EQ(sent_password(commands), "YAMADA2026");
  EXPECT_EQ(find_command<TakePayment>(commands), std::nullopt) << "no money before the signature";
  for (const auto& c : commands) {
    if (const auto* sign = std::get_if<SignApplication>(&c)) {
      EXPECT_EQ(sign->reception_number, "1206-007");
      EXPECT_EQ(sign->holder.name, "山田　太郎") << "the card read at the start must have signed";
      EXPECT_FALSE(sign->form.pages.empty());
    }
  }

  session.on(SigningNews{SigningOutcome::Signed, -1});
  EXPECT_TRUE(session.signed_application());
  EXPECT_EQ(session.screen(), Screen::Paying);
  answer_print_check(true);
  ASSERT_NE(find_command<TakePayment>(session.take_commands()), std::nullopt);
  session.on(PaymentDone{PaymentStatus::Approved, "", "クレジットカード", "POI-1", "K1-PAID"});
  const auto print = find_command<PrintDocuments>(session.take_commands());
  ASSERT_TRUE(print.has_value());
  EXPECT_TRUE(print->signed_application) << "the worker sends the signed PDF, prints the slip";
  session.on(PrintDone{true, "", {}});
  EXPECT_EQ(session.screen(), Screen::TakeCard);
  EXPECT_EQ(session.hand_in_instruction().find("自署"), std::string::npos)
      << "no 自署 on a signed application: " << session.hand_in_instruction();
  EXPECT_NE(session.hand_in_instruction().find("電子署名"), std::string::npos);
}

TEST_F(SessionSignature, AWrongPasswordShowsTheTriesLeftAndNeverTheCharacters) {
  reach_hand_in();
  choose_signed(5);
  type("WRONG1");
  session.submit_password();
  session.take_commands();
  session.on(SigningNews{SigningOutcome::WrongPassword, 4});
  ASSERT_EQ(session.screen(), Screen::SignPassword);
  EXPECT_EQ(session.sign_tries_left(), 4);
  EXPECT_NE(session.notice().find("あと4回"), std::string::npos) << session.notice();
  EXPECT_EQ(session.notice().find("WRONG1"), std::string::npos);
  EXPECT_EQ(session.password_length(), 0U) << "typed afresh";

  // A password the card cannot have is not sent: no try spent.
  type("ABCDE");
  session.submit_password();
  EXPECT_EQ(session.screen(), Screen::SignPassword);
  EXPECT_NE(session.notice().find("6〜16文字"), std::string::npos) << session.notice();
  EXPECT_EQ(sent_password(session.take_commands()), "(no SignApplication)");
}

TEST_F(SessionSignature, TheLastTryIsNeverSpentAndPaperIsStillOpen) {
  reach_hand_in();
  choose_signed(1);  // the card has one try left: the keyboard never shows
  EXPECT_EQ(session.screen(), Screen::CheckAnswers);
  EXPECT_NE(session.notice().find("あと1回"), std::string::npos) << session.notice();
  EXPECT_TRUE(session.take_commands().empty());
  EXPECT_EQ(session.delivery(), Session::Delivery::Paper);
  session.next();  // 申し込んで支払う now goes on paper, not to the choice again
  EXPECT_EQ(session.screen(), Screen::Paying);
}

TEST_F(SessionSignature, AWrongPasswordThatLeavesOneTryEndsTheSigning) {
  reach_hand_in();
  choose_signed(2);
  type("WRONG1");
  session.submit_password();
  session.on(SigningNews{SigningOutcome::WrongPassword, 1});
  EXPECT_EQ(session.screen(), Screen::CheckAnswers);
  EXPECT_EQ(session.delivery(), Session::Delivery::Paper);
  EXPECT_NE(session.notice().find("あと1回"), std::string::npos) << session.notice();
}

TEST_F(SessionSignature, ACardWithoutACertificateIsSaidAndPaperIsOffered) {
  reach_hand_in();
  session.choose_delivery(Session::Delivery::Signed);
  session.take_commands();
  session.on(SigningNews{SigningOutcome::NoSignature, -1});
  EXPECT_EQ(session.screen(), Screen::CheckAnswers);
  EXPECT_NE(session.notice().find("署名用電子証明書"), std::string::npos) << session.notice();
  session.next();  // the way is settled now: paper
  EXPECT_EQ(session.screen(), Screen::Paying);
}

TEST_F(SessionSignature, AKioskThatCannotSignNowSaysSoAndNotThatTheCardLacksACertificate) {
  reach_hand_in();
  choose_signed(5);
  type("YAMADA2026");
  session.submit_password();
  session.on(SigningNews{SigningOutcome::Unavailable, -1});
  EXPECT_EQ(session.screen(), Screen::CheckAnswers) << "paper is still open";
  EXPECT_NE(session.notice().find("この機械では"), std::string::npos) << session.notice();
  EXPECT_EQ(session.notice().find("証明書"), std::string::npos) << "the card is not at fault";
}

TEST_F(SessionSignature, AnotherCardGoesToTheCounterUnpaid) {
  reach_hand_in();
  choose_signed(5);
  type("YAMADA2026");
  session.submit_password();
  session.on(SigningNews{SigningOutcome::NotThisCard, -1});
  EXPECT_EQ(session.screen(), Screen::Counter);
  EXPECT_NE(session.notice().find("違うカード"), std::string::npos) << session.notice();
  EXPECT_EQ(find_command<TakePayment>(session.take_commands()), std::nullopt);
}

TEST_F(SessionSignature, AProcedureThatIsOnlySignedSkipsTheChoice) {
  session = Session(catalogue(forms::HandIn::Signed));
  session.set_reception_number_source([] { return std::string("1206-008"); });
  reach_check_answers();
  session.next();
  EXPECT_EQ(session.screen(), Screen::Signing);
  EXPECT_NE(find_command<CheckSignature>(session.take_commands()), std::nullopt);
  // With one try left there is no paper to fall back on: the counter, unpaid.
  session.on(SigningNews{SigningOutcome::Ready, 1});
  EXPECT_EQ(session.screen(), Screen::Counter);
}

}  // namespace
}  // namespace madoguchi::kiosk
