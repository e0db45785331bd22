// 和暦 parsing, the era table, the 明治 rule and the age rules (docs/japanese-text.md).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "madoguchi/text/japanese_date.hpp"
#include "madoguchi/text/kana.hpp"

namespace madoguchi::text {
namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

CivilDate civil(sys_days day) {
  const year_month_day ymd{day};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<int>(unsigned{ymd.month()}),
                   static_cast<int>(unsigned{ymd.day()})};
}

std::string error_of(std::string_view text,
                     MeijiCalendar rule = MeijiCalendar::kFromGregorianAdoption) {
  const auto parsed = parse_wareki(text, rule);
  return parsed ? "(parsed)" : parsed.error();
}

TEST(Eras, AreTheFiveModernErasWithTheirFirstDays) {
  ASSERT_EQ(eras().size(), 5u);
  EXPECT_EQ(eras()[0].name, "明治");
  EXPECT_EQ(eras()[0].first_day, (CivilDate{1868, 1, 25}));
  EXPECT_EQ(eras()[1].first_day, (CivilDate{1912, 7, 30}));
  EXPECT_EQ(eras()[2].first_day, (CivilDate{1926, 12, 25}));
  EXPECT_EQ(eras()[3].first_day, (CivilDate{1989, 1, 8}));
  EXPECT_EQ(eras()[4].name, "令和");
  EXPECT_EQ(eras()[4].first_day, (CivilDate{2019, 5, 1}));
  std::string initials;
  for (const Era& era : eras()) initials += era.initial;
  EXPECT_EQ(initials, "MTSHR");
  // Each era's last year is the year in which the next one began.
  for (std::size_t i = 0; i + 1 < eras().size(); ++i) {
    EXPECT_EQ(eras()[i].first_day.year + eras()[i].last_year - 1, eras()[i + 1].first_day.year);
  }
}

TEST(EraBoundaries, TheDayBeforeAndTheFirstDayOfEachEra) {
  for (std::size_t i = 1; i < eras().size(); ++i) {
    const Era& era = eras()[i];
    const Era& before = eras()[i - 1];
    const CivilDate first = era.first_day;
    const CivilDate eve = previous_day(first);
    EXPECT_EQ(wareki_of(first), (WarekiDate{era.name, 1, first.month, first.day}));
    EXPECT_EQ(wareki_of(eve), (WarekiDate{before.name, before.last_year, eve.month, eve.day}));
    EXPECT_EQ(parse_wareki(*to_wareki(first)), first);
    EXPECT_EQ(parse_wareki(*to_wareki(eve)), eve);
    // The eve written in the new era and the first day written in the old one do not exist.
    const std::string eve_in_new_era = std::string(era.name) + "元年" + std::to_string(eve.month) +
                                       "月" + std::to_string(eve.day) + "日";
    const std::string first_in_old_era =
        std::string(before.name) + std::to_string(before.last_year) + "年" +
        std::to_string(first.month) + "月" + std::to_string(first.day) + "日";
    EXPECT_FALSE(parse_wareki(eve_in_new_era)) << eve_in_new_era;
    EXPECT_FALSE(parse_wareki(first_in_old_era)) << first_in_old_era;
  }
}

TEST(EraBoundaries, MeijiBeginsOn18680125UnderTheProlepticConvention) {
  constexpr auto kProleptic = MeijiCalendar::kProlepticGregorian;
  EXPECT_EQ(first_wareki_day(kProleptic), (CivilDate{1868, 1, 25}));
  EXPECT_EQ(to_wareki({1868, 1, 25}, kProleptic), "明治元年1月25日");
  EXPECT_EQ(to_wareki({1868, 1, 24}, kProleptic), std::nullopt);
  EXPECT_EQ(to_wareki({1868, 10, 23}, kProleptic), "明治元年10月23日");
  EXPECT_EQ(to_wareki({1872, 12, 31}, kProleptic), "明治5年12月31日");
  EXPECT_EQ(parse_wareki("明治元年1月25日", kProleptic), (CivilDate{1868, 1, 25}));
  EXPECT_EQ(error_of("明治元年1月24日", kProleptic), "明治は1868年1月25日からです");
  EXPECT_EQ(parse_wareki("明治5年12月2日", kProleptic), (CivilDate{1872, 12, 2}));
  EXPECT_EQ(parse_wareki_year("明治元年", kProleptic), 1868);
}

TEST(EraBoundaries, TheKioskWritesMeijiOnlyFromTheGregorianCalendarsFirstDay) {
  EXPECT_EQ(first_wareki_day(), (CivilDate{1873, 1, 1}));
  EXPECT_EQ(to_wareki({1873, 1, 1}), "明治6年1月1日");
  EXPECT_EQ(to_wareki({1872, 12, 31}), std::nullopt);
  EXPECT_EQ(to_wareki({1868, 1, 25}), std::nullopt);
  EXPECT_EQ(parse_wareki("明治6年1月1日"), (CivilDate{1873, 1, 1}));
  for (const char* lunisolar : {"明治5年12月2日", "明治元年1月25日", "明治5年12月31日"}) {
    EXPECT_EQ(
        error_of(lunisolar),
        "明治5年までの日付は旧暦（太陰太陽暦）で数えられていて、この機械では西暦に直せません。"
        "窓口でお尋ねください")
        << lunisolar;
  }
  EXPECT_FALSE(parse_wareki_year("明治5年"));
  EXPECT_EQ(parse_wareki_year("明治6年"), 1873);
}

TEST(ParseWareki, ReadsTheWaysResidentsAndFormsWriteDates) {
  const CivilDate reiwa_1{2019, 5, 1};
  for (const char* text :
       {"令和元年5月1日", "令和1年5月1日", "令和１年５月１日", "令和01年05月01日",
        "令和 元年 5月 1日", "　令和元年５月１日　", "R1.5.1", "r1.5.1", "Ｒ１．５．１",
        "R01.05.01", "R1/5/1", "R1-5-1", "R 1.5.1", "R元.5.1", "㋿元年5月1日",
        "令和元年五月一日", "令和元年5月1", "令和元年5月1日"}) {
    EXPECT_EQ(parse_wareki(text), reiwa_1) << text;
  }
  EXPECT_EQ(parse_wareki("S25.4.15"), (CivilDate{1950, 4, 15}));
  EXPECT_EQ(parse_wareki("昭和二十五年四月十五日"), (CivilDate{1950, 4, 15}));
  EXPECT_EQ(parse_wareki("昭和十年十月十日"), (CivilDate{1935, 10, 10}));
  EXPECT_EQ(parse_wareki("昭和三十年十二月三十一日"), (CivilDate{1955, 12, 31}));
  EXPECT_EQ(parse_wareki("Ｈ３１．４．３０"), (CivilDate{2019, 4, 30}));
  EXPECT_EQ(parse_wareki("㍻元年1月8日"), (CivilDate{1989, 1, 8}));
  EXPECT_EQ(parse_wareki("T15.12.24"), (CivilDate{1926, 12, 24}));
  EXPECT_EQ(parse_wareki("M45.7.29"), (CivilDate{1912, 7, 29}));
  EXPECT_EQ(parse_wareki("令和7年11月22日"), (CivilDate{2025, 11, 22}));
}

TEST(ParseWareki, SaysWhenADateIsOutsideItsEra) {
  EXPECT_EQ(error_of("令和元年4月30日"), "令和は2019年5月1日からです（それより前は平成です）");
  EXPECT_EQ(error_of("R1.4.30"), "令和は2019年5月1日からです（それより前は平成です）");
  EXPECT_EQ(error_of("平成31年5月1日"), "平成は2019年4月30日までです（5月1日からは令和です）");
  EXPECT_EQ(error_of("平成32年1月1日"), "平成は2019年4月30日までです（5月1日からは令和です）");
  EXPECT_EQ(error_of("昭和64年1月8日"), "昭和は1989年1月7日までです（1月8日からは平成です）");
  EXPECT_EQ(error_of("平成元年1月7日"), "平成は1989年1月8日からです（それより前は昭和です）");
  EXPECT_EQ(error_of("大正15年12月25日"), "大正は1926年12月24日までです（12月25日からは昭和です）");
  EXPECT_EQ(error_of("昭和元年12月24日"), "昭和は1926年12月25日からです（それより前は大正です）");
  EXPECT_EQ(error_of("明治45年7月30日"), "明治は1912年7月29日までです（7月30日からは大正です）");
  EXPECT_EQ(error_of("大正元年7月29日"), "大正は1912年7月30日からです（それより前は明治です）");
}

TEST(ParseWareki, SaysWhenADayDoesNotExist) {
  EXPECT_EQ(error_of("令和5年2月29日"), "令和5年2月は28日までです");
  EXPECT_EQ(error_of("令和6年2月30日"), "令和6年2月は29日までです");  // 2024 is a leap year
  EXPECT_EQ(parse_wareki("令和6年2月29日"), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(error_of("令和元年6月31日"), "令和元年6月は30日までです");
  EXPECT_EQ(error_of("平成12年2月30日"), "平成12年2月は29日までです");  // 2000 is a leap year
  EXPECT_EQ(error_of("令和5年4月0日"), "日は1日からです");
  EXPECT_EQ(error_of("令和5年13月1日"), "月は1から12までの数で入れてください");
  EXPECT_EQ(error_of("令和5年0月1日"), "月は1から12までの数で入れてください");
  EXPECT_EQ(error_of("令和0年5月1日"), "年は1（元年）からです");
}

TEST(ParseWareki, SaysHowToWriteWhatItCannotRead) {
  EXPECT_EQ(error_of(""), "日付を入れてください");
  EXPECT_EQ(error_of("　"), "日付を入れてください");
  EXPECT_EQ(error_of("2019年5月1日"),
            "元号（令和・平成・昭和・大正・明治）から入れてください。"
            "「令和7年4月1日」や「R7.4.1」のように入れてください");
  for (const char* text :
       {"令和", "令和元年", "令和元年5月", "令和元年5月1日です", "令和5.1", "R1.5/1", "R1.5.1.",
        "令和12345年1月1日", "きのう", "X1.5.1", "令和元年5月1日 10時", "令和元年5月十一十日"}) {
    EXPECT_EQ(error_of(text),
              "日付の書き方が読み取れません。「令和7年4月1日」や「R7.4.1」のように入れてください")
        << text;
  }
}

TEST(ParseWarekiYear, ReadsAnEraYear) {
  EXPECT_EQ(parse_wareki_year("令和元年"), 2019);
  EXPECT_EQ(parse_wareki_year("令和1年"), 2019);
  EXPECT_EQ(parse_wareki_year("令和１年"), 2019);
  EXPECT_EQ(parse_wareki_year("R1"), 2019);
  EXPECT_EQ(parse_wareki_year("平成31年"), 2019);
  EXPECT_EQ(parse_wareki_year("昭和64年"), 1989);
  EXPECT_EQ(parse_wareki_year("S25"), 1950);
  EXPECT_EQ(parse_wareki_year("平成32年").error(), "平成は31年（2019年）までです");
  EXPECT_EQ(parse_wareki_year("令和0年").error(), "年は1（元年）からです");
  EXPECT_FALSE(parse_wareki_year("令和元年5月"));
}

TEST(ToWarekiInitial, WritesTheShortFormOfForms) {
  EXPECT_EQ(to_wareki_initial({2019, 5, 1}), "R1.5.1");
  EXPECT_EQ(to_wareki_initial({1950, 4, 15}), "S25.4.15");
  EXPECT_EQ(to_wareki_initial({1989, 1, 7}), "S64.1.7");
  EXPECT_EQ(to_wareki_initial({1872, 12, 31}), std::nullopt);
}

// Property: every day from 1873-01-01 to 2100-12-31 goes to 和暦 (long and short, and in full
// width) and parses back to itself.
TEST(WarekiProperty, EveryDayFrom1873To2100ParsesBackToItself) {
  using namespace std::chrono;
  const sys_days first{1873y / January / 1};
  const sys_days last{2100y / December / 31};
  int days_checked = 0;
  for (sys_days day = first; day <= last; day += days{1}) {
    const CivilDate date = civil(day);
    const auto wareki = to_wareki(date);
    ASSERT_TRUE(wareki) << to_seireki(date);
    ASSERT_EQ(parse_wareki(*wareki), date) << *wareki;
    const auto initial = to_wareki_initial(date);
    ASSERT_TRUE(initial) << to_seireki(date);
    ASSERT_EQ(parse_wareki(*initial), date) << *initial;
    if (date.day == 1 || date.day == 29) {  // full width costs more: a sample of the days
      ASSERT_EQ(parse_wareki(to_full_width(*wareki)), date) << *wareki;
    }
    ++days_checked;
  }
  EXPECT_EQ(days_checked, (last - first).count() + 1);
  EXPECT_EQ(to_wareki({2100, 12, 31}), "令和82年12月31日");
}

// Property: a day that is not the first of an era never parses when written in the next era's
// 元年, and every real day of 2019 parses in exactly one of 平成 and 令和.
TEST(WarekiProperty, EachDayBelongsToExactlyOneEra) {
  using namespace std::chrono;
  for (sys_days day = sys_days{2019y / January / 1}; day <= sys_days{2019y / December / 31};
       day += days{1}) {
    const CivilDate date = civil(day);
    const std::string month_day =
        std::to_string(date.month) + "月" + std::to_string(date.day) + "日";
    const bool heisei = parse_wareki("平成31年" + month_day).has_value();
    const bool reiwa = parse_wareki("令和元年" + month_day).has_value();
    ASSERT_NE(heisei, reiwa) << month_day;
    ASSERT_EQ(reiwa, (date >= CivilDate{2019, 5, 1})) << month_day;
  }
}

TEST(DayArithmetic, CrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(next_day({2024, 2, 28}), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(next_day({2023, 2, 28}), (CivilDate{2023, 3, 1}));
  EXPECT_EQ(next_day({2019, 12, 31}), (CivilDate{2020, 1, 1}));
  EXPECT_EQ(previous_day({2019, 5, 1}), (CivilDate{2019, 4, 30}));
  EXPECT_EQ(previous_day({2000, 3, 1}), (CivilDate{2000, 2, 29}));
}

TEST(AgeReached, TheLawCompletesAYearAtTheEndOfTheDayBeforeTheBirthday) {
  const CivilDate birth{1960, 4, 15};
  EXPECT_EQ(day_reaching_age(birth, 65), (CivilDate{2025, 4, 14}));
  EXPECT_EQ(age_reached_by_end_of(birth, {2025, 4, 13}), 64);
  EXPECT_EQ(age_reached_by_end_of(birth, {2025, 4, 14}), 65);
  EXPECT_EQ(age_on(birth, {2025, 4, 14}), 64);  // during that day, still 64
  EXPECT_EQ(age_on(birth, {2025, 4, 15}), 65);
}

TEST(AgeReached, LeapDayBirthsReachTheirAgeOnFebruary28) {
  const CivilDate birth{2000, 2, 29};
  EXPECT_EQ(day_reaching_age(birth, 21), (CivilDate{2021, 2, 28}));  // common year
  EXPECT_EQ(day_reaching_age(birth, 24), (CivilDate{2024, 2, 28}));  // leap year
  EXPECT_EQ(age_reached_by_end_of(birth, {2021, 2, 27}), 20);
  EXPECT_EQ(age_reached_by_end_of(birth, {2021, 2, 28}), 21);
  EXPECT_EQ(age_on(birth, {2021, 2, 28}), 20);
  EXPECT_EQ(age_on(birth, {2021, 3, 1}), 21);
  EXPECT_EQ(age_on(birth, {2024, 2, 28}), 23);
  EXPECT_EQ(age_on(birth, {2024, 2, 29}), 24);
}

TEST(SchoolEntryYear, ChildrenBornOnApril1stJoinTheEarlierYear) {
  EXPECT_EQ(school_entry_year({2018, 4, 1}), 2024);
  EXPECT_EQ(school_entry_year({2018, 4, 2}), 2025);
  EXPECT_EQ(school_entry_year({2017, 4, 2}), 2024);
  EXPECT_EQ(school_entry_year({2018, 3, 31}), 2024);
  EXPECT_EQ(school_entry_year({2018, 1, 1}), 2024);
  EXPECT_EQ(school_entry_year({2017, 12, 31}), 2024);
  EXPECT_EQ(school_entry_year({2016, 2, 29}), 2022);
}

// Property: for every birth day of 1999–2004 and every age up to 110, the law's day of reaching
// the age is the last day of the previous age, and the age during a day agrees with the plain
// birthday rule (so age_on is right under both readings).
TEST(AgeProperty, ReachingAnAgeAndTheAgeDuringADayAgree) {
  using namespace std::chrono;
  for (sys_days day = sys_days{1999y / January / 1}; day <= sys_days{2004y / December / 31};
       day += days{1}) {
    const CivilDate birth = civil(day);
    for (int age = 1; age <= 110; age += 1) {
      const CivilDate reached = day_reaching_age(birth, age);
      ASSERT_EQ(age_reached_by_end_of(birth, reached), age) << to_seireki(birth) << " " << age;
      ASSERT_EQ(age_reached_by_end_of(birth, previous_day(reached)), age - 1);
      ASSERT_EQ(age_on(birth, reached), age - 1);
      ASSERT_EQ(age_on(birth, next_day(reached)), age);
    }
    ASSERT_EQ(school_entry_year(birth),
              (birth <= CivilDate{birth.year, 4, 1} ? birth.year + 6 : birth.year + 7));
  }
}

}  // namespace
}  // namespace madoguchi::text
