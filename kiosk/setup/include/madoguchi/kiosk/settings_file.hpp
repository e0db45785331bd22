// Reading the settings files the town or its staff edit (office.json, the volunteer roster,
// the language files) strictly: the file must be a readable file of a sensible size holding
// valid JSON with no key written twice; every object refuses keys it does not know and names
// the nearest known one; numbers are whole and in range (never wrapped into an int); texts
// have a length limit in characters. A mistake is a forms::LoadError naming the file, the JSON
// pointer and the reason: "office.json: /idle/quiet_seconds: must be …".
//
// Inside a loader a mistake is thrown as settings::Refusal; load functions catch it with
// settings::checked() and return it as a value, so nothing is thrown across their API.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::kiosk::settings {

using Problem = forms::LoadError;

struct Refusal {
  Problem problem;
};

// The file as JSON. Refused: not there (unless `missing` is given: then that is returned),
// a directory or anything but a regular file, larger than `largest_bytes`, unreadable, not
// valid JSON (with the line and column), a key written twice.
nlohmann::json read_json(const std::filesystem::path& file, std::uintmax_t largest_bytes,
                         const nlohmann::json* missing = nullptr);

// A settings file's text as JSON (the staff studio's edits, before they are written): refused
// when longer than `largest_bytes`, not valid JSON, or with a key written twice.
nlohmann::json parse_json_text(std::string_view text, const std::string& name,
                               std::uintmax_t largest_bytes);

// One JSON object of a settings file, read key by key.
class Object {
 public:
  // Refused unless `value` is an object; `what` names it in the message ("the idle time-out").
  Object(const nlohmann::json& value, std::string file, std::string pointer, std::string_view what);

  // Refuses the first key not in `known` (or "note", a free-text note for staff allowed in
  // every object, as in the procedure files), naming the nearest known one.
  void allow_only(const std::vector<std::string>& known) const;

  bool has(std::string_view key) const;
  const nlohmann::json& at(std::string_view key) const;  // refused when missing

  // Text in double quotes, 1 to `longest` characters, one line (no control characters).
  std::string text(std::string_view key, std::size_t longest, std::string_view why_longest) const;
  // A whole number from `lowest` to `highest`: 4294967306 is refused, never wrapped.
  long long whole_number(std::string_view key, long long lowest, long long highest,
                         std::string_view unit) const;
  // The object under `key`.
  Object object(std::string_view key, std::string_view what) const;

  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }
  std::string pointer_to(std::string_view key) const;
  [[noreturn]] void refuse(std::string message) const;
  [[noreturn]] void refuse_at(std::string_view key, std::string message) const;

 private:
  const nlohmann::json& object_;
  std::string file_;
  std::string pointer_;
};

// "an object { … }", "text", "a number", … for messages.
std::string describe(const nlohmann::json& value);

// Runs `read` and returns what it gives, or the Refusal it threw as a value. Any other
// exception (a file system error, memory) becomes a problem of the whole file.
template <class Read>
auto checked(const std::string& file, Read&& read) -> std::expected<decltype(read()), Problem> {
  try {
    return read();
  } catch (const Refusal& refusal) {
    return std::unexpected(refusal.problem);
  } catch (const std::exception& e) {
    return std::unexpected(Problem{file, "", std::string("cannot be read: ") + e.what()});
  }
}

}  // namespace madoguchi::kiosk::settings
