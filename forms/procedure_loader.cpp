// Reading procedure files: the top level, the questions and the fee. The layout is read by
// layout_loader.cpp.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <variant>

#include "json_reader.hpp"
#include "layout_loader.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/text_fit.hpp"
#include "values.hpp"

namespace madoguchi::forms {

namespace {

using detail::in_quotes;
using detail::JsonObject;
using detail::kind_name;
using detail::Source;

constexpr std::uintmax_t kLargestFileBytes = 1024 * 1024;
constexpr int kLargestNumberAnswer = 9999;
constexpr int kHighestFeeYen = 100000;

const std::vector<std::string> kQuestionKinds{"number",      "choice", "yes_no",    "date",
                                              "postal_code", "phone",  "kana_text", "text"};
constexpr int kLongestTextAnswer = 500;

// Ids appear in bindings such as "answer.copies", so they are kept simple.
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
    const auto date = parse_yyyymmdd(digits);
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

// The questions a condition may look at, for reading conditions and prefills.
struct Scope {
  std::vector<const Question*> earlier;  // questions a condition may name
  // Every question id in the file -> its pointer, to tell "later" from "unknown".
  std::map<std::string, std::string, std::less<>> all_ids;
  std::string what;  // "show_if" or "a free case", for messages
};

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

Condition read_condition(const detail::Json& value, const std::string& pointer,
                         const Source& source, const Scope& scope, int depth = 0) {
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

std::optional<Prefill> read_prefill(const JsonObject& question_object, const Question& question,
                                    const Scope& scope) {
  const detail::Json* value = question_object.optional("prefill");
  if (value == nullptr) return std::nullopt;
  const JsonObject object(*value, question_object.pointer_to("prefill"), question_object.source(),
                          "a prefill ({ \"from\": \"card.name\", \"editable\": true })");
  object.allow_only({"from", "editable"});
  Prefill prefill;
  const std::string from = object.required_text("from");
  prefill.editable = object.optional_bool("editable", true);
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
  question.prefill = read_prefill(object, question, scope);
  read_default(object, question);
  if (object.has("share_as")) {
    question.share_as = object.required_text("share_as");
    if (!is_identifier(question.share_as)) {
      object.fail_at("share_as",
                     "must be a short name of lowercase letters a–z, digits and _, starting "
                     "with a letter, such as \"contact_phone\"");
    }
  }
  return question;
}

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

// "per_copy_by": { "question": "certificate", "yen": { "zenbu": 450, "joseki": 750 } }
void read_fee_by_choice(const JsonObject& fee_object, const std::vector<Question>& questions,
                        FeeRule& fee) {
  const JsonObject object(fee_object.required("per_copy_by"), fee_object.pointer_to("per_copy_by"),
                          fee_object.source(),
                          "the fee by choice ({ \"question\": …, \"yen\": { … } })");
  object.allow_only({"question", "yen"});
  fee.per_copy_question = object.required_text("question");
  const auto question = std::find_if(questions.begin(), questions.end(), [&](const Question& q) {
    return q.id == fee.per_copy_question;
  });
  if (question == questions.end() || question->kind != QuestionKind::Choice) {
    object.fail_at("question", "must name a choice question of this file; the questions are: " +
                                   detail::join(question_ids(questions)));
  }
  const JsonObject yen(object.required("yen"), object.pointer_to("yen"), object.source(),
                       "the fee per copy for each choice");
  std::vector<std::string> ids;
  for (const Choice& choice : question->choices) ids.push_back(choice.id);
  for (const std::string& key : yen.keys()) {
    if (std::find(ids.begin(), ids.end(), key) == ids.end()) {
      yen.fail_at(key, in_quotes(key) + " is not a choice of " + in_quotes(question->id) +
                           "; its choices are: " + detail::join(ids));
    }
    const int amount = yen.required_whole_number(key);
    if (amount < 0 || amount > kHighestFeeYen) yen.fail_at(key, "must be from 0 to 100000 yen");
    fee.per_copy_by_choice.emplace(key, amount);
  }
  for (const std::string& id : ids) {
    if (!fee.per_copy_by_choice.contains(id)) {
      yen.fail("has no fee for the choice " + in_quotes(id) + "; give every choice of " +
               in_quotes(question->id) + " its fee per copy (0 if it is free)");
    }
  }
}

FeeRule read_fee(const JsonObject& top, const std::vector<Question>& questions) {
  const JsonObject object(top.required("fee"), top.pointer_to("fee"), top.source(),
                          "the fee (use \"per_copy_yen\": 0 for a free procedure)");
  if (top.source().format_version >= 3) {
    object.allow_only({"per_copy_yen", "copies_question", "free_cases", "per_copy_by"});
  } else if (top.source().format_version >= 2) {
    object.allow_only({"per_copy_yen", "copies_question", "free_cases"});
  } else {
    object.allow_only({"per_copy_yen", "copies_question"});
  }
  FeeRule fee;
  fee.per_copy_yen = object.required_whole_number("per_copy_yen");
  if (fee.per_copy_yen < 0 || fee.per_copy_yen > kHighestFeeYen) {
    object.fail_at("per_copy_yen", "must be from 0 to 100000 yen");
  }
  if (object.has("free_cases")) {
    Scope scope;
    scope.what = "a free case";
    for (const Question& question : questions) scope.earlier.push_back(&question);
    const std::string pointer = object.pointer_to("free_cases");
    const auto& cases = detail::as_array(object.required("free_cases"), pointer, top.source());
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const JsonObject case_object(cases[i], detail::pointer_join(pointer, i), top.source(),
                                   "a free case ({ \"when\": …, \"reason\": … })");
      case_object.allow_only({"when", "reason"});
      FreeCase free_case;
      free_case.when = read_condition(case_object.required("when"), case_object.pointer_to("when"),
                                      top.source(), scope);
      free_case.reason = case_object.required_texts("reason");
      fee.free_cases.push_back(std::move(free_case));
    }
  }
  if (object.has("per_copy_by")) read_fee_by_choice(object, questions, fee);
  fee.copies_question = object.optional_text("copies_question");
  if (fee.copies_question.empty()) return fee;
  const auto question = std::find_if(questions.begin(), questions.end(), [&](const Question& q) {
    return q.id == fee.copies_question;
  });
  if (question == questions.end()) {
    const std::vector<std::string> ids = question_ids(questions);
    std::string message = "there is no question with id " + in_quotes(fee.copies_question);
    if (const std::string guess = detail::closest_match(fee.copies_question, ids); !guess.empty()) {
      message += " (did you mean " + in_quotes(guess) + "?)";
    }
    object.fail_at("copies_question", message + "; the questions are: " + detail::join(ids));
  }
  if (question->kind != QuestionKind::Number) {
    object.fail_at("copies_question", "must name a number question; " + in_quotes(question->id) +
                                          " is a " + kind_name(question->kind) + " question");
  }
  return fee;
}

// An answer that never reaches the paper would be lost: every question must be printed.
void require_every_answer_printed(const JsonObject& top, const Procedure& procedure) {
  for (std::size_t i = 0; i < procedure.questions.size(); ++i) {
    const std::string& id = procedure.questions[i].id;
    const auto prints_it = [&id](const LayoutTemplateItem& item) {
      return std::visit(
          [&id](const auto& element) {
            using Element = std::decay_t<decltype(element)>;
            if constexpr (std::is_same_v<Element, BoundText> ||
                          std::is_same_v<Element, BoundCheck> ||
                          std::is_same_v<Element, BoundGrid>) {
              return element.binding.question_id == id;
            } else {
              return false;
            }
          },
          item);
    };
    const bool printed = std::any_of(
        procedure.layout.pages.begin(), procedure.layout.pages.end(), [&](const LayoutPage& page) {
          return std::any_of(page.items.begin(), page.items.end(), prints_it);
        });
    if (!printed) {
      top.source().fail(detail::pointer_join(top.pointer_to("questions"), i),
                        "the answer to this question is not printed anywhere: add a field "
                        "bound to \"answer." +
                            id + "\" (or check boxes) to the layout");
    }
  }
}

int read_format_version(const JsonObject& top) {
  const detail::Json& version = top.required("format_version");
  const std::string readable = "1 to " + std::to_string(kProcedureFormatVersion);
  if (!version.is_number_integer()) {
    top.fail_at("format_version", "must be the whole number " + readable);
  }
  const auto number = version.get<long long>();
  if (number < kOldestProcedureFormatVersion || number > kProcedureFormatVersion) {
    top.fail_at("format_version", "this kiosk reads format versions " + readable +
                                      " only, and this file says " + std::to_string(number));
  }
  return static_cast<int>(number);
}

std::set<Applicant> read_applicants(const JsonObject& top) {
  const std::string pointer = top.pointer_to("who_may_apply");
  const auto& items = detail::as_array(top.required("who_may_apply"), pointer, top.source());
  if (items.empty()) top.fail_at("who_may_apply", "name at least one: 本人, 同一世帯, 代理人");
  std::set<Applicant> applicants;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item_pointer = detail::pointer_join(pointer, i);
    const std::string name = items[i].is_string() ? items[i].get<std::string>() : std::string();
    Applicant applicant = Applicant::Self;
    if (name == "本人") {
      applicant = Applicant::Self;
    } else if (name == "同一世帯") {
      applicant = Applicant::SameHousehold;
    } else if (name == "代理人") {
      applicant = Applicant::Agent;
    } else {
      top.source().fail(item_pointer, "must be \"本人\", \"同一世帯\" or \"代理人\"");
    }
    if (!applicants.insert(applicant).second) {
      top.source().fail(item_pointer, in_quotes(name) + " is listed twice");
    }
  }
  return applicants;
}

std::vector<Texts> read_what_to_bring(const JsonObject& top) {
  std::vector<Texts> items;
  if (!top.has("what_to_bring")) return items;
  const std::string pointer = top.pointer_to("what_to_bring");
  const auto& list = detail::as_array(top.required("what_to_bring"), pointer, top.source());
  for (std::size_t i = 0; i < list.size(); ++i) {
    items.push_back(detail::read_texts(list[i], detail::pointer_join(pointer, i), top.source()));
  }
  return items;
}

ProcedureGroup read_group(const JsonObject& top) {
  const std::string name = top.required_text("group");
  std::vector<std::string> names;
  for (int i = 0; i < kProcedureGroupCount; ++i) {
    const auto group = static_cast<ProcedureGroup>(i);
    if (name == group_name(group)) return group;
    names.emplace_back(group_name(group));
  }
  std::string message = "unknown group " + in_quotes(name);
  if (const std::string guess = detail::closest_match(name, names); !guess.empty()) {
    message += " (did you mean " + in_quotes(guess) + "?)";
  }
  top.fail_at("group", message + "; use one of: " + detail::join(names) +
                           " (証明書がほしい, 引っ越し・住所, 子育て・妊娠, 介護・お年寄り, 災害)");
}

Procedure read_procedure(const detail::Json& root, Source& source) {
  const JsonObject top(root, "", source, "a procedure");
  // The version first: a file written for a newer kiosk may have keys this one does not know.
  source.format_version = read_format_version(top);
  Procedure procedure;
  procedure.format_version = source.format_version;
  procedure.file = source.file();
  if (source.format_version >= 3) {
    top.allow_only({"format_version", "id", "title", "form_title", "department", "description",
                    "who_may_apply", "who_may_apply_note", "needs_my_number", "needs_signature",
                    "what_to_bring", "fee", "questions", "layout", "group", "order"});
    procedure.group = read_group(top);
    procedure.order = top.has("order") ? top.required_whole_number("order") : 100;
    if (procedure.order < 1 || procedure.order > 999) {
      top.fail_at("order", "must be a whole number from 1 to 999 (lower comes first)");
    }
  } else if (source.format_version >= 2) {
    top.allow_only({"format_version", "id", "title", "form_title", "department", "description",
                    "who_may_apply", "who_may_apply_note", "needs_my_number", "needs_signature",
                    "what_to_bring", "fee", "questions", "layout"});
  } else {
    top.allow_only({"format_version", "id", "title", "form_title", "department", "description",
                    "who_may_apply", "needs_my_number", "fee", "questions", "layout"});
  }
  procedure.id = read_id(top);
  procedure.titles = top.required_texts("title");
  procedure.title = procedure.titles.ja;
  procedure.form_title = top.required_text("form_title");
  procedure.department = top.required_text("department");
  procedure.descriptions = top.optional_texts("description");
  procedure.description = procedure.descriptions.ja;
  if (source.format_version >= 2) {
    procedure.applicants = read_applicants(top);
    procedure.who_may_apply_texts = top.optional_texts("who_may_apply_note");
    procedure.needs_signature = top.optional_bool("needs_signature", false);
    procedure.what_to_bring = read_what_to_bring(top);
  } else {
    procedure.who_may_apply_texts = top.optional_texts("who_may_apply");
  }
  procedure.who_may_apply = procedure.who_may_apply_texts.ja;
  procedure.needs_my_number = top.optional_bool("needs_my_number", false);
  procedure.questions = read_questions(top);
  procedure.fee = read_fee(top, procedure.questions);
  procedure.layout =
      detail::read_layout(top.required("layout"), top.pointer_to("layout"), source, procedure);
  require_every_answer_printed(top, procedure);
  return procedure;
}

// --- lint ------------------------------------------------------------------------------

void lint_translations(const Source& source, std::vector<LoadError>& problems) {
  for (const Language language : {Language::JaEasy, Language::En}) {
    const auto first =
        std::find_if(source.texts().begin(), source.texts().end(), [&](const auto& text) {
          return text.second.has(language) && text.first.find("/messages/") == std::string::npos;
        });
    if (first == source.texts().end()) continue;
    for (const auto& [pointer, texts] : source.texts()) {
      // A message without the language falls back to the kiosk's own in that language.
      if (texts.has(language) || pointer.find("/messages/") != std::string::npos) continue;
      problems.push_back(LoadError{
          source.file(), pointer,
          "has no " + in_quotes(language_code(language)) + " text, while other texts of this " +
              "file have one (the first at " + first->first + "): add it, so that a resident " +
              "reading " + std::string(language_code(language)) + " is not shown Japanese here"});
    }
  }
}

void lint_text_field(const Source& source, const Procedure& procedure,
                     const LayoutTemplateItem& item, const std::string& pointer,
                     std::vector<LoadError>& problems);

// Kana and text answers: the longest one allowed must fit the fields that print it.
void lint_text_fields(const Source& source, const Procedure& procedure,
                      std::vector<LoadError>& problems) {
  for (const LayoutPage& page : procedure.layout.pages) {
    for (std::size_t i = 0; i < page.items.size(); ++i) {
      lint_text_field(source, procedure, page.items[i], detail::pointer_join(page.items_pointer, i),
                      problems);
    }
  }
}

void lint_text_field(const Source& source, const Procedure& procedure,
                     const LayoutTemplateItem& item, const std::string& pointer,
                     std::vector<LoadError>& problems) {
  const auto* field = std::get_if<BoundText>(&item);
  if (field == nullptr || field->binding.question_id.empty()) return;
  const Question* question = procedure.find_question(field->binding.question_id);
  if (question == nullptr || question->max_length <= 0) return;
  std::string longest;
  for (int n = 0; n < question->max_length; ++n) {
    longest += question->kind == QuestionKind::KanaText ? "ア" : "あ";
  }
  const std::string text = detail::apply_format(field->format, longest);
  if (text_fits(text, field->box.w_mm, field->box.h_mm, field->box.min_size_pt)) return;
  problems.push_back(LoadError{source.file(), pointer,
                               "an answer of " + std::to_string(question->max_length) +
                                   " characters (max_length of " + in_quotes(question->id) +
                                   ") does not fit this box even at " +
                                   detail::format_mm(field->box.min_size_pt) +
                                   " pt: make the box wider or taller, or max_length smaller"});
}

}  // namespace

std::string LoadError::to_string() const {
  std::string text = file;
  if (!pointer.empty()) {
    text += ": " + pointer;
  } else if (line > 0) {
    text += ": line " + std::to_string(line) + ", column " + std::to_string(column);
  }
  return text + ": " + message;
}

std::expected<Procedure, LoadError> parse_procedure(std::string_view json_text,
                                                    const std::string& file_name_for_errors) {
  try {
    Source source(file_name_for_errors);
    return read_procedure(detail::parse_json(json_text, source), source);
  } catch (const detail::LoadFailure& failure) {
    return std::unexpected(failure.error);
  } catch (const std::exception& e) {
    return std::unexpected(
        LoadError{file_name_for_errors, "", std::string("could not read the file: ") + e.what()});
  } catch (...) {
    return std::unexpected(LoadError{file_name_for_errors, "", "could not read the file"});
  }
}

std::expected<Procedure, LoadError> load_procedure(const std::filesystem::path& file) {
  const std::string name = file.string();
  auto fail = [&name](std::string message) {
    return std::unexpected(LoadError{name, "", std::move(message)});
  };
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  if (error) return fail("cannot read the file: " + error.message());
  if (size > kLargestFileBytes) {
    return fail("the file is larger than 1 MiB; a procedure file is a few kilobytes");
  }
  std::ifstream in(file, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) {
    return fail("cannot read the file");
  }
  return parse_procedure(text, name);
}

std::vector<LoadError> lint_procedure(std::string_view json_text,
                                      const std::string& file_name_for_errors) {
  Source source(file_name_for_errors);
  source.start_linting();
  std::vector<LoadError> problems;
  try {
    const Procedure procedure = read_procedure(detail::parse_json(json_text, source), source);
    problems = source.problems();
    lint_translations(source, problems);
    lint_text_fields(source, procedure, problems);
  } catch (const detail::LoadFailure& failure) {
    problems = source.problems();
    problems.push_back(failure.error);
  } catch (const std::exception& e) {
    problems = source.problems();
    problems.push_back(
        LoadError{file_name_for_errors, "", std::string("could not read the file: ") + e.what()});
  } catch (...) {
    problems = source.problems();
    problems.push_back(LoadError{file_name_for_errors, "", "could not read the file"});
  }
  return problems;
}

std::vector<LoadError> lint_procedure_file(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  if (error) return {LoadError{name, "", "cannot read the file: " + error.message()}};
  if (size > kLargestFileBytes) {
    return {
        LoadError{name, "", "the file is larger than 1 MiB; a procedure file is a few kilobytes"}};
  }
  std::ifstream in(file, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) {
    return {LoadError{name, "", "cannot read the file"}};
  }
  return lint_procedure(text, name);
}

Catalog load_catalog(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  Catalog catalog;
  std::vector<fs::path> files;
  std::error_code error;
  fs::directory_iterator entry(folder, error);
  for (; !error && entry != fs::directory_iterator(); entry.increment(error)) {
    if (entry->path().extension() == ".json") files.push_back(entry->path());
  }
  if (error) {
    catalog.errors.push_back(
        LoadError{folder.string(), "", "cannot read the folder: " + error.message()});
    return catalog;
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string, std::less<>> seen;  // procedure id -> its file
  for (const fs::path& file : files) {
    auto procedure = load_procedure(file);
    if (!procedure) {
      catalog.errors.push_back(std::move(procedure.error()));
      continue;
    }
    const auto [existing, added] = seen.emplace(procedure->id, file.string());
    if (!added) {
      catalog.errors.push_back(LoadError{file.string(), "/id",
                                         "the id " + in_quotes(procedure->id) +
                                             " is already used by " + existing->second +
                                             "; every procedure needs its own id"});
      continue;
    }
    catalog.procedures.push_back(std::move(*procedure));
  }
  // Reported, not refused: an answer the next question would not accept is never carried.
  for (LoadError& problem : lint_shared_answers(catalog.procedures)) {
    catalog.errors.push_back(std::move(problem));
  }
  return catalog;
}

}  // namespace madoguchi::forms
