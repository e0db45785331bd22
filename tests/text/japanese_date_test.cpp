#include "madoguchi/text/japanese_date.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ostream>
#include <string>

namespace madoguchi::text {
namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

TEST(ParseYyyymmdd, ReadsTheCardsBirthDate) {
  EXPECT_EQ(parse_yyyymmdd("19500415"), (CivilDate{1950, 4, 15}));
  EXPECT_EQ(parse_yyyymmdd("20240229"), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(parse_yyyymmdd("20000229"), (CivilDate{2000, 2, 29}));  // divisible by 400
}

TEST(ParseYyyymmdd, RejectsDatesThatDoNotExist) {
  for (const char* text : {"20230229", "19000229", "19500431", "19501301", "19500001", "19500100",
                           "19500000", "00000101", "19501232"}) {
    EXPECT_EQ(parse_yyyymmdd(text), std::nullopt) << text;
  }
}

TEST(ParseYyyymmdd, RejectsAnythingButEightDigits) {
  for (const char* text : {"", "1950041", "195004155", "1950-4-1", "abcdefgh", "１９５００４１５",
                           " 1950041", "+1950041"}) {
    EXPECT_EQ(parse_yyyymmdd(text), std::nullopt) << text;
  }
}

TEST(ParseYyyymmdd, AgreesWithTheStandardCalendar) {
  for (int year : {1900, 1999, 2000, 2023, 2024}) {
    for (int month = 0; month <= 13; ++month) {
      for (int day = 0; day <= 32; ++day) {
        char text[40];  // room for any three ints: -O1 (the sanitizer build) checks it
        std::snprintf(text, sizeof text, "%04d%02d%02d", year, month, day);
        const bool real = year_month_day{
            std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
            std::chrono::day{static_cast<unsigned>(
                day)}}.ok();
        EXPECT_EQ(parse_yyyymmdd(text).has_value(), real) << text;
      }
    }
  }
}

struct EraCase {
  CivilDate date;
  const char* wareki;
};

void PrintTo(const EraCase& era_case, std::ostream* out) { *out << era_case.wareki; }

std::string date_name(const ::testing::TestParamInfo<EraCase>& info) {
  char name[16];
  std::snprintf(name, sizeof name, "d%04d%02d%02d", info.param.date.year, info.param.date.month,
                info.param.date.day);
  return name;
}

class ToWarekiAtEraBoundaries : public ::testing::TestWithParam<EraCase> {};

TEST_P(ToWarekiAtEraBoundaries, UsesTheExactFirstDayOfEachEra) {
  EXPECT_EQ(to_wareki(GetParam().date), GetParam().wareki);
}

INSTANTIATE_TEST_SUITE_P(
    Eras, ToWarekiAtEraBoundaries,
    ::testing::Values(
        // 明治 is written from 1873-01-01 only (the kiosk's rule; see wareki_test.cpp).
        EraCase{{1873, 1, 1}, "明治6年1月1日"}, EraCase{{1912, 7, 29}, "明治45年7月29日"},
        EraCase{{1912, 7, 30}, "大正元年7月30日"}, EraCase{{1926, 12, 24}, "大正15年12月24日"},
        EraCase{{1926, 12, 25}, "昭和元年12月25日"}, EraCase{{1980, 2, 17}, "昭和55年2月17日"},
        EraCase{{1989, 1, 7}, "昭和64年1月7日"}, EraCase{{1989, 1, 8}, "平成元年1月8日"},
        EraCase{{2019, 4, 30}, "平成31年4月30日"}, EraCase{{2019, 5, 1}, "令和元年5月1日"},
        EraCase{{2020, 1, 1}, "令和2年1月1日"}),
    date_name);

TEST(ToWareki, HasNoAnswerBeforeMeiji) {
  EXPECT_EQ(to_wareki({1868, 10, 22}), std::nullopt);
  EXPECT_EQ(to_wareki({1868, 1, 24}, MeijiCalendar::kProlepticGregorian), std::nullopt);
  EXPECT_EQ(to_wareki({1600, 1, 1}), std::nullopt);
}

TEST(ToWareki, HasNoAnswerForADateThatDoesNotExist) {
  EXPECT_EQ(to_wareki({2023, 2, 29}), std::nullopt);
  EXPECT_EQ(to_wareki({2023, 13, 1}), std::nullopt);
}

TEST(ToSeireki, WritesYearMonthDayInKanji) {
  EXPECT_EQ(to_seireki({1980, 2, 17}), "1980年2月17日");
  EXPECT_EQ(to_seireki({2025, 11, 22}), "2025年11月22日");
}

TEST(AgeOn, GoesUpOnTheBirthday) {
  const CivilDate birth{1950, 4, 15};
  EXPECT_EQ(age_on(birth, {2025, 4, 14}), 74);
  EXPECT_EQ(age_on(birth, {2025, 4, 15}), 75);
  EXPECT_EQ(age_on(birth, {2025, 12, 31}), 75);
  EXPECT_EQ(age_on(birth, birth), 0);
}

TEST(AgeOn, LeapDayBirthdaysGoUpOnMarchFirstInCommonYears) {
  const CivilDate birth{2000, 2, 29};
  EXPECT_EQ(age_on(birth, {2021, 2, 28}), 20);
  EXPECT_EQ(age_on(birth, {2021, 3, 1}), 21);
  EXPECT_EQ(age_on(birth, {2024, 2, 29}), 24);
}

TEST(AgeOn, IsNegativeBeforeBirth) { EXPECT_EQ(age_on({2000, 5, 1}, {2000, 4, 30}), -1); }

TEST(CivilDateInJapan, UsesJapanStandardTime) {
  using namespace std::chrono;
  const sys_days april_30{2019y / April / 30};
  EXPECT_EQ(civil_date_in_japan(april_30 + 14h + 59min + 59s), (CivilDate{2019, 4, 30}));
  EXPECT_EQ(civil_date_in_japan(april_30 + 15h), (CivilDate{2019, 5, 1}));  // 0:00 JST
}

TEST(TimeInJapan, IsThatHourJapanStandardTimeAndItsDayReadsBack) {
  using namespace std::chrono;
  const auto ten = time_in_japan({1989, 1, 7}, 10);  // 昭和64年1月7日 10:00 JST
  EXPECT_EQ(ten, sys_days{1989y / January / 7} + 1h);
  EXPECT_EQ(civil_date_in_japan(ten), (CivilDate{1989, 1, 7}));
  EXPECT_EQ(civil_date_in_japan(time_in_japan({2025, 12, 31}, 23)), (CivilDate{2025, 12, 31}));
}

TEST(IsoDate, ReadsAndWritesYearMonthDayWithHyphensOnly) {
  EXPECT_EQ(parse_iso_date("2025-11-22"), (CivilDate{2025, 11, 22}));
  EXPECT_EQ(to_iso_date({1989, 1, 5}), "1989-01-05");
  EXPECT_EQ(parse_iso_date(to_iso_date({2024, 2, 29})), (CivilDate{2024, 2, 29}));
  for (const char* bad : {"2025-02-29", "20251122", "2025/11/22", "2025-1-22", "", "2025-11-2x"}) {
    EXPECT_FALSE(parse_iso_date(bad).has_value()) << bad;
  }
}

// ---------------------------------------------------------------------------------------
// Property: every day from 1873-01-01 (Japan's first Gregorian day) to 2030-12-31 reads
// back from its 和暦 and 西暦 text, and era years move forward one day at a time.

struct ReadBack {
  std::string era;
  int year = 0;
  int month = 0;
  int day = 0;
};

// Reads "<era><N|元>年<M>月<D>日" (era may be empty for 西暦).
std::optional<ReadBack> read_back(const std::string& text, std::size_t era_bytes) {
  ReadBack parsed;
  parsed.era = text.substr(0, era_bytes);
  std::string rest = text.substr(era_bytes);
  const auto number_before = [&rest](const std::string& marker) -> std::optional<int> {
    const auto at = rest.find(marker);
    if (at == std::string::npos || at == 0) return std::nullopt;
    const std::string digits = rest.substr(0, at);
    rest = rest.substr(at + marker.size());
    if (digits == "元") return 1;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    if (digits.size() > 1 && digits[0] == '0') return std::nullopt;  // no leading zeros
    return std::stoi(digits);
  };
  const auto year = number_before("年");
  const auto month = number_before("月");
  const auto day = number_before("日");
  if (!year || !month || !day || !rest.empty()) return std::nullopt;
  parsed.year = *year;
  parsed.month = *month;
  parsed.day = *day;
  return parsed;
}

int era_rank(const std::string& era) {
  constexpr std::array<std::string_view, 5> kOrder{"明治", "大正", "昭和", "平成", "令和"};
  for (std::size_t i = 0; i < kOrder.size(); ++i) {
    if (kOrder[i] == era) return static_cast<int>(i);
  }
  return -1;
}

TEST(WarekiProperty, EveryDayFrom1873To2030ReadsBackAndErasMoveForward) {
  using namespace std::chrono;
  constexpr std::size_t kEraBytes = std::string_view("令和").size();
  const sys_days first{1873y / January / 1};
  const sys_days last{2030y / December / 31};
  std::optional<ReadBack> previous;
  int days_checked = 0;
  for (sys_days day = first; day <= last; day += days{1}) {
    const year_month_day ymd{day};
    const CivilDate date{static_cast<int>(ymd.year()), static_cast<int>(unsigned{ymd.month()}),
                         static_cast<int>(unsigned{ymd.day()})};
    char yyyymmdd[16];
    std::snprintf(yyyymmdd, sizeof yyyymmdd, "%04d%02d%02d", date.year, date.month, date.day);
    ASSERT_EQ(parse_yyyymmdd(yyyymmdd), date) << yyyymmdd;

    const auto wareki = to_wareki(date);
    ASSERT_TRUE(wareki) << yyyymmdd;
    const auto parsed = read_back(*wareki, kEraBytes);
    ASSERT_TRUE(parsed) << *wareki;
    ASSERT_NE(era_rank(parsed->era), -1) << *wareki;
    ASSERT_EQ(parsed->month, date.month) << *wareki;
    ASSERT_EQ(parsed->day, date.day) << *wareki;
    ASSERT_EQ(parsed->year == 1, wareki->find("元年") != std::string::npos) << *wareki;

    const auto structured = wareki_of(date);
    ASSERT_TRUE(structured);
    ASSERT_EQ(structured->era, parsed->era);
    ASSERT_EQ(structured->era_year, parsed->year);

    if (previous) {
      const int rank = era_rank(parsed->era);
      const int previous_rank = era_rank(previous->era);
      ASSERT_GE(rank, previous_rank) << *wareki;
      if (rank == previous_rank) {
        // The era year goes up by one exactly on 1月1日.
        const bool new_year = date.month == 1 && date.day == 1;
        ASSERT_EQ(parsed->year, previous->year + (new_year ? 1 : 0)) << *wareki;
      } else {
        ASSERT_EQ(rank, previous_rank + 1) << *wareki;  // no era is skipped
        ASSERT_EQ(parsed->year, 1) << *wareki;          // and it starts with 元年
      }
    }

    const auto seireki = read_back(to_seireki(date), 0);
    ASSERT_TRUE(seireki);
    ASSERT_EQ(seireki->year, date.year);
    ASSERT_EQ(seireki->month, date.month);
    ASSERT_EQ(seireki->day, date.day);

    previous = parsed;
    ++days_checked;
  }
  EXPECT_EQ(days_checked, (last - first).count() + 1);
  EXPECT_EQ(previous->era, "令和");
  EXPECT_EQ(previous->year, 12);  // 2030 is 令和12年
}

}  // namespace
}  // namespace madoguchi::text
