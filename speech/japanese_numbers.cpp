#include "japanese_numbers.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace madoguchi::speech {
namespace {

constexpr std::array<std::string_view, 10> kDigits{"ゼロ", "イチ", "ニ",   "サン", "ヨン",
                                                   "ゴ",   "ロク", "ナナ", "ハチ", "キュー"};

// What a part of a number is, as far as a counter after it can change its sound.
enum class Kind { kOne, kThree, kFour, kSix, kEight, kTen, kHundred, kOther };

struct Part {
  std::string kana;
  Kind kind = Kind::kOther;
};

Kind digit_kind(int digit) {
  switch (digit) {
    case 1:
      return Kind::kOne;
    case 3:
      return Kind::kThree;
    case 4:
      return Kind::kFour;
    case 6:
      return Kind::kSix;
    case 8:
      return Kind::kEight;
    default:
      return Kind::kOther;
  }
}

std::string thousands(int digit, bool before_unit) {
  switch (digit) {
    case 1:
      return before_unit ? "イッセン" : "セン";  // 1000万 is イッセンマン, 1200万 センニヒャクマン
    case 3:
      return "サンゼン";
    case 8:
      return "ハッセン";
    default:
      return std::string(kDigits[digit]) + "セン";
  }
}

std::string hundreds(int digit) {
  switch (digit) {
    case 1:
      return "ヒャク";
    case 3:
      return "サンビャク";
    case 6:
      return "ロッピャク";
    case 8:
      return "ハッピャク";
    default:
      return std::string(kDigits[digit]) + "ヒャク";
  }
}

// One group of four digits (1–9999), before the unit of its group (マン, オク, チョー) or none.
void add_group(int group, bool before_unit, std::vector<Part>& parts) {
  if (group >= 1000) {
    parts.push_back({thousands(group / 1000, before_unit && group == 1000), Kind::kOther});
  }
  if (group / 100 % 10 != 0) parts.push_back({hundreds(group / 100 % 10), Kind::kHundred});
  if (const int tens = group / 10 % 10; tens != 0) {
    parts.push_back({(tens == 1 ? "" : std::string(kDigits[tens])) + "ジュー", Kind::kTen});
  }
  if (const int ones = group % 10; ones != 0) {
    parts.push_back({std::string(kDigits[ones]), digit_kind(ones)});
  }
}

// The row of the kana that starts a counter: which numbers before it take a small ッ.
enum class Row { kNone, kK, kS, kT, kH, kP };

// The last part's sound before a counter of `row`: 1回 イッカイ, 6回 ロッカイ, 8歳 ハッサイ,
// 10分 ジュップン, 100本 ヒャッポン. True when it now ends in ッ.
bool assimilate(std::vector<Part>& parts, Row row) {
  if (parts.empty() || row == Row::kNone) return false;
  Part& last = parts.back();
  const bool six_and_hundred = row == Row::kK || row == Row::kH || row == Row::kP;
  const auto ends_small_tsu = [&](std::string_view old_end) {
    last.kana.replace(last.kana.size() - old_end.size(), old_end.size(), "ッ");
    return true;
  };
  switch (last.kind) {
    case Kind::kOne:
      return ends_small_tsu("チ");
    case Kind::kEight:
      return ends_small_tsu("チ");
    case Kind::kTen:
      return ends_small_tsu("ー");
    case Kind::kSix:
      return six_and_hundred && ends_small_tsu("ク");
    case Kind::kHundred:
      return six_and_hundred && ends_small_tsu("ク");
    default:
      return false;
  }
}

std::vector<Part> integer_parts(std::uint64_t n) {
  if (n == 0) return {{std::string(kDigits[0]), Kind::kOther}};
  constexpr std::array<std::string_view, 4> kUnits{"チョー", "オク", "マン", ""};
  std::vector<Part> parts;
  std::uint64_t scale = 1'000'000'000'000;
  for (const std::string_view unit : kUnits) {
    const int group = static_cast<int>(n / scale % 10000);
    scale /= 10000;
    if (group == 0) continue;
    add_group(group, !unit.empty(), parts);
    if (unit == "チョー") assimilate(parts, Row::kT);  // 1兆 イッチョー, 10兆 ジュッチョー
    if (!unit.empty()) parts.push_back({std::string(unit), Kind::kOther});
  }
  return parts;
}

std::string joined(std::span<const Part> parts) {
  std::string out;
  for (const Part& part : parts) out += part.kana;
  return out;
}

struct Exact {
  int number = 0;
  std::string_view kana;
};

// A counter whose number sounds different before it. Counters that change nothing (枚, 号,
// 文字, けた, …) are not here: MeCab reads them after the number.
struct Counter {
  std::array<std::string_view, 4> spellings;
  std::string_view reading;
  Row row = Row::kNone;
  std::string_view after_small_tsu = {};  // a ハ-row counter after ッ: 1本 イッポン
  std::string_view after_three = {};  // after サン: 3本 サンボン, 3分 サンプン, 3階 サンガイ
  std::string_view after_four = {};   // after ヨン: 4分 ヨンプン
  std::span<const Exact> whole = {};  // the whole reading of these numbers: 1日 ツイタチ
  std::span<const Exact> ones = {};  // the last digit's reading in any number: 14日 ジュー+ヨッカ
};

constexpr std::array<Exact, 11> kDays{{{1, "ツイタチ"},
                                       {2, "フツカ"},
                                       {3, "ミッカ"},
                                       {4, "ヨッカ"},
                                       {5, "イツカ"},
                                       {6, "ムイカ"},
                                       {7, "ナノカ"},
                                       {8, "ヨーカ"},
                                       {9, "ココノカ"},
                                       {10, "トーカ"},
                                       {20, "ハツカ"}}};
constexpr std::array<Exact, 3> kDayOnes{{{4, "ヨッカ"}, {7, "シチニチ"}, {9, "クニチ"}}};
constexpr std::array<Exact, 3> kMonths{{{4, "シガツ"}, {7, "シチガツ"}, {9, "クガツ"}}};
constexpr std::array<Exact, 3> kHourOnes{{{4, "ヨジ"}, {7, "シチジ"}, {9, "クジ"}}};
constexpr std::array<Exact, 1> kYenOnes{{{4, "ヨエン"}}};
constexpr std::array<Exact, 1> kYearOnes{{{4, "ヨネン"}}};
constexpr std::array<Exact, 2> kPeople{{{1, "ヒトリ"}, {2, "フタリ"}}};
constexpr std::array<Exact, 2> kPeopleOnes{{{4, "ヨニン"}, {7, "シチニン"}}};
constexpr std::array<Exact, 9> kThings{{{1, "ヒトツ"},
                                        {2, "フタツ"},
                                        {3, "ミッツ"},
                                        {4, "ヨッツ"},
                                        {5, "イツツ"},
                                        {6, "ムッツ"},
                                        {7, "ナナツ"},
                                        {8, "ヤッツ"},
                                        {9, "ココノツ"}}};
constexpr std::array<Exact, 1> kAges{{{20, "ハタチ"}}};

const std::array<Counter, 22>& counters() {
  static const std::array<Counter, 22> table{{
      {{"円", "えん"}, "エン", Row::kNone, {}, {}, {}, {}, kYenOnes},
      {{"年", "ねん"}, "ネン", Row::kNone, {}, {}, {}, {}, kYearOnes},
      {{"月", "がつ"}, "ガツ", Row::kNone, {}, {}, {}, kMonths},
      {{"日", "にち"}, "ニチ", Row::kNone, {}, {}, {}, kDays, kDayOnes},
      {{"時"}, "ジ", Row::kNone, {}, {}, {}, {}, kHourOnes},
      {{"人", "にん"}, "ニン", Row::kNone, {}, {}, {}, kPeople, kPeopleOnes},
      {{"つ"}, "ツ", Row::kNone, {}, {}, {}, kThings},
      {{"歳", "才", "さい"}, "サイ", Row::kS, {}, {}, {}, kAges},
      {{"か月", "ヶ月", "カ月", "ヵ月"}, "カゲツ", Row::kK},
      {{"かげつ"}, "カゲツ", Row::kK},
      {{"回", "かい"}, "カイ", Row::kK},
      {{"階"}, "カイ", Row::kK, {}, "ガイ"},
      {{"個"}, "コ", Row::kK},  // not こ: 5ころ is not 5個
      {{"件", "けん"}, "ケン", Row::kK},
      {{"通", "つう"}, "ツー", Row::kT},
      {{"点", "てん"}, "テン", Row::kT},
      {{"冊", "さつ"}, "サツ", Row::kS},
      {{"週", "しゅう"}, "シュー", Row::kS},
      {{"分の"}, "ブンノ", Row::kNone},  // 3分の1 is サンブンノイチ, not a time
      {{"分", "ふん", "ぷん"}, "フン", Row::kH, "プン", "プン", "プン"},
      {{"本", "ほん"}, "ホン", Row::kH, "ポン", "ボン"},
      {{"%", "パーセント"}, "パーセント", Row::kP},
  }};
  return table;
}

// The counter that starts `text`, the longest spelling first (分の before 分, つう before つ).
const Counter* counter_at(std::string_view text, std::size_t& length) {
  const Counter* found = nullptr;
  length = 0;
  for (const Counter& counter : counters()) {
    for (const std::string_view spelling : counter.spellings) {
      if (!spelling.empty() && spelling.size() > length && text.starts_with(spelling)) {
        found = &counter;
        length = spelling.size();
      }
    }
  }
  return found;
}

std::string_view exact(std::span<const Exact> table, std::uint64_t n) {
  for (const Exact& entry : table) {
    if (static_cast<std::uint64_t>(entry.number) == n) return entry.kana;
  }
  return {};
}

std::string with_counter(std::uint64_t n, std::vector<Part> parts, const Counter& counter) {
  if (const std::string_view whole = exact(counter.whole, n); !whole.empty()) {
    return std::string(whole);
  }
  if (const std::string_view ones = exact(counter.ones, n % 10); !ones.empty()) {
    parts.pop_back();  // the last part is the ones digit, which is not 0
    return joined(parts) + std::string(ones);
  }
  const Kind last = parts.back().kind;
  std::string_view reading = counter.reading;
  if (assimilate(parts, counter.row)) {
    if (!counter.after_small_tsu.empty()) reading = counter.after_small_tsu;
  } else if (last == Kind::kThree && !counter.after_three.empty()) {
    reading = counter.after_three;
  } else if (last == Kind::kFour && !counter.after_four.empty()) {
    reading = counter.after_four;
  }
  return joined(parts) + std::string(reading);
}

bool is_digit(std::string_view text, std::size_t at) {
  return at < text.size() && text[at] >= '0' && text[at] <= '9';
}

std::string digit_by_digit(std::string_view digits) {
  std::string out;
  for (const char c : digits) out += kDigits[static_cast<std::size_t>(c - '0')];
  return out;
}

}  // namespace

std::optional<NumberReading> read_number(std::string_view text) {
  if (!is_digit(text, 0)) return std::nullopt;
  std::size_t at = 0;
  std::string digits;
  while (is_digit(text, at)) digits += text[at++];
  // 1,200: a separator before exactly three digits, after a first group of one to three.
  const bool may_group = digits.size() <= 3 && digits[0] != '0';
  while (may_group && at < text.size() && text[at] == ',' && is_digit(text, at + 1) &&
         is_digit(text, at + 2) && is_digit(text, at + 3) && !is_digit(text, at + 4)) {
    digits.append(text.substr(at + 1, 3));
    at += 4;
  }
  if ((digits.size() > 1 && digits[0] == '0') || digits.size() > 16) {
    return NumberReading{digit_by_digit(digits), at};
  }
  const std::uint64_t n = std::stoull(digits);
  std::vector<Part> parts = integer_parts(n);
  if (at + 1 < text.size() && text[at] == '.' && is_digit(text, at + 1)) {
    std::string decimals;
    for (++at; is_digit(text, at); ++at) decimals += text[at];
    if (n == 0) parts.front().kana = "レイ";  // 0.5 is レイテンゴ
    assimilate(parts, Row::kT);               // 1.5 is イッテンゴ
    return NumberReading{joined(parts) + "テン" + digit_by_digit(decimals), at};
  }
  std::size_t counter_length = 0;
  if (const Counter* counter = counter_at(text.substr(at), counter_length)) {
    return NumberReading{with_counter(n, std::move(parts), *counter), at + counter_length};
  }
  return NumberReading{joined(parts), at};
}

}  // namespace madoguchi::speech
