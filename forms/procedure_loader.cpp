// Reading procedure files: the top level, the questions and the fee. The layout is read by
// layout_loader.cpp.
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <variant>

#include "json_reader.hpp"
#include "layout_loader.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "values.hpp"

namespace madoguchi::forms {

namespace {

using detail::in_quotes;
using detail::JsonObject;
using detail::Source;

constexpr std::uintmax_t kLargestFileBytes = 1024 * 1024;
constexpr int kLargestNumberAnswer = 9999;
constexpr int kHighestFeeYen = 100000;

const std::vector<std::string> kQuestionKinds{"number", "choice", "yes_no"};

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

std::string kind_name(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::Number:
      return "number";
    case QuestionKind::Choice:
      return "choice";
    case QuestionKind::YesNo:
      return "yes_no";
  }
  return "?";
}

QuestionKind read_kind(const JsonObject& object) {
  const std::string kind = object.required_text("kind");
  if (kind == "number") return QuestionKind::Number;
  if (kind == "choice") return QuestionKind::Choice;
  if (kind == "yes_no") return QuestionKind::YesNo;
  std::string message = "unknown kind " + in_quotes(kind);
  if (const std::string guess = detail::closest_match(kind, kQuestionKinds); !guess.empty()) {
    message += " (did you mean " + in_quotes(guess) + "?)";
  }
  object.fail_at("kind", message + "; use one of: " + detail::join(kQuestionKinds));
}

// Keys that only some kinds of question have.
const std::map<std::string, QuestionKind, std::less<>> kKindSpecificKeys{
    {"unit", QuestionKind::Number},     {"min", QuestionKind::Number},
    {"max", QuestionKind::Number},      {"choices", QuestionKind::Choice},
    {"yes_label", QuestionKind::YesNo}, {"no_label", QuestionKind::YesNo},
};

void check_keys_for_kind(const JsonObject& object, QuestionKind kind) {
  for (const std::string& key : object.keys()) {
    const auto it = kKindSpecificKeys.find(key);
    if (it != kKindSpecificKeys.end() && it->second != kind) {
      object.fail_at(key, in_quotes(key) + " is only for " + kind_name(it->second) +
                              " questions, and this is a " + kind_name(kind) + " question");
    }
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

void read_choices(const JsonObject& object, Question& question) {
  const std::string pointer = object.pointer_to("choices");
  const auto& choices = detail::as_array(object.required("choices"), pointer, object.source());
  if (choices.size() < 2) object.fail_at("choices", "a choice question needs at least 2 choices");
  std::map<std::string, std::string, std::less<>> seen;  // choice id -> its pointer
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const JsonObject choice_object(choices[i], detail::pointer_join(pointer, i), object.source(),
                                   "a choice");
    choice_object.allow_only({"id", "label", "help"});
    Choice choice{read_id(choice_object), choice_object.required_text("label"),
                  choice_object.optional_text("help")};
    const auto [existing, added] = seen.emplace(choice.id, choice_object.pointer());
    if (!added) {
      choice_object.fail_at(
          "id", "the id " + in_quotes(choice.id) + " is already used by " + existing->second);
    }
    question.choices.push_back(std::move(choice));
  }
}

void read_yes_no_labels(const JsonObject& object, Question& question) {
  const std::string yes = object.optional_text("yes_label", "はい");
  const std::string no = object.optional_text("no_label", "いいえ");
  if (yes.empty()) object.fail_at("yes_label", "must not be empty");
  if (no.empty()) object.fail_at("no_label", "must not be empty");
  question.choices = {Choice{"yes", yes, {}}, Choice{"no", no, {}}};
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
  if (!validate_answer(question, question.default_value)) return;
  if (question.kind == QuestionKind::Number) {
    object.fail_at("default", "must be a whole number from " + std::to_string(question.min) +
                                  " to " + std::to_string(question.max));
  }
  std::vector<std::string> ids;
  for (const Choice& choice : question.choices) ids.push_back(choice.id);
  object.fail_at("default", in_quotes(question.default_value) +
                                " is not one of this question's choices: " + detail::join(ids));
}

Question read_question(const JsonObject& object) {
  object.allow_only({"id", "kind", "title", "help", "summary_label", "default", "unit", "min",
                     "max", "choices", "yes_label", "no_label"});
  Question question;
  question.kind = read_kind(object);
  check_keys_for_kind(object, question.kind);
  question.id = read_id(object);
  question.title = object.required_text("title");
  question.help = object.optional_text("help");
  question.summary_label = object.optional_text("summary_label", question.title);
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
  }
  read_default(object, question);
  return question;
}

std::vector<Question> read_questions(const JsonObject& top) {
  const std::string pointer = top.pointer_to("questions");
  const auto& items = detail::as_array(top.required("questions"), pointer, top.source());
  std::vector<Question> questions;
  std::map<std::string, std::string, std::less<>> seen;  // question id -> its pointer
  for (std::size_t i = 0; i < items.size(); ++i) {
    const JsonObject object(items[i], detail::pointer_join(pointer, i), top.source(), "a question");
    Question question = read_question(object);
    const auto [existing, added] = seen.emplace(question.id, object.pointer());
    if (!added) {
      object.fail_at("id", "the id " + in_quotes(question.id) + " is already used by " +
                               existing->second + "; every question needs its own id");
    }
    questions.push_back(std::move(question));
  }
  return questions;
}

FeeRule read_fee(const JsonObject& top, const std::vector<Question>& questions) {
  const JsonObject object(top.required("fee"), top.pointer_to("fee"), top.source(),
                          "the fee (use \"per_copy_yen\": 0 for a free procedure)");
  object.allow_only({"per_copy_yen", "copies_question"});
  FeeRule fee;
  fee.per_copy_yen = object.required_whole_number("per_copy_yen");
  if (fee.per_copy_yen < 0 || fee.per_copy_yen > kHighestFeeYen) {
    object.fail_at("per_copy_yen", "must be from 0 to 100000 yen");
  }
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
    const bool printed = std::any_of(procedure.layout.items.begin(), procedure.layout.items.end(),
                                     [&id](const LayoutTemplateItem& item) {
                                       if (const auto* field = std::get_if<BoundText>(&item)) {
                                         return field->binding.question_id == id;
                                       }
                                       if (const auto* check = std::get_if<BoundCheck>(&item)) {
                                         return check->binding.question_id == id;
                                       }
                                       return false;
                                     });
    if (!printed) {
      top.source().fail(detail::pointer_join(top.pointer_to("questions"), i),
                        "the answer to this question is not printed anywhere: add a field "
                        "bound to \"answer." +
                            id + "\" (or check boxes) to the layout");
    }
  }
}

void read_format_version(const JsonObject& top) {
  const detail::Json& version = top.required("format_version");
  if (!version.is_number_integer()) {
    top.fail_at("format_version",
                "must be the whole number " + std::to_string(kProcedureFormatVersion));
  }
  if (version.get<long long>() != kProcedureFormatVersion) {
    top.fail_at("format_version",
                "this kiosk reads format version " + std::to_string(kProcedureFormatVersion) +
                    " only, and this file says " + std::to_string(version.get<long long>()));
  }
}

Procedure read_procedure(const detail::Json& root, const Source& source) {
  const JsonObject top(root, "", source, "a procedure");
  // The version first: a file written for a newer kiosk may have keys this one does not know.
  read_format_version(top);
  top.allow_only({"format_version", "id", "title", "form_title", "department", "description",
                  "who_may_apply", "needs_my_number", "fee", "questions", "layout"});
  Procedure procedure;
  procedure.id = read_id(top);
  procedure.title = top.required_text("title");
  procedure.form_title = top.required_text("form_title");
  procedure.department = top.required_text("department");
  procedure.description = top.optional_text("description");
  procedure.who_may_apply = top.optional_text("who_may_apply");
  procedure.needs_my_number = top.optional_bool("needs_my_number", false);
  procedure.questions = read_questions(top);
  procedure.fee = read_fee(top, procedure.questions);
  procedure.layout =
      detail::read_layout(top.required("layout"), top.pointer_to("layout"), source, procedure);
  require_every_answer_printed(top, procedure);
  return procedure;
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
    const Source source(file_name_for_errors);
    return read_procedure(detail::parse_json(json_text, source), source);
  } catch (const detail::LoadFailure& failure) {
    return std::unexpected(failure.error);
  } catch (const std::exception& e) {
    return std::unexpected(
        LoadError{file_name_for_errors, "", std::string("could not read the file: ") + e.what()});
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
  return catalog;
}

}  // namespace madoguchi::forms
