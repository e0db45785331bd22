// Reading procedure files (internal): JSON values with the JSON pointer of every value
// at hand, so that each mistake can be reported where it is.
//
// Inside the loader a mistake is thrown as LoadFailure, which parse_procedure catches and
// returns as a LoadError value; nothing is thrown across the module's API.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/staff_files.hpp"

namespace madoguchi::forms::detail {

// ordered_json keeps keys in file order, so the first unknown key reported is the first
// one a clerk sees in the file.
using Json = nlohmann::ordered_json;

struct LoadFailure {
  LoadError error;
};

// The file being read.
//
// Mistakes after which reading can go on (an unknown key, a box off the page, boxes that
// overlap, text that does not fit) are `report`ed: when loading, that fails like `fail`;
// when linting, the mistake is collected and reading goes on, so staff see all of them.
class Source {
 public:
  explicit Source(std::string file_name) : file_(std::move(file_name)) {}
  const std::string& file() const { return file_; }
  [[noreturn]] void fail(std::string pointer, std::string message) const;
  void report(std::string pointer, std::string message) const;

  // Linting: collect reported mistakes and every text read, instead of failing.
  void start_linting() { linting_ = true; }
  bool linting() const { return linting_; }
  const std::vector<LoadError>& problems() const { return problems_; }
  void note_texts(std::string pointer, const Texts& texts) const;
  const std::vector<std::pair<std::string, Texts>>& texts() const { return texts_; }

  // The file's format_version, once read (texts in several languages need 2).
  int format_version = 1;

 private:
  std::string file_;
  bool linting_ = false;
  mutable std::vector<LoadError> problems_;
  mutable std::vector<std::pair<std::string, Texts>> texts_;
};

// Parses JSON text. Broken JSON fails with its line and column; a key written twice in
// the same object fails with the pointer of the second one.
Json parse_json(std::string_view text, const Source& source);

// "/questions" + "max" -> "/questions/max" (escaping "~" and "/" in keys).
using forms::pointer_join;
std::string pointer_join(std::string_view parent, std::size_t index);

// "copies, household, honseki"
std::string join(const std::vector<std::string>& words);

// The candidate closest to `word` if it looks like a typo of it (e.g. "titel" -> "title").
using forms::closest_match;

// A JSON object in the file, read key by key.
class JsonObject {
 public:
  // Fails unless `value` is an object; `what` names it in the message ("a question").
  JsonObject(const Json& value, std::string pointer, const Source& source, std::string_view what);

  // Fails at the first key (in file order) that is neither in `allowed` nor "note"
  // (a free-text note for staff, allowed in every object and ignored by the kiosk).
  void allow_only(std::initializer_list<std::string_view> allowed) const;
  void allow_only(const std::vector<std::string>& allowed) const;

  bool has(std::string_view key) const;
  std::vector<std::string> keys() const;  // in file order
  const Json& required(std::string_view key) const;
  const Json* optional(std::string_view key) const;

  // Text in double quotes. required_text also rejects "".
  std::string required_text(std::string_view key) const;
  std::string optional_text(std::string_view key, std::string fallback = {}) const;
  int required_whole_number(std::string_view key) const;
  double required_number(std::string_view key) const;
  double optional_number(std::string_view key, double fallback) const;
  bool optional_bool(std::string_view key, bool fallback) const;

  // A text in the file's languages: "…" (Japanese only) or, from format version 2,
  // { "ja": "…", "ja-easy": "…", "en": "…", "zh-Hans": "…", … } with "ja" required. required_texts
  // also rejects an empty Japanese text.
  Texts required_texts(std::string_view key) const;
  Texts optional_texts(std::string_view key) const;

  const std::string& pointer() const { return pointer_; }
  std::string pointer_to(std::string_view key) const { return pointer_join(pointer_, key); }
  const Source& source() const { return source_; }

  [[noreturn]] void fail(std::string message) const;
  [[noreturn]] void fail_at(std::string_view key, std::string message) const;
  void report(std::string message) const;  // see Source::report
  void report_at(std::string_view key, std::string message) const;

 private:
  const Json& object_;
  std::string pointer_;
  const Source& source_;
};

// Reads a text in the file's languages from `value` (at `pointer`), as required_texts does.
Texts read_texts(const Json& value, const std::string& pointer, const Source& source);

// The elements of a JSON array; fails unless `value` is one.
const Json::array_t& as_array(const Json& value, const std::string& pointer, const Source& source);

// "12.5" -> "12.5", "10" -> "10" (for messages).
std::string format_mm(double value);

}  // namespace madoguchi::forms::detail
