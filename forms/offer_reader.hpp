// Reading a procedure's "offered_after" (internal: procedure_loader.cpp reads the file).
#pragma once

#include "json_reader.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms::detail {

// { "procedures": ["tennyu", …], "age_at_least": 75, "age_below": 75,
//   "answers": { "children_under_18": ["yes"] } }; `self` is the file's own id.
OfferRule read_offer_rule(const JsonObject& top, const std::string& self);

}  // namespace madoguchi::forms::detail
