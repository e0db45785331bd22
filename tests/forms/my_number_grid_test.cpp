// The 個人番号 on the forms that need it: a "grid" bound to "card.my_number" prints the 12 digits
// one a cell, only in a procedure that says "needs_my_number", and never in field_values (the
// outbox's form_json is made from them).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::ordered_json;

constexpr const char* kNumber = "739154082617";

std::chrono::system_clock::time_point reception_time() {
  using namespace std::chrono;
  return sys_days{2025y / November / 22} + 1h;
}

const ResidentFacts kResident{"山田　太郎", "東京都千代田区霞が関１－２－３", "19850415", "1"};
const Answers kAnswers{{"children", "1"}, {"reason", "birth"},        {"reason_date", "2025-11-15"},
                       {"spouse", "no"},  {"kana", "ヤマダ　タロウ"}, {"phone", "092-123-4567"}};

Json catalogue_file(const std::string& id) {
  std::ifstream in(std::string(MADOGUCHI_SOURCE_DIR) + "/forms/catalog/" + id + ".json");
  std::ostringstream text;
  text << in.rdbuf();
  return Json::parse(text.str());
}

std::expected<Procedure, LoadError> parse(const Json& json) {
  return parse_procedure(json.dump(2), "jido_teate.json");
}

// The texts drawn in the cells of the grid bound to the 個人番号 (its field id), in order.
std::vector<std::string> my_number_cells(const FilledForm& form) {
  std::vector<std::string> cells;
  for (const FilledPage& page : form.pages) {
    for (const LayoutItem& item : page.items) {
      const auto* text = std::get_if<LayoutText>(&item);
      if (text != nullptr && text->field == "card.my_number") cells.push_back(text->text);
    }
  }
  return cells;
}

TEST(MyNumberGrid, PrintsTwelveDigitsInTwelveCells) {
  const auto procedure = parse(catalogue_file("jido_teate"));
  ASSERT_TRUE(procedure) << procedure.error().to_string();
  ASSERT_TRUE(procedure->needs_my_number);
  const wiping::WipingString number(kNumber);
  const auto form =
      fill_form(*procedure, kResident, kAnswers, "0042", reception_time(), Office{}, &number);
  ASSERT_TRUE(form) << form.error();
  const auto cells = my_number_cells(*form);
  ASSERT_EQ(cells.size(), 12U);
  for (std::size_t i = 0; i < 12; ++i) EXPECT_EQ(cells[i], std::string(1, kNumber[i])) << i;
}

TEST(MyNumberGrid, EveryProcedureThatNeedsItHasTheGrid) {
  for (const char* id : {"jido_teate", "ninshin", "kaigo_nintei"}) {
    const auto procedure = parse(catalogue_file(id));
    ASSERT_TRUE(procedure) << procedure.error().to_string();
    EXPECT_TRUE(procedure->needs_my_number) << id;
    const wiping::WipingString number(kNumber);
    Answers none;
    // Answers do not matter here: the form is filled with defaults where it can be.
    auto filled = fill_form(*procedure, kResident, default_answers(*procedure), "0042",
                            reception_time(), Office{}, &number);
    if (!filled) continue;  // required answers missing: the grid is checked by the loader below
    EXPECT_EQ(my_number_cells(*filled).size(), 12U) << id;
  }
}

TEST(MyNumberGrid, WrittenAtTheCounterLeavesTheCellsEmpty) {
  const auto procedure = parse(catalogue_file("jido_teate"));
  ASSERT_TRUE(procedure) << procedure.error().to_string();
  const auto form = fill_form(*procedure, kResident, kAnswers, "0042", reception_time());
  ASSERT_TRUE(form) << form.error();
  EXPECT_TRUE(my_number_cells(*form).empty());
  // The twelve cells are drawn all the same, for the pen.
  std::size_t cells = 0;
  for (const LayoutItem& item : form->pages.front().items) {
    const auto* rect = std::get_if<LayoutRect>(&item);
    if (rect != nullptr && rect->y_mm == 85 && rect->w_mm == 7 && rect->h_mm == 7) ++cells;
  }
  EXPECT_EQ(cells, 12U);
}

TEST(MyNumberGrid, FieldValuesNeverHoldTheNumber) {
  const auto procedure = parse(catalogue_file("jido_teate"));
  ASSERT_TRUE(procedure) << procedure.error().to_string();
  const wiping::WipingString number(kNumber);
  const auto form =
      fill_form(*procedure, kResident, kAnswers, "0042", reception_time(), Office{}, &number);
  ASSERT_TRUE(form) << form.error();
  EXPECT_FALSE(form->field_values.contains("card.my_number"));
  std::string all;
  for (const auto& [id, value] : form->field_values) all += id + "=" + value + ";";
  for (const std::string& warning : form->warnings) all += warning;
  all += form->title;
  EXPECT_THAT(all, ::testing::Not(HasSubstr(kNumber)));
  EXPECT_THAT(all, ::testing::Not(HasSubstr("0826")));  // no part of it either
}

TEST(MyNumberGrid, RefusedInAProcedureWithoutNeedsMyNumber) {
  Json json = catalogue_file("jido_teate");
  json["needs_my_number"] = false;
  const auto refused = parse(json);
  ASSERT_FALSE(refused) << "a form printed the 個人番号 without needs_my_number";
  EXPECT_THAT(refused.error().message, HasSubstr("needs_my_number"));
  EXPECT_THAT(refused.error().pointer, HasSubstr("/bind"));
}

TEST(MyNumberGrid, OnlyInAGridOfTwelveCells) {
  Json json = catalogue_file("jido_teate");
  auto& items = json["layout"]["items"];
  for (auto& item : items) {
    if (item.value("bind", "") == "card.my_number") item["cells"] = 11;
  }
  auto refused = parse(json);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message, HasSubstr("12"));

  json = catalogue_file("jido_teate");
  json["layout"]["items"].push_back(Json::parse(
      R"({ "type": "field", "bind": "card.my_number", "x": 150, "y": 270, "w": 40, "h": 7 })"));
  refused = parse(json);
  ASSERT_FALSE(refused) << "a field would put the number into field_values";
  EXPECT_THAT(refused.error().message, HasSubstr("grid"));
}

TEST(MyNumberGrid, AProcedureWithoutItIgnoresANumberGiven) {
  auto procedure = parse(catalogue_file("jido_teate"));
  ASSERT_TRUE(procedure) << procedure.error().to_string();
  procedure->needs_my_number = false;  // as if the file had been loaded without it
  const wiping::WipingString number(kNumber);
  const auto form =
      fill_form(*procedure, kResident, kAnswers, "0042", reception_time(), Office{}, &number);
  ASSERT_TRUE(form) << form.error();
  EXPECT_TRUE(my_number_cells(*form).empty());
}

TEST(MyNumberGrid, ANumberThatIsNotTwelveDigitsIsRefusedWithoutQuotingIt) {
  const auto procedure = parse(catalogue_file("jido_teate"));
  ASSERT_TRUE(procedure) << procedure.error().to_string();
  const wiping::WipingString number("73915408261");
  const auto form =
      fill_form(*procedure, kResident, kAnswers, "0042", reception_time(), Office{}, &number);
  ASSERT_FALSE(form);
  EXPECT_THAT(form.error(), ::testing::Not(HasSubstr("73915408261")));
}

}  // namespace
}  // namespace madoguchi::forms
