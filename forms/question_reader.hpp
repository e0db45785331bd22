// Reading the questions of a procedure file, and the conditions that look at their answers
// (internal: procedure_loader.cpp reads the file, fee_reader.cpp the fee's free cases).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "json_reader.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms::detail {

// The questions a condition may look at, for reading conditions and prefills.
struct Scope {
  std::vector<const Question*> earlier;  // questions a condition may name
  // Every question id in the file -> its pointer, to tell "later" from "unknown".
  std::map<std::string, std::string, std::less<>> all_ids;
  std::string what;  // "show_if" or "a free case", for messages
};

// Ids appear in bindings such as "answer.copies", so they are kept simple: lowercase letters,
// digits and _, starting with a letter.
bool is_identifier(std::string_view id);

// The "id" of a procedure, question or choice: lowercase letters, digits and _, as bindings
// such as "answer.copies" name them.
std::string read_id(const JsonObject& object);

// The ids of `questions`, in order, for messages that list them.
std::vector<std::string> question_ids(const std::vector<Question>& questions);

// A condition ({ "question": …, "is": … }, "all", "any", "not") over the questions in `scope`.
Condition read_condition(const Json& value, const std::string& pointer, const Source& source,
                         const Scope& scope, int depth = 0);

// The "questions" array of the file's top level, each checked against the earlier ones.
std::vector<Question> read_questions(const JsonObject& top);

}  // namespace madoguchi::forms::detail
