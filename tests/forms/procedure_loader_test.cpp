#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <variant>

#include "catalog_fixture.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {
namespace {

using testing::catalog_json;
using testing::expect_load_error;
using ::testing::HasSubstr;
using testing::item_pointer;
using testing::kFileName;
using testing::layout_item_index;

// ---------------------------------------------------------------------------------------
// The real catalogue

TEST(CatalogFile, LoadsTheResidentCertificateProcedure) {
  const auto procedure = load_procedure(testing::kCatalogFile);
  ASSERT_TRUE(procedure) << procedure.error().to_string();
  EXPECT_EQ(procedure->format_version, 1);
  EXPECT_EQ(procedure->id, "juminhyo");
  EXPECT_EQ(procedure->title, "住民票の写し");
  EXPECT_EQ(procedure->form_title, "住民票の写し等交付請求書");
  EXPECT_EQ(procedure->department, "市民課");
  EXPECT_FALSE(procedure->needs_my_number);
  EXPECT_FALSE(procedure->description.empty());
  EXPECT_FALSE(procedure->who_may_apply.empty());
  EXPECT_EQ(procedure->fee.per_copy_yen, 300);
  EXPECT_EQ(procedure->fee.copies_question, "copies");
}

// The catalogue stays loaded all day: its lists hold what the files have, with no spare room
// from growing one item at a time (a third more of every layout before).
TEST(CatalogFile, ItsListsKeepNoSpareRoom) {
  const Catalog catalog = load_catalog(MADOGUCHI_SOURCE_DIR "/forms/catalog");
  ASSERT_TRUE(catalog.errors.empty());
  ASSERT_GE(catalog.procedures.size(), 13U);
  for (const Procedure& procedure : catalog.procedures) {
    for (const LayoutPage& page : procedure.layout.pages) {
      EXPECT_EQ(page.items.capacity(), page.items.size()) << procedure.id;
    }
    EXPECT_EQ(procedure.questions.capacity(), procedure.questions.size()) << procedure.id;
    for (const Question& question : procedure.questions) {
      EXPECT_EQ(question.choices.capacity(), question.choices.size()) << question.id;
    }
  }
}

TEST(CatalogFile, AsksFourQuestionsEachWithHelp) {
  const Procedure procedure = testing::load_catalog_procedure();
  ASSERT_EQ(procedure.questions.size(), 4U);
  EXPECT_EQ(procedure.questions[0].id, "copies");
  EXPECT_EQ(procedure.questions[1].id, "household");
  EXPECT_EQ(procedure.questions[2].id, "honseki");
  EXPECT_EQ(procedure.questions[3].id, "purpose");
  for (const Question& question : procedure.questions) {
    EXPECT_FALSE(question.title.empty()) << question.id;
    EXPECT_FALSE(question.help.empty()) << question.id;
    EXPECT_FALSE(question.summary_label.empty()) << question.id;
    EXPECT_FALSE(question.default_value.empty()) << question.id;
  }
}

TEST(CatalogFile, CopiesIsANumberFromOneToTen) {
  const Procedure procedure = testing::load_catalog_procedure();
  const Question* copies = procedure.find_question("copies");
  ASSERT_NE(copies, nullptr);
  EXPECT_EQ(copies->kind, QuestionKind::Number);
  EXPECT_EQ(copies->min, 1);
  EXPECT_EQ(copies->max, 10);
  EXPECT_EQ(copies->unit, "通");
  EXPECT_EQ(copies->default_value, "1");
  EXPECT_EQ(copies->summary_label, "必要な通数");
}

TEST(CatalogFile, ChoicesAndYesNoHaveTheirLabels) {
  const Procedure procedure = testing::load_catalog_procedure();
  const Question* household = procedure.find_question("household");
  ASSERT_NE(household, nullptr);
  EXPECT_EQ(household->kind, QuestionKind::Choice);
  ASSERT_EQ(household->choices.size(), 2U);
  EXPECT_EQ(household->choices[0].id, "self");
  EXPECT_EQ(household->choices[0].label, "本人のみ");
  EXPECT_EQ(household->choices[1].id, "all");
  EXPECT_EQ(household->choices[1].label, "世帯全員");
  EXPECT_EQ(household->default_value, "self");

  const Question* honseki = procedure.find_question("honseki");
  ASSERT_NE(honseki, nullptr);
  EXPECT_EQ(honseki->kind, QuestionKind::YesNo);
  EXPECT_EQ(honseki->title, "本籍・筆頭者を記載しますか");
  ASSERT_EQ(honseki->choices.size(), 2U);
  EXPECT_EQ(honseki->choices[0].id, "yes");
  EXPECT_EQ(honseki->choices[0].label, "はい");
  EXPECT_EQ(honseki->choices[1].id, "no");
  EXPECT_EQ(honseki->choices[1].label, "いいえ");
  EXPECT_EQ(honseki->default_value, "no");

  const Question* purpose = procedure.find_question("purpose");
  ASSERT_NE(purpose, nullptr);
  EXPECT_EQ(purpose->choices.size(), 6U);
  EXPECT_EQ(purpose->default_value, purpose->choices.front().id);
}

TEST(CatalogFile, LayoutIsAnA4PageWithABoxForEveryCardFact) {
  const Procedure procedure = testing::load_catalog_procedure();
  EXPECT_EQ(procedure.layout.page, "A4");
  EXPECT_EQ(procedure.layout.width_mm, 210);
  EXPECT_EQ(procedure.layout.height_mm, 297);
  EXPECT_GE(procedure.layout.margin_mm, 10);
  std::vector<std::string> field_ids;
  for (const LayoutTemplateItem& item : procedure.layout.pages.at(0).items) {
    if (const auto* field = std::get_if<BoundText>(&item)) {
      field_ids.push_back(field->field_id);
      EXPECT_GE(field->box.size_pt, 12) << field->field_id;
      EXPECT_LE(field->box.size_pt, 14) << field->field_id;
      EXPECT_EQ(field->box.min_size_pt, 9) << field->field_id;
    }
  }
  for (const char* expected : {"card.name", "card.address", "card.birth_date_wareki", "card.sex",
                               "reception.date_wareki", "reception.number", "fee.total"}) {
    EXPECT_NE(std::find(field_ids.begin(), field_ids.end(), expected), field_ids.end()) << expected;
  }
}

TEST(CatalogFolder, LoadsEveryFileWithoutErrors) {
  const Catalog catalog = load_catalog(MADOGUCHI_SOURCE_DIR "/forms/catalog");
  for (const LoadError& error : catalog.errors) ADD_FAILURE() << error.to_string();
  ASSERT_FALSE(catalog.procedures.empty());
  EXPECT_TRUE(std::any_of(catalog.procedures.begin(), catalog.procedures.end(),
                          [](const Procedure& procedure) { return procedure.id == "juminhyo"; }));
}

TEST(CatalogFolder, ABrokenFileOrDuplicateIdDoesNotStopTheOthers) {
  namespace fs = std::filesystem;
  const fs::path folder = fs::path(::testing::TempDir()) / "madoguchi_forms_catalog_test";
  fs::remove_all(folder);
  fs::create_directories(folder);
  const std::string text = testing::read_catalog_text();
  std::ofstream(folder / "a_juminhyo.json") << text;
  std::ofstream(folder / "b_broken.json") << text.substr(0, text.size() / 2);
  std::ofstream(folder / "c_same_id.json") << text;
  std::ofstream(folder / "readme.txt") << "not a procedure";

  const Catalog catalog = load_catalog(folder);
  ASSERT_EQ(catalog.procedures.size(), 1U);
  EXPECT_EQ(catalog.procedures[0].id, "juminhyo");
  ASSERT_EQ(catalog.errors.size(), 2U);
  EXPECT_EQ(fs::path(catalog.errors[0].file).filename(), "b_broken.json");
  EXPECT_GT(catalog.errors[0].line, 0);
  EXPECT_EQ(fs::path(catalog.errors[1].file).filename(), "c_same_id.json");
  EXPECT_EQ(catalog.errors[1].pointer, "/id");
  EXPECT_THAT(catalog.errors[1].message, HasSubstr("a_juminhyo.json"));
  fs::remove_all(folder);
}

TEST(CatalogFolder, ReportsAMissingFolder) {
  const Catalog catalog = load_catalog("/nonexistent/madoguchi/catalog");
  EXPECT_TRUE(catalog.procedures.empty());
  ASSERT_EQ(catalog.errors.size(), 1U);
  EXPECT_THAT(catalog.errors[0].message, HasSubstr("cannot read the folder"));
}

// ---------------------------------------------------------------------------------------
// Reading files

TEST(LoadProcedure, NamesAFileThatCannotBeRead) {
  const auto procedure = load_procedure("/nonexistent/juminhyo.json");
  ASSERT_FALSE(procedure);
  EXPECT_EQ(procedure.error().file, "/nonexistent/juminhyo.json");
  EXPECT_EQ(procedure.error().pointer, "");
  EXPECT_THAT(procedure.error().message, HasSubstr("cannot read the file"));
}

TEST(ParseProcedure, BrokenJsonReportsLineAndColumn) {
  const std::string text =
      "{\n"
      "  \"format_version\": 1,\n"
      "  \"id\": \"juminhyo\",\n"
      "  \"title\": \"住民票の写し\",,\n"
      "}\n";
  const auto procedure = parse_procedure(text, kFileName);
  ASSERT_FALSE(procedure);
  EXPECT_EQ(procedure.error().line, 4);
  EXPECT_EQ(procedure.error().column, 21);  // counted in characters: the second ","
  EXPECT_EQ(procedure.error().pointer, "");
  EXPECT_THAT(procedure.error().to_string(),
              HasSubstr("juminhyo.json: line 4, column 21: this is not valid JSON: "));
}

TEST(ParseProcedure, MissingCommaIsReportedOnTheRightLine) {
  const std::string text = "{\n  \"format_version\": 1\n  \"id\": \"juminhyo\"\n}\n";
  const auto procedure = parse_procedure(text, kFileName);
  ASSERT_FALSE(procedure);
  EXPECT_EQ(procedure.error().line, 3);
}

TEST(ParseProcedure, NeverThrowsOnAnyPrefixOfTheCatalogue) {
  const std::string text = testing::read_catalog_text();
  for (std::size_t length = 0; length < text.size(); length += 7) {
    const auto procedure = parse_procedure(text.substr(0, length), kFileName);
    ASSERT_FALSE(procedure) << "a file cut at byte " << length << " was accepted";
  }
}

TEST(ParseProcedure, DeeplyNestedJsonIsAnErrorNotACrash) {
  const std::string text = std::string(100000, '[') + std::string(100000, ']');
  const auto procedure = parse_procedure(text, kFileName);
  ASSERT_FALSE(procedure);
  EXPECT_EQ(procedure.error().pointer, "");
  EXPECT_THAT(procedure.error().message, HasSubstr("must be a procedure"));
}

TEST(ParseProcedure, RejectsAFileThatIsNotAnObject) {
  for (const char* text : {"[]", "null", "1", "\"juminhyo\""}) {
    const auto procedure = parse_procedure(text, kFileName);
    ASSERT_FALSE(procedure) << text;
    EXPECT_THAT(procedure.error().message, HasSubstr("must be a procedure")) << text;
  }
}

// ---------------------------------------------------------------------------------------
// Mistakes a clerk might make, each reported at its JSON pointer

TEST(LoaderErrors, UnknownKeyIsNamedWithAGuess) {
  auto json = catalog_json();
  json["questions"][1]["titel"] = "x";
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.file, kFileName);
  EXPECT_EQ(error.pointer, "/questions/1/titel");
  EXPECT_THAT(error.message, HasSubstr("unknown key \"titel\" (did you mean \"title\"?)"));
}

TEST(LoaderErrors, UnknownKeyAtTheTopAndInTheLayout) {
  auto json = catalog_json();
  json["colour"] = "red";
  EXPECT_EQ(expect_load_error(json).pointer, "/colour");

  json = catalog_json();
  json["layout"]["items"][3]["colour"] = "red";
  EXPECT_EQ(expect_load_error(json).pointer, "/layout/items/3/colour");
}

TEST(LoaderErrors, KeyWrittenTwiceIsNotSilentlyOverwritten) {
  std::string text = testing::read_catalog_text();
  const std::string once = "\"default\": \"no\"";
  ASSERT_NE(text.find(once), std::string::npos);
  text.replace(text.find(once), once.size(), once + ", \"default\": \"yes\"");
  const auto procedure = parse_procedure(text, kFileName);
  ASSERT_FALSE(procedure);
  EXPECT_EQ(procedure.error().pointer, "/questions/2/default");
  EXPECT_THAT(procedure.error().message, HasSubstr("written twice"));
}

TEST(LoaderErrors, MaxBelowMin) {
  auto json = catalog_json();
  json["questions"][0]["min"] = 5;
  json["questions"][0]["max"] = 2;
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/questions/0/max");
  EXPECT_EQ(error.to_string(), "juminhyo.json: /questions/0/max: must be ≥ min (5)");
}

TEST(LoaderErrors, WrongTypeSaysWhatIsExpected) {
  auto json = catalog_json();
  json["questions"][0]["min"] = "1";
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/questions/0/min");
  EXPECT_THAT(error.message, HasSubstr("must be a whole number"));
}

TEST(LoaderErrors, MissingRequiredKey) {
  auto json = catalog_json();
  json.erase("form_title");
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "");
  EXPECT_EQ(error.to_string(), "juminhyo.json: \"form_title\" is missing; it is required here");

  json = catalog_json();
  json["questions"][3].erase("title");
  EXPECT_EQ(expect_load_error(json).pointer, "/questions/3");
}

TEST(LoaderErrors, NewerFormatVersion) {
  auto json = catalog_json();
  json["format_version"] = 4;
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/format_version");
  EXPECT_EQ(error.message, "this kiosk reads format versions 1 to 3 only, and this file says 4");
}

TEST(LoaderErrors, DuplicateQuestionId) {
  auto json = catalog_json();
  json["questions"][2]["id"] = "household";
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/questions/2/id");
  EXPECT_THAT(error.message, HasSubstr("already used by /questions/1"));
}

TEST(LoaderErrors, IdThatCannotBeUsedInBindings) {
  auto json = catalog_json();
  json["questions"][0]["id"] = "copies.count";
  EXPECT_EQ(expect_load_error(json).pointer, "/questions/0/id");
}

TEST(LoaderErrors, UnknownQuestionKindWithAGuess) {
  auto json = catalog_json();
  json["questions"][2]["kind"] = "yesno";
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/questions/2/kind");
  EXPECT_THAT(error.message, HasSubstr("did you mean \"yes_no\"?"));
}

TEST(LoaderErrors, KeyForAnotherKindOfQuestion) {
  auto json = catalog_json();
  json["questions"][1]["max"] = 3;
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/questions/1/max");
  EXPECT_THAT(error.message, HasSubstr("only for number and date questions"));
}

TEST(LoaderErrors, DefaultsMustBeValidAnswers) {
  auto json = catalog_json();
  json["questions"][0]["default"] = "11";
  LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/questions/0/default");
  EXPECT_THAT(error.message, HasSubstr("from 1 to 10"));

  json = catalog_json();
  json["questions"][1]["default"] = "both";
  error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/questions/1/default");
  EXPECT_THAT(error.message, HasSubstr("choices: self, all"));

  json = catalog_json();
  json["questions"][2]["default"] = "maybe";
  EXPECT_EQ(expect_load_error(json).pointer, "/questions/2/default");
}

TEST(LoaderErrors, ChoiceIdUsedTwice) {
  auto json = catalog_json();
  json["questions"][3]["choices"][2]["id"] = "car";
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/questions/3/choices/2/id");
  EXPECT_THAT(error.message, HasSubstr("/questions/3/choices/1"));
}

TEST(LoaderErrors, FeeMustCountCopiesWithANumberQuestion) {
  auto json = catalog_json();
  json["fee"]["copies_question"] = "household";
  LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/fee/copies_question");
  EXPECT_THAT(error.message, HasSubstr("must name a number question"));

  json = catalog_json();
  json["fee"]["copies_question"] = "copys";
  error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/fee/copies_question");
  EXPECT_THAT(error.message, HasSubstr("did you mean \"copies\"?"));
}

TEST(LoaderErrors, DanglingBinding) {
  auto json = catalog_json();
  const std::size_t index = layout_item_index(json, "bind", "answer.copies");
  json["layout"]["items"][index]["bind"] = "answer.copiez";
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, item_pointer(index) + "/bind");
  EXPECT_THAT(error.message, HasSubstr("there is no question with id \"copiez\" (did you mean "
                                       "\"copies\"?); the questions are: copies, household, "
                                       "honseki, purpose"));
}

TEST(LoaderErrors, UnknownBindingWithAGuess) {
  auto json = catalog_json();
  const std::size_t index = layout_item_index(json, "bind", "card.name");
  json["layout"]["items"][index]["bind"] = "card.nmae";
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, item_pointer(index) + "/bind");
  EXPECT_THAT(error.message, HasSubstr("did you mean \"card.name\"?"));
}

TEST(LoaderErrors, CheckBoxWhenMustBeAChoice) {
  auto json = catalog_json();
  const std::size_t index = layout_item_index(json, "when", "all");
  json["layout"]["items"][index]["when"] = "everyone";
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, item_pointer(index) + "/when");
  EXPECT_THAT(error.message, HasSubstr("its choices are: self, all"));
}

TEST(LoaderErrors, CheckBoxMustBeBoundToAChoice) {
  auto json = catalog_json();
  const std::size_t index = layout_item_index(json, "when", "all");
  json["layout"]["items"][index]["bind"] = "answer.copies";
  EXPECT_EQ(expect_load_error(json).pointer, item_pointer(index) + "/bind");
}

TEST(LoaderErrors, FormatNeedsExactlyOnePlaceForTheValue) {
  auto json = catalog_json();
  const std::size_t index = layout_item_index(json, "bind", "fee.total");
  json["layout"]["items"][index]["format"] = "円";
  EXPECT_EQ(expect_load_error(json).pointer, item_pointer(index) + "/format");
}

TEST(LoaderErrors, BoxOffTheRightOfThePage) {
  auto json = catalog_json();
  const std::size_t index = layout_item_index(json, "bind", "card.address");
  json["layout"]["items"][index]["w"] = 150;  // x 64 + 150 = 214 mm
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, item_pointer(index) + "/w");
  EXPECT_EQ(error.message,
            "the box ends 214 mm from the left edge (x + w), past the right margin: keep it "
            "between 10 and 200 mm (A4 with a 10 mm margin)");
}

TEST(LoaderErrors, BoxInsideTheMargin) {
  auto json = catalog_json();
  const std::size_t index = layout_item_index(json, "bind", "card.name");
  json["layout"]["items"][index]["x"] = 5;
  EXPECT_EQ(expect_load_error(json).pointer, item_pointer(index) + "/x");
}

TEST(LoaderErrors, LineOffTheBottomOfThePage) {
  auto json = catalog_json();
  json["layout"]["items"].push_back(
      {{"type", "line"}, {"x1", 20}, {"y1", 280}, {"x2", 20}, {"y2", 300}});
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, item_pointer(json["layout"]["items"].size() - 1) + "/y2");
  EXPECT_THAT(error.message, HasSubstr("keep it between 10 and 287 mm"));
}

TEST(LoaderErrors, TextThatCannotFitItsBox) {
  auto json = catalog_json();
  const std::size_t index = layout_item_index(json, "text", "本人のみ");
  json["layout"]["items"][index]["w"] = 10;
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, item_pointer(index));
  EXPECT_THAT(error.message, HasSubstr("\"本人のみ\" does not fit in this box even at 9 pt"));
}

TEST(LoaderErrors, FieldTooSmallForItsLongestValue) {
  auto json = catalog_json();
  const std::size_t index = layout_item_index(json, "when", "work_pension") + 1;
  ASSERT_EQ(json["layout"]["items"][index]["text"], "就職・年金などの届出");
  // Bind a narrow field to the purpose: the longest label cannot fit.
  json["layout"]["items"].push_back(
      {{"type", "field"}, {"bind", "answer.purpose"}, {"x", 150}, {"y", 205}, {"w", 30}, {"h", 6}});
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, item_pointer(json["layout"]["items"].size() - 1));
  EXPECT_THAT(error.message, HasSubstr("the value \"就職・年金などの届出\" does not fit"));
}

TEST(LoaderErrors, OverlappingBoxes) {
  auto json = catalog_json();
  const std::size_t index = layout_item_index(json, "text", "本人のみ");
  json["layout"]["items"][index]["x"] = 66;  // onto its own check box
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, item_pointer(index));
  EXPECT_THAT(error.message, HasSubstr("overlaps the check box \"answer.household=self\" at " +
                                       item_pointer(index - 1)));
}

TEST(LoaderErrors, FieldIdUsedTwice) {
  auto json = catalog_json();
  json["layout"]["items"].push_back(
      {{"type", "field"}, {"bind", "card.name"}, {"x", 150}, {"y", 205}, {"w", 40}, {"h", 6}});
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, item_pointer(json["layout"]["items"].size() - 1));
  EXPECT_THAT(error.message, HasSubstr("\"card.name\" is already used by /layout/items/"));
}

TEST(LoaderErrors, AnswerThatIsNeverPrinted) {
  auto json = catalog_json();
  auto& items = json["layout"]["items"];
  for (std::size_t i = items.size(); i-- > 0;) {
    if (items[i].contains("bind") && items[i]["bind"] == "answer.honseki") {
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/questions/2");
  EXPECT_THAT(error.message, HasSubstr("not printed anywhere"));
}

TEST(LoaderErrors, UnknownPageSizeAndItemType) {
  auto json = catalog_json();
  json["layout"]["page"] = "A6";
  EXPECT_EQ(expect_load_error(json).pointer, "/layout/page");

  json = catalog_json();
  json["layout"]["items"][0]["type"] = "txt";
  const LoadError error = expect_load_error(json);
  EXPECT_EQ(error.pointer, "/layout/items/0/type");
  EXPECT_THAT(error.message, HasSubstr("did you mean \"text\"?"));
}

TEST(LoaderErrors, NotesAreAllowedAnywhereButMustBeText) {
  auto json = catalog_json();
  json["note"] = "住民票の写し: 2025年度の様式";
  json["questions"][0]["note"] = "窓口と同じ上限";
  EXPECT_TRUE(parse_procedure(json.dump(), kFileName));

  json["questions"][0]["note"] = 3;
  EXPECT_EQ(expect_load_error(json).pointer, "/questions/0/note");
}

TEST(LoaderErrors, PointerEscapesSlashAndTilde) {
  auto json = catalog_json();
  json["layout"]["a/b~c"] = 1;
  EXPECT_EQ(expect_load_error(json).pointer, "/layout/a~1b~0c");
}

}  // namespace
}  // namespace madoguchi::forms

namespace madoguchi::forms {
namespace {

// Whether any printed text item of a layout (its pages, its items, at any depth) asks for a
// signature (自署, 署名): the paper's own box label, not a note for the catalogue's editors.
bool prints_a_signature_box(const nlohmann::json& node) {
  if (node.is_object()) {
    if (node.contains("type") && node["type"] == "text" && node.contains("text") &&
        node["text"].is_string() &&
        (node["text"].get<std::string>().find("自署") != std::string::npos ||
         node["text"].get<std::string>().find("署名") != std::string::npos)) {
      return true;
    }
    for (const auto& [key, value] : node.items()) {
      if (key != "note" && prints_a_signature_box(value)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& value : node) {
      if (prints_a_signature_box(value)) return true;
    }
  }
  return false;
}

// Issue 20: the kiosk tells the resident to sign the 自署 box only where the procedure says
// needs_signature — so each catalogue file must say it exactly when its paper has the box
// (住民票の写し had the box and did not say it; 印鑑登録証明書, 所得証明書, 妊娠の届出 and
// 介護保険被保険者証 have none).
TEST(CatalogFile, SaysItNeedsASignatureExactlyWhenItsPaperHasASignatureBox) {
  int with_box = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(MADOGUCHI_SOURCE_DIR "/forms/catalog")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const auto json = nlohmann::json::parse(in, nullptr, false);
    ASSERT_FALSE(json.is_discarded()) << entry.path();
    auto procedure = load_procedure(entry.path());
    ASSERT_TRUE(procedure) << procedure.error().to_string();
    const bool box = prints_a_signature_box(json.value("layout", nlohmann::json::object()));
    with_box += box ? 1 : 0;
    EXPECT_EQ(procedure->needs_signature, box) << entry.path().filename();
  }
  EXPECT_GE(with_box, 9);
}

}  // namespace
}  // namespace madoguchi::forms
