#include "values.hpp"

#include "madoguchi/text/utf8.hpp"

#include <charconv>

namespace madoguchi::forms::detail {

std::optional<int> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.front() == '-') {
    return std::nullopt;
  }
  return value;
}

std::string group_digits(int value) {
  const std::string digits = std::to_string(value < 0 ? -static_cast<long long>(value) : value);
  std::string grouped = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

std::string apply_format(std::string_view format, std::string_view value) {
  if (value.empty()) return {};
  const auto slot = format.find("{}");
  if (slot == std::string_view::npos) return std::string(value);
  return std::string(format.substr(0, slot)) + std::string(value) +
         std::string(format.substr(slot + 2));
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

const std::string* find_answer(const Answers& answers, std::string_view question_id) {
  const auto it = answers.find(question_id);
  return it == answers.end() ? nullptr : &it->second;
}

std::vector<std::string> grid_characters(std::string_view value) {
  std::vector<std::string> characters;
  for (const char32_t c : text::decode_utf8(value)) {
    if (c == U'-' || c == U'\uFF0D') continue;
    characters.push_back(text::encode_utf8(std::u32string_view(&c, 1)));
  }
  return characters;
}

std::string kind_name(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::Number:
      return "number";
    case QuestionKind::Choice:
      return "choice";
    case QuestionKind::YesNo:
      return "yes_no";
    case QuestionKind::Date:
      return "date";
    case QuestionKind::PostalCode:
      return "postal_code";
    case QuestionKind::Phone:
      return "phone";
    case QuestionKind::KanaText:
      return "kana_text";
    case QuestionKind::Text:
      return "text";
  }
  return "?";
}

}  // namespace madoguchi::forms::detail
