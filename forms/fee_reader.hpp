// Reading the fee rules of a procedure file (internal; procedure_loader.cpp reads the file).
#pragma once

#include <vector>

#include "json_reader.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms::detail {

// The "fee" of the file's top level; `questions` are the file's, already read (the fee names
// the question that counts the copies, and the free cases look at answers).
FeeRule read_fee(const JsonObject& top, const std::vector<Question>& questions);

}  // namespace madoguchi::forms::detail
