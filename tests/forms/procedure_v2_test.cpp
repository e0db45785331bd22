// Procedure format version 2: languages, metadata, the new kinds of question, conditions,
// prefill, computed values and free cases. The example file is tests/forms/data/procedure_v2.json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kExampleFile = MADOGUCHI_SOURCE_DIR "/tests/forms/data/procedure_v2.json";

Procedure load_example() {
  auto procedure = load_procedure(kExampleFile);
  if (!procedure) ADD_FAILURE() << procedure.error().to_string();
  return procedure.value_or(Procedure{});
}

std::vector<std::string> ids(const std::vector<const Question*>& questions) {
  std::vector<std::string> result;
  for (const Question* question : questions) result.push_back(question->id);
  return result;
}

// 2025-11-22 10:00 in Japan.
std::chrono::system_clock::time_point reception_time() {
  using namespace std::chrono;
  return sys_days{2025y / November / 22} + 1h;
}

constexpr text::CivilDate kToday{2025, 11, 22};

class Version2 : public ::testing::Test {
 protected:
  const Question& question(std::string_view id) const {
    const Question* found = procedure_.find_question(id);
    EXPECT_NE(found, nullptr) << id;
    return found != nullptr ? *found : procedure_.questions.front();
  }
  std::expected<std::string, std::string> typed(std::string_view id, std::string_view text,
                                                Language language = Language::Ja) const {
    return normalize_answer(question(id), text, AnswerContext{language, kToday});
  }

  Procedure procedure_ = load_example();
  ResidentFacts resident_{"山田　太郎", "東京都千代田区霞が関１－２－３", "19500415", "1"};
  Answers answers_{{"purpose", "other"},  {"purpose_note", "車の売買"}, {"copies", "2"},
                   {"postal", "1234567"}, {"phone", "03-1234-5678"},    {"kana", "ヤマダ　タロウ"},
                   {"by_agent", "no"}};
};

// --- metadata ------------------------------------------------------------------------------

TEST_F(Version2, ReadsTheMetadata) {
  EXPECT_EQ(procedure_.format_version, 2);
  EXPECT_EQ(procedure_.title, "印鑑登録証明書");
  EXPECT_EQ(procedure_.titles.ja, "印鑑登録証明書");
  EXPECT_EQ(procedure_.titles.in(Language::JaEasy),
            "{印鑑|いんかん}{登録|とうろく}{証明書|しょうめいしょ}");
  EXPECT_EQ(procedure_.titles.in(Language::En), "Certificate of seal registration");
  EXPECT_EQ(procedure_.description, "登録した印鑑を証明する書類です。");
  EXPECT_EQ(procedure_.department, "市民課");
  EXPECT_TRUE(procedure_.needs_signature);
  EXPECT_FALSE(procedure_.needs_my_number);
  EXPECT_EQ(procedure_.applicants, (std::set<Applicant>{Applicant::Self, Applicant::Agent}));
  EXPECT_EQ(procedure_.who_may_apply, "ご本人か、代理人が申請できます。");
  ASSERT_EQ(procedure_.what_to_bring.size(), 2U);
  EXPECT_EQ(procedure_.what_to_bring[0].ja, "印鑑登録証");
  EXPECT_EQ(procedure_.what_to_bring[1].in(Language::En), "The agent's ID");
  ASSERT_EQ(procedure_.fee.free_cases.size(), 1U);
  EXPECT_EQ(procedure_.fee.free_cases[0].reason.ja, "年金の手続きに使うときは無料です");
}

TEST_F(Version2, TextsFallBackToJapanese) {
  Texts texts;
  texts.ja = "住民票";
  EXPECT_EQ(texts.in(Language::En), "住民票");
  EXPECT_EQ(texts.in(Language::JaEasy), "住民票");
  EXPECT_FALSE(texts.has(Language::En));
  EXPECT_EQ(language_code(Language::JaEasy), "ja-easy");
  EXPECT_EQ(question("purpose").choices[1].labels.in(Language::En), "Other");
  EXPECT_EQ(question("purpose").choices[1].label, "その他");
  EXPECT_EQ(question("birth").helps.in(Language::JaEasy), "カードから よみました");
}

TEST_F(Version2, VersionOneFilesReadAsBefore) {
  const auto procedure = load_procedure(MADOGUCHI_SOURCE_DIR "/tests/forms/data/juminhyo_v1.json");
  ASSERT_TRUE(procedure) << procedure.error().to_string();
  EXPECT_EQ(procedure->format_version, 1);
  EXPECT_TRUE(procedure->applicants.empty());
  EXPECT_FALSE(procedure->needs_signature);
  EXPECT_EQ(procedure->titles.ja, procedure->title);
  EXPECT_FALSE(procedure->who_may_apply_texts.ja.empty());
}

// --- conditions --------------------------------------------------------------------------

TEST_F(Version2, ShowIfAsksAStepOnlyWhenAnEarlierAnswerSaysSo) {
  EXPECT_THAT(ids(questions_to_ask(procedure_, {{"purpose", "pension"}, {"by_agent", "no"}})),
              ElementsAre("purpose", "copies", "birth", "postal", "phone", "kana", "by_agent"));
  EXPECT_THAT(ids(questions_to_ask(procedure_, {{"purpose", "other"}, {"by_agent", "yes"}})),
              ElementsAre("purpose", "purpose_note", "copies", "birth", "postal", "phone", "kana",
                          "by_agent", "agent_name"));
  // Without an answer, "equals" is false.
  EXPECT_EQ(questions_to_ask(procedure_, {}).size(), 7U);
}

TEST(Conditions, CombineWithAllAnyAndNot) {
  const Condition is_other{Condition::Op::Equals, "purpose", {"other"}, {}};
  const Condition in_list{Condition::Op::In, "copies", {"2", "3"}, {}};
  const Condition both{Condition::Op::All, "", {}, {is_other, in_list}};
  const Condition either{Condition::Op::Any, "", {}, {is_other, in_list}};
  const Condition neither{Condition::Op::Not, "", {}, {either}};
  const Answers answers{{"purpose", "other"}, {"copies", "1"}};
  EXPECT_TRUE(is_other.holds(answers));
  EXPECT_FALSE(in_list.holds(answers));
  EXPECT_FALSE(both.holds(answers));
  EXPECT_TRUE(either.holds(answers));
  EXPECT_FALSE(neither.holds(answers));
  EXPECT_TRUE(neither.holds({}));
}

TEST_F(Version2, AnswersToHiddenQuestionsAreDropped) {
  Answers answers = answers_;
  answers["agent_name"] = "佐藤　花子";  // by_agent is "no": not asked
  const Answers kept = answers_to_asked_questions(procedure_, answers);
  EXPECT_FALSE(kept.contains("agent_name"));
  EXPECT_TRUE(kept.contains("purpose_note"));
  const auto form = fill_form(procedure_, resident_, answers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("answer.agent_name"), "");
}

// --- the new kinds ---------------------------------------------------------------------

TEST_F(Version2, DateInWarekiIsStoredAsAGregorianDay) {
  EXPECT_EQ(typed("birth", "昭和25年4月15日"), "1950-04-15");
  EXPECT_EQ(typed("birth", "S25.4.15"), "1950-04-15");
  EXPECT_EQ(typed("birth", "令和元年5月1日"), "2019-05-01");
  EXPECT_EQ(typed("birth", "1950-04-15"), "1950-04-15");  // a stored answer is accepted
  // The 和暦 reader says what is wrong.
  EXPECT_EQ(typed("birth", "令和5年2月29日"),
            std::unexpected(std::string("令和5年2月は28日までです")));
  EXPECT_EQ(typed("birth", ""), std::unexpected(std::string("日付を入れてください")));
  EXPECT_EQ(typed("birth", "", Language::En),
            std::unexpected(std::string("Please enter the date.")));
  EXPECT_EQ(typed("birth", "たぶん春", Language::En),
            std::unexpected(std::string("Please enter the date like 1980-02-17.")));
  EXPECT_EQ(answer_label(question("birth"), "1950-04-15"), "昭和25年4月15日");
}

TEST_F(Version2, DateLimitsAreCountedFromTheDayOfApplication) {
  EXPECT_EQ(typed("birth", "令和7年11月22日"), "2025-11-22");
  EXPECT_EQ(typed("birth", "令和7年11月23日"),
            std::unexpected(std::string("令和7年11月22日までの日付を入れてください")));
  EXPECT_EQ(typed("birth", "明治32年12月31日"),
            std::unexpected(std::string("明治33年1月1日からあとの日付を入れてください")));
  EXPECT_EQ(typed("birth", "令和7年11月23日", Language::En),
            std::unexpected(std::string("Please enter a date on or before 2025-11-22.")));
  EXPECT_EQ(typed("birth", "令和7年11月23日", Language::JaEasy),
            std::unexpected(std::string("令和7年11月22日より まえの ひにちを いれてください")));
}

TEST(DateLimits, RelativeLimitsMoveByYearsMonthsAndDays) {
  DateLimit limit;
  limit.relative = true;
  limit.years = -120;
  EXPECT_EQ(limit.on({2025, 11, 22}), (text::CivilDate{1905, 11, 22}));
  limit = DateLimit{};
  limit.relative = true;
  limit.months = -1;
  EXPECT_EQ(limit.on({2025, 3, 31}), (text::CivilDate{2025, 2, 28}));
  limit.months = 0;
  limit.days = 30;
  EXPECT_EQ(limit.on({2025, 12, 15}), (text::CivilDate{2026, 1, 14}));
  limit = DateLimit{false, text::CivilDate{1900, 1, 1}, 0, 0, 0, "1900-01-01"};
  EXPECT_EQ(limit.on({2025, 1, 1}), (text::CivilDate{1900, 1, 1}));
}

TEST(DateEntryRules, SeirekiAndEither) {
  Question seireki;
  seireki.kind = QuestionKind::Date;
  seireki.entry = DateEntry::Seireki;
  for (const char* text : {"1980年2月17日", "1980-2-17", "1980/02/17", "1980.2.17", "19800217",
                           "１９８０年２月１７日", " 1980-02-17 "}) {
    EXPECT_EQ(normalize_answer(seireki, text), "1980-02-17") << text;
  }
  EXPECT_FALSE(normalize_answer(seireki, "昭和55年2月17日"));
  EXPECT_FALSE(normalize_answer(seireki, "1980-02-30"));
  EXPECT_FALSE(normalize_answer(seireki, "80-2-17"));
  EXPECT_EQ(answer_label(seireki, "1980-02-17"), "1980年2月17日");
  Question either = seireki;
  either.entry = DateEntry::Either;
  EXPECT_EQ(normalize_answer(either, "昭和55年2月17日"), "1980-02-17");
  EXPECT_EQ(normalize_answer(either, "1980年2月17日"), "1980-02-17");
  EXPECT_EQ(answer_label(either, "1980-02-17"), "昭和55年2月17日");
}

TEST_F(Version2, PostalCodeAcceptsHyphensAndFullWidth) {
  for (const char* text :
       {"1234567", "123-4567", "１２３－４５６７", "〒123-4567", "１２３ー４５６７"}) {
    EXPECT_EQ(typed("postal", text), "1234567") << text;
  }
  const std::string message = "郵便番号は「123-4567」のように7けたの数字で入れてください";
  for (const char* text : {"123456", "12345678", "12-34567", "123-45-67", "abc-defg"}) {
    EXPECT_EQ(typed("postal", text), std::unexpected(message)) << text;
  }
  EXPECT_EQ(typed("postal", ""),
            std::unexpected(std::string("郵便番号を7けたの数字で入れてください")));
  EXPECT_EQ(answer_label(question("postal"), "1234567"), "123-4567");
  EXPECT_EQ(validate_answer(question("postal"), "123-4567"), message);  // stored without hyphen
}

TEST_F(Version2, PhoneNumbersAreJapaneseWithTenOrElevenDigits) {
  EXPECT_EQ(typed("phone", "03-1234-5678"), "03-1234-5678");
  EXPECT_EQ(typed("phone", "０９０－１２３４－５６７８"), "090-1234-5678");
  EXPECT_EQ(typed("phone", "09012345678"), "09012345678");
  EXPECT_EQ(typed("phone", "03(1234)5678"), "03-1234-5678");
  EXPECT_EQ(typed("phone", "0120-123-456"), "0120-123-456");
  EXPECT_EQ(typed("phone", "0800-123-4567"), "0800-123-4567");
  EXPECT_EQ(typed("phone", ""), "");  // "required": false
  for (const char* text : {"1234-5678", "03-1234-567", "0312345678901", "00-1234-5678",
                           "03123456789", "+81-3-1234-5678", "03--1234"}) {
    EXPECT_FALSE(typed("phone", text)) << text;
  }
  EXPECT_EQ(typed("phone", "12345", Language::En).error(),
            "Please enter a Japanese phone number with its area code, like 03-1234-5678 (10 or 11 "
            "digits).");
}

TEST_F(Version2, KanaIsStoredInKatakana) {
  EXPECT_EQ(typed("kana", "やまだ たろう"), "ヤマダ　タロウ");
  EXPECT_EQ(typed("kana", "ﾔﾏﾀﾞ  ﾀﾛｳ"), "ヤマダ　タロウ");
  EXPECT_EQ(typed("kana", "コーヒー　ゆうこ"), "コーヒー　ユウコ");
  // The file's own message, in Japanese and English; ja-easy falls back to the kiosk's.
  EXPECT_EQ(typed("kana", "山田").error(), "フリガナはカタカナで入れてください");
  EXPECT_EQ(typed("kana", "山田", Language::En).error(), "Please use katakana");
  EXPECT_EQ(typed("kana", "山田", Language::JaEasy).error(),
            "カタカナか ひらがなだけで いれてください");
  std::string long_kana;
  for (int i = 0; i < 31; ++i) long_kana += "ア";
  EXPECT_EQ(typed("kana", long_kana).error(), "30文字までにしてください");
}

TEST_F(Version2, TextIsOneLineUpToItsLength) {
  EXPECT_EQ(typed("purpose_note", "  車の売買　"), "車の売買");
  EXPECT_EQ(typed("purpose_note", "一行目\n二行目").error(), "1行で入れてください");
  EXPECT_EQ(typed("purpose_note", "あいうえおかきくけこさしすせそたちつてとな").error(),
            "20文字までにしてください");
  EXPECT_EQ(typed("purpose_note", "").error(), "入れてください");
  EXPECT_EQ(typed("purpose_note", "", Language::En).error(), "Please fill this in.");
}

// --- prefill, computed values, fees ----------------------------------------------------

TEST_F(Version2, BirthDateIsPrefilledFromTheCardAndCannotBeChanged) {
  EXPECT_FALSE(may_change_answer(question("birth")));
  EXPECT_TRUE(may_change_answer(question("postal")));
  Answers answers = answers_;
  answers["birth"] = "2000-01-01";  // a change the procedure does not allow
  const Answers prefilled = prefill_answers(procedure_, resident_, answers);
  EXPECT_EQ(prefilled.at("birth"), "1950-04-15");
  const auto form = fill_form(procedure_, resident_, answers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("answer.birth"), "昭和25年4月15日");
}

TEST(Prefill, EditableValuesFillOnlyEmptyAnswers) {
  Procedure procedure;
  Question name;
  name.id = "name";
  name.kind = QuestionKind::Text;
  name.max_length = 30;
  name.prefill = Prefill{Prefill::Source::CardName, "", true};
  Question again = name;
  again.id = "again";
  again.prefill = Prefill{Prefill::Source::Answer, "name", true};
  procedure.questions = {name, again};
  const ResidentFacts resident{"山田　太郎", "", "", ""};
  EXPECT_EQ(prefill_answers(procedure, resident, {}),
            (Answers{{"name", "山田　太郎"}, {"again", "山田　太郎"}}));
  EXPECT_EQ(prefill_answers(procedure, resident, {{"name", "山田　花子"}}),
            (Answers{{"name", "山田　花子"}, {"again", "山田　花子"}}));
  EXPECT_EQ(procedure.questions[1].prefill->to_string(), "answer.name");
}

TEST_F(Version2, GoldenFormWithAgeAndFee) {
  const auto form = fill_form(procedure_, resident_, answers_, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  const std::map<std::string, std::string, std::less<>> expected{
      {"reception.date_wareki", "令和7年11月22日"},
      {"card.name", "山田　太郎"},
      {"answer.birth", "昭和25年4月15日"},
      {"computed.age", "75歳"},
      {"answer.postal", "〒123-4567"},
      {"answer.phone", "03-1234-5678"},
      {"answer.kana", "ヤマダ　タロウ"},
      {"answer.purpose=pension", ""},
      {"answer.purpose=other", "✓"},
      {"answer.purpose_note", "車の売買"},
      {"answer.copies", "2通"},
      {"answer.by_agent=yes", ""},
      {"answer.by_agent=no", "✓"},
      {"answer.agent_name", ""},
      {"fee.total", "600円"},
  };
  EXPECT_EQ(form->field_values, expected);
}

TEST_F(Version2, AgeGoesUpOnTheBirthday) {
  EXPECT_EQ(age_from_card(resident_, {2025, 4, 14}), 74);
  EXPECT_EQ(age_from_card(resident_, {2025, 4, 15}), 75);
  EXPECT_EQ(age_from_card(ResidentFacts{"", "", "1950", ""}, kToday), std::nullopt);
  const auto form = fill_form(procedure_, ResidentFacts{"山田　太郎", "", "19501323", "1"},
                              answers_, "0042", reception_time());
  EXPECT_FALSE(form);  // no birth date to prefill the (required) birth question
}

TEST_F(Version2, FreeCaseMakesTheFeeNothing) {
  Answers answers = answers_;
  answers["purpose"] = "pension";
  const FeeQuote quote = quote_fee(procedure_, answers);
  EXPECT_EQ(quote.total_yen, 0);
  EXPECT_EQ(quote.copies, 2);
  ASSERT_NE(quote.free_case, nullptr);
  EXPECT_EQ(quote.free_case->reason.in(Language::En), "Free for a pension claim");
  EXPECT_EQ(quote_fee(procedure_, answers_).total_yen, 600);
  EXPECT_EQ(quote_fee(procedure_, answers_).free_case, nullptr);
  const auto form = fill_form(procedure_, resident_, answers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("fee.total"), "0円");
}

TEST_F(Version2, AnAskedQuestionWithoutAnAnswerIsRefused) {
  Answers answers = answers_;
  answers["by_agent"] = "yes";
  const auto form = fill_form(procedure_, resident_, answers, "0042", reception_time());
  ASSERT_FALSE(form);
  EXPECT_EQ(form.error(), "question \"agent_name\" of procedure \"v2_example\" has no answer");
}

}  // namespace
}  // namespace madoguchi::forms
