// Procedure format version 3: welcome-screen groups, answers shared within a visit, fees set by
// a choice, several pages with page numbers, and character grids.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Json = nlohmann::ordered_json;

std::chrono::system_clock::time_point reception_time() {
  using namespace std::chrono;
  return sys_days{2025y / November / 22} + 1h;
}

const ResidentFacts kResident{"山田　太郎", "東京都千代田区霞が関１－２－３", "19500415", "1"};

// A small two-page version-3 procedure; tests change parts of it.
Json example() {
  return Json::parse(R"({
    "format_version": 3,
    "id": "koseki_test",
    "group": "certificates",
    "title": "戸籍の証明書",
    "form_title": "戸籍証明書等交付請求書",
    "department": "市民課",
    "who_may_apply": ["本人"],
    "fee": { "per_copy_yen": 450, "copies_question": "copies",
             "per_copy_by": { "question": "kind", "yen": { "zenbu": 450, "joseki": 750 } } },
    "questions": [
      { "id": "kind", "kind": "choice", "title": "どの証明書がいりますか",
        "choices": [ { "id": "zenbu", "label": "戸籍謄本" }, { "id": "joseki", "label": "除籍謄本" } ] },
      { "id": "copies", "kind": "number", "title": "何通いりますか", "unit": "通", "min": 1, "max": 5 },
      { "id": "postal", "kind": "postal_code", "title": "郵便番号", "share_as": "new_postal_code" },
      { "id": "phone", "kind": "phone", "title": "電話番号", "share_as": "contact_phone", "required": false }
    ],
    "layout": { "page": "A4", "margin": 10, "pages": [
      { "items": [
        { "type": "check", "bind": "answer.kind", "when": "zenbu", "x": 20, "y": 20 },
        { "type": "check", "bind": "answer.kind", "when": "joseki", "x": 30, "y": 20 },
        { "type": "field", "bind": "answer.copies", "x": 20, "y": 30, "w": 40, "h": 8 },
        { "type": "field", "bind": "fee.total", "format": "{}円", "x": 70, "y": 30, "w": 40, "h": 8 },
        { "type": "grid", "bind": "answer.postal", "x": 20, "y": 50, "cells": 7, "cell_w": 6,
          "h": 8, "gap_after": [3] },
        { "type": "field", "bind": "page.number", "x": 90, "y": 280, "w": 30, "h": 6 }
      ] },
      { "items": [
        { "type": "field", "bind": "answer.phone", "x": 20, "y": 20, "w": 60, "h": 8 },
        { "type": "grid", "bind": "answer.copies.value", "x": 20, "y": 40, "cells": 3, "cell_w": 6,
          "h": 8, "align": "right" },
        { "type": "field", "bind": "page.number", "x": 90, "y": 280, "w": 30, "h": 6 }
      ] }
    ] }
  })");
}

std::expected<Procedure, LoadError> parse(const Json& json) {
  return parse_procedure(json.dump(2), "koseki_test.json");
}

Procedure load(const Json& json = example()) {
  auto procedure = parse(json);
  if (!procedure) ADD_FAILURE() << procedure.error().to_string();
  return procedure.value_or(Procedure{});
}

LoadError refused(const Json& json) {
  auto procedure = parse(json);
  EXPECT_FALSE(procedure) << "accepted";
  return procedure ? LoadError{} : procedure.error();
}

const Answers kAnswers{
    {"kind", "joseki"}, {"copies", "2"}, {"postal", "1234567"}, {"phone", "03-1234-5678"}};

TEST(Version3, ReadsTheGroupAndSharedNames) {
  const Procedure procedure = load();
  EXPECT_EQ(procedure.format_version, 3);
  EXPECT_EQ(procedure.group, ProcedureGroup::Certificates);
  EXPECT_EQ(procedure.find_question("postal")->share_as, "new_postal_code");
  EXPECT_EQ(procedure.find_question("kind")->share_as, "");
  EXPECT_EQ(procedure.file, "koseki_test.json");
}

TEST(Version3, AnUnknownGroupIsRefusedWithTheGroupsListed) {
  Json json = example();
  json["group"] = "certificate";
  const LoadError error = refused(json);
  EXPECT_EQ(error.pointer, "/group");
  EXPECT_THAT(error.message, HasSubstr("did you mean \"certificates\""));
  EXPECT_THAT(error.message, HasSubstr("disaster"));
}

TEST(Version3, TheGroupIsRequiredAndOlderFilesAreCertificates) {
  Json json = example();
  json.erase("group");
  EXPECT_EQ(refused(json).pointer, "");  // "group" is missing at the top level
  auto v1 = load_procedure(MADOGUCHI_SOURCE_DIR "/tests/forms/data/juminhyo_v1.json");
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->group, ProcedureGroup::Certificates);
}

TEST(Version3, Version3KeysInAVersion2FileAreRefused) {
  Json json = example();
  json["format_version"] = 2;
  json.erase("group");
  EXPECT_EQ(refused(json).pointer, "/questions/2/share_as");
  json["questions"][2].erase("share_as");
  json["questions"][3].erase("share_as");
  EXPECT_EQ(refused(json).pointer, "/fee/per_copy_by");
  json["fee"].erase("per_copy_by");
  EXPECT_EQ(refused(json).pointer, "/layout/pages");
}

TEST(Version3, TheFeePerCopyComesFromTheChoice) {
  const Procedure procedure = load();
  EXPECT_EQ(quote_fee(procedure, kAnswers).total_yen, 1500);
  Answers zenbu = kAnswers;
  zenbu["kind"] = "zenbu";
  EXPECT_EQ(quote_fee(procedure, zenbu).total_yen, 900);
  EXPECT_EQ(quote_fee(procedure, zenbu).per_copy_yen, 450);
}

TEST(Version3, AFeeByChoiceMustNameEveryChoice) {
  Json json = example();
  json["fee"]["per_copy_by"]["yen"].erase("joseki");
  const LoadError error = refused(json);
  EXPECT_EQ(error.pointer, "/fee/per_copy_by/yen");
  EXPECT_THAT(error.message, HasSubstr("\"joseki\""));
  json = example();
  json["fee"]["per_copy_by"]["yen"]["kaisei"] = 750;
  EXPECT_EQ(refused(json).pointer, "/fee/per_copy_by/yen/kaisei");
  json = example();
  json["fee"]["per_copy_by"]["question"] = "copies";
  EXPECT_EQ(refused(json).pointer, "/fee/per_copy_by/question");
}

TEST(Version3, FillsEveryPageWithItsPageNumber) {
  const Procedure procedure = load();
  const auto form = fill_form(procedure, kResident, kAnswers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  ASSERT_EQ(form->pages.size(), 2U);
  EXPECT_EQ(form->field_values.at("page.number.1"), "1 / 2");
  EXPECT_EQ(form->field_values.at("page.number.2"), "2 / 2");
  EXPECT_EQ(form->field_values.at("answer.phone"), "03-1234-5678");
  EXPECT_EQ(form->field_values.at("fee.total"), "1,500円");
}

TEST(Version3, EveryPageOfASeveralPageFormNeedsAPageNumber) {
  Json json = example();
  json["layout"]["pages"][1]["items"].erase(2);
  const LoadError error = refused(json);
  EXPECT_EQ(error.pointer, "/layout/pages/1/items");
  EXPECT_THAT(error.message, HasSubstr("\"2 / 2\""));
  json = example();
  json["layout"]["items"] = Json::array();
  EXPECT_EQ(refused(json).pointer, "/layout/items");
}

TEST(Version3, BoxesOnDifferentPagesDoNotClash) {
  Json json = example();
  json["layout"]["pages"][1]["items"][0]["y"] = 30;  // where page 1 has answer.copies
  EXPECT_TRUE(parse(json)) << parse(json).error().to_string();
  json["layout"]["pages"][0]["items"][2]["y"] = 50;  // onto the grid, same page
  const LoadError error = refused(json);
  EXPECT_EQ(error.pointer, "/layout/pages/0/items/4");  // the grid, drawn after the field
  EXPECT_THAT(error.message, HasSubstr("overlaps the field \"answer.copies\""));
}

// The cells of a grid and what is in them, in drawing order.
std::vector<std::string> grid_texts(const FilledPage& page, std::string_view field) {
  std::vector<std::string> texts;
  for (const LayoutItem& item : page.items) {
    const auto* text = std::get_if<LayoutText>(&item);
    if (text != nullptr && text->field == field) texts.push_back(text->text);
  }
  return texts;
}

TEST(Version3, AGridPrintsOneCharacterPerCellWithItsGaps) {
  const Procedure procedure = load();
  const auto form = fill_form(procedure, kResident, kAnswers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("answer.postal"), "1234567");
  EXPECT_THAT(grid_texts(form->pages[0], "answer.postal"),
              ElementsAre("1", "2", "3", "－", "4", "5", "6", "7"));
  // The fourth digit sits one cell after the gap: 20 + 4 × 6 mm.
  for (const LayoutItem& item : form->pages[0].items) {
    const auto* text = std::get_if<LayoutText>(&item);
    if (text != nullptr && text->text == "4") {
      EXPECT_DOUBLE_EQ(text->x_mm, 44);
    }
  }
  std::size_t cells = 0;
  for (const LayoutItem& item : form->pages[0].items)
    cells += std::holds_alternative<LayoutRect>(item);
  EXPECT_EQ(cells, 7U);
}

TEST(Version3, ARightAlignedGridFillsFromTheRight) {
  const Procedure procedure = load();
  const auto form = fill_form(procedure, kResident, kAnswers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("answer.copies.value"), "2");
  for (const LayoutItem& item : form->pages[1].items) {
    const auto* text = std::get_if<LayoutText>(&item);
    if (text != nullptr && text->field == "answer.copies.value") {
      EXPECT_DOUBLE_EQ(text->x_mm, 32);  // the third cell of three
    }
  }
}

TEST(Version3, AGridTooSmallForTheWidestValueIsRefused) {
  Json json = example();
  json["layout"]["pages"][0]["items"][4]["cells"] = 6;
  json["layout"]["pages"][0]["items"][4]["gap_after"] = Json::array({3});
  const LoadError error = refused(json);
  EXPECT_EQ(error.pointer, "/layout/pages/0/items/4/cells");
  EXPECT_THAT(error.message, HasSubstr("needs 7 cells"));
}

TEST(Version3, GridGapsAndSizesAreChecked) {
  Json json = example();
  json["layout"]["pages"][0]["items"][4]["gap_after"] = Json::array({3, 3});
  EXPECT_EQ(refused(json).pointer, "/layout/pages/0/items/4/gap_after/1");
  json = example();
  json["layout"]["pages"][0]["items"][4]["gap_after"] = Json::array({7});
  EXPECT_EQ(refused(json).pointer, "/layout/pages/0/items/4/gap_after/0");
  json = example();
  json["layout"]["pages"][0]["items"][4]["size"] = 24;  // 8.5 mm, in 6 mm cells
  EXPECT_EQ(refused(json).pointer, "/layout/pages/0/items/4/size");
  json = example();
  json["layout"]["pages"][0]["items"][4]["x"] = 160;  // 8 cells × 6 mm: ends at 208 mm
  EXPECT_EQ(refused(json).pointer, "/layout/pages/0/items/4/cells");
}

TEST(Version3, AValueLongerThanItsGridIsRefusedWhenFilling) {
  Json json = example();
  json["layout"]["pages"][0]["items"][4]["bind"] = "card.name";  // the file cannot know its length
  json["layout"]["pages"][0]["items"][4]["id"] = "name_grid";
  json["layout"]["pages"][0]["items"][4].erase("gap_after");
  json["layout"]["pages"][0]["items"].push_back(Json::parse(
      R"({ "type": "field", "bind": "answer.postal", "x": 100, "y": 60, "w": 40, "h": 8 })"));
  const Procedure procedure = load(json);
  ResidentFacts long_name = kResident;
  long_name.name = "長谷川　久美子さま";  // 9 characters, 7 cells
  const auto form = fill_form(procedure, long_name, kAnswers, "0042", reception_time());
  ASSERT_FALSE(form);
  EXPECT_THAT(form.error(), HasSubstr("grid \"name_grid\" has 7 cells"));
  EXPECT_THAT(form.error(), ::testing::Not(HasSubstr("長谷川")));  // no personal data
}

TEST(Version3, AGridWithoutABindingIsPrintedEmptyForTheResidentsPen) {
  Json json = example();
  json["layout"]["pages"][1]["items"].push_back(Json::parse(
      R"({ "type": "grid", "x": 20, "y": 60, "cells": 12, "cell_w": 6, "h": 8, "gap_after": [4, 8] })"));
  const Procedure procedure = load(json);
  const auto form = fill_form(procedure, kResident, kAnswers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  std::size_t cells = 0, dashes = 0;
  for (const LayoutItem& item : form->pages[1].items) {
    if (const auto* rect = std::get_if<LayoutRect>(&item); rect != nullptr && rect->y_mm == 60) {
      ++cells;
    }
    if (const auto* text = std::get_if<LayoutText>(&item); text != nullptr && text->y_mm == 60) {
      EXPECT_EQ(text->text, "－");
      ++dashes;
    }
  }
  EXPECT_EQ(cells, 12U);
  EXPECT_EQ(dashes, 2U);
  json["layout"]["pages"][1]["items"].back()["id"] = "my_number";
  EXPECT_THAT(refused(json).message, HasSubstr("only a grid with \"bind\" has an id"));
}

TEST(Version3, AFieldRepeatedOnALaterPageGetsThePageNumberInItsId) {
  Json json = example();
  json["layout"]["pages"][1]["items"].push_back(Json::parse(
      R"({ "type": "field", "bind": "card.name", "x": 20, "y": 100, "w": 60, "h": 8 })"));
  json["layout"]["pages"][0]["items"].push_back(Json::parse(
      R"({ "type": "field", "bind": "card.name", "x": 20, "y": 100, "w": 60, "h": 8 })"));
  const Procedure procedure = load(json);
  const auto form = fill_form(procedure, kResident, kAnswers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("card.name"), "山田　太郎");
  EXPECT_EQ(form->field_values.at("card.name.2"), "山田　太郎");
  // Twice on the same page is still a mistake.
  json["layout"]["pages"][0]["items"].push_back(Json::parse(
      R"({ "type": "field", "bind": "card.name", "x": 20, "y": 120, "w": 60, "h": 8 })"));
  EXPECT_THAT(refused(json).message, HasSubstr("already used"));
}

TEST(Version3, ADateWithALimitFromTodayPrintsIn和暦OnAnyDay) {
  Json json = example();
  json["questions"].push_back(Json::parse(
      R"({ "id": "moved", "kind": "date", "title": "引っ越した日", "min": "today-14d", "max": "today" })"));
  json["layout"]["pages"][1]["items"].push_back(Json::parse(
      R"({ "type": "field", "bind": "answer.moved", "x": 20, "y": 100, "w": 60, "h": 8 })"));
  const Procedure procedure = load(json);
  Answers answers = kAnswers;
  answers["moved"] = "2025-11-20";  // two days before the reception day, years before today
  const auto form = fill_form(procedure, kResident, answers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("answer.moved"), "令和7年11月20日");
  EXPECT_EQ(answer_label(*procedure.find_question("moved"), "2025-11-20"), "令和7年11月20日");
}

TEST(Version3, AnOptionalAnswerLeftOutIsPrintedBlankAndARequiredOneIsNot) {
  const Procedure procedure = load();
  Answers answers = kAnswers;
  answers.erase("phone");  // "required": false
  const auto form = fill_form(procedure, kResident, answers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("answer.phone"), "");
  answers.erase("postal");  // required
  const auto refused_form = fill_form(procedure, kResident, answers, "0042", reception_time());
  ASSERT_FALSE(refused_form);
  EXPECT_THAT(refused_form.error(), HasSubstr("\"postal\""));
}

TEST(Version3, TheWidestFeeByChoiceMustFitItsBox) {
  Json json = example();
  json["fee"]["per_copy_by"]["yen"]["joseki"] = 75000;  // × 5 copies = 375,000円
  json["layout"]["pages"][0]["items"][3]["w"] = 15;     // room for 3,750円 on one line
  json["layout"]["pages"][0]["items"][3]["h"] = 5;
  json["fee"]["per_copy_by"]["yen"]["joseki"] = 750;
  EXPECT_TRUE(parse(json)) << parse(json).error().to_string();
  json["fee"]["per_copy_by"]["yen"]["joseki"] = 75000;
  const LoadError error = refused(json);
  EXPECT_EQ(error.pointer, "/layout/pages/0/items/3");
  EXPECT_THAT(error.message, HasSubstr("375,000円"));
}

// --- one visit, several procedures -----------------------------------------------------------

TEST(Visit, ASharedAnswerIsCarriedToTheNextProcedureAndNotAskedAgain) {
  const Procedure procedure = load();
  SharedAnswers shared;
  share_answers(procedure, kAnswers, shared);
  EXPECT_EQ(shared.at("contact_phone"), "03-1234-5678");
  EXPECT_EQ(shared.at("new_postal_code"), "1234567");
  EXPECT_FALSE(shared.contains("kind"));

  Json other = example();
  other["id"] = "other";
  const Procedure next = load(other);
  EXPECT_TRUE(answered_earlier_in_visit(*next.find_question("phone"), shared));
  EXPECT_FALSE(answered_earlier_in_visit(*next.find_question("kind"), shared));
  const Answers carried = carry_shared_answers(next, shared, {{"kind", "zenbu"}, {"copies", "1"}});
  EXPECT_EQ(carried.at("phone"), "03-1234-5678");
  EXPECT_EQ(carried.at("postal"), "1234567");
  EXPECT_EQ(carried.at("kind"), "zenbu");
}

TEST(Visit, AnAnswerGivenInThisProcedureWinsOverTheCarriedOne) {
  const Procedure procedure = load();
  const SharedAnswers shared{{"contact_phone", "03-1234-5678"}};
  const Answers carried = carry_shared_answers(procedure, shared, {{"phone", "090-1111-2222"}});
  EXPECT_EQ(carried.at("phone"), "090-1111-2222");
}

TEST(Visit, AnAnswerTheQuestionWouldNotAcceptIsNotCarried) {
  const Procedure procedure = load();
  const SharedAnswers shared{{"contact_phone", "not a phone"}, {"new_postal_code", "12345"}};
  EXPECT_FALSE(answered_earlier_in_visit(*procedure.find_question("phone"), shared));
  const Answers carried = carry_shared_answers(procedure, shared, {});
  EXPECT_FALSE(carried.contains("phone"));
  EXPECT_FALSE(carried.contains("postal"));
}

TEST(Visit, OnlyAskedQuestionsAreShared) {
  Json json = example();
  json["questions"][3]["show_if"] = Json::parse(R"({ "question": "kind", "equals": "zenbu" })");
  const Procedure procedure = load(json);
  SharedAnswers shared;
  share_answers(procedure, kAnswers, shared);  // kind = joseki: phone is not asked
  EXPECT_FALSE(shared.contains("contact_phone"));
}

// `json` as a second procedure of the catalogue ("second", in second.json).
Procedure second_procedure(Json json) {
  json["id"] = "second";
  Procedure second = load(json);
  second.file = "second.json";
  return second;
}

TEST(Visit, QuestionsSharingANameMustAskTheSameThing) {
  const Procedure first = load();
  Json json = example();
  json["questions"][3]["kind"] = "text";
  json["questions"][3]["max_length"] = 20;
  const Procedure second = second_procedure(json);
  const auto problems = lint_shared_answers({first, second});
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].file, "second.json");
  EXPECT_EQ(problems[0].pointer, "/questions/3/share_as");
  EXPECT_THAT(problems[0].message, HasSubstr("is a text question"));
  EXPECT_THAT(problems[0].message, HasSubstr("koseki_test.json: /questions/3/share_as"));
  EXPECT_TRUE(lint_shared_answers({first, first}).empty());
}

// A procedure made from another (the studio's template) whose description was not rewritten.
TEST(Catalog, ADescriptionLeftFromAnotherProcedureIsNamed) {
  Json json = example();
  json["description"] = "戸籍の証明書を請求するときの手続きです。";
  const Procedure first = load(json);
  Procedure second = second_procedure(json);
  const auto problems = lint_copied_descriptions({first, second});
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].file, "second.json");
  EXPECT_EQ(problems[0].pointer, "/description");
  EXPECT_THAT(problems[0].message, HasSubstr("koseki_test.json"));
  second.descriptions.ja = "二つ目の手続きの説明です。";
  EXPECT_TRUE(lint_copied_descriptions({first, second}).empty());
  // The shipped catalogue: every description its own.
  const Catalog catalog = load_catalog(MADOGUCHI_SOURCE_DIR "/forms/catalog");
  EXPECT_TRUE(lint_copied_descriptions(catalog.procedures).empty());
}

TEST(Visit, ASharedNameIsAnIdentifier) {
  Json json = example();
  json["questions"][3]["share_as"] = "Contact Phone";
  EXPECT_EQ(refused(json).pointer, "/questions/3/share_as");
}

}  // namespace
}  // namespace madoguchi::forms
