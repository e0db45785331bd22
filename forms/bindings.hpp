// The spelling of bindings in procedure files (internal).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/forms/layout.hpp"

namespace madoguchi::forms::detail {

// "card.name", "answer.copies", "answer.copies.value", ... -> Binding. Only the spelling
// is checked here; whether the question exists is up to the caller.
std::optional<Binding> parse_binding(std::string_view text);

// Every spelling, for messages: "card.name, …, answer.<question id>, …".
std::vector<std::string> binding_spellings();

}  // namespace madoguchi::forms::detail
