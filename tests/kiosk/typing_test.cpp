// The on-screen keyboards' rules, without a screen.
#include <gtest/gtest.h>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/typing.hpp"

namespace madoguchi::kiosk::typing {
namespace {

TEST(Typing, AppendsUpToTheLimitInCharactersNotBytes) {
  EXPECT_EQ(append("ヤマ", "ダ", 3), "ヤマダ");
  EXPECT_EQ(append("ヤマダ", "タ", 3), "ヤマダ") << "a fourth character is refused";
  EXPECT_EQ(append("ヤマダ", "タ"), "ヤマダタ") << "0 means no limit";
  EXPECT_EQ(length("ヤマダ　A1"), 6U);
}

TEST(Typing, EraseTakesOneWholeCharacter) {
  EXPECT_EQ(erase_last("ヤマダ"), "ヤマ");
  EXPECT_EQ(erase_last("A"), "");
  EXPECT_EQ(erase_last(""), "");
  EXPECT_EQ(erase_last("03-"), "03");
}

TEST(Typing, MarksChangeTheLastKanaAndATapAgainUndoesThem) {
  EXPECT_EQ(apply_mark("ヤマタ", Mark::Dakuten), "ヤマダ");
  EXPECT_EQ(apply_mark("ヤマダ", Mark::Dakuten), "ヤマタ");
  EXPECT_EQ(apply_mark("ハ", Mark::Handakuten), "パ");
  EXPECT_EQ(apply_mark("パ", Mark::Handakuten), "ハ");
  EXPECT_EQ(apply_mark("バ", Mark::Handakuten), "パ");
  EXPECT_EQ(apply_mark("パ", Mark::Dakuten), "バ");
  EXPECT_EQ(apply_mark("ウ", Mark::Dakuten), "ヴ");
  EXPECT_EQ(apply_mark("キヨ", Mark::Small), "キョ");
  EXPECT_EQ(apply_mark("キョ", Mark::Small), "キヨ");
  EXPECT_EQ(apply_mark("ツ", Mark::Small), "ッ");
  EXPECT_EQ(apply_mark("ン", Mark::Dakuten), "ン") << "no mark on ン";
  EXPECT_EQ(apply_mark("", Mark::Dakuten), "");
  EXPECT_EQ(apply_mark("A", Mark::Small), "A");
}

TEST(Typing, EveryKanaWithAMarkIsAcceptedByTheKanaQuestion) {
  forms::Question kana;
  kana.kind = forms::QuestionKind::KanaText;
  kana.max_length = 40;
  std::string text;
  for (const char* plain : {"カ", "サ", "タ", "ハ", "ウ"}) {
    text += apply_mark(plain, Mark::Dakuten);
  }
  text += apply_mark("ホ", Mark::Handakuten) + apply_mark("ヤ", Mark::Small);
  EXPECT_EQ(text, "ガザダバヴポャ");
  EXPECT_EQ(forms::validate_answer(kana, text), std::nullopt);
}

TEST(Typing, ADateIsPutTogetherFromItsParts) {
  EXPECT_EQ(date_text({"昭和", "55", "2", "17"}), "昭和55年2月17日");
  EXPECT_EQ(date_text({"令和", "元", "5", "1"}), "令和元年5月1日");
  EXPECT_EQ(date_text({"西暦", "1980", "2", "17"}), "1980年2月17日");
  EXPECT_EQ(date_text({"平成", "3", "", ""}), "平成3年");
  EXPECT_EQ(date_text({"平成", "", "", ""}), "平成");
}

TEST(Typing, PutTogetherDatesAreReadByTheDateQuestion) {
  forms::Question date;
  date.kind = forms::QuestionKind::Date;
  EXPECT_EQ(forms::normalize_answer(date, date_text({"昭和", "55", "2", "17"})).value(),
            "1980-02-17");
  EXPECT_EQ(forms::normalize_answer(date, date_text({"令和", "元", "5", "1"})).value(),
            "2019-05-01");
  EXPECT_EQ(forms::normalize_answer(date, date_text({"西暦", "1980", "2", "17"})).value(),
            "1980-02-17");
  EXPECT_FALSE(forms::normalize_answer(date, date_text({"平成", "31", "5", "1"})))
      << "平成31年5月1日 does not exist: 令和 began that day";
}

TEST(Typing, AStoredDateOpensInItsEra) {
  EXPECT_EQ(date_parts("1980-02-17", false), (DateParts{"昭和", "55", "2", "17"}));
  EXPECT_EQ(date_parts("2019-05-01", false), (DateParts{"令和", "1", "5", "1"}));
  EXPECT_EQ(date_parts("2019-04-30", false), (DateParts{"平成", "31", "4", "30"}));
  EXPECT_EQ(date_parts("1980-02-17", true), (DateParts{"西暦", "1980", "2", "17"}));
  EXPECT_EQ(date_parts("1980-2-17", false), std::nullopt);
  EXPECT_EQ(date_parts("1980-02-30", false), std::nullopt);
}

TEST(Typing, APartIsCompleteWhenNoOtherDigitCouldFollow) {
  EXPECT_FALSE(part_complete({"昭和", "5", "", ""}, DatePart::Year));
  EXPECT_TRUE(part_complete({"昭和", "55", "", ""}, DatePart::Year));
  EXPECT_FALSE(part_complete({"西暦", "198", "", ""}, DatePart::Year));
  EXPECT_TRUE(part_complete({"西暦", "1980", "", ""}, DatePart::Year));
  EXPECT_FALSE(part_complete({"昭和", "55", "1", ""}, DatePart::Month)) << "10, 11, 12 may follow";
  EXPECT_TRUE(part_complete({"昭和", "55", "2", ""}, DatePart::Month));
  EXPECT_FALSE(part_complete({"昭和", "55", "2", "3"}, DatePart::Day)) << "30, 31 may follow";
  EXPECT_TRUE(part_complete({"昭和", "55", "2", "4"}, DatePart::Day));
}

}  // namespace
}  // namespace madoguchi::kiosk::typing
