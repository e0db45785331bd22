// Files the town's staff edit (procedure files, and the kiosk's office.json, volunteer roster
// and language files): JSON checked the same way everywhere, and the one "did you mean" of the
// project for a misspelt key or word.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {

// The candidate closest to `word` if it looks like a typo of it ("titel" -> "title",
// "quiet_second" -> "quiet_seconds"): at most one edit for words of up to four bytes, two
// for longer ones. "" when nothing is that close.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// unknown key "quiet_second" (did you mean "quiet_seconds"?); the keys allowed here are:
// quiet_seconds, countdown_seconds, card_back_seconds
// A key longer than 80 bytes is shown cut, with "…".
std::string unknown_key_message(std::string_view key, const std::vector<std::string>& allowed);

// "/idle" + "quiet_seconds" -> "/idle/quiet_seconds": a JSON pointer one key deeper, with "~"
// and "/" in the key escaped as RFC 6901 says.
std::string pointer_join(std::string_view parent, std::string_view key);

// Checks that `text` is JSON as a staff-edited file must be: valid JSON (else the line and
// column where the reader gave up), and no key written twice in the same object (JSON readers
// silently keep one of them; the pointer of the second is given). nullopt when it is fine.
std::optional<LoadError> check_json_text(std::string_view text, const std::string& file_name);

}  // namespace madoguchi::forms
