#include "madoguchi/kiosk/settings_file.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <system_error>

#include "madoguchi/forms/staff_files.hpp"
#include "madoguchi/text/utf8.hpp"

namespace madoguchi::kiosk::settings {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void refuse_file(const fs::path& file, std::string message) {
  throw Refusal{Problem{file.string(), "", std::move(message)}};
}

}  // namespace

nlohmann::json read_json(const fs::path& file, std::uintmax_t largest_bytes,
                         const nlohmann::json* missing) {
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  if (status.type() == fs::file_type::not_found && missing != nullptr) return *missing;
  if (status.type() == fs::file_type::not_found) refuse_file(file, "there is no such file");
  if (ec) refuse_file(file, "cannot be read: " + ec.message());
  if (status.type() == fs::file_type::directory) {
    refuse_file(file, "is a directory; give the settings file itself");
  }
  if (status.type() != fs::file_type::regular) refuse_file(file, "is not a regular file");
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec) refuse_file(file, "cannot be read: " + ec.message());
  if (size > largest_bytes) {
    refuse_file(file, "is " + std::to_string(size) + " bytes; a settings file is at most " +
                          std::to_string(largest_bytes) + " bytes");
  }
  std::ifstream in(file, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(size))) {
    refuse_file(file, "cannot be read");
  }
  return parse_json_text(text, file.string(), largest_bytes);
}

nlohmann::json parse_json_text(std::string_view text, const std::string& name,
                               std::uintmax_t largest_bytes) {
  if (text.size() > largest_bytes) {
    refuse_file(name, "is " + std::to_string(text.size()) + " bytes; a settings file is at most " +
                          std::to_string(largest_bytes) + " bytes");
  }
  if (auto problem = forms::check_json_text(text, name)) throw Refusal{*problem};
  return nlohmann::json::parse(text);
}

std::string describe(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      return "an object { … }";
    case nlohmann::json::value_t::array:
      return "a list [ … ]";
    case nlohmann::json::value_t::string:
      return "text";
    case nlohmann::json::value_t::boolean:
      return "true/false";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "a number";
    case nlohmann::json::value_t::null:
      return "null";
    default:
      return "something else";
  }
}

Object::Object(const nlohmann::json& value, std::string file, std::string pointer,
               std::string_view what)
    : object_(value), file_(std::move(file)), pointer_(std::move(pointer)) {
  if (!value.is_object()) {
    refuse("must be " + std::string(what) + ", written as an object { … }, not " + describe(value));
  }
}

void Object::allow_only(const std::vector<std::string>& known) const {
  for (const auto& item : object_.items()) {
    if (item.key() == "note") {
      // A free-text note for staff, allowed in every object as in the procedure files.
      if (!item.value().is_string()) refuse_at("note", "a note must be text in double quotes");
      continue;
    }
    if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
      refuse_at(item.key(), forms::unknown_key_message(item.key(), known) + ", note");
    }
  }
}

bool Object::has(std::string_view key) const { return object_.contains(key); }

const nlohmann::json& Object::at(std::string_view key) const {
  const auto found = object_.find(key);
  if (found == object_.end())
    refuse("\"" + std::string(key) + "\" is missing; it is required here");
  return *found;
}

std::string Object::text(std::string_view key, std::size_t longest,
                         std::string_view why_longest) const {
  const nlohmann::json& value = at(key);
  if (!value.is_string()) refuse_at(key, "must be text in double quotes, not " + describe(value));
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty()) refuse_at(key, "must not be empty");
  const std::size_t length = text::count_characters(text);
  if (length > longest) {
    refuse_at(key, "is " + std::to_string(length) + " characters long; at most " +
                       std::to_string(longest) + " characters" +
                       (why_longest.empty() ? "" : " " + std::string(why_longest)));
  }
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      refuse_at(key, "must be one line of text, without line breaks or tabs");
    }
  }
  return text;
}

long long Object::whole_number(std::string_view key, long long lowest, long long highest,
                               std::string_view unit) const {
  const nlohmann::json& value = at(key);
  const std::string range = "must be a whole number of " + std::string(unit) + " from " +
                            std::to_string(lowest) + " to " + std::to_string(highest);
  if (!value.is_number_integer()) refuse_at(key, range + ", not " + describe(value));
  // Unsigned values beyond long long's range, and every value outside the range, are refused
  // as written: nothing is converted to a narrower type first.
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<long long>::max())) {
    refuse_at(key, range + ", not " + value.dump());
  }
  const long long number = value.is_number_unsigned()
                               ? static_cast<long long>(value.get<std::uint64_t>())
                               : value.get<std::int64_t>();
  if (number < lowest || number > highest) refuse_at(key, range + ", not " + value.dump());
  return number;
}

Object Object::object(std::string_view key, std::string_view what) const {
  return Object(at(key), file_, pointer_to(key), what);
}

std::string Object::pointer_to(std::string_view key) const {
  return forms::pointer_join(pointer_, key);
}

void Object::refuse(std::string message) const {
  throw Refusal{Problem{file_, pointer_, std::move(message)}};
}

void Object::refuse_at(std::string_view key, std::string message) const {
  throw Refusal{Problem{file_, pointer_to(key), std::move(message)}};
}

}  // namespace madoguchi::kiosk::settings
