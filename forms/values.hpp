// Small value rules shared by the loader and the form filler (internal).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/forms/layout.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms::detail {

// "3" -> 3; "03" -> 3; "", "-1", "3.0", "３" and numbers over nine digits -> nullopt.
std::optional<int> parse_decimal(std::string_view text);

// 1200 -> "1,200" (the way amounts of yen are printed).
std::string group_digits(int value);

// Puts `value` where "{}" stands in `format`; an empty value gives empty text, so a
// blank answer never prints a lone unit such as "通".
std::string apply_format(std::string_view format, std::string_view value);

// "copies" -> "\"copies\"" (for messages).
std::string in_quotes(std::string_view text);

// The spelling of a kind of question in procedure files: "number", "yes_no", "kana_text"…
std::string kind_name(QuestionKind kind);

// The answer to `question_id`, or nullptr.
const std::string* find_answer(const Answers& answers, std::string_view question_id);

// The characters a grid prints, one per cell: the value's characters (UTF-8), hyphens
// ("-", "－") left out, since a grid draws its own gaps. "123-4567" -> 1 2 3 4 5 6 7.
std::vector<std::string> grid_characters(std::string_view value);

}  // namespace madoguchi::forms::detail
