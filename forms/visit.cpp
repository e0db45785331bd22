// One resident visit, several procedures: answers shared between them are asked once.
#include <algorithm>

#include "json_reader.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "values.hpp"

namespace madoguchi::forms {

namespace {

using detail::in_quotes;

std::vector<std::string> choice_ids(const Question& question) {
  std::vector<std::string> ids;
  for (const Choice& choice : question.choices) ids.push_back(choice.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Why `question` cannot share its answer with `first`, or "" when it can.
std::string disagreement(const Question& first, const Question& question) {
  if (first.kind != question.kind) {
    return "is a " + detail::kind_name(question.kind) +
           " question, and the first question of this name " + "is a " +
           detail::kind_name(first.kind) + " question";
  }
  switch (question.kind) {
    case QuestionKind::Number:
      if (first.min != question.min || first.max != question.max) {
        return "allows " + std::to_string(question.min) + " to " + std::to_string(question.max) +
               ", and the first question of this name " + std::to_string(first.min) + " to " +
               std::to_string(first.max);
      }
      break;
    case QuestionKind::Choice:
      if (choice_ids(first) != choice_ids(question)) {
        return "has the choices " + detail::join(choice_ids(question)) +
               ", and the first question of this name " + detail::join(choice_ids(first));
      }
      break;
    case QuestionKind::KanaText:
    case QuestionKind::Text:
      if (first.max_length != question.max_length) {
        return "has max_length " + std::to_string(question.max_length) +
               ", and the first question of this name " + std::to_string(first.max_length);
      }
      break;
    case QuestionKind::Date:
      if (first.entry != question.entry) {
        return "has another \"entry\" than the first question of this name";
      }
      break;
    case QuestionKind::YesNo:
    case QuestionKind::PostalCode:
    case QuestionKind::Phone:
      break;
  }
  return {};
}

std::string question_pointer(const Procedure& procedure, const Question& question) {
  const auto index = static_cast<std::size_t>(&question - procedure.questions.data());
  return "/questions/" + std::to_string(index) + "/share_as";
}

}  // namespace

std::string_view group_name(ProcedureGroup group) {
  switch (group) {
    case ProcedureGroup::Certificates:
      return "certificates";
    case ProcedureGroup::Moving:
      return "moving";
    case ProcedureGroup::Children:
      return "children";
    case ProcedureGroup::Care:
      return "care";
    case ProcedureGroup::Disaster:
      return "disaster";
  }
  return "?";
}

std::vector<LoadError> lint_shared_answers(const std::vector<Procedure>& procedures) {
  struct First {
    const Procedure* procedure;
    const Question* question;
  };
  std::map<std::string, First, std::less<>> firsts;
  std::vector<LoadError> problems;
  for (const Procedure& procedure : procedures) {
    for (const Question& question : procedure.questions) {
      if (question.share_as.empty()) continue;
      const auto [first, added] = firsts.emplace(question.share_as, First{&procedure, &question});
      if (added) continue;
      const std::string why = disagreement(*first->second.question, question);
      if (why.empty()) continue;
      problems.push_back(LoadError{
          procedure.file, question_pointer(procedure, question),
          "shares its answer as " + in_quotes(question.share_as) + " but " + why + " (" +
              first->second.procedure->file + ": " +
              question_pointer(*first->second.procedure, *first->second.question) +
              "): an answer carried from one to the other would be wrong; make them ask the "
              "same thing or give one another name"});
    }
  }
  return problems;
}

bool answered_earlier_in_visit(const Question& question, const SharedAnswers& shared) {
  if (question.share_as.empty()) return false;
  const auto found = shared.find(question.share_as);
  return found != shared.end() && is_well_formed_answer(question, found->second);
}

Answers carry_shared_answers(const Procedure& procedure, const SharedAnswers& shared,
                             const Answers& answers) {
  Answers result = answers;
  for (const Question& question : procedure.questions) {
    if (!answered_earlier_in_visit(question, shared)) continue;
    const std::string* given = detail::find_answer(result, question.id);
    if (given != nullptr && !given->empty()) continue;
    result[question.id] = shared.find(question.share_as)->second;
  }
  return result;
}

void share_answers(const Procedure& procedure, const Answers& answers, SharedAnswers& shared) {
  const Answers asked = answers_to_asked_questions(procedure, answers);
  for (const Question& question : procedure.questions) {
    if (question.share_as.empty()) continue;
    const std::string* answer = detail::find_answer(asked, question.id);
    if (answer == nullptr || answer->empty() || !is_well_formed_answer(question, *answer)) continue;
    shared[question.share_as] = *answer;
  }
}

}  // namespace madoguchi::forms
