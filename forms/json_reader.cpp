#include "json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "madoguchi/text/utf8.hpp"

namespace madoguchi::forms::detail {

namespace {

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "an object { … }";
    case Json::value_t::array:
      return "a list [ … ]";
    case Json::value_t::string:
      return "text";
    case Json::value_t::boolean:
      return "true/false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::null:
      return "null";
    default:
      return "something else";
  }
}

// Tracks where the parser is, to name a key that appears twice in one object.
class DuplicateKeyFinder {
 public:
  bool on_event(Json::parse_event_t event, const Json& parsed) {
    using Event = Json::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        enter_element();
        frames_.push_back(Frame{event == Event::array_start, {}, 0, false, {}});
        break;
      case Event::object_end:
      case Event::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case Event::value:
        enter_element();
        break;
      case Event::key:
        on_key(parsed.get<std::string>());
        break;
    }
    return true;
  }

  const std::string& duplicate_pointer() const { return duplicate_pointer_; }

 private:
  struct Frame {
    bool is_array;
    std::string key;    // object: the key being read
    std::size_t index;  // array: the element being read
    bool has_element;
    std::set<std::string, std::less<>> keys;
  };

  void enter_element() {
    if (frames_.empty() || !frames_.back().is_array) return;
    Frame& array = frames_.back();
    array.index = array.has_element ? array.index + 1 : 0;
    array.has_element = true;
  }

  void on_key(const std::string& key) {
    if (frames_.empty()) return;
    Frame& object = frames_.back();
    object.key = key;
    if (object.keys.insert(key).second || !duplicate_pointer_.empty()) return;
    std::string pointer;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      pointer = frames_[i].is_array ? pointer_join(pointer, frames_[i].index)
                                    : pointer_join(pointer, frames_[i].key);
    }
    duplicate_pointer_ = pointer_join(pointer, key);
  }

  std::vector<Frame> frames_;
  std::string duplicate_pointer_;
};

// The line (1-based) and column (1-based, in characters) of byte `offset`.
std::pair<int, int> line_and_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const auto line = static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1;
  const std::size_t line_start =
      before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  const auto column = static_cast<int>(text::decode_utf8(before.substr(line_start)).size()) + 1;
  return {line, column};
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 3, column 14: syntax
// error while parsing value - unexpected ','; expected ..." -> "unexpected ','; expected ...".
std::string parse_error_detail(const std::string& what) {
  std::string detail = what;
  if (const auto dash = detail.find(" - "); dash != std::string::npos) {
    detail = detail.substr(dash + 3);
  } else if (const auto colon = detail.find(": "); colon != std::string::npos) {
    detail = detail.substr(colon + 2);
  }
  return detail;
}

}  // namespace

void Source::fail(std::string pointer, std::string message) const {
  throw LoadFailure{LoadError{file_, std::move(pointer), std::move(message)}};
}

void Source::report(std::string pointer, std::string message) const {
  if (!linting_) fail(std::move(pointer), std::move(message));
  problems_.push_back(LoadError{file_, std::move(pointer), std::move(message)});
}

void Source::note_texts(std::string pointer, const Texts& texts) const {
  if (linting_) texts_.emplace_back(std::move(pointer), texts);
}

Json parse_json(std::string_view text, const Source& source) {
  DuplicateKeyFinder duplicates;
  Json root;
  try {
    root = Json::parse(text, [&duplicates](int /*depth*/, Json::parse_event_t event, Json& parsed) {
      return duplicates.on_event(event, parsed);
    });
  } catch (const Json::parse_error& e) {
    // e.byte counts the bytes read, up to and including the one the parser stopped at.
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    const auto [line, column] = line_and_column(text, offset);
    LoadError error{source.file(), "",
                    "this is not valid JSON: " + parse_error_detail(e.what()) +
                        " (look here or just before for a missing or extra comma, quote or "
                        "bracket)",
                    line, column};
    throw LoadFailure{std::move(error)};
  } catch (const Json::exception& e) {
    source.fail("", std::string("this is not valid JSON: ") + e.what());
  }
  if (!duplicates.duplicate_pointer().empty()) {
    source.fail(duplicates.duplicate_pointer(),
                "this key is written twice in the same object; keep only one");
  }
  return root;
}

}  // namespace madoguchi::forms::detail

namespace madoguchi::forms {

std::string pointer_join(std::string_view parent, std::string_view key) {
  std::string pointer = std::string(parent) + "/";
  for (char c : key) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
  return pointer;
}

std::optional<LoadError> check_json_text(std::string_view text, const std::string& file_name) {
  try {
    detail::parse_json(text, detail::Source(file_name));
  } catch (const detail::LoadFailure& failure) {
    return failure.error;
  }
  return std::nullopt;
}

}  // namespace madoguchi::forms

namespace madoguchi::forms::detail {

std::string pointer_join(std::string_view parent, std::size_t index) {
  return std::string(parent) + "/" + std::to_string(index);
}

std::string join(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) {
    if (!joined.empty()) joined += ", ";
    joined += word;
  }
  return joined;
}

std::string format_mm(double value) {
  std::ostringstream out;
  out << std::round(value * 100) / 100;
  return out.str();
}

JsonObject::JsonObject(const Json& value, std::string pointer, const Source& source,
                       std::string_view what)
    : object_(value), pointer_(std::move(pointer)), source_(source) {
  if (!value.is_object()) {
    fail("must be " + std::string(what) + ", written as an object { … }, not " + describe(value));
  }
}

void JsonObject::allow_only(std::initializer_list<std::string_view> allowed) const {
  allow_only(std::vector<std::string>(allowed.begin(), allowed.end()));
}

void JsonObject::allow_only(const std::vector<std::string>& names) const {
  for (const auto& [key, value] : object_.items()) {
    if (key == "note") {
      if (!value.is_string()) fail_at(key, "a note must be text in double quotes");
      continue;
    }
    if (std::find(names.begin(), names.end(), key) != names.end()) continue;
    report_at(key, unknown_key_message(key, names) + ", note");
  }
}

bool JsonObject::has(std::string_view key) const { return object_.contains(key); }

std::vector<std::string> JsonObject::keys() const {
  std::vector<std::string> names;
  for (const auto& item : object_.items()) names.push_back(item.key());
  return names;
}

const Json& JsonObject::required(std::string_view key) const {
  const Json* value = optional(key);
  if (value == nullptr) fail("\"" + std::string(key) + "\" is missing; it is required here");
  return *value;
}

const Json* JsonObject::optional(std::string_view key) const {
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

std::string JsonObject::required_text(std::string_view key) const {
  const Json& value = required(key);
  if (!value.is_string()) fail_at(key, "must be text in double quotes, not " + describe(value));
  auto text = value.get<std::string>();
  if (text.empty()) fail_at(key, "must not be empty");
  return text;
}

std::string JsonObject::optional_text(std::string_view key, std::string fallback) const {
  const Json* value = optional(key);
  if (value == nullptr) return fallback;
  if (!value->is_string()) {
    fail_at(key, "must be text in double quotes, not " + describe(*value));
  }
  return value->get<std::string>();
}

int JsonObject::required_whole_number(std::string_view key) const {
  const Json& value = required(key);
  constexpr double kLimit = 1e9;
  if (!value.is_number_integer() || value.get<double>() < -kLimit || value.get<double>() > kLimit) {
    fail_at(key, "must be a whole number such as 10, not " + describe(value));
  }
  return value.get<int>();
}

double JsonObject::required_number(std::string_view key) const {
  const Json& value = required(key);
  if (!value.is_number()) fail_at(key, "must be a number such as 12.5, not " + describe(value));
  return value.get<double>();
}

double JsonObject::optional_number(std::string_view key, double fallback) const {
  return has(key) ? required_number(key) : fallback;
}

bool JsonObject::optional_bool(std::string_view key, bool fallback) const {
  const Json* value = optional(key);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) fail_at(key, "must be true or false, not " + describe(*value));
  return value->get<bool>();
}

void JsonObject::fail(std::string message) const { source_.fail(pointer_, std::move(message)); }

void JsonObject::report(std::string message) const { source_.report(pointer_, std::move(message)); }

void JsonObject::report_at(std::string_view key, std::string message) const {
  source_.report(pointer_to(key), std::move(message));
}

Texts JsonObject::required_texts(std::string_view key) const {
  return read_texts(required(key), pointer_to(key), source_);
}

Texts JsonObject::optional_texts(std::string_view key) const {
  const Json* value = optional(key);
  if (value == nullptr) return {};
  if (value->is_string()) {
    Texts texts;
    texts.ja = value->get<std::string>();
    source_.note_texts(pointer_to(key), texts);
    return texts;
  }
  return read_texts(*value, pointer_to(key), source_);
}

Texts read_texts(const Json& value, const std::string& pointer, const Source& source) {
  Texts texts;
  if (value.is_string()) {
    texts.ja = value.get<std::string>();
    if (texts.ja.empty()) source.fail(pointer, "must not be empty");
    source.note_texts(pointer, texts);
    return texts;
  }
  if (!value.is_object()) {
    source.fail(pointer, "must be text in double quotes" +
                             std::string(source.format_version >= 2
                                             ? ", or an object { \"ja\": …, \"ja-easy\": …, "
                                               "\"en\": … } with the text in each language"
                                             : "") +
                             ", not " + describe(value));
  }
  if (source.format_version < 2) {
    source.fail(pointer,
                "texts in several languages need \"format_version\": 2; in version 1 write "
                "the Japanese text in double quotes");
  }
  const JsonObject object(value, pointer, source, "a text in several languages");
  std::vector<std::string> codes;
  for (const Language language : kLanguages) codes.emplace_back(language_code(language));
  object.allow_only(codes);
  texts.ja = object.required_text("ja");
  for (const Language language : kLanguages) {
    if (language == Language::Ja) continue;
    const std::string code(language_code(language));
    if (!object.has(code)) continue;
    std::string text = object.optional_text(code);
    if (text.empty()) {
      object.fail_at(code, "must not be empty; leave the key out if there is no such text");
    }
    texts.set(language, std::move(text));
  }
  source.note_texts(pointer, texts);
  return texts;
}

void JsonObject::fail_at(std::string_view key, std::string message) const {
  source_.fail(pointer_to(key), std::move(message));
}

const Json::array_t& as_array(const Json& value, const std::string& pointer, const Source& source) {
  if (!value.is_array()) {
    source.fail(pointer, "must be a list [ … ], not " + describe(value));
  }
  return value.get_ref<const Json::array_t&>();
}

}  // namespace madoguchi::forms::detail
