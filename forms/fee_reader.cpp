// Reading the "fee" of a procedure file: the fee per copy, the question that counts the
// copies, the cases that are free, and the fee that depends on a choice.
#include "fee_reader.hpp"

#include <algorithm>

#include "question_reader.hpp"
#include "values.hpp"

namespace madoguchi::forms::detail {

namespace {

constexpr int kHighestFeeYen = 100000;

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

}  // namespace

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

}  // namespace madoguchi::forms::detail
