#include "madoguchi/forms/offers.hpp"

#include <algorithm>
#include <string>
#include <tuple>

#include "json_reader.hpp"
#include "values.hpp"

namespace madoguchi::forms {

namespace {

using detail::in_quotes;

// The first question of `procedure` that shares its answer as `name`, or nullptr.
const Question* sharing(const Procedure& procedure, std::string_view name) {
  for (const Question& question : procedure.questions) {
    if (question.share_as == name) return &question;
  }
  return nullptr;
}

std::string offer_pointer(std::string_view key, std::string_view name = {}) {
  std::string pointer = "/offered_after/" + std::string(key);
  if (!name.empty()) pointer += "/" + std::string(name);
  return pointer;
}

void lint_answers(const Procedure& offered, const std::vector<const Procedure*>& after,
                  std::vector<LoadError>& problems) {
  for (const auto& [name, values] : offered.offered_after->answers) {
    const Question* question = nullptr;
    for (const Procedure* earlier : after) {
      if ((question = sharing(*earlier, name)) != nullptr) break;
    }
    if (question == nullptr) {
      problems.push_back(LoadError{offered.file, offer_pointer("answers", name),
                                   "none of the procedures it is offered after asks a question "
                                   "shared as " +
                                       in_quotes(name) +
                                       " (share_as), so it would never be offered"});
      continue;
    }
    for (const std::string& value : values) {
      if (is_well_formed_answer(*question, value)) continue;
      problems.push_back(LoadError{offered.file, offer_pointer("answers", name),
                                   in_quotes(value) + " is not an answer to " +
                                       in_quotes(question->id) + " (shared as " + in_quotes(name) +
                                       ")"});
    }
  }
}

}  // namespace

bool offers_after(const OfferRule& rule, std::string_view done_id, std::optional<int> age,
                  const SharedAnswers& shared) {
  if (std::find(rule.after.begin(), rule.after.end(), done_id) == rule.after.end()) return false;
  if ((rule.age_at_least || rule.age_below) && !age) return false;
  if (rule.age_at_least && *age < *rule.age_at_least) return false;
  if (rule.age_below && *age >= *rule.age_below) return false;
  return std::all_of(rule.answers.begin(), rule.answers.end(), [&](const auto& wanted) {
    const auto given = shared.find(wanted.first);
    return given != shared.end() && std::find(wanted.second.begin(), wanted.second.end(),
                                              given->second) != wanted.second.end();
  });
}

std::vector<const Procedure*> related_procedures(const std::vector<Procedure>& catalogue,
                                                 std::string_view done_id, std::optional<int> age,
                                                 const SharedAnswers& shared,
                                                 const std::vector<std::string>& skip) {
  std::vector<const Procedure*> related;
  for (const Procedure& procedure : catalogue) {
    if (!procedure.offered_after || procedure.id == done_id) continue;
    if (std::find(skip.begin(), skip.end(), procedure.id) != skip.end()) continue;
    if (offers_after(*procedure.offered_after, done_id, age, shared)) related.push_back(&procedure);
  }
  std::stable_sort(related.begin(), related.end(), [](const Procedure* a, const Procedure* b) {
    return std::tie(a->group, a->order) < std::tie(b->group, b->order);
  });
  return related;
}

std::vector<LoadError> lint_offers(const std::vector<Procedure>& procedures) {
  std::vector<LoadError> problems;
  std::vector<std::string> ids;
  for (const Procedure& procedure : procedures) ids.push_back(procedure.id);
  for (const Procedure& offered : procedures) {
    if (!offered.offered_after) continue;
    std::vector<const Procedure*> after;
    for (const std::string& id : offered.offered_after->after) {
      const auto found = std::find_if(procedures.begin(), procedures.end(),
                                      [&](const Procedure& p) { return p.id == id; });
      if (found != procedures.end()) {
        after.push_back(&*found);
        continue;
      }
      std::string message = "there is no procedure " + in_quotes(id) + " in the catalogue";
      if (const std::string guess = detail::closest_match(id, ids); !guess.empty()) {
        message += " (did you mean " + in_quotes(guess) + "?)";
      }
      problems.push_back(LoadError{offered.file, offer_pointer("procedures"), message});
    }
    lint_answers(offered, after, problems);
  }
  return problems;
}

}  // namespace madoguchi::forms
