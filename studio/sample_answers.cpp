#include "sample_answers.hpp"

#include "madoguchi/text/japanese_date.hpp"

namespace madoguchi::studio {

namespace {

// A candidate answer for a question with no default: the first that validates is kept.
std::vector<std::string> candidates(const forms::Question& question,
                                    const forms::AnswerContext& context) {
  switch (question.kind) {
    case forms::QuestionKind::Number:
      return {std::to_string(question.min)};
    case forms::QuestionKind::Choice:
      return question.choices.empty() ? std::vector<std::string>{}
                                      : std::vector<std::string>{question.choices.front().id};
    case forms::QuestionKind::YesNo:
      return {"yes", "no"};
    case forms::QuestionKind::Date: {
      std::vector<std::string> dates{text::to_iso_date(context.today)};
      if (question.min_date)
        dates.push_back(text::to_iso_date(question.min_date->on(context.today)));
      if (question.max_date)
        dates.push_back(text::to_iso_date(question.max_date->on(context.today)));
      return dates;
    }
    case forms::QuestionKind::PostalCode:
      return {"1000001"};
    case forms::QuestionKind::Phone:
      return {"0312345678", "09012345678"};
    case forms::QuestionKind::KanaText:
      return {"ミホン　タロウ", "ミホン"};
    case forms::QuestionKind::Text:
      return {"見本", "見本の記入"};
  }
  return {};
}

}  // namespace

forms::Answers sample_answers(const forms::Procedure& procedure,
                              const forms::AnswerContext& context) {
  return sample_answers(procedure, {}, context);
}

forms::Answers sample_answers(const forms::Procedure& procedure, const forms::Answers& given,
                              const forms::AnswerContext& context) {
  forms::Answers answers = forms::default_answers(procedure);
  for (const auto& [id, value] : given) answers[id] = value;
  // A sample answer may make a later question asked (show_if): go round until none is missing.
  for (std::size_t round = 0; round <= procedure.questions.size(); ++round) {
    bool added = false;
    for (const forms::Question* question : forms::questions_to_ask(procedure, answers)) {
      if (answers.contains(question->id)) continue;
      for (const auto& candidate : candidates(*question, context)) {
        if (!forms::validate_answer(*question, candidate, context)) {
          answers[question->id] = candidate;
          added = true;
          break;
        }
      }
    }
    if (!added) break;
  }
  return answers;
}

}  // namespace madoguchi::studio
