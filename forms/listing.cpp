#include <utility>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {

Procedure listing_of(Procedure procedure) {
  procedure.questions = {};
  procedure.layout = {};
  procedure.listing_only = true;
  return procedure;
}

}  // namespace madoguchi::forms
