#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <variant>

#include "catalog_fixture.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/resident.hpp"
#include "madoguchi/forms/text_fit.hpp"

namespace madoguchi::forms {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 2025-11-22 10:00 in Japan.
std::chrono::system_clock::time_point reception_time() {
  using namespace std::chrono;
  return sys_days{2025y / November / 22} + 1h;
}

class FillingTheForm : public ::testing::Test {
 protected:
  std::expected<FilledForm, std::string> fill(const Answers& answers) const {
    return fill_form(procedure_, resident_, answers, "0042", reception_time());
  }

  Procedure procedure_ = testing::load_catalog_procedure();
  ResidentFacts resident_{"山田　太郎", "東京都千代田区霞が関１－２－３", "19500415", "1"};
  Answers answers_{{"copies", "2"},
                   {"household", "all"},
                   {"honseki", "yes"},
                   {"purpose", "property_inheritance"}};
};

TEST_F(FillingTheForm, IsAddressedToTheTownTheKioskServes) {
  const auto form = fill_form(procedure_, resident_, answers_, "0042", reception_time(),
                              Office{"みどり町", "みどり町長"});
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("office.addressee"), "（あて先）みどり町長");
}

TEST_F(FillingTheForm, GoldenPersona) {
  const auto form = fill(answers_);
  ASSERT_TRUE(form) << form.error();
  const std::map<std::string, std::string, std::less<>> expected{
      {"office.addressee", "（あて先）まどぐち市長"},
      {"reception.date_wareki", "令和7年11月22日"},
      {"card.address", "東京都千代田区霞が関１－２－３"},
      {"card.name", "山田　太郎"},
      {"card.birth_date_wareki", "昭和25年4月15日"},
      {"card.sex", "男"},
      {"answer.household=self", ""},
      {"answer.household=all", "✓"},
      {"answer.honseki=yes", "✓"},
      {"answer.honseki=no", ""},
      {"answer.copies", "2通"},
      {"answer.purpose=work_pension", ""},
      {"answer.purpose=car", ""},
      {"answer.purpose=bank_insurance", ""},
      {"answer.purpose=property_inheritance", "✓"},
      {"answer.purpose=passport", ""},
      {"answer.purpose=other", ""},
      {"fee.per_copy", "1通 300円"},
      {"answer.copies.value", "2通"},
      {"fee.total", "600円"},
      {"reception.number", "0042"},
  };
  EXPECT_EQ(form->field_values, expected);
  EXPECT_TRUE(form->warnings.empty()) << form->warnings.front();
}

TEST_F(FillingTheForm, IsOneA4PageWithTheFormTitle) {
  const auto form = fill(answers_);
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->title, "住民票の写し等交付請求書");
  ASSERT_EQ(form->pages.size(), 1U);
  EXPECT_EQ(form->pages[0].width_mm, 210);
  EXPECT_EQ(form->pages[0].height_mm, 297);
  EXPECT_EQ(form->pages[0].items.size(), procedure_.layout.pages[0].items.size());
}

TEST_F(FillingTheForm, BoxesCarryTheTextAndTicks) {
  const auto form = fill(answers_);
  ASSERT_TRUE(form) << form.error();
  int ticks = 0;
  bool found_name = false;
  for (const LayoutItem& item : form->pages[0].items) {
    if (const auto* text = std::get_if<LayoutText>(&item)) {
      EXPECT_TRUE(text_fits(text->text, text->w_mm, text->h_mm, text->min_size_pt)) << text->text;
      if (text->field == "card.name") {
        found_name = true;
        EXPECT_EQ(text->text, "山田　太郎");
        EXPECT_EQ(text->size_pt, 14);
        EXPECT_EQ(text->min_size_pt, 9);
      }
    } else if (const auto* check = std::get_if<LayoutCheck>(&item)) {
      ticks += check->checked ? 1 : 0;
    }
  }
  EXPECT_TRUE(found_name);
  EXPECT_EQ(ticks, 3);  // 世帯全員, 本籍・筆頭者 記載する, 不動産・相続
}

TEST_F(FillingTheForm, DefaultAnswersAreEnough) {
  const auto form = fill(default_answers(procedure_));
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("answer.copies"), "1通");
  EXPECT_EQ(form->field_values.at("fee.total"), "300円");
  EXPECT_EQ(form->field_values.at("answer.household=self"), "✓");
  EXPECT_EQ(form->field_values.at("answer.honseki=no"), "✓");
}

TEST_F(FillingTheForm, DatesTheFormInJapanNotUtc) {
  using namespace std::chrono;
  const auto midnight_in_japan = sys_days{2019y / April / 30} + 15h;
  const auto form = fill_form(procedure_, resident_, answers_, "1", midnight_in_japan);
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("reception.date_wareki"), "令和元年5月1日");
}

TEST_F(FillingTheForm, OtherSexCodesPrintADash) {
  resident_.sex = "9";
  const auto form = fill(answers_);
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("card.sex"), "—");
}

TEST_F(FillingTheForm, RefusesAMissingAnswerWithoutPersonalData) {
  answers_.erase("purpose");
  const auto form = fill(answers_);
  ASSERT_FALSE(form);
  EXPECT_THAT(form.error(), HasSubstr("\"purpose\""));
  EXPECT_THAT(form.error(), Not(HasSubstr("山田")));
}

TEST_F(FillingTheForm, RefusesAnAnswerOutsideTheRules) {
  answers_["copies"] = "0";
  const auto form = fill(answers_);
  ASSERT_FALSE(form);
  EXPECT_THAT(form.error(), HasSubstr("\"copies\""));
}

TEST_F(FillingTheForm, RefusesAnAnswerToAnUnknownQuestion) {
  answers_["favourite_colour"] = "blue";
  const auto form = fill(answers_);
  ASSERT_FALSE(form);
  EXPECT_THAT(form.error(), HasSubstr("\"favourite_colour\""));
}

TEST_F(FillingTheForm, UnreadableBirthDateLeavesTheBoxBlankForThePen) {
  resident_.birth_date = "19500231";
  const auto form = fill(answers_);
  ASSERT_TRUE(form) << form.error();
  EXPECT_EQ(form->field_values.at("card.birth_date_wareki"), "");
  ASSERT_EQ(form->warnings.size(), 1U);
  EXPECT_THAT(form->warnings[0], HasSubstr("card.birth_date_wareki"));
  EXPECT_THAT(form->warnings[0], Not(HasSubstr("1950")));
}

TEST_F(FillingTheForm, WarnsAboutAnAddressTooLongForItsBox) {
  resident_.address.clear();
  for (int i = 0; i < 8; ++i) resident_.address += "北海道札幌市中央区北一条西二丁目";
  const auto form = fill(answers_);
  ASSERT_TRUE(form) << form.error();
  ASSERT_EQ(form->warnings.size(), 1U);
  EXPECT_THAT(form->warnings[0], HasSubstr("card.address"));
  EXPECT_THAT(form->warnings[0], Not(HasSubstr("札幌")));
  EXPECT_EQ(form->field_values.at("card.address"), resident_.address);  // never cut
}

// The sex as the card codes it (1, 2, 9), as forms print it.
TEST(SexLabel, NamesTheCardsCodes) {
  EXPECT_EQ(sex_label("1"), "男");
  EXPECT_EQ(sex_label("2"), "女");
  EXPECT_EQ(sex_label("9"), "—");
  EXPECT_EQ(sex_label(""), "—");
}

}  // namespace
}  // namespace madoguchi::forms
