// Reading the "layout" part of a procedure file (internal).
#pragma once

#include <string>

#include "json_reader.hpp"
#include "madoguchi/forms/layout.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms::detail {

// Reads and checks a layout. `procedure` must already hold its questions and fee, which
// the layout's bindings refer to.
FormLayout read_layout(const Json& value, const std::string& pointer, const Source& source,
                       const Procedure& procedure);

}  // namespace madoguchi::forms::detail
