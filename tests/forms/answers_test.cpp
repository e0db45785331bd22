#include <gtest/gtest.h>

#include "catalog_fixture.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {
namespace {

class Answering : public ::testing::Test {
 protected:
  const Question& question(std::string_view id) const {
    const Question* found = procedure_.find_question(id);
    EXPECT_NE(found, nullptr) << id;
    return found != nullptr ? *found : procedure_.questions.front();
  }

  Procedure procedure_ = testing::load_catalog_procedure();
};

TEST_F(Answering, AsksEveryQuestionInFileOrder) {
  const auto questions = questions_to_ask(procedure_, {});
  ASSERT_EQ(questions.size(), 4U);
  EXPECT_EQ(questions[0]->id, "copies");
  EXPECT_EQ(questions[3]->id, "purpose");
}

TEST_F(Answering, NumberAcceptsTheRangeOnly) {
  const Question& copies = question("copies");
  EXPECT_EQ(validate_answer(copies, "1"), std::nullopt);
  EXPECT_EQ(validate_answer(copies, "10"), std::nullopt);
  EXPECT_EQ(validate_answer(copies, "0"), "1通以上にしてください");
  EXPECT_EQ(validate_answer(copies, "11"),
            "10通までにしてください。もっと必要なときは、職員にお声がけください");
  EXPECT_EQ(validate_answer(copies, ""), "1通から10通までの数を入れてください");
  for (const char* not_a_number : {"abc", "1.5", "-1", "２", " 2", "2通", "9999999999"}) {
    EXPECT_EQ(validate_answer(copies, not_a_number), "数字で入れてください") << not_a_number;
  }
}

TEST_F(Answering, ChoiceAcceptsItsIdsOnly) {
  const Question& household = question("household");
  EXPECT_EQ(validate_answer(household, "self"), std::nullopt);
  EXPECT_EQ(validate_answer(household, "all"), std::nullopt);
  EXPECT_EQ(validate_answer(household, ""), "どれか1つを選んでください");
  EXPECT_EQ(validate_answer(household, "本人のみ"), "どれか1つを選んでください");
}

TEST_F(Answering, YesNoNamesItsButtonsWhenUnanswered) {
  const Question& honseki = question("honseki");
  EXPECT_EQ(validate_answer(honseki, "yes"), std::nullopt);
  EXPECT_EQ(validate_answer(honseki, "no"), std::nullopt);
  EXPECT_EQ(validate_answer(honseki, ""), "「はい」か「いいえ」を選んでください");
}

// A resident reading English or やさしい日本語 is told what to do in that language, not in the
// kiosk's Japanese.
TEST_F(Answering, NumberAndChoiceMessagesFollowTheResidentsLanguage) {
  AnswerContext en;
  en.language = Language::En;
  AnswerContext easy;
  easy.language = Language::JaEasy;
  const Question& copies = question("copies");
  EXPECT_EQ(validate_answer(copies, "", en), "Please enter a number from 1 to 10.");
  EXPECT_EQ(validate_answer(copies, "0", en), "Please enter 1 or more.");
  EXPECT_EQ(validate_answer(copies, "abc", en), "Please enter the number in digits.");
  EXPECT_EQ(validate_answer(copies, "11", en),
            "Please enter at most 10. If you need more, please ask a member of staff.");
  EXPECT_EQ(validate_answer(copies, "3", en), std::nullopt);
  EXPECT_EQ(validate_answer(copies, "", easy), "1通から 10通までの かずを いれて ください");
  EXPECT_EQ(validate_answer(question("household"), "", en), "Please choose one.");
  EXPECT_EQ(validate_answer(question("household"), "", easy), "どれか 1つを えらんで ください");
  EXPECT_EQ(validate_answer(question("honseki"), "", en), "Please choose one of the two answers.");
  EXPECT_EQ(validate_answer(question("honseki"), "", easy),
            "「はい」か「いいえ」を えらんで ください");
  AnswerContext ja;
  EXPECT_EQ(validate_answer(question("household"), "", ja), "どれか1つを選んでください");
}

TEST_F(Answering, LabelsReadTheWayTheyArePrinted) {
  EXPECT_EQ(answer_label(question("copies"), "1"), "1通");
  EXPECT_EQ(answer_label(question("copies"), "02"), "2通");
  EXPECT_EQ(answer_label(question("household"), "self"), "本人のみ");
  EXPECT_EQ(answer_label(question("household"), "all"), "世帯全員");
  EXPECT_EQ(answer_label(question("honseki"), "yes"), "はい");
  EXPECT_EQ(answer_label(question("purpose"), "car"), "自動車の登録");
  EXPECT_EQ(answer_label(question("purpose"), ""), "");
  EXPECT_EQ(answer_label(question("purpose"), "spaceship"), "spaceship");  // left as it is
}

TEST_F(Answering, YesNoLabelsComeFromTheFile) {
  auto json = testing::catalog_json();
  json["questions"][2]["yes_label"] = "記載する";
  json["questions"][2]["no_label"] = "記載しない";
  const auto procedure = parse_procedure(json.dump(), testing::kFileName);
  ASSERT_TRUE(procedure) << procedure.error().to_string();
  const Question& honseki = *procedure->find_question("honseki");
  EXPECT_EQ(answer_label(honseki, "yes"), "記載する");
  EXPECT_EQ(validate_answer(honseki, ""), "「記載する」か「記載しない」を選んでください");
}

TEST_F(Answering, DefaultsComeFromTheFile) {
  const Answers expected{
      {"copies", "1"}, {"household", "self"}, {"honseki", "no"}, {"purpose", "work_pension"}};
  EXPECT_EQ(default_answers(procedure_), expected);
}

TEST_F(Answering, FeeIsPerCopy) {
  const FeeQuote quote = quote_fee(procedure_, {{"copies", "3"}});
  EXPECT_EQ(quote.per_copy_yen, 300);
  EXPECT_EQ(quote.copies, 3);
  EXPECT_EQ(quote.total_yen, 900);
  EXPECT_EQ(quote_fee(procedure_, default_answers(procedure_)).total_yen, 300);
  EXPECT_EQ(quote_fee(procedure_, {{"copies", "10"}}).total_yen, 3000);
}

TEST_F(Answering, FeeCountsOneCopyWithoutAUsableAnswer) {
  EXPECT_EQ(quote_fee(procedure_, {}).copies, 1);
  EXPECT_EQ(quote_fee(procedure_, {{"copies", "0"}}).copies, 1);
  EXPECT_EQ(quote_fee(procedure_, {{"copies", "many"}}).copies, 1);

  Procedure flat_fee = procedure_;
  flat_fee.fee.copies_question.clear();
  EXPECT_EQ(quote_fee(flat_fee, {{"copies", "3"}}).total_yen, 300);
}

}  // namespace
}  // namespace madoguchi::forms
