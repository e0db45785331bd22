// The 個人番号 on the forms that need it (needs_my_number), as the session handles it: asked once
// after the card's details, read from the card only with the resident's consent, carried to the
// print in its wiping type, shown masked if at all, and forgotten when the procedure ends.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk {
namespace {

constexpr std::string_view kDigits = "739154082617";

std::vector<forms::Procedure> catalogue() {
  std::vector<forms::Procedure> list;
  for (const char* id : {"juminhyo", "jido_teate"}) {
    auto procedure = forms::load_procedure(std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "forms" /
                                           "catalog" / (std::string(id) + ".json"));
    if (procedure) {
      list.push_back(std::move(*procedure));
    } else {
      ADD_FAILURE() << procedure.error().to_string();
    }
  }
  return list;
}

template <typename T>
bool has_command(const std::vector<Command>& commands) {
  return std::any_of(commands.begin(), commands.end(),
                     [](const Command& c) { return std::holds_alternative<T>(c); });
}

template <typename T>
const T* command_in(const std::vector<Command>& commands) {
  for (const auto& c : commands) {
    if (const auto* found = std::get_if<T>(&c)) return found;
  }
  return nullptr;
}

std::string revealed(const CarriedMyNumber& number) {
  const card::MyNumber* n = number.get();
  return n == nullptr ? std::string()
                      : n->reveal([](std::string_view digits) { return std::string(digits); });
}

CarriedMyNumber read_number() {
  auto number = card::MyNumber::from_digits(kDigits);
  EXPECT_TRUE(number.has_value());
  return number ? CarriedMyNumber(std::move(*number)) : CarriedMyNumber();
}

// The texts drawn in the 個人番号's cells (the grid bound to card.my_number), in order.
std::string my_number_cells(const forms::FilledForm& form) {
  std::string cells;
  for (const auto& page : form.pages) {
    for (const auto& item : page.items) {
      const auto* text = std::get_if<forms::LayoutText>(&item);
      if (text != nullptr && text->field == "card.my_number") cells += text->text;
    }
  }
  return cells;
}

bool field_values_hold(const forms::FilledForm& form, std::string_view digits) {
  for (const auto& [id, value] : form.field_values) {
    if (value.find(digits) != std::string::npos || id.find(digits) != std::string::npos) {
      return true;
    }
  }
  return false;
}

class SessionMyNumber : public ::testing::Test {
 protected:
  SessionMyNumber() : session(catalogue()) {
    session.set_reception_number_source([] { return std::string("1122-001"); });
    // 2025-11-22 10:00 in Japan: the day the answers below were written for.
    session.set_clock([] {
      using namespace std::chrono;
      return sys_days{2025y / November / 22} + 1h;
    });
  }

  void reach_confirm_identity(const std::string& procedure) {
    session.choose_procedure(procedure);
    ASSERT_EQ(session.screen(), Screen::PlaceCard);
    session.on(CardReady{3});
    for (const char d : std::string("1234")) session.press_digit(d);
    session.submit_pin();
    session.take_commands();
    session.on(IdentityRead{{"山田　太郎", "東京都千代田区霞が関１－２－３", "19850415", "1"}});
    ASSERT_EQ(session.screen(), Screen::ConfirmIdentity);
  }

  void reach_consent() {
    reach_confirm_identity("jido_teate");
    session.confirm_identity();
    ASSERT_EQ(session.screen(), Screen::MyNumberConsent);
    EXPECT_TRUE(session.take_commands().empty()) << "nothing is read before the resident says";
  }

  // 児童手当's questions answered, paper chosen, the print check passed: the print command.
  std::optional<PrintDocuments> apply_and_print(std::string* checked_cells = nullptr) {
    const std::vector<std::pair<std::string, std::string>> answers = {
        {"children", "1"}, {"reason", "birth"},        {"reason_date", "令和7年11月15日"},
        {"spouse", "no"},  {"kana", "ヤマダ　タロウ"}, {"phone", "092-123-4567"}};
    for (int guard = 0; guard < 20 && session.screen() == Screen::Question; ++guard) {
      const auto* q = session.current_question();
      for (const auto& [id, value] : answers) {
        if (q->id == id) session.set_answer(value);
      }
      session.next();
      if (session.screen() == Screen::Question && session.current_question() == q) {
        ADD_FAILURE() << q->id << ": " << session.notice();
        return std::nullopt;
      }
    }
    EXPECT_EQ(session.screen(), Screen::CheckAnswers);
    session.pay();
    if (session.screen() == Screen::HandIn) session.choose_delivery(Session::Delivery::Paper);
    auto commands = session.take_commands();
    const auto* check = command_in<CheckPrintable>(commands);
    if (check == nullptr) {
      ADD_FAILURE() << "no print check on " << screen_id(session.screen());
      return std::nullopt;
    }
    EXPECT_FALSE(field_values_hold(check->forms.front(), kDigits));
    if (checked_cells != nullptr) *checked_cells = my_number_cells(check->forms.front());
    session.on(PrintCheck{check->check_id, true, {}});
    commands = session.take_commands();
    const auto* print = command_in<PrintDocuments>(commands);
    if (print == nullptr) {
      ADD_FAILURE() << "no print on " << screen_id(session.screen());
      return std::nullopt;
    }
    return *print;  // a copy: its number is a MyNumber of its own
  }

  Session session;
};

TEST_F(SessionMyNumber, AskedAfterTheCardsDetailsOnlyWhereTheFormNeedsIt) {
  reach_confirm_identity("juminhyo");
  session.confirm_identity();
  EXPECT_EQ(session.screen(), Screen::Question) << "住民票 has no 個人番号 on its form";
  EXPECT_FALSE(has_command<ReadMyNumber>(session.take_commands()));
  session.go_to_counter("");
  session.finish();

  reach_consent();
  EXPECT_EQ(screen_id(session.screen()), "my_number_consent");
  EXPECT_EQ(session.step_number(), 1) << "part of confirming the card's details";
  EXPECT_EQ(session.my_number_choice(), Session::MyNumberChoice::NotAsked);
  EXPECT_EQ(session.my_number_masked(), "");
  session.back();
  EXPECT_EQ(session.screen(), Screen::ConfirmIdentity);
  session.confirm_identity();
  EXPECT_EQ(session.screen(), Screen::MyNumberConsent) << "not chosen yet: asked again";
}

TEST_F(SessionMyNumber, ReadingSendsReadMyNumberAndTheNumberReachesThePrintInItsWipingType) {
  reach_consent();
  session.read_my_number();
  EXPECT_EQ(session.screen(), Screen::MyNumberConsent);
  EXPECT_EQ(session.my_number_choice(), Session::MyNumberChoice::Reading);
  auto commands = session.take_commands();
  EXPECT_TRUE(has_command<ReadMyNumber>(commands));
  session.read_my_number();  // a second tap while the card is read
  EXPECT_FALSE(has_command<ReadMyNumber>(session.take_commands()));

  session.on(MyNumberRead{read_number(), CardProblemKind::Unreadable});
  EXPECT_EQ(session.screen(), Screen::Question);
  EXPECT_EQ(session.my_number_choice(), Session::MyNumberChoice::FromCard);
  EXPECT_EQ(session.my_number_masked(), "●●●●●●●●2617") << "the last four digits, no more";
  EXPECT_EQ(session.notice().find("2617"), std::string::npos);

  std::string checked_cells;
  const auto print = apply_and_print(&checked_cells);
  ASSERT_TRUE(print.has_value());
  EXPECT_EQ(revealed(print->applications.front().my_number), kDigits)
      << "sealed in the outbox with the application";
  EXPECT_EQ(my_number_cells(print->applications.front().form), kDigits)
      << "printed one digit a cell";
  EXPECT_EQ(checked_cells, kDigits) << "the print check draws the same form";
  EXPECT_FALSE(field_values_hold(print->applications.front().form, kDigits))
      << "field_values become the outbox's form_json: never the number";
}

TEST_F(SessionMyNumber, WrittenAtTheCounterSendsNothingAndLeavesTheCellsEmpty) {
  reach_consent();
  session.write_my_number_at_counter();
  EXPECT_EQ(session.screen(), Screen::Question);
  EXPECT_EQ(session.my_number_choice(), Session::MyNumberChoice::AtCounter);
  EXPECT_FALSE(has_command<ReadMyNumber>(session.take_commands()));
  std::string checked_cells = "x";
  const auto print = apply_and_print(&checked_cells);
  ASSERT_TRUE(print.has_value());
  EXPECT_TRUE(print->applications.front().my_number.empty());
  EXPECT_EQ(my_number_cells(print->applications.front().form), "");
  EXPECT_EQ(checked_cells, "");
}

TEST_F(SessionMyNumber, ForgottenWhenTheProcedureEnds) {
  reach_consent();
  session.read_my_number();
  session.on(MyNumberRead{read_number(), CardProblemKind::Unreadable});
  const auto print = apply_and_print();
  ASSERT_TRUE(print.has_value());
  session.on(PrintDone{true, "", {"x.pdf"}});
  ASSERT_EQ(session.screen(), Screen::TakeCard);
  // Another procedure of the visit starts without it.
  session.another_procedure();
  EXPECT_EQ(session.my_number_masked(), "") << "wiped with the procedure";
  EXPECT_EQ(session.my_number_choice(), Session::MyNumberChoice::NotAsked);
  session.end_visit();
  EXPECT_EQ(session.my_number_masked(), "");
  // The command's own copy is untouched by the session's wipe, and wipes with itself.
  EXPECT_EQ(revealed(print->applications.front().my_number), kDigits);
}

TEST_F(SessionMyNumber, ForgottenWhenTheResidentLeaves) {
  reach_consent();
  session.read_my_number();
  session.on(MyNumberRead{read_number(), CardProblemKind::Unreadable});
  ASSERT_EQ(session.my_number_masked(), "●●●●●●●●2617");
  session.time_out();
  EXPECT_EQ(session.screen(), Screen::Welcome);
  EXPECT_EQ(session.my_number_masked(), "");
}

TEST_F(SessionMyNumber, ACardThatDoesNotGiveItLeavesTheCellsEmptyAndSaysWhy) {
  reach_consent();
  session.read_my_number();
  session.take_commands();
  session.on(MyNumberRead{{}, CardProblemKind::Removed});
  EXPECT_EQ(session.screen(), Screen::MyNumberConsent) << "the resident is told, not moved on";
  EXPECT_TRUE(session.my_number_read_failed());
  EXPECT_NE(session.notice().find("窓口で書いてください"), std::string::npos) << session.notice();
  session.read_my_number();
  EXPECT_FALSE(has_command<ReadMyNumber>(session.take_commands()))
      << "the card will not give it now: only 窓口で書く is offered";
  session.write_my_number_at_counter();
  EXPECT_EQ(session.screen(), Screen::Question);
  const auto print = apply_and_print();
  ASSERT_TRUE(print.has_value());
  EXPECT_TRUE(print->applications.front().my_number.empty());
  EXPECT_EQ(my_number_cells(print->applications.front().form), "");
}

TEST_F(SessionMyNumber, BackFromTheFirstQuestionAsksAgainAndForgetsTheNumber) {
  reach_consent();
  session.read_my_number();
  session.on(MyNumberRead{read_number(), CardProblemKind::Unreadable});
  ASSERT_EQ(session.screen(), Screen::Question);
  session.back();
  EXPECT_EQ(session.screen(), Screen::MyNumberConsent);
  EXPECT_EQ(session.my_number_masked(), "");
  session.write_my_number_at_counter();
  const auto print = apply_and_print();
  ASSERT_TRUE(print.has_value());
  EXPECT_TRUE(print->applications.front().my_number.empty()) << "the resident changed their mind";
}

TEST_F(SessionMyNumber, ALateAnswerAfterTheResidentWentBackIsIgnored) {
  reach_consent();
  session.read_my_number();
  session.back();  // ignored while the card is read
  EXPECT_EQ(session.screen(), Screen::MyNumberConsent);
  session.go_to_counter("");
  session.on(MyNumberRead{read_number(), CardProblemKind::Unreadable});
  EXPECT_EQ(session.my_number_masked(), "");
}

TEST_F(SessionMyNumber, ALaterProcedureOfTheVisitCannotReadTheCardAndSaysSo) {
  reach_consent();
  session.write_my_number_at_counter();
  ASSERT_TRUE(apply_and_print().has_value());
  session.on(PrintDone{true, "", {"x.pdf"}});
  session.another_procedure();  // the card was unpowered after the print (EndCard)
  session.take_commands();
  session.choose_procedure("jido_teate");
  ASSERT_EQ(session.screen(), Screen::ConfirmIdentity);
  session.confirm_identity();
  ASSERT_EQ(session.screen(), Screen::MyNumberConsent);
  EXPECT_TRUE(session.my_number_read_failed());
  EXPECT_FALSE(session.notice().empty());
  session.read_my_number();
  EXPECT_FALSE(has_command<ReadMyNumber>(session.take_commands()));
}

TEST(CarriedMyNumber, ACopyIsAMyNumberOfItsOwnAndWipes) {
  auto original = read_number();
  CarriedMyNumber copy = original;
  EXPECT_EQ(revealed(copy), kDigits);
  EXPECT_NE(copy.get(), original.get());
  original.wipe();
  EXPECT_TRUE(original.empty());
  EXPECT_EQ(original.masked(), "");
  EXPECT_EQ(revealed(copy), kDigits);
  CarriedMyNumber moved = std::move(copy);
  EXPECT_TRUE(copy.empty()) << "a MyNumber moved from is wiped";  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(moved.masked(), "●●●●●●●●2617");
}

}  // namespace
}  // namespace madoguchi::kiosk
