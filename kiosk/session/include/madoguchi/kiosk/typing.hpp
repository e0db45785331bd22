// What the on-screen keyboards do to the text being typed: plain C++, no UI, so that the
// rules (濁点 on the last kana, one character erased at a time, a date put together from
// its parts) are tested without a screen.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::kiosk::typing {

// Characters of UTF-8 text (code points).
std::size_t length(std::string_view text);

// `text` with `key` appended, unless that would make it longer than `max_chars` (0 = no limit).
std::string append(std::string_view text, std::string_view key, std::size_t max_chars = 0);

// `text` without its last character.
std::string erase_last(std::string_view text);

// The marks of the kana keyboard, applied to the last character typed.
enum class Mark {
  Dakuten,     // ゛: カ → ガ, ウ → ヴ; again: ガ → カ
  Handakuten,  // ゜: ハ → パ; again: パ → ハ
  Small,       // 小: ア → ァ, ツ → ッ, ヤ → ャ; again: ァ → ア
};
// `text` with the mark applied to its last character; unchanged if the mark does not apply.
std::string apply_mark(std::string_view text, Mark mark);

// A date typed in parts: an era (or 西暦) and the year, month and day as typed digits.
struct DateParts {
  std::string era;  // "令和", "平成", "昭和", "大正", "明治", or "西暦"
  std::string year, month, day;
  friend bool operator==(const DateParts&, const DateParts&) = default;
};

// What to hand to forms::normalize_answer: "昭和55年2月17日", "1980年2月17日"; the parts
// typed so far ("昭和55年") while incomplete.
std::string date_text(const DateParts& parts);

// A stored answer "1980-02-17" as parts in 和暦 (or 西暦 when `seireki`, or when the day has
// no 和暦). nullopt for anything else.
std::optional<DateParts> date_parts(std::string_view stored, bool seireki);

// Which part the keypad fills next: once a part is complete (year 2 digits, 4 for 西暦;
// month 2 digits or a first digit that cannot start two; day likewise), the next one.
enum class DatePart { Year, Month, Day };
bool part_complete(const DateParts& parts, DatePart part);

}  // namespace madoguchi::kiosk::typing
