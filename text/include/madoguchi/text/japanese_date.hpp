// Dates as Japanese forms print them: 和暦 (era years) and 西暦, plus age.
#pragma once

#include <chrono>
#include <compare>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace madoguchi::text {

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

// The eras the kiosk knows, oldest first.
struct Era {
  std::string_view name;  // "昭和"
  char initial = 0;       // 'S', as forms abbreviate it: "S25.4.15"
  CivilDate first_day;    // the Gregorian day on which its 元年 began
  int last_year = 0;      // its last era year (0 for the current era)
};

// 明治 1868-01-25, 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01.
// 明治 began, by the 改元の詔 of 慶応4年9月8日 (1868-10-23), retroactively on 慶応4年1月1日 of
// the old lunisolar calendar, which was 1868-01-25; see docs/japanese-text.md for the sources.
std::span<const Era> eras();

// What to do with the days of 明治 before Japan adopted the Gregorian calendar on 明治6年1月1日
// (1873-01-01). Until then 明治 dates were counted in the lunisolar calendar (天保暦), so
// "明治5年12月2日" was 1872-12-31 and the Gregorian 1872-12-03 … 12-31 have no 明治 date at all.
enum class MeijiCalendar {
  // The kiosk's rule: 和暦 is written and read only from 明治6年1月1日 (1873-01-01). Earlier
  // days have no 和暦 and parse_wareki refuses them, because the kiosk has no lunisolar
  // tables and must not print or store a date a month off.
  kFromGregorianAdoption,
  // The proleptic convention of tables and software: every day from 1868-01-25 is 明治 with its
  // Gregorian month and day (so 1868-01-25 is "明治元年1月25日"). For staff tools and tests.
  kProlepticGregorian,
};

// The first day that has a 和暦 under `rule`: 1873-01-01 or 1868-01-25.
CivilDate first_wareki_day(MeijiCalendar rule = MeijiCalendar::kFromGregorianAdoption);

// A date in an era: 令和, 平成, 昭和, 大正 or 明治.
struct WarekiDate {
  std::string_view era;  // "昭和"
  int era_year = 0;      // 1 is printed as 元年
  int month = 0;
  int day = 0;
  friend bool operator==(const WarekiDate&, const WarekiDate&) = default;
};

// The era date for a calendar date, using the exact days each era began (see eras()).
// No answer for a date that does not exist or before first_wareki_day(rule).
std::optional<WarekiDate> wareki_of(const CivilDate& date,
                                    MeijiCalendar rule = MeijiCalendar::kFromGregorianAdoption);

// "昭和55年2月17日"; the first year of an era is "元年": "平成元年1月8日".
std::optional<std::string> to_wareki(const CivilDate& date,
                                     MeijiCalendar rule = MeijiCalendar::kFromGregorianAdoption);

// The short form used in boxes on forms: "S55.2.17", "R1.5.1" (元年 is 1 here).
std::optional<std::string> to_wareki_initial(
    const CivilDate& date, MeijiCalendar rule = MeijiCalendar::kFromGregorianAdoption);

// "1980年2月17日".
std::string to_seireki(const CivilDate& date);

// Reads a 和暦 date the way residents and forms write it, and gives the Gregorian day:
//   "令和元年5月1日", "令和1年5月1日", "令和１年５月１日", "令和01年05月01日", "令和 7年 4月 1日",
//   "昭和二十五年四月十五日" (kanji numerals up to 99), "R1.5.1", "S25.4.15", "r1/5/1",
//   "Ｈ３１．４．３０", "R1-5-1", "㋿1年5月1日", "平成31年4月30日".
// Full-width letters, digits and spaces are accepted (normalize_width is applied first).
// On failure the error is a short Japanese sentence for the resident, saying what is wrong and,
// for a date outside its era, which era it falls in:
//   "令和は2019年5月1日からです（それより前は平成です）"
//   "平成は2019年4月30日までです（5月1日からは令和です）"
//   "令和5年2月は28日までです"
std::expected<CivilDate, std::string> parse_wareki(
    std::string_view text, MeijiCalendar rule = MeijiCalendar::kFromGregorianAdoption);

// Reads a 和暦 year alone ("令和元年", "令和1年", "R1", "平成31年") and gives the Gregorian year
// in which that era year began. Rejects a year the era never reached ("平成32年"), year 0, and
// 明治5年 and earlier under the kiosk's rule.
std::expected<int, std::string> parse_wareki_year(
    std::string_view text, MeijiCalendar rule = MeijiCalendar::kFromGregorianAdoption);

// --- Age -------------------------------------------------------------------------------------
//
// Japan counts age by 年齢計算ニ関スル法律 (明治35年法律第50号): age is counted from the day of
// birth, and, by 民法 第143条, a year of age is completed at the end of the day before the
// birthday ("前日の満了"); for someone born on 2月29日 it is completed at the end of 2月28日,
// in common and leap years alike (143条 ただし書: the month has no corresponding day, so the
// year ends on the month's last day).
//
// Two questions come from this and they give different days:
//  * How old is the resident during a day? The age changed at the midnight that starts the
//    birthday (or 3月1日 for 2月29日 births in common years), so during the birthday they are
//    already older: age_on(). The plain "goes up on the birthday" rule gives the same answer
//    on every day, 2月29日 births included.
//  * On which day does the resident *reach* an age (「65歳に達した日」, 「満6歳に達した日」)?
//    The law's answer is the day before the birthday: day_reaching_age(), age_reached_by_end_of().
//    This is what school years, pensions and 介護保険 use; it is why someone born on 4月1日
//    belongs to the earlier school year.

// Age in completed years during the day `on` (negative if `on` is before `birth`).
int age_on(const CivilDate& birth, const CivilDate& on);

// Age in completed years at the end of the day `on`: the age the law says the resident has
// reached on that day. Equals age_on(birth, the day after `on`).
int age_reached_by_end_of(const CivilDate& birth, const CivilDate& on);

// The day on which the law says the resident reaches `age` (満`age`歳に達する日): the day before
// the `age`-th birthday; 2月28日 for 2月29日 births.
CivilDate day_reaching_age(const CivilDate& birth, int age);

// The year in whose April a child born on `birth` starts 小学校 (学校教育法 第17条: the first
// school year beginning (4月1日) on or after the day after reaching 6): born 2018-04-01 → 2024,
// born 2018-04-02 → 2025.
int school_entry_year(const CivilDate& birth);

// The day after `date` and the day before it (any date from 0001-01-02 to 9999-12-30).
CivilDate next_day(const CivilDate& date);
CivilDate previous_day(const CivilDate& date);

// The calendar date in Japan (JST, UTC+9; Japan has no daylight saving time) at `when`,
// whatever time zone the kiosk's operating system is set to.
CivilDate civil_date_in_japan(std::chrono::system_clock::time_point when);

// `hour` o'clock in Japan on `date` (golden cases are filled at 10:00 on their day).
std::chrono::system_clock::time_point time_in_japan(const CivilDate& date, int hour);

// "2025-11-22", as golden files and the studio write a day; nullopt for anything else or a day
// that does not exist.
std::optional<CivilDate> parse_iso_date(std::string_view text);
std::string to_iso_date(const CivilDate& date);

}  // namespace madoguchi::text
