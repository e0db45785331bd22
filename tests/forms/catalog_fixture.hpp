// The real catalogue file, as text and as editable JSON, for tests that break it on purpose.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms::testing {

// A version-1 procedure (住民票の写し as it was written before version 2), kept as the base
// the tests break on purpose; the catalogue's juminhyo.json has since moved to version 3.
inline const std::string kCatalogFile = MADOGUCHI_SOURCE_DIR "/tests/forms/data/juminhyo_v1.json";
inline const std::string kFileName = "juminhyo.json";  // as the tests label errors

inline std::string read_catalog_text() {
  std::ifstream in(kCatalogFile, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline nlohmann::ordered_json catalog_json() {
  return nlohmann::ordered_json::parse(read_catalog_text());
}

inline Procedure load_catalog_procedure() {
  auto procedure = load_procedure(kCatalogFile);
  if (!procedure) ADD_FAILURE() << procedure.error().to_string();
  return procedure.value_or(Procedure{});
}

// Index of the first layout item whose `key` is `value` (e.g. "bind", "card.name").
inline std::size_t layout_item_index(const nlohmann::ordered_json& json, const std::string& key,
                                     const std::string& value) {
  const auto& items = json["layout"]["items"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].contains(key) && items[i][key] == value) return i;
  }
  ADD_FAILURE() << "no layout item with " << key << " = " << value;
  return 0;
}

inline std::string item_pointer(std::size_t index) {
  return "/layout/items/" + std::to_string(index);
}

// Parses edited JSON and expects it to be rejected.
inline LoadError expect_load_error(const nlohmann::ordered_json& json) {
  auto procedure = parse_procedure(json.dump(2), kFileName);
  EXPECT_FALSE(procedure.has_value()) << "the broken procedure was accepted";
  return procedure.has_value() ? LoadError{} : procedure.error();
}

}  // namespace madoguchi::forms::testing
