// Questions and answers: what to ask, what is acceptable, how answers read, what they cost.
#include <algorithm>

#include "madoguchi/forms/procedure.hpp"
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

std::optional<std::string> validate_number(const Question& question, std::string_view value) {
  const std::string range =
      count_label(question, question.min) + "から" + count_label(question, question.max);
  if (value.empty()) return range + "までの数を入れてください";
  const auto count = detail::parse_decimal(value);
  if (!count) return "数字で入れてください";
  if (*count < question.min) return count_label(question, question.min) + "以上にしてください";
  if (*count > question.max) {
    return count_label(question, question.max) +
           "までにしてください。もっと必要なときは、職員にお声がけください";
  }
  return std::nullopt;
}

std::optional<std::string> validate_choice(const Question& question, std::string_view value) {
  if (find_choice(question, value) != nullptr) return std::nullopt;
  if (question.kind == QuestionKind::YesNo && question.choices.size() == 2) {
    return "「" + question.choices[0].label + "」か「" + question.choices[1].label +
           "」を選んでください";
  }
  return "どれか1つを選んでください";
}

}  // namespace

const Question* Procedure::find_question(std::string_view question_id) const {
  const auto it = std::find_if(questions.begin(), questions.end(),
                               [question_id](const Question& q) { return q.id == question_id; });
  return it == questions.end() ? nullptr : &*it;
}

std::vector<const Question*> questions_to_ask(const Procedure& procedure,
                                              const Answers& /*answers*/) {
  std::vector<const Question*> questions;
  questions.reserve(procedure.questions.size());
  for (const Question& question : procedure.questions) questions.push_back(&question);
  return questions;
}

std::optional<std::string> validate_answer(const Question& question, std::string_view value) {
  switch (question.kind) {
    case QuestionKind::Number:
      return validate_number(question, value);
    case QuestionKind::Choice:
    case QuestionKind::YesNo:
      return validate_choice(question, value);
  }
  return "どれか1つを選んでください";
}

std::string answer_label(const Question& question, std::string_view value) {
  if (value.empty() || validate_answer(question, value)) return std::string(value);
  if (question.kind == QuestionKind::Number) {
    return count_label(question, *detail::parse_decimal(value));
  }
  return find_choice(question, value)->label;
}

Answers default_answers(const Procedure& procedure) {
  Answers answers;
  for (const Question& question : procedure.questions) {
    if (!question.default_value.empty()) answers[question.id] = question.default_value;
  }
  return answers;
}

FeeQuote quote_fee(const Procedure& procedure, const Answers& answers) {
  int copies = 1;
  if (const Question* question = procedure.find_question(procedure.fee.copies_question)) {
    const std::string* answer = detail::find_answer(answers, question->id);
    if (answer != nullptr && !validate_answer(*question, *answer)) {
      copies = *detail::parse_decimal(*answer);
    }
  }
  return FeeQuote{procedure.fee.per_copy_yen, copies, procedure.fee.per_copy_yen * copies};
}

}  // namespace madoguchi::forms
