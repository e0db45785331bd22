// Reading the "questions" of a procedure file: each question's kind and rules, its messages
// and choices, and the conditions (show_if) and prefills that look at earlier answers. The fee
// (fee_reader.cpp) reads conditions too, for its free cases.
#include "question_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>

#include "values.hpp"

namespace madoguchi::forms::detail {

namespace {

constexpr int kLargestNumberAnswer = 9999;

const std::vector<std::string> kQuestionKinds{"number",      "choice", "yes_no",    "date",
                                              "postal_code", "phone",  "kana_text", "text"};
constexpr int kLongestTextAnswer = 500;

}  // namespace

bool is_identifier(std::string_view id) {
  if (id.empty() || id.front() < 'a' || id.front() > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string read_id(const JsonObject& object) {
  std::string id = object.required_text("id");
  if (!is_identifier(id)) {
    object.fail_at("id", in_quotes(id) +
                             " cannot be used as an id: use lowercase letters a–z, "
                             "digits and _, starting with a letter (for example "
                             "\"copies\")");
  }
  return id;
}

std::vector<std::string> question_ids(const std::vector<Question>& questions) {
  std::vector<std::string> ids;
  for (const Question& question : questions) ids.push_back(question.id);
  return ids;
}

namespace {

bool is_v1_kind(QuestionKind kind) {
  return kind == QuestionKind::Number || kind == QuestionKind::Choice ||
         kind == QuestionKind::YesNo;
}

QuestionKind read_kind(const JsonObject& object) {
  const std::string kind = object.required_text("kind");
  for (int i = 0; i <= static_cast<int>(QuestionKind::Text); ++i) {
    const auto candidate = static_cast<QuestionKind>(i);
    if (kind != kind_name(candidate)) continue;
    if (!is_v1_kind(candidate) && object.source().format_version < 2) {
      object.fail_at("kind", in_quotes(kind) + " questions need \"format_version\": 2");
    }
    return candidate;
  }
  std::string message = "unknown kind " + in_quotes(kind);
  if (const std::string guess = detail::closest_match(kind, kQuestionKinds); !guess.empty()) {
    message += " (did you mean " + in_quotes(guess) + "?)";
  }
  object.fail_at("kind", message + "; use one of: " + detail::join(kQuestionKinds));
}

// Keys that only some kinds of question have.
const std::map<std::string, std::vector<QuestionKind>, std::less<>> kKindSpecificKeys{
    {"unit", {QuestionKind::Number}},
    {"min", {QuestionKind::Number, QuestionKind::Date}},
    {"max", {QuestionKind::Number, QuestionKind::Date}},
    {"choices", {QuestionKind::Choice}},
    {"yes_label", {QuestionKind::YesNo}},
    {"no_label", {QuestionKind::YesNo}},
    {"entry", {QuestionKind::Date}},
    {"max_length", {QuestionKind::KanaText, QuestionKind::Text}},
    {"required",
     {QuestionKind::Date, QuestionKind::PostalCode, QuestionKind::Phone, QuestionKind::KanaText,
      QuestionKind::Text}},
    {"messages",
     {QuestionKind::Date, QuestionKind::PostalCode, QuestionKind::Phone, QuestionKind::KanaText,
      QuestionKind::Text}},
};

void check_keys_for_kind(const JsonObject& object, QuestionKind kind) {
  for (const std::string& key : object.keys()) {
    const auto it = kKindSpecificKeys.find(key);
    if (it == kKindSpecificKeys.end()) continue;
    if (std::find(it->second.begin(), it->second.end(), kind) != it->second.end()) continue;
    std::string kinds;
    for (std::size_t i = 0; i < it->second.size(); ++i) {
      if (i > 0) kinds += i + 1 == it->second.size() ? " and " : ", ";
      kinds += kind_name(it->second[i]);
    }
    object.fail_at(key, in_quotes(key) + " is only for " + kinds + " questions, and this is a " +
                            kind_name(kind) + " question");
  }
}

void read_number_rules(const JsonObject& object, Question& question) {
  question.unit = object.optional_text("unit");
  question.min = object.required_whole_number("min");
  question.max = object.required_whole_number("max");
  if (question.min < 0) object.fail_at("min", "must be 0 or more");
  if (question.max > kLargestNumberAnswer) object.fail_at("max", "must be 9999 or less");
  if (question.max < question.min) {
    object.fail_at("max", "must be ≥ min (" + std::to_string(question.min) + ")");
  }
}

// "1900-01-01", "today", "today-120y", "today+30d", "today-1y-6m".
std::optional<DateLimit> parse_date_limit(std::string_view text) {
  DateLimit limit;
  limit.spelling = std::string(text);
  if (!text.starts_with("today")) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const std::string digits = std::string(text.substr(0, 4)) + std::string(text.substr(5, 2)) +
                               std::string(text.substr(8, 2));
    const auto date = text::parse_yyyymmdd(digits);
    if (!date) return std::nullopt;
    limit.date = *date;
    return limit;
  }
  limit.relative = true;
  text.remove_prefix(5);
  while (!text.empty()) {
    const char sign = text.front();
    if (sign != '+' && sign != '-') return std::nullopt;
    text.remove_prefix(1);
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0 || digits > 4 || digits == text.size()) return std::nullopt;
    const auto amount = detail::parse_decimal(text.substr(0, digits));
    if (!amount) return std::nullopt;
    const int signed_amount = sign == '-' ? -*amount : *amount;
    switch (text[digits]) {
      case 'y':
        limit.years += signed_amount;
        break;
      case 'm':
        limit.months += signed_amount;
        break;
      case 'd':
        limit.days += signed_amount;
        break;
      default:
        return std::nullopt;
    }
    text.remove_prefix(digits + 1);
    // Keep the limit within 200 years of the day of application.
    if (std::abs(limit.years) > 200 || std::abs(limit.months) > 2400 ||
        std::abs(limit.days) > 73000) {
      return std::nullopt;
    }
  }
  return limit;
}

std::optional<DateLimit> read_date_limit(const JsonObject& object, std::string_view key) {
  if (!object.has(key)) return std::nullopt;
  const std::string text = object.required_text(key);
  auto limit = parse_date_limit(text);
  if (!limit) {
    object.fail_at(key,
                   in_quotes(text) +
                       " is not a date limit: write a day as \"1900-01-01\" (year-month-day), "
                       "or a day counted from the day of the application as \"today\", "
                       "\"today-120y\" (years), \"today+6m\" (months) or \"today-30d\" (days), "
                       "at most 200 years away");
  }
  return limit;
}

void read_date_rules(const JsonObject& object, Question& question) {
  const std::string entry = object.optional_text("entry", "either");
  if (entry == "wareki") {
    question.entry = DateEntry::Wareki;
  } else if (entry == "seireki") {
    question.entry = DateEntry::Seireki;
  } else if (entry == "either") {
    question.entry = DateEntry::Either;
  } else {
    object.fail_at("entry", "must be \"wareki\" (和暦), \"seireki\" (西暦) or \"either\"");
  }
  question.min_date = read_date_limit(object, "min");
  question.max_date = read_date_limit(object, "max");
  if (question.min_date && question.max_date && !question.min_date->relative &&
      !question.max_date->relative && question.max_date->date < question.min_date->date) {
    object.fail_at("max", "must not be before min (" + question.min_date->spelling + ")");
  }
}

void read_text_rules(const JsonObject& object, Question& question) {
  question.max_length = object.required_whole_number("max_length");
  if (question.max_length < 1 || question.max_length > kLongestTextAnswer) {
    object.fail_at("max_length", "must be from 1 to 500 characters");
  }
}

const std::map<QuestionKind, std::vector<std::string>> kMessageKeys{
    {QuestionKind::Date, {"required", "invalid", "too_early", "too_late"}},
    {QuestionKind::PostalCode, {"required", "invalid"}},
    {QuestionKind::Phone, {"required", "invalid"}},
    {QuestionKind::KanaText, {"required", "invalid", "too_long"}},
    {QuestionKind::Text, {"required", "invalid", "too_long"}},
};

void read_messages(const JsonObject& question_object, Question& question) {
  const detail::Json* value = question_object.optional("messages");
  if (value == nullptr) return;
  const JsonObject object(*value, question_object.pointer_to("messages"), question_object.source(),
                          "the messages for the resident");
  const std::vector<std::string>& keys = kMessageKeys.at(question.kind);
  for (const std::string& key : object.keys()) {
    if (key == "note") continue;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      std::string message = "unknown message " + in_quotes(key);
      if (const std::string guess = detail::closest_match(key, keys); !guess.empty()) {
        message += " (did you mean " + in_quotes(guess) + "?)";
      }
      object.report_at(key, message + "; a " + kind_name(question.kind) +
                                " question has these messages: " + detail::join(keys));
      continue;
    }
    question.messages[key] = object.required_texts(key);
  }
}

void read_choices(const JsonObject& object, Question& question) {
  const std::string pointer = object.pointer_to("choices");
  const auto& choices = detail::as_array(object.required("choices"), pointer, object.source());
  if (choices.size() < 2) object.fail_at("choices", "a choice question needs at least 2 choices");
  std::map<std::string, std::string, std::less<>> seen;  // choice id -> its pointer
  question.choices.reserve(choices.size());
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const JsonObject choice_object(choices[i], detail::pointer_join(pointer, i), object.source(),
                                   "a choice");
    choice_object.allow_only({"id", "label", "help"});
    Choice choice;
    choice.id = read_id(choice_object);
    choice.labels = choice_object.required_texts("label");
    choice.helps = choice_object.optional_texts("help");
    choice.label = choice.labels.ja;
    choice.help = choice.helps.ja;
    const auto [existing, added] = seen.emplace(choice.id, choice_object.pointer());
    if (!added) {
      choice_object.fail_at(
          "id", "the id " + in_quotes(choice.id) + " is already used by " + existing->second);
    }
    question.choices.push_back(std::move(choice));
  }
}

void read_yes_no_labels(const JsonObject& object, Question& question) {
  Texts yes = object.optional_texts("yes_label");
  Texts no = object.optional_texts("no_label");
  if (object.has("yes_label") && yes.ja.empty()) object.fail_at("yes_label", "must not be empty");
  if (object.has("no_label") && no.ja.empty()) object.fail_at("no_label", "must not be empty");
  if (yes.ja.empty()) yes.ja = "はい";
  if (no.ja.empty()) no.ja = "いいえ";
  question.choices = {Choice{"yes", yes.ja, {}, yes, {}}, Choice{"no", no.ja, {}, no, {}}};
}

void read_default(const JsonObject& object, Question& question) {
  const detail::Json* value = object.optional("default");
  if (value == nullptr) return;
  if (question.kind == QuestionKind::Number && value->is_number_integer()) {
    question.default_value = std::to_string(value->get<long long>());
  } else if (value->is_string()) {
    question.default_value = value->get<std::string>();
  } else {
    object.fail_at("default", "must be text in double quotes, such as \"1\"");
  }
  const auto problem = validate_answer(question, question.default_value);
  if (!problem) return;
  if (question.kind == QuestionKind::Number) {
    object.fail_at("default", "must be a whole number from " + std::to_string(question.min) +
                                  " to " + std::to_string(question.max));
  }
  if (question.kind != QuestionKind::Choice && question.kind != QuestionKind::YesNo) {
    object.fail_at("default", in_quotes(question.default_value) +
                                  " is not an answer this question accepts as stored (" + *problem +
                                  ")");
  }
  std::vector<std::string> ids;
  for (const Choice& choice : question.choices) ids.push_back(choice.id);
  object.fail_at("default", in_quotes(question.default_value) +
                                " is not one of this question's choices: " + detail::join(ids));
}

const Question* find_in_scope(const JsonObject& object, std::string_view key, const std::string& id,
                              const Scope& scope) {
  for (const Question* question : scope.earlier) {
    if (question->id == id) return question;
  }
  if (const auto later = scope.all_ids.find(id); later != scope.all_ids.end()) {
    object.fail_at(key, "question " + in_quotes(id) + " (" + later->second +
                            ") is not asked before this one; " + scope.what +
                            " may only look at the answers to earlier questions");
  }
  std::vector<std::string> ids;
  for (const Question* question : scope.earlier) ids.push_back(question->id);
  std::string message = "there is no question with id " + in_quotes(id);
  if (const std::string guess = detail::closest_match(id, ids); !guess.empty()) {
    message += " (did you mean " + in_quotes(guess) + "?)";
  }
  object.fail_at(key,
                 message + (ids.empty() ? std::string("; there is no earlier question")
                                        : "; the questions it may name are: " + detail::join(ids)));
}

std::string read_condition_value(const JsonObject& object, const detail::Json& value,
                                 const std::string& pointer, const Question& question) {
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_number_integer() && question.kind == QuestionKind::Number) {
    text = std::to_string(value.get<long long>());
  } else {
    object.source().fail(pointer, "must be an answer in double quotes, such as \"yes\"");
  }
  if (!validate_answer(question, text)) return text;
  if (question.kind == QuestionKind::Number) {
    object.source().fail(pointer, in_quotes(text) + " is not an answer to question " +
                                      in_quotes(question.id) + ": it takes a whole number from " +
                                      std::to_string(question.min) + " to " +
                                      std::to_string(question.max));
  }
  std::vector<std::string> ids;
  for (const Choice& choice : question.choices) ids.push_back(choice.id);
  object.source().fail(pointer, in_quotes(text) + " is not a choice of question " +
                                    in_quotes(question.id) +
                                    "; its choices are: " + detail::join(ids));
}

constexpr int kDeepestCondition = 16;

}  // namespace

Condition read_condition(const detail::Json& value, const std::string& pointer,
                         const Source& source, const Scope& scope, int depth) {
  if (depth > kDeepestCondition) {
    source.fail(pointer, "conditions are nested more than 16 deep here; write it more simply");
  }
  const JsonObject object(value, pointer, source,
                          "a condition ({ \"question\": …, \"equals\": … }, \"in\", \"not\", "
                          "\"all\" or \"any\")");
  object.allow_only({"question", "equals", "in", "not", "all", "any"});
  Condition condition;
  const int forms =
      object.has("question") + object.has("not") + object.has("all") + object.has("any");
  if (forms != 1) {
    object.fail(
        "a condition needs exactly one of: \"question\" (with \"equals\" or \"in\"), \"not\", "
        "\"all\", \"any\"");
  }
  if (object.has("not")) {
    condition.op = Condition::Op::Not;
    condition.parts.push_back(
        read_condition(object.required("not"), object.pointer_to("not"), source, scope, depth + 1));
    return condition;
  }
  for (const char* key : {"all", "any"}) {
    if (!object.has(key)) continue;
    condition.op = std::string_view(key) == "all" ? Condition::Op::All : Condition::Op::Any;
    const std::string list_pointer = object.pointer_to(key);
    const auto& parts = detail::as_array(object.required(key), list_pointer, source);
    if (parts.empty()) object.fail_at(key, "needs at least one condition");
    for (std::size_t i = 0; i < parts.size(); ++i) {
      condition.parts.push_back(read_condition(parts[i], detail::pointer_join(list_pointer, i),
                                               source, scope, depth + 1));
    }
    return condition;
  }
  condition.question = object.required_text("question");
  const Question* question = find_in_scope(object, "question", condition.question, scope);
  if (question->kind != QuestionKind::Number && question->kind != QuestionKind::Choice &&
      question->kind != QuestionKind::YesNo) {
    object.fail_at("question", "a condition may look at choice, yes_no and number questions; " +
                                   in_quotes(question->id) + " is a " + kind_name(question->kind) +
                                   " question");
  }
  if (object.has("equals") == object.has("in")) {
    object.fail("give either \"equals\" (one answer) or \"in\" (a list of answers)");
  }
  if (object.has("equals")) {
    condition.op = Condition::Op::Equals;
    condition.values.push_back(read_condition_value(object, object.required("equals"),
                                                    object.pointer_to("equals"), *question));
    return condition;
  }
  condition.op = Condition::Op::In;
  const std::string list_pointer = object.pointer_to("in");
  const auto& values = detail::as_array(object.required("in"), list_pointer, source);
  if (values.empty()) object.fail_at("in", "needs at least one answer");
  for (std::size_t i = 0; i < values.size(); ++i) {
    condition.values.push_back(
        read_condition_value(object, values[i], detail::pointer_join(list_pointer, i), *question));
  }
  return condition;
}

namespace {

std::optional<Prefill> read_prefill(const JsonObject& question_object, const Question& question,
                                    const Scope& scope) {
  const detail::Json* value = question_object.optional("prefill");
  if (value == nullptr) return std::nullopt;
  const JsonObject object(*value, question_object.pointer_to("prefill"), question_object.source(),
                          "a prefill ({ \"from\": \"card.name\", \"editable\": true })");
  object.allow_only({"from", "editable", "asked"});
  Prefill prefill;
  const std::string from = object.required_text("from");
  prefill.editable = object.optional_bool("editable", true);
  prefill.asked = object.optional_bool("asked", true);
  if (!prefill.asked && question.share_as.empty()) {
    object.fail_at("asked",
                   "a question not asked is the prefilled value or the visit's answer of its "
                   "share_as name; without share_as it is only the prefill: bind the form to " +
                       in_quotes(from) + " instead");
  }
  auto require_kind = [&](QuestionKind kind) {
    if (question.kind != kind) {
      object.fail_at("from", in_quotes(from) + " can prefill only a " + kind_name(kind) +
                                 " question, and this is a " + kind_name(question.kind) +
                                 " question");
    }
  };
  if (from == "card.name") {
    prefill.source = Prefill::Source::CardName;
    require_kind(QuestionKind::Text);
  } else if (from == "card.address") {
    prefill.source = Prefill::Source::CardAddress;
    require_kind(QuestionKind::Text);
  } else if (from == "card.birth_date") {
    prefill.source = Prefill::Source::CardBirthDate;
    require_kind(QuestionKind::Date);
  } else if (from.starts_with("answer.") && from.size() > 7) {
    prefill.source = Prefill::Source::Answer;
    prefill.question_id = from.substr(7);
    const Question* earlier = find_in_scope(object, "from", prefill.question_id, scope);
    if (earlier->kind != question.kind) {
      object.fail_at("from", "question " + in_quotes(earlier->id) + " is a " +
                                 kind_name(earlier->kind) + " question and this is a " +
                                 kind_name(question.kind) +
                                 " question; an answer can prefill a question of its own kind");
    }
  } else {
    object.fail_at("from", "unknown prefill " + in_quotes(from) +
                               "; use one of: card.name, card.address, card.birth_date, "
                               "answer.<id of an earlier question>");
  }
  return prefill;
}

Question read_question(const JsonObject& object, const Scope& scope) {
  if (object.source().format_version >= 3) {
    object.allow_only({"id", "kind", "title", "help", "summary_label", "default", "unit", "min",
                       "max", "choices", "yes_label", "no_label", "entry", "max_length", "required",
                       "messages", "show_if", "prefill", "share_as"});
  } else if (object.source().format_version >= 2) {
    object.allow_only({"id", "kind", "title", "help", "summary_label", "default", "unit", "min",
                       "max", "choices", "yes_label", "no_label", "entry", "max_length", "required",
                       "messages", "show_if", "prefill"});
  } else {
    object.allow_only({"id", "kind", "title", "help", "summary_label", "default", "unit", "min",
                       "max", "choices", "yes_label", "no_label"});
  }
  Question question;
  question.kind = read_kind(object);
  check_keys_for_kind(object, question.kind);
  question.id = read_id(object);
  question.titles = object.required_texts("title");
  question.helps = object.optional_texts("help");
  question.summary_labels = object.optional_texts("summary_label");
  if (question.summary_labels.ja.empty()) question.summary_labels = question.titles;
  question.title = question.titles.ja;
  question.help = question.helps.ja;
  question.summary_label = question.summary_labels.ja;
  switch (question.kind) {
    case QuestionKind::Number:
      read_number_rules(object, question);
      break;
    case QuestionKind::Choice:
      read_choices(object, question);
      break;
    case QuestionKind::YesNo:
      read_yes_no_labels(object, question);
      break;
    case QuestionKind::Date:
      read_date_rules(object, question);
      break;
    case QuestionKind::KanaText:
    case QuestionKind::Text:
      read_text_rules(object, question);
      break;
    case QuestionKind::PostalCode:
    case QuestionKind::Phone:
      break;
  }
  if (!is_v1_kind(question.kind)) {
    question.required = object.optional_bool("required", true);
    read_messages(object, question);
  }
  if (object.has("show_if")) {
    question.show_if = read_condition(object.required("show_if"), object.pointer_to("show_if"),
                                      object.source(), scope);
  }
  if (object.has("share_as")) {
    question.share_as = object.required_text("share_as");
    if (!is_identifier(question.share_as)) {
      object.fail_at("share_as",
                     "must be a short name of lowercase letters a–z, digits and _, starting "
                     "with a letter, such as \"contact_phone\"");
    }
  }
  question.prefill = read_prefill(object, question, scope);
  read_default(object, question);
  return question;
}

}  // namespace

std::vector<Question> read_questions(const JsonObject& top) {
  const std::string pointer = top.pointer_to("questions");
  const auto& items = detail::as_array(top.required("questions"), pointer, top.source());
  Scope scope;
  scope.what = "show_if and prefill";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].is_object() && items[i].contains("id") && items[i]["id"].is_string()) {
      scope.all_ids.emplace(items[i]["id"].get<std::string>(), detail::pointer_join(pointer, i));
    }
  }
  std::vector<Question> questions;
  questions.reserve(items.size());                       // `scope.earlier` points into it
  std::map<std::string, std::string, std::less<>> seen;  // question id -> its pointer
  for (std::size_t i = 0; i < items.size(); ++i) {
    const JsonObject object(items[i], detail::pointer_join(pointer, i), top.source(), "a question");
    Question question = read_question(object, scope);
    const auto [existing, added] = seen.emplace(question.id, object.pointer());
    if (!added) {
      object.fail_at("id", "the id " + in_quotes(question.id) + " is already used by " +
                               existing->second + "; every question needs its own id");
    }
    questions.push_back(std::move(question));
    scope.earlier.push_back(&questions.back());
  }
  return questions;
}

}  // namespace madoguchi::forms::detail
