#include "madoguchi/text/japanese_date.hpp"

#include <cstdio>

#include <array>
#include <utility>

#include "madoguchi/text/kana.hpp"
#include "madoguchi/text/utf8.hpp"

namespace madoguchi::text {

namespace {

// Oldest first. Sources for the first days: docs/japanese-text.md.
constexpr std::array<Era, 5> kEras{{
    {"明治", 'M', {1868, 1, 25}, 45},
    {"大正", 'T', {1912, 7, 30}, 15},
    {"昭和", 'S', {1926, 12, 25}, 64},
    {"平成", 'H', {1989, 1, 8}, 31},
    {"令和", 'R', {2019, 5, 1}, 0},
}};

// The single-character era signs (U+337E ㍾ … U+32FF ㋿), in the order of kEras.
constexpr std::u32string_view kEraSigns = U"㍾㍽㍼㍻㋿";
static_assert(kEraSigns.size() == kEras.size());

constexpr CivilDate kGregorianAdoption{1873, 1, 1};  // 明治6年1月1日

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

std::string month_day(int month, int day) {
  return std::to_string(month) + "月" + std::to_string(day) + "日";
}

std::string seireki_month_day(const CivilDate& date) {
  return std::to_string(date.year) + "年" + month_day(date.month, date.day);
}

std::chrono::sys_days to_sys_days(const CivilDate& date) {
  return std::chrono::sys_days{std::chrono::year_month_day{
      std::chrono::year{date.year}, std::chrono::month{static_cast<unsigned>(date.month)},
      std::chrono::day{static_cast<unsigned>(date.day)}}};
}

CivilDate from_sys_days(std::chrono::sys_days days) {
  const std::chrono::year_month_day ymd{days};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<int>(unsigned{ymd.month()}),
                   static_cast<int>(unsigned{ymd.day()})};
}

int days_in_month(int year, int month) {
  const std::chrono::year_month_day_last last{
      std::chrono::year{year},
      std::chrono::month_day_last{std::chrono::month{static_cast<unsigned>(month)}}};
  return static_cast<int>(unsigned{last.day()});
}

// The last day of kEras[index] (the day before the next era began).
CivilDate last_day_of(std::size_t index) { return previous_day(kEras[index + 1].first_day); }

std::string year_text(int era_year) { return era_year == 1 ? "元" : std::to_string(era_year); }

// --- Reading ----------------------------------------------------------------------------------

constexpr std::string_view kHowToWrite = "「令和7年4月1日」や「R7.4.1」のように入れてください";

class Reader {
 public:
  explicit Reader(std::u32string text) : text_(std::move(text)) {}

  bool at_end() const { return pos_ >= text_.size(); }
  char32_t peek() const { return at_end() ? 0 : text_[pos_]; }
  void skip() { ++pos_; }
  void skip_spaces() {
    while (!at_end() && (text_[pos_] == U' ' || text_[pos_] == U'\t')) ++pos_;
  }
  bool take(char32_t c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool take(std::u32string_view word) {
    if (std::u32string_view(text_).substr(pos_).starts_with(word)) {
      pos_ += word.size();
      return true;
    }
    return false;
  }

  // The index in kEras of the era written here, if any.
  std::optional<std::size_t> era() {
    constexpr std::array<std::u32string_view, 5> kNames{U"明治", U"大正", U"昭和", U"平成",
                                                        U"令和"};
    for (std::size_t i = 0; i < kEras.size(); ++i) {
      if (take(kNames[i]) || take(kEraSigns[i])) return i;
      const char32_t c = peek();
      const auto initial = static_cast<char32_t>(kEras[i].initial);
      if (c == initial || c == initial + (U'a' - U'A')) {
        skip();
        return i;
      }
    }
    return std::nullopt;
  }

  // A number in ASCII digits (after normalize_width) or in kanji up to 99 (二十五), or 元 if
  // `gannen` is allowed. -1 if there is none; -2 if it is too long to be a date.
  int number(bool gannen) {
    if (gannen && take(U'元')) return 1;
    if (peek() >= U'0' && peek() <= U'9') {
      int value = 0;
      int digits = 0;
      while (peek() >= U'0' && peek() <= U'9') {
        if (++digits > 4) return -2;
        value = value * 10 + static_cast<int>(peek() - U'0');
        skip();
      }
      return value;
    }
    return kanji_number();
  }

 private:
  static int kanji_digit(char32_t c) {
    constexpr std::u32string_view kDigits = U"〇一二三四五六七八九";
    const std::size_t at = kDigits.find(c);
    return at == std::u32string_view::npos ? -1 : static_cast<int>(at);
  }

  int kanji_number() {
    int value = -1;
    if (const int tens = kanji_digit(peek());
        tens > 0 && pos_ + 1 < text_.size() && text_[pos_ + 1] == U'十') {
      value = tens * 10;  // 二十
      pos_ += 2;
    } else if (take(U'十')) {
      value = 10;
    }
    if (const int ones = kanji_digit(peek()); ones > 0 || (ones == 0 && value < 0)) {
      skip();
      value = (value < 0 ? 0 : value) + ones;
    }
    return value;
  }

  std::u32string text_;
  std::size_t pos_ = 0;
};

struct Parsed {
  std::size_t era = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  bool has_day = false;
};

std::expected<Parsed, std::string> read_wareki(std::string_view text, bool year_only) {
  Reader in(decode_utf8(normalize_width(text)));
  in.skip_spaces();
  if (in.at_end()) return std::unexpected(std::string("日付を入れてください"));
  const auto era = in.era();
  if (!era) {
    if (in.peek() >= U'0' && in.peek() <= U'9') {
      return std::unexpected("元号（令和・平成・昭和・大正・明治）から入れてください。" +
                             std::string(kHowToWrite));
    }
    return std::unexpected("日付の書き方が読み取れません。" + std::string(kHowToWrite));
  }
  Parsed parsed{.era = *era};
  const auto unreadable = [] {
    return std::unexpected("日付の書き方が読み取れません。" + std::string(kHowToWrite));
  };
  in.skip_spaces();
  parsed.year = in.number(true);
  if (parsed.year < 0) return unreadable();
  in.skip_spaces();
  if (year_only) {
    in.take(U'年');
    in.skip_spaces();
    if (!in.at_end()) return unreadable();
    return parsed;
  }
  char32_t separator = 0;
  if (in.take(U'年')) {
    separator = U'年';
  } else if (in.peek() == U'.' || in.peek() == U'/' || in.peek() == U'-') {
    separator = in.peek();
    in.skip();
  } else {
    return unreadable();
  }
  in.skip_spaces();
  parsed.month = in.number(false);
  in.skip_spaces();
  if (parsed.month < 0 || !in.take(separator == U'年' ? U'月' : separator)) return unreadable();
  in.skip_spaces();
  parsed.day = in.number(false);
  if (parsed.day < 0) return unreadable();
  in.skip_spaces();
  if (separator == U'年') in.take(U'日');
  in.skip_spaces();
  if (!in.at_end()) return unreadable();
  parsed.has_day = true;
  return parsed;
}

std::string before_era_message(std::size_t era, MeijiCalendar rule) {
  if (era == 0 && rule == MeijiCalendar::kFromGregorianAdoption) {
    return "明治5年までの日付は旧暦（太陰太陽暦）で数えられていて、この機械では西暦に直せません。"
           "窓口でお尋ねください";
  }
  std::string message =
      std::string(kEras[era].name) + "は" + seireki_month_day(kEras[era].first_day) + "からです";
  if (era > 0) message += "（それより前は" + std::string(kEras[era - 1].name) + "です）";
  return message;
}

std::string after_era_message(std::size_t era) {
  const CivilDate last = last_day_of(era);
  const CivilDate next = kEras[era + 1].first_day;
  return std::string(kEras[era].name) + "は" + seireki_month_day(last) + "までです（" +
         month_day(next.month, next.day) + "からは" + std::string(kEras[era + 1].name) + "です）";
}

bool is_last_era(std::size_t era) { return era + 1 == kEras.size(); }

}  // namespace

std::span<const Era> eras() { return kEras; }

CivilDate first_wareki_day(MeijiCalendar rule) {
  return rule == MeijiCalendar::kFromGregorianAdoption ? kGregorianAdoption : kEras[0].first_day;
}

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

std::optional<WarekiDate> wareki_of(const CivilDate& date, MeijiCalendar rule) {
  if (!is_calendar_date(date) || date < first_wareki_day(rule)) return std::nullopt;
  for (std::size_t i = kEras.size(); i-- > 0;) {
    const Era& era = kEras[i];
    if (date >= era.first_day) {
      return WarekiDate{era.name, date.year - era.first_day.year + 1, date.month, date.day};
    }
  }
  return std::nullopt;
}

std::optional<std::string> to_wareki(const CivilDate& date, MeijiCalendar rule) {
  const auto wareki = wareki_of(date, rule);
  if (!wareki) return std::nullopt;
  return std::string(wareki->era) + year_text(wareki->era_year) + "年" +
         month_day(wareki->month, wareki->day);
}

std::optional<std::string> to_wareki_initial(const CivilDate& date, MeijiCalendar rule) {
  const auto wareki = wareki_of(date, rule);
  if (!wareki) return std::nullopt;
  char initial = 0;
  for (const Era& era : kEras) {
    if (era.name == wareki->era) initial = era.initial;
  }
  return std::string(1, initial) + std::to_string(wareki->era_year) + "." +
         std::to_string(wareki->month) + "." + std::to_string(wareki->day);
}

std::string to_seireki(const CivilDate& date) { return seireki_month_day(date); }

std::expected<CivilDate, std::string> parse_wareki(std::string_view text, MeijiCalendar rule) {
  const auto parsed = read_wareki(text, false);
  if (!parsed) return std::unexpected(parsed.error());
  const std::size_t era = parsed->era;
  const Era& info = kEras[era];
  if (parsed->year == 0) return std::unexpected(std::string("年は1（元年）からです"));
  if (parsed->month < 1 || parsed->month > 12) {
    return std::unexpected(std::string("月は1から12までの数で入れてください"));
  }
  if (!is_last_era(era) && parsed->year > info.last_year) {
    return std::unexpected(after_era_message(era));
  }
  const int year = info.first_day.year + parsed->year - 1;
  if (year > 9999) return std::unexpected(std::string("年が大きすぎます"));
  const int last_day = days_in_month(year, parsed->month);
  const std::string era_year_month = std::string(info.name) + year_text(parsed->year) + "年" +
                                     std::to_string(parsed->month) + "月";
  if (parsed->day < 1) return std::unexpected(std::string("日は1日からです"));
  if (parsed->day > last_day) {
    return std::unexpected(era_year_month + "は" + std::to_string(last_day) + "日までです");
  }
  const CivilDate date{year, parsed->month, parsed->day};
  if (date < info.first_day || date < first_wareki_day(rule)) {
    return std::unexpected(before_era_message(era, rule));
  }
  if (!is_last_era(era) && date > last_day_of(era)) {
    return std::unexpected(after_era_message(era));
  }
  return date;
}

std::expected<int, std::string> parse_wareki_year(std::string_view text, MeijiCalendar rule) {
  const auto parsed = read_wareki(text, true);
  if (!parsed) return std::unexpected(parsed.error());
  const std::size_t era = parsed->era;
  const Era& info = kEras[era];
  if (parsed->year == 0) return std::unexpected(std::string("年は1（元年）からです"));
  if (!is_last_era(era) && parsed->year > info.last_year) {
    return std::unexpected(std::string(info.name) + "は" + std::to_string(info.last_year) + "年（" +
                           std::to_string(last_day_of(era).year) + "年）までです");
  }
  const int year = info.first_day.year + parsed->year - 1;
  if (year > 9999) return std::unexpected(std::string("年が大きすぎます"));
  if (year < first_wareki_day(rule).year) return std::unexpected(before_era_message(era, rule));
  return year;
}

CivilDate next_day(const CivilDate& date) {
  return from_sys_days(to_sys_days(date) + std::chrono::days{1});
}

CivilDate previous_day(const CivilDate& date) {
  return from_sys_days(to_sys_days(date) - std::chrono::days{1});
}

int age_on(const CivilDate& birth, const CivilDate& on) {
  int age = on.year - birth.year;
  if (std::pair(on.month, on.day) < std::pair(birth.month, birth.day)) --age;
  return age;
}

int age_reached_by_end_of(const CivilDate& birth, const CivilDate& on) {
  return age_on(birth, next_day(on));
}

CivilDate day_reaching_age(const CivilDate& birth, int age) {
  const int year = birth.year + age;
  if (birth.month == 2 && birth.day == 29) return CivilDate{year, 2, 28};
  return previous_day(CivilDate{year, birth.month, birth.day});
}

int school_entry_year(const CivilDate& birth) {
  const CivilDate first_day = next_day(day_reaching_age(birth, 6));
  return first_day <= CivilDate{first_day.year, 4, 1} ? first_day.year : first_day.year + 1;
}

CivilDate civil_date_in_japan(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  return from_sys_days(floor<days>(when + hours{9}));
}

std::chrono::system_clock::time_point time_in_japan(const CivilDate& date, int hour) {
  return to_sys_days(date) + std::chrono::hours{hour - 9};
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::string digits;
  digits.append(text.substr(0, 4)).append(text.substr(5, 2)).append(text.substr(8, 2));
  return parse_yyyymmdd(digits);
}

std::string to_iso_date(const CivilDate& date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
  return text;
}

}  // namespace madoguchi::text
