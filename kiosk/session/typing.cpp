#include "madoguchi/kiosk/typing.hpp"

#include <array>
#include <utility>

#include "madoguchi/text/japanese_date.hpp"
#include "madoguchi/text/utf8.hpp"

namespace madoguchi::kiosk::typing {

namespace {

// Pairs (plain, marked) for each mark, in katakana and hiragana.
constexpr std::array<std::pair<std::string_view, std::string_view>, 50> kDakuten{{
    {"カ", "ガ"}, {"キ", "ギ"}, {"ク", "グ"}, {"ケ", "ゲ"}, {"コ", "ゴ"}, {"サ", "ザ"},
    {"シ", "ジ"}, {"ス", "ズ"}, {"セ", "ゼ"}, {"ソ", "ゾ"}, {"タ", "ダ"}, {"チ", "ヂ"},
    {"ツ", "ヅ"}, {"テ", "デ"}, {"ト", "ド"}, {"ハ", "バ"}, {"ヒ", "ビ"}, {"フ", "ブ"},
    {"ヘ", "ベ"}, {"ホ", "ボ"}, {"ウ", "ヴ"}, {"か", "が"}, {"き", "ぎ"}, {"く", "ぐ"},
    {"け", "げ"}, {"こ", "ご"}, {"さ", "ざ"}, {"し", "じ"}, {"す", "ず"}, {"せ", "ぜ"},
    {"そ", "ぞ"}, {"た", "だ"}, {"ち", "ぢ"}, {"つ", "づ"}, {"て", "で"}, {"と", "ど"},
    {"は", "ば"}, {"ひ", "び"}, {"ふ", "ぶ"}, {"へ", "べ"}, {"ほ", "ぼ"}, {"う", "ゔ"},
    {"ッ", "ヅ"}, {"っ", "づ"}, {"パ", "バ"}, {"ピ", "ビ"}, {"プ", "ブ"}, {"ペ", "ベ"},
    {"ポ", "ボ"}, {"ぱ", "ば"},
}};
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kHandakuten{{
    {"ハ", "パ"}, {"ヒ", "ピ"}, {"フ", "プ"}, {"ヘ", "ペ"}, {"ホ", "ポ"},
    {"は", "ぱ"}, {"ひ", "ぴ"}, {"ふ", "ぷ"}, {"へ", "ぺ"}, {"ほ", "ぽ"},
    {"バ", "パ"}, {"ビ", "ピ"}, {"ブ", "プ"}, {"ベ", "ペ"}, {"ボ", "ポ"},
    {"ば", "ぱ"}, {"び", "ぴ"}, {"ぶ", "ぷ"}, {"べ", "ぺ"}, {"ぼ", "ぽ"},
}};
constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kSmall{{
    {"ア", "ァ"}, {"イ", "ィ"}, {"ウ", "ゥ"}, {"エ", "ェ"}, {"オ", "ォ"}, {"ツ", "ッ"},
    {"ヤ", "ャ"}, {"ユ", "ュ"}, {"ヨ", "ョ"}, {"ワ", "ヮ"}, {"カ", "ヵ"}, {"ケ", "ヶ"},
    {"あ", "ぁ"}, {"い", "ぃ"}, {"う", "ぅ"}, {"え", "ぇ"}, {"お", "ぉ"}, {"つ", "っ"},
    {"や", "ゃ"}, {"ゆ", "ゅ"}, {"よ", "ょ"}, {"わ", "ゎ"}, {"ヅ", "ッ"}, {"づ", "っ"},
}};

template <std::size_t N>
std::optional<std::string_view> toggle(
    const std::array<std::pair<std::string_view, std::string_view>, N>& pairs,
    std::string_view last) {
  for (const auto& [plain, marked] : pairs) {
    if (last == plain) return marked;
  }
  for (const auto& [plain, marked] : pairs) {
    if (last == marked) return plain;
  }
  return std::nullopt;
}

bool digits_only(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::size_t length(std::string_view text) { return text::count_characters(text); }

std::string append(std::string_view text, std::string_view key, std::size_t max_chars) {
  if (max_chars > 0 && length(text) + length(key) > max_chars) return std::string(text);
  return std::string(text) + std::string(key);
}

std::string erase_last(std::string_view text) {
  return std::string(text.substr(0, text::last_character_start(text)));
}

std::string apply_mark(std::string_view text, Mark mark) {
  const std::size_t at = text::last_character_start(text);
  const std::string_view last = text.substr(at);
  if (last.empty()) return std::string(text);
  std::optional<std::string_view> changed;
  switch (mark) {
    case Mark::Dakuten:
      // Plain kana first, so ガ → カ undoes a mark; ッ → ヅ and パ → バ convert.
      changed = toggle(kDakuten, last);
      break;
    case Mark::Handakuten:
      changed = toggle(kHandakuten, last);
      break;
    case Mark::Small:
      changed = toggle(kSmall, last);
      break;
  }
  if (!changed) return std::string(text);
  return std::string(text.substr(0, at)) + std::string(*changed);
}

std::string date_text(const DateParts& parts) {
  std::string text = parts.era == "西暦" ? std::string() : parts.era;
  if (parts.year.empty()) return text;
  text += parts.year + "年";
  if (parts.month.empty()) return text;
  text += parts.month + "月";
  if (parts.day.empty()) return text;
  return text + parts.day + "日";
}

std::optional<DateParts> date_parts(std::string_view stored, bool seireki) {
  if (stored.size() != 10 || stored[4] != '-' || stored[7] != '-') return std::nullopt;
  const std::string_view y = stored.substr(0, 4), m = stored.substr(5, 2), d = stored.substr(8, 2);
  if (!digits_only(y) || !digits_only(m) || !digits_only(d)) return std::nullopt;
  const text::CivilDate date{std::stoi(std::string(y)), std::stoi(std::string(m)),
                             std::stoi(std::string(d))};
  if (!text::is_calendar_date(date)) return std::nullopt;
  const auto wareki = seireki ? std::nullopt : text::wareki_of(date);
  if (!wareki) {
    return DateParts{"西暦", std::to_string(date.year), std::to_string(date.month),
                     std::to_string(date.day)};
  }
  return DateParts{std::string(wareki->era), std::to_string(wareki->era_year),
                   std::to_string(wareki->month), std::to_string(wareki->day)};
}

bool part_complete(const DateParts& parts, DatePart part) {
  switch (part) {
    case DatePart::Year:
      return parts.year.size() >= (parts.era == "西暦" ? 4U : 2U);
    case DatePart::Month:
      return parts.month.size() >= 2 || (parts.month.size() == 1 && parts.month[0] > '1');
    case DatePart::Day:
      return parts.day.size() >= 2 || (parts.day.size() == 1 && parts.day[0] > '3');
  }
  return false;
}

}  // namespace madoguchi::kiosk::typing
