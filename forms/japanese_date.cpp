#include "madoguchi/forms/japanese_date.hpp"

#include <array>
#include <utility>

namespace madoguchi::forms {

namespace {

struct Era {
  std::string_view name;
  CivilDate first_day;
};

// Newest first, so the first era that has begun on a date is the one it belongs to.
constexpr std::array<Era, 5> kEras{{
    {"令和", {2019, 5, 1}},
    {"平成", {1989, 1, 8}},
    {"昭和", {1926, 12, 25}},
    {"大正", {1912, 7, 30}},
    {"明治", {1868, 10, 23}},
}};

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

std::string month_day(int month, int day) {
  return std::to_string(month) + "月" + std::to_string(day) + "日";
}

}  // namespace

bool is_calendar_date(const CivilDate& date) {
  if (date.year < 1 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > 31) {
    return false;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{date.year},
                                        std::chrono::month{static_cast<unsigned>(date.month)},
                                        std::chrono::day{static_cast<unsigned>(date.day)}};
  return ymd.ok();
}

std::optional<CivilDate> parse_yyyymmdd(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  int digits[8];
  for (std::size_t i = 0; i < 8; ++i) {
    if (!is_ascii_digit(text[i])) return std::nullopt;
    digits[i] = text[i] - '0';
  }
  const CivilDate date{digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3],
                       digits[4] * 10 + digits[5], digits[6] * 10 + digits[7]};
  if (!is_calendar_date(date)) return std::nullopt;
  return date;
}

std::optional<WarekiDate> wareki_of(const CivilDate& date) {
  if (!is_calendar_date(date)) return std::nullopt;
  for (const Era& era : kEras) {
    if (date >= era.first_day) {
      return WarekiDate{era.name, date.year - era.first_day.year + 1, date.month, date.day};
    }
  }
  return std::nullopt;
}

std::optional<std::string> to_wareki(const CivilDate& date) {
  const auto wareki = wareki_of(date);
  if (!wareki) return std::nullopt;
  const std::string year = wareki->era_year == 1 ? "元" : std::to_string(wareki->era_year);
  return std::string(wareki->era) + year + "年" + month_day(wareki->month, wareki->day);
}

std::string to_seireki(const CivilDate& date) {
  return std::to_string(date.year) + "年" + month_day(date.month, date.day);
}

int age_on(const CivilDate& birth, const CivilDate& on) {
  int age = on.year - birth.year;
  if (std::pair(on.month, on.day) < std::pair(birth.month, birth.day)) --age;
  return age;
}

CivilDate civil_date_in_japan(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(when + hours{9})};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<int>(unsigned{ymd.month()}),
                   static_cast<int>(unsigned{ymd.day()})};
}

}  // namespace madoguchi::forms
