// The messages the kiosk shows when an answer cannot be taken, in every language of the
// screens, keyed "<kind>.<what>": "number.too_many", "date.too_early", "phone.invalid" …
#pragma once

#include <array>
#include <string_view>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms::detail {

struct BuiltInMessage {
  std::string_view key;
  std::array<std::string_view, kLanguageCount> text;  // by Language
};

inline constexpr std::size_t kBuiltInMessageCount = 20;

// The message for `key` in `language` ({placeholders} unfilled); empty for an unknown key.
std::string_view built_in_message(std::string_view key, Language language);
// Every message (for the check that each has every language).
const std::array<BuiltInMessage, kBuiltInMessageCount>& built_in_messages();

}  // namespace madoguchi::forms::detail
