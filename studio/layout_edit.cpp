#include "layout_edit.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/storage/durable_file.hpp"

namespace madoguchi::studio {

namespace {

using Json = nlohmann::ordered_json;

std::size_t skip_space(std::string_view json, std::size_t at) {
  while (at < json.size() &&
         (json[at] == ' ' || json[at] == '\n' || json[at] == '\r' || json[at] == '\t')) {
    ++at;
  }
  return at;
}

// One past the end of the value starting at `at` (a string, a number, a literal, or an object or
// array with everything inside it). The text is known to be valid JSON.
std::size_t value_end(std::string_view json, std::size_t at) {
  if (at >= json.size()) return at;
  if (json[at] == '"') {
    for (std::size_t i = at + 1; i < json.size(); ++i) {
      if (json[i] == '\\') {
        ++i;
      } else if (json[i] == '"') {
        return i + 1;
      }
    }
    return json.size();
  }
  if (json[at] == '{' || json[at] == '[') {
    int depth = 0;
    for (std::size_t i = at; i < json.size(); ++i) {
      const char c = json[i];
      if (c == '"') {
        i = value_end(json, i) - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return json.size();
  }
  std::size_t i = at;
  while (i < json.size() && json[i] != ',' && json[i] != '}' && json[i] != ']' && json[i] != ' ' &&
         json[i] != '\n' && json[i] != '\r' && json[i] != '\t') {
    ++i;
  }
  return i;
}

// The unescaped reference tokens of a JSON pointer ("~1" is "/", "~0" is "~").
std::vector<std::string> tokens_of(std::string_view pointer) {
  std::vector<std::string> tokens;
  std::size_t at = 1;
  while (at <= pointer.size() && !pointer.empty()) {
    const auto next = pointer.find('/', at);
    std::string token(pointer.substr(at, next == std::string_view::npos ? next : next - at));
    for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i) {
      token.replace(i, 2, token.compare(i, 2, "~1") == 0 ? "/" : "~");
    }
    tokens.push_back(std::move(token));
    if (next == std::string_view::npos) break;
    at = next + 1;
  }
  return tokens;
}

// Inside the object or array at `at`, the value the token names.
std::expected<std::size_t, std::string> step(std::string_view json, std::size_t at,
                                             const std::string& token) {
  if (json[at] == '[') {
    char* end = nullptr;
    const long index = std::strtol(token.c_str(), &end, 10);
    if (token.empty() || *end != '\0' || index < 0)
      return std::unexpected("not an index: " + token);
    std::size_t i = skip_space(json, at + 1);
    for (long n = 0; i < json.size() && json[i] != ']'; ++n) {
      if (n == index) return i;
      i = skip_space(json, value_end(json, i));
      if (i < json.size() && json[i] == ',') i = skip_space(json, i + 1);
    }
    return std::unexpected("no item " + token);
  }
  if (json[at] == '{') {
    std::size_t i = skip_space(json, at + 1);
    while (i < json.size() && json[i] == '"') {
      const std::size_t key_end = value_end(json, i);
      const auto key = Json::parse(json.substr(i, key_end - i)).get<std::string>();
      std::size_t value = skip_space(json, key_end);
      value = skip_space(json, value + 1);  // past the ':'
      if (key == token) return value;
      i = skip_space(json, value_end(json, value));
      if (i < json.size() && json[i] == ',') i = skip_space(json, i + 1);
    }
    return std::unexpected("no key " + token);
  }
  return std::unexpected("nothing inside a plain value at " + token);
}

// One line, as the files write layout items: {"key": value, …}, [a, b].
std::string one_line(const Json& value) {
  if (value.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      out += (first ? "" : ", ") + Json(key).dump() + ": " + one_line(item);
      first = false;
    }
    return out + "}";
  }
  if (value.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + one_line(value[i]);
    return out + "]";
  }
  // Other numbers as they were read (0.92 stays 0.92); whole ones without a decimal point.
  if (value.is_number_float() && value.get<double>() == std::floor(value.get<double>()) &&
      std::abs(value.get<double>()) < 1e15) {
    return std::to_string(static_cast<long long>(value.get<double>()));
  }
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);  // bad UTF-8 becomes U+FFFD
}

void put(Json& item, std::string_view key, double value) {
  const double tenths = std::round(value * 10) / 10;
  if (tenths == std::floor(tenths)) {
    item[std::string(key)] = static_cast<long long>(tenths);
  } else {
    item[std::string(key)] = tenths;
  }
}

bool shift(Json& item, const char* key, double by, double at_least = -1e9) {
  if (!item.contains(key) || !item[key].is_number()) return false;
  put(item, key, std::max(at_least, item[key].get<double>() + by));
  return true;
}

// The layout item at `pointer`, changed by `change`, written back on one line.
template <typename Change>
std::expected<std::string, std::string> edit_item(std::string_view json, std::string_view pointer,
                                                  Change change) {
  const auto span = span_of(json, pointer);
  if (!span) return std::unexpected(span.error());
  Json item = Json::parse(json.substr(span->begin, span->end - span->begin));
  if (!item.is_object()) return std::unexpected(std::string(pointer) + ": not a layout item");
  if (auto problem = change(item); !problem.empty()) {
    return std::unexpected(std::string(pointer) + ": " + problem);
  }
  std::string out(json.substr(0, span->begin));
  out += one_line(item);
  out += json.substr(span->end);
  return out;
}

}  // namespace

std::expected<TextSpan, std::string> span_of(std::string_view json, std::string_view pointer) {
  if (!Json::accept(json)) return std::unexpected("the file is not valid JSON");
  std::size_t at = skip_space(json, 0);
  for (const auto& token : tokens_of(pointer)) {
    auto next = step(json, at, token);
    if (!next) return std::unexpected(std::string(pointer) + ": " + next.error());
    at = *next;
  }
  return TextSpan{at, value_end(json, at)};
}

std::expected<std::string, std::string> move_item(std::string_view json, std::string_view pointer,
                                                  double dx_mm, double dy_mm) {
  return edit_item(json, pointer, [&](Json& item) -> std::string {
    const bool moved = item.contains("x1")
                           ? shift(item, "x1", dx_mm) && shift(item, "x2", dx_mm) &&
                                 shift(item, "y1", dy_mm) && shift(item, "y2", dy_mm)
                           : shift(item, "x", dx_mm) && shift(item, "y", dy_mm);
    return moved ? "" : "the item has no position to move";
  });
}

std::expected<std::string, std::string> resize_item(std::string_view json, std::string_view pointer,
                                                    double dw_mm, double dh_mm) {
  constexpr double kSmallest = 1.0;
  return edit_item(json, pointer, [&](Json& item) -> std::string {
    const std::string type = item.value("type", "");
    if (item.contains("x1")) {
      return shift(item, "x2", dw_mm) && shift(item, "y2", dh_mm) ? "" : "a line without an end";
    }
    if (type == "check") {
      put(item, "size", std::max(kSmallest, item.value("size", 5.0) + dw_mm));
      return "";
    }
    if (type == "grid") {
      const double cells = std::max(1.0, item.value("cells", 1.0)) +
                           static_cast<double>(item.value("gap_after", Json::array()).size());
      // forms' defaults for a grid that does not say: cells 6 mm wide, 8 mm high
      put(item, "cell_w", std::max(kSmallest, item.value("cell_w", 6.0) + dw_mm / cells));
      put(item, "h", std::max(kSmallest, item.value("h", 8.0) + dh_mm));
      return "";
    }
    const bool ok = shift(item, "w", dw_mm, kSmallest) && shift(item, "h", dh_mm, kSmallest);
    return ok ? "" : "the item has no size to change";
  });
}

std::expected<std::string, std::string> set_item_number(std::string_view json,
                                                        std::string_view pointer,
                                                        std::string_view key, double value) {
  return edit_item(json, pointer, [&](Json& item) -> std::string {
    put(item, key, value);
    return "";
  });
}

std::expected<std::string, std::string> set_item_text(std::string_view json,
                                                      std::string_view pointer,
                                                      std::string_view key,
                                                      std::string_view value) {
  return edit_item(json, pointer, [&](Json& item) -> std::string {
    item[std::string(key)] = std::string(value);
    return "";
  });
}

std::expected<std::string, std::string> set_member(std::string_view json,
                                                   std::string_view object_pointer,
                                                   std::string_view key, std::string_view value,
                                                   std::string_view after) {
  if (!Json::accept(value)) return std::unexpected("not a JSON value: " + std::string(value));
  const auto object = span_of(json, object_pointer);
  if (!object) return std::unexpected(object.error());
  if (json[object->begin] != '{')
    return std::unexpected(std::string(object_pointer) + ": not an object");
  auto escaped = [](std::string_view name) {
    std::string out;
    for (const char c : name) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return out;
  };
  const std::string base(object_pointer);
  if (const auto member = span_of(json, base + "/" + escaped(key))) {
    std::string out(json.substr(0, member->begin));
    out += value;
    out += json.substr(member->end);
    return out;
  }
  // A new member: on a line of its own, indented as its neighbour is.
  auto indent_at = [&](std::size_t at) {
    const auto line = json.rfind('\n', at);
    const std::size_t from = line == std::string_view::npos ? 0 : line + 1;
    std::size_t to = from;
    while (to < json.size() && json[to] == ' ') ++to;
    return std::string(to - from, ' ');
  };
  const std::string member = Json(std::string(key)).dump() + ": " + std::string(value);
  if (!after.empty()) {
    if (const auto neighbour = span_of(json, base + "/" + escaped(after))) {
      std::string out(json.substr(0, neighbour->end));
      out += ",\n" + indent_at(neighbour->begin) + member;
      out += json.substr(neighbour->end);
      return out;
    }
  }
  const std::size_t first = skip_space(json, object->begin + 1);
  if (json[first] == '}') {  // an empty object
    std::string out(json.substr(0, object->begin + 1));
    out += member;
    out += json.substr(first);
    return out;
  }
  std::string out(json.substr(0, first));
  out += member + ",\n" + indent_at(first);
  out += json.substr(first);
  return out;
}

std::expected<std::string, std::string> read_text_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(file.string() + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::expected<void, std::vector<std::string>> save_procedure(const std::filesystem::path& file,
                                                             std::string_view text) {
  std::vector<std::string> findings;
  for (const auto& problem : forms::lint_procedure(text, file.string())) {
    findings.push_back(problem.to_string());
  }
  if (!findings.empty()) return std::unexpected(std::move(findings));
  const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  if (auto written = storage::write_file_atomically(folder, file.filename().string(), text);
      !written) {
    return std::unexpected(std::vector<std::string>{written.error()});
  }
  return {};
}

}  // namespace madoguchi::studio
