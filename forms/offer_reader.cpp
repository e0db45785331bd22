#include "offer_reader.hpp"

#include <string>

#include "question_reader.hpp"
#include "values.hpp"

namespace madoguchi::forms::detail {

namespace {

constexpr int kOldestOfferAge = 150;

std::optional<int> read_age(const JsonObject& object, std::string_view key) {
  if (!object.has(key)) return std::nullopt;
  const int age = object.required_whole_number(key);
  if (age < 0 || age > kOldestOfferAge) object.fail_at(key, "must be an age from 0 to 150");
  return age;
}

std::vector<std::string> read_names(const JsonObject& object, std::string_view key,
                                    std::string_view what) {
  const std::string pointer = object.pointer_to(key);
  const auto& list = as_array(object.required(key), pointer, object.source());
  if (list.empty()) object.fail_at(key, "needs at least one " + std::string(what));
  std::vector<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string item_pointer = pointer_join(pointer, i);
    if (!list[i].is_string() || list[i].get<std::string>().empty()) {
      object.source().fail(item_pointer, "must be " + std::string(what) + " in double quotes");
    }
    names.push_back(list[i].get<std::string>());
  }
  return names;
}

}  // namespace

OfferRule read_offer_rule(const JsonObject& top, const std::string& self) {
  const JsonObject object(top.required("offered_after"), top.pointer_to("offered_after"),
                          top.source(),
                          "an offer ({ \"procedures\": [\"tennyu\"], \"age_at_least\": 65 })");
  object.allow_only({"procedures", "age_at_least", "age_below", "answers"});
  OfferRule rule;
  rule.after = read_names(object, "procedures", "procedure id");
  for (std::size_t i = 0; i < rule.after.size(); ++i) {
    const std::string& id = rule.after[i];
    const std::string pointer = pointer_join(object.pointer_to("procedures"), i);
    if (!is_identifier(id)) object.source().fail(pointer, in_quotes(id) + " is not a procedure id");
    if (id == self) {
      object.source().fail(pointer, "a procedure cannot be offered after itself");
    }
  }
  rule.age_at_least = read_age(object, "age_at_least");
  rule.age_below = read_age(object, "age_below");
  if (rule.age_at_least && rule.age_below && *rule.age_at_least >= *rule.age_below) {
    object.fail_at("age_below", "is not above age_at_least (" + std::to_string(*rule.age_at_least) +
                                    "): no resident would ever be offered it");
  }
  if (const Json* answers = object.optional("answers")) {
    const JsonObject names(*answers, object.pointer_to("answers"), object.source(),
                           "shared answers ({ \"children_under_18\": [\"yes\"] })");
    for (const std::string& name : names.keys()) {
      if (name == "note") continue;
      if (!is_identifier(name))
        names.fail_at(name, in_quotes(name) + " is not a shared answer name");
      rule.answers[name] = read_names(names, name, "answer");
    }
  }
  return rule;
}

}  // namespace madoguchi::forms::detail
