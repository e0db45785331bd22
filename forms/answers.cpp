// Questions and answers: what to ask, what is acceptable, how answers read, what they cost.
#include <algorithm>
#include <array>
#include <utility>

#include "built_in_messages.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/text/kana.hpp"
#include "madoguchi/text/utf8.hpp"
#include "values.hpp"

namespace madoguchi::forms {

namespace {

const Choice* find_choice(const Question& question, std::string_view choice_id) {
  const auto it = std::find_if(question.choices.begin(), question.choices.end(),
                               [choice_id](const Choice& c) { return c.id == choice_id; });
  return it == question.choices.end() ? nullptr : &*it;
}

std::string count_label(const Question& question, int count) {
  return std::to_string(count) + question.unit;
}

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// A built-in message in `language` with its placeholders filled in.
std::string built_in(std::string_view key, Language language,
                     std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string text(detail::built_in_message(key, language));
  for (const auto& [name, value] : values) replace_all(text, name, value);
  return text;
}

// Number and choice messages in the resident's language. Units are Japanese counters ("通"),
// so the other languages give the bare number.
std::optional<std::string> validate_number(const Question& question, std::string_view value,
                                           Language language) {
  const auto label = [&](int count) {
    return is_japanese(language) ? count_label(question, count) : std::to_string(count);
  };
  const std::string min = label(question.min), max = label(question.max);
  const auto count = value.empty() ? std::nullopt : detail::parse_decimal(value);
  if (value.empty()) return built_in("number.required", language, {{"{min}", min}, {"{max}", max}});
  if (!count) return built_in("number.digits", language, {});
  if (*count < question.min) return built_in("number.too_few", language, {{"{min}", min}});
  if (*count > question.max) return built_in("number.too_many", language, {{"{max}", max}});
  return std::nullopt;
}

std::optional<std::string> validate_choice(const Question& question, std::string_view value,
                                           Language language) {
  if (find_choice(question, value) != nullptr) return std::nullopt;
  if (question.kind == QuestionKind::YesNo && question.choices.size() == 2) {
    return built_in("choice.yes_no", language,
                    {{"{a}", std::string(question.choices[0].labels.in(language))},
                     {"{b}", std::string(question.choices[1].labels.in(language))}});
  }
  return built_in("choice.one", language, {});
}

// --- messages for the kinds of format version 2 -----------------------------------------

std::string iso_date(const text::CivilDate& date) {
  std::string text(10, '-');
  auto put = [&text](std::size_t at, std::size_t width, int value) {
    for (std::size_t i = 0; i < width; ++i) {
      text[at + width - 1 - i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, 4, date.year);
  put(5, 2, date.month);
  put(8, 2, date.day);
  return text;
}

std::string date_for_message(const text::CivilDate& date, const Question& question,
                             Language language) {
  if (!is_japanese(language)) return iso_date(date);
  if (question.entry != DateEntry::Seireki) {
    if (auto wareki = text::to_wareki(date)) return *wareki;
  }
  return text::to_seireki(date);
}

// The message for `key` in the context's language: the file's own text in that language if
// it has one, otherwise the kiosk's.
std::string message(const Question& question, std::string_view key, const AnswerContext& context) {
  std::string text;
  if (const auto it = question.messages.find(key);
      it != question.messages.end() && it->second.has(context.language)) {
    text = it->second.in(context.language);
  } else {
    text = detail::built_in_message(detail::kind_name(question.kind) + "." + std::string(key),
                                    context.language);
  }
  replace_all(text, "{max_length}", std::to_string(question.max_length));
  if (question.min_date) {
    replace_all(text, "{min}",
                date_for_message(question.min_date->on(context.today), question, context.language));
  }
  if (question.max_date) {
    replace_all(text, "{max}",
                date_for_message(question.max_date->on(context.today), question, context.language));
  }
  return text;
}

std::optional<text::CivilDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  return text::parse_yyyymmdd(std::string(text.substr(0, 4)) + std::string(text.substr(5, 2)) +
                              std::string(text.substr(8, 2)));
}

// "1980年2月17日", "1980-2-17", "1980/02/17", "1980.2.17", "19800217" (already width-normalised).
std::optional<text::CivilDate> parse_seireki(std::string_view text) {
  std::vector<std::string> numbers;
  std::string current;
  const std::u32string chars = text::decode_utf8(text);
  for (const char32_t c : chars) {
    if (c >= U'0' && c <= U'9') {
      current += static_cast<char>(c);
      continue;
    }
    const bool separator =
        c == U'-' || c == U'/' || c == U'.' || c == U'年' || c == U'月' || c == U'日' || c == U' ';
    if (!separator) return std::nullopt;
    if (!current.empty()) numbers.push_back(std::exchange(current, {}));
  }
  if (!current.empty()) numbers.push_back(current);
  if (numbers.size() == 1 && numbers[0].size() == 8) {
    numbers = {numbers[0].substr(0, 4), numbers[0].substr(4, 2), numbers[0].substr(6, 2)};
  }
  if (numbers.size() != 3 || numbers[0].size() != 4 || numbers[1].size() > 2 ||
      numbers[2].size() > 2) {
    return std::nullopt;
  }
  text::CivilDate date{*detail::parse_decimal(numbers[0]), *detail::parse_decimal(numbers[1]),
                       *detail::parse_decimal(numbers[2])};
  if (!text::is_calendar_date(date)) return std::nullopt;
  return date;
}

std::string trim_spaces(std::string_view text) {
  std::u32string chars = text::decode_utf8(text);
  auto is_space = [](char32_t c) { return c == U' ' || c == U'\u3000' || c == U'\t'; };
  while (!chars.empty() && is_space(chars.back())) chars.pop_back();
  std::size_t start = 0;
  while (start < chars.size() && is_space(chars[start])) ++start;
  return text::encode_utf8(std::u32string_view(chars).substr(start));
}

bool is_dash(char32_t c) {
  return c == U'-' || c == U'‐' || c == U'‑' || c == U'–' || c == U'—' || c == U'−' || c == U'ー' ||
         c == U'ｰ' || c == U'－';
}

std::optional<std::string> validate_date(const Question& question, std::string_view value,
                                         const AnswerContext& context) {
  const auto date = parse_iso_date(value);
  if (!date) return message(question, "invalid", context);
  if (question.min_date && *date < question.min_date->on(context.today)) {
    return message(question, "too_early", context);
  }
  if (question.max_date && *date > question.max_date->on(context.today)) {
    return message(question, "too_late", context);
  }
  return std::nullopt;
}

bool is_phone_number(std::string_view value) {
  std::string digits;
  char previous = '-';
  for (const char c : value) {
    if (c == '-') {
      if (previous == '-') return false;  // at the start or doubled
    } else if (c >= '0' && c <= '9') {
      digits += c;
    } else {
      return false;
    }
    previous = c;
  }
  if (previous == '-' || digits.size() < 10 || digits.size() > 11 || digits[0] != '0') {
    return false;
  }
  if (digits.size() == 10) return digits[1] != '0';  // 03-…, 0120-…: not 00 (abroad)
  return digits[1] >= '5' && digits[2] == '0';       // 050, 070, 080, 090, 0800
}

std::optional<std::string> validate_v2(const Question& question, std::string_view value,
                                       const AnswerContext& context) {
  if (value.empty()) {
    return question.required ? std::optional(message(question, "required", context)) : std::nullopt;
  }
  switch (question.kind) {
    case QuestionKind::Date:
      return validate_date(question, value, context);
    case QuestionKind::PostalCode:
      if (value.size() == 7 &&
          std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
      }
      return message(question, "invalid", context);
    case QuestionKind::Phone:
      if (is_phone_number(value)) return std::nullopt;
      return message(question, "invalid", context);
    case QuestionKind::KanaText:
      if (!text::is_kana_only(value, {text::KanaScript::kKatakana, false})) {
        return message(question, "invalid", context);
      }
      break;
    case QuestionKind::Text:
      for (const char32_t c : text::decode_utf8(value)) {
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFD || c == 0x2028 || c == 0x2029) {
          return message(question, "invalid", context);
        }
      }
      break;
    case QuestionKind::Number:
    case QuestionKind::Choice:
    case QuestionKind::YesNo:
      break;
  }
  if (question.max_length > 0 &&
      text::count_characters(value) > static_cast<std::size_t>(question.max_length)) {
    return message(question, "too_long", context);
  }
  return std::nullopt;
}

}  // namespace

bool Condition::holds(const Answers& answers) const {
  switch (op) {
    case Op::Equals:
    case Op::In: {
      const std::string* answer = detail::find_answer(answers, question);
      return answer != nullptr && std::find(values.begin(), values.end(), *answer) != values.end();
    }
    case Op::Not:
      return parts.empty() || !parts.front().holds(answers);
    case Op::All:
      return std::all_of(parts.begin(), parts.end(),
                         [&](const Condition& part) { return part.holds(answers); });
    case Op::Any:
      return std::any_of(parts.begin(), parts.end(),
                         [&](const Condition& part) { return part.holds(answers); });
  }
  return false;
}

text::CivilDate DateLimit::on(text::CivilDate today) const {
  if (!relative) return date;
  using namespace std::chrono;
  const long total_months = static_cast<long>(today.year) * 12 + (today.month - 1) +
                            static_cast<long>(years) * 12 + months;
  const int year = static_cast<int>(total_months / 12);
  const auto month = static_cast<unsigned>(total_months % 12 + 1);
  year_month_day shifted{std::chrono::year{year}, std::chrono::month{month},
                         std::chrono::day{static_cast<unsigned>(today.day)}};
  if (!shifted.ok()) {  // 3月31日 - 1m: the last day of February
    shifted = year_month_day{
        year_month_day_last{std::chrono::year{year}, month_day_last{std::chrono::month{month}}}};
  }
  const year_month_day result{sys_days{shifted} + std::chrono::days{this->days}};
  return text::CivilDate{static_cast<int>(result.year()),
                         static_cast<int>(unsigned(result.month())),
                         static_cast<int>(unsigned(result.day()))};
}

std::string Prefill::to_string() const {
  switch (source) {
    case Source::CardName:
      return "card.name";
    case Source::CardAddress:
      return "card.address";
    case Source::CardBirthDate:
      return "card.birth_date";
    case Source::Answer:
      return "answer." + question_id;
  }
  return {};
}

const Question* Procedure::find_question(std::string_view question_id) const {
  const auto it = std::find_if(questions.begin(), questions.end(),
                               [question_id](const Question& q) { return q.id == question_id; });
  return it == questions.end() ? nullptr : &*it;
}

std::vector<const Question*> questions_to_ask(const Procedure& procedure, const Answers& answers) {
  std::vector<const Question*> questions;
  questions.reserve(procedure.questions.size());
  Answers asked;  // answers to the questions asked so far: what conditions may look at
  for (const Question& question : procedure.questions) {
    if (question.show_if && !question.show_if->holds(asked)) continue;
    questions.push_back(&question);
    if (const std::string* answer = detail::find_answer(answers, question.id)) {
      asked.emplace(question.id, *answer);
    }
  }
  return questions;
}

Answers answers_to_asked_questions(const Procedure& procedure, const Answers& answers) {
  Answers kept;
  for (const Question* question : questions_to_ask(procedure, answers)) {
    if (const std::string* answer = detail::find_answer(answers, question->id)) {
      kept.emplace(question->id, *answer);
    }
  }
  return kept;
}

std::optional<std::string> validate_answer(const Question& question, std::string_view value) {
  return validate_answer(question, value, AnswerContext{});
}

std::optional<std::string> validate_answer(const Question& question, std::string_view value,
                                           const AnswerContext& context) {
  switch (question.kind) {
    case QuestionKind::Number:
      return validate_number(question, value, context.language);
    case QuestionKind::Choice:
    case QuestionKind::YesNo:
      return validate_choice(question, value, context.language);
    case QuestionKind::Date:
    case QuestionKind::PostalCode:
    case QuestionKind::Phone:
    case QuestionKind::KanaText:
    case QuestionKind::Text:
      return validate_v2(question, value, context);
  }
  return "どれか1つを選んでください";
}

std::expected<std::string, std::string> normalize_answer(const Question& question,
                                                         std::string_view typed,
                                                         const AnswerContext& context) {
  std::string value;
  switch (question.kind) {
    case QuestionKind::Number:
    case QuestionKind::Choice:
    case QuestionKind::YesNo:
      value = std::string(typed);
      break;
    case QuestionKind::Date: {
      const std::string text = trim_spaces(text::normalize_width(typed));
      if (text.empty() || parse_iso_date(text)) {
        value = text;
        break;
      }
      const bool starts_with_digit = text.front() >= '0' && text.front() <= '9';
      std::optional<text::CivilDate> date;
      if (question.entry == DateEntry::Seireki ||
          (question.entry == DateEntry::Either && starts_with_digit)) {
        date = parse_seireki(text);
        if (!date) return std::unexpected(message(question, "invalid", context));
      } else {
        auto wareki = text::parse_wareki(text);
        if (!wareki) {
          // The 和暦 reader says exactly what is wrong, in Japanese.
          const bool own_words =
              question.messages.contains("invalid") || context.language != Language::Ja;
          return std::unexpected(own_words ? message(question, "invalid", context)
                                           : wareki.error());
        }
        date = *wareki;
      }
      value = iso_date(*date);
      break;
    }
    case QuestionKind::PostalCode: {
      std::string digits;
      std::size_t dashes = 0;
      for (const char32_t c : text::decode_utf8(text::normalize_width(typed))) {
        if (c == U'〒' || c == U' ' || c == U'\u3000') continue;
        if (is_dash(c) && digits.size() == 3 && dashes == 0) {
          ++dashes;
          continue;
        }
        if (c < U'0' || c > U'9') return std::unexpected(message(question, "invalid", context));
        digits += static_cast<char>(c);
      }
      value = digits;
      break;
    }
    case QuestionKind::Phone: {
      for (const char32_t c : text::decode_utf8(trim_spaces(text::normalize_width(typed)))) {
        if (c >= U'0' && c <= U'9') {
          value += static_cast<char>(c);
        } else if (is_dash(c) || c == U' ' || c == U'\u3000' || c == U'(' || c == U')') {
          if (!value.empty() && value.back() != '-') value += '-';
        } else {
          return std::unexpected(message(question, "invalid", context));
        }
      }
      while (!value.empty() && value.back() == '-') value.pop_back();
      break;
    }
    case QuestionKind::KanaText: {
      const std::u32string chars =
          text::decode_utf8(text::to_katakana(text::normalize_width(trim_spaces(typed))));
      std::u32string joined;
      for (const char32_t c : chars) {
        const bool space = c == U' ' || c == U'\u3000';
        if (space && !joined.empty() && joined.back() == U'\u3000') continue;
        joined += space ? U'\u3000' : c;
      }
      value = text::encode_utf8(joined);
      break;
    }
    case QuestionKind::Text:
      value = trim_spaces(typed);
      break;
  }
  if (auto problem = validate_answer(question, value, context)) {
    return std::unexpected(std::move(*problem));
  }
  return value;
}

bool is_well_formed_answer(const Question& question, std::string_view value) {
  if (question.kind == QuestionKind::Date) return parse_iso_date(value).has_value();
  return !validate_answer(question, value);
}

std::string answer_label(const Question& question, std::string_view value) {
  // Date limits depend on the day of the application, which is not known here (and need not
  // be: a date the form accepted prints the same on any day).
  if (value.empty() || !is_well_formed_answer(question, value)) return std::string(value);
  switch (question.kind) {
    case QuestionKind::Number:
      return count_label(question, *detail::parse_decimal(value));
    case QuestionKind::Choice:
    case QuestionKind::YesNo:
      return find_choice(question, value)->label;
    case QuestionKind::Date: {
      const text::CivilDate date = *parse_iso_date(value);
      if (question.entry != DateEntry::Seireki) {
        if (auto wareki = text::to_wareki(date)) return *wareki;
      }
      return text::to_seireki(date);
    }
    case QuestionKind::PostalCode:
      return std::string(value.substr(0, 3)) + "-" + std::string(value.substr(3));
    case QuestionKind::Phone:
    case QuestionKind::KanaText:
    case QuestionKind::Text:
      break;
  }
  return std::string(value);
}

Answers default_answers(const Procedure& procedure) {
  Answers answers;
  for (const Question& question : procedure.questions) {
    if (!question.default_value.empty()) answers[question.id] = question.default_value;
  }
  return answers;
}

Answers prefill_answers(const Procedure& procedure, const ResidentFacts& resident,
                        const Answers& answers) {
  Answers result = answers;
  Answers asked;
  for (const Question& question : procedure.questions) {
    if (question.show_if && !question.show_if->holds(asked)) continue;
    if (question.prefill) {
      std::string value;
      switch (question.prefill->source) {
        case Prefill::Source::CardName:
          value = resident.name;
          break;
        case Prefill::Source::CardAddress:
          value = resident.address;
          break;
        case Prefill::Source::CardBirthDate:
          if (const auto birth = text::parse_yyyymmdd(resident.birth_date))
            value = iso_date(*birth);
          break;
        case Prefill::Source::Answer:
          if (const std::string* earlier =
                  detail::find_answer(asked, question.prefill->question_id)) {
            value = *earlier;
          }
          break;
      }
      const std::string* given = detail::find_answer(result, question.id);
      if (!value.empty() && (!question.prefill->editable || given == nullptr || given->empty())) {
        result[question.id] = value;
      }
    }
    if (const std::string* answer = detail::find_answer(result, question.id)) {
      asked.emplace(question.id, *answer);
    }
  }
  return result;
}

bool asked_on_a_screen(const Question& question) {
  return !question.prefill || question.prefill->asked;
}

bool may_change_answer(const Question& question) {
  return !question.prefill || (question.prefill->editable && question.prefill->asked);
}

std::optional<int> age_from_card(const ResidentFacts& resident, text::CivilDate on) {
  const auto birth = text::parse_yyyymmdd(resident.birth_date);
  if (!birth || on < *birth) return std::nullopt;
  return text::age_on(*birth, on);
}

FeeQuote quote_fee(const Procedure& procedure, const Answers& all_answers) {
  const Answers answers = answers_to_asked_questions(procedure, all_answers);
  int copies = 1;
  if (const Question* question = procedure.find_question(procedure.fee.copies_question)) {
    const std::string* answer = detail::find_answer(answers, question->id);
    if (answer != nullptr && !validate_answer(*question, *answer)) {
      copies = *detail::parse_decimal(*answer);
    }
  }
  int per_copy = procedure.fee.per_copy_yen;
  if (const std::string* choice = detail::find_answer(answers, procedure.fee.per_copy_question)) {
    if (const auto fee = procedure.fee.per_copy_by_choice.find(*choice);
        fee != procedure.fee.per_copy_by_choice.end()) {
      per_copy = fee->second;
    }
  }
  for (const FreeCase& free_case : procedure.fee.free_cases) {
    if (free_case.when.holds(answers)) return FeeQuote{per_copy, copies, 0, &free_case};
  }
  return FeeQuote{per_copy, copies, per_copy * copies};
}

}  // namespace madoguchi::forms
