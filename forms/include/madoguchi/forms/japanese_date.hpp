// Dates as Japanese forms print them: 和暦 (era years) and 西暦, plus age.
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::forms {

// A day in the Gregorian calendar. Japan adopted it on 明治6年1月1日 (1873-01-01);
// earlier dates are treated as proleptic Gregorian.
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// True when the date exists in the Gregorian calendar (years 1..9999).
bool is_calendar_date(const CivilDate& date);

// Parses "YYYYMMDD" (exactly eight ASCII digits), the way the My Number card stores the
// birth date. Rejects dates that do not exist, such as "20230229" or "19500431".
std::optional<CivilDate> parse_yyyymmdd(std::string_view text);

// A date in an era: 令和, 平成, 昭和, 大正 or 明治.
struct WarekiDate {
  std::string_view era;  // "昭和"
  int era_year = 0;      // 1 is printed as 元年
  int month = 0;
  int day = 0;
};

// The era date for a calendar date, using the exact days each era began:
// 明治 1868-10-23, 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01.
// Before 明治 (or for a date that does not exist) there is no answer.
// Before 1873 the month and day stay Gregorian; they are not converted to the old
// lunisolar calendar.
std::optional<WarekiDate> wareki_of(const CivilDate& date);

// "昭和55年2月17日"; the first year of an era is "元年": "平成元年1月8日".
std::optional<std::string> to_wareki(const CivilDate& date);

// "1980年2月17日".
std::string to_seireki(const CivilDate& date);

// Age in completed years on the day `on`, by the plain birthday rule: the age goes up on
// the birthday itself (someone born on 2月29日 turns a year older on 3月1日 in common
// years). The legal rule of 年齢計算ニ関スル法律, under which the age goes up at the end of
// the day before the birthday, is deliberately not used. Negative if `on` is before `birth`.
int age_on(const CivilDate& birth, const CivilDate& on);

// The calendar date in Japan (JST, UTC+9; Japan has no daylight saving time) at `when`,
// whatever time zone the kiosk's operating system is set to.
CivilDate civil_date_in_japan(std::chrono::system_clock::time_point when);

}  // namespace madoguchi::forms
