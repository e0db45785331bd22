// Reading golden files, tests/forms/golden/<procedure id>.json (format: docs/procedure-format.md,
// "Golden tests"), and the persona each case names, read by the virtual card's parser
// (card/virtual_card/persona.hpp), the one reader of persona files. Used by the golden tests,
// by madoguchi_render_form and by the accessibility audit (tests/kiosk/driver).
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/text/japanese_date.hpp"
#include "persona.hpp"

namespace madoguchi::forms::testing {

struct GoldenCase {
  std::string name;
  std::string persona;
  ResidentFacts resident;
  std::string today;                                     // YYYY-MM-DD, the day it was made for
  std::chrono::system_clock::time_point reception_time;  // 10:00 JST on "today"
  std::string reception_number = "0042";
  Answers answers;
  SharedAnswers shared;
  std::vector<std::string> asked;
  int fee_yen = 0;
  std::string free_reason;
  std::map<std::string, std::string, std::less<>> fields;
  int warnings = 0;
  std::string expect_error;  // non-empty: fill_form must refuse, with this in its message
};

struct GoldenFile {
  std::string procedure;
  std::vector<GoldenCase> cases;
};

inline std::expected<nlohmann::json, std::string> read_json_file(
    const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected("cannot open " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const std::exception& e) {
    return std::unexpected(file.string() + ": " + e.what());
  }
}

// "2025-11-22" -> 2025-11-22 10:00 in Japan (01:00 UTC).
inline std::optional<std::chrono::system_clock::time_point> morning_in_japan(
    const std::string& day) {
  const auto date = text::parse_iso_date(day);
  if (!date) return std::nullopt;
  return text::time_in_japan(*date, 10);
}

inline std::map<std::string, std::string, std::less<>> string_map(const nlohmann::json& object) {
  std::map<std::string, std::string, std::less<>> result;
  for (const auto& [key, value] : object.items()) result[key] = value.get<std::string>();
  return result;
}

// The resident a persona file stands for, as the card reports them: the four facts of
// card::BasicInfo, moved into the form's type as the kiosk's device worker moves them.
inline std::expected<ResidentFacts, std::string> read_persona_facts(
    const std::filesystem::path& file) {
  auto persona = card::load_persona(file);
  if (!persona) return std::unexpected(persona.error());
  card::BasicInfo& card = persona->basic_info;
  return ResidentFacts{std::move(card.name), std::move(card.address), std::move(card.birth_date),
                       std::move(card.sex)};
}

// `personas`: the folder of the persona files the cases name (tests/personas, or the demo
// package's share/madoguchi/personas); `samples`: that of the studio's sample residents, which
// the cases the studio recorded name with "sample" (assets/samples, share/madoguchi/samples).
inline std::expected<GoldenFile, std::string> read_golden_file(
    const std::filesystem::path& file, const std::filesystem::path& personas,
    const std::filesystem::path& samples) {
  const auto json = read_json_file(file);
  if (!json) return std::unexpected(json.error());
  try {
    GoldenFile golden;
    golden.procedure = json->at("procedure").get<std::string>();
    for (const auto& item : json->at("cases")) {
      GoldenCase one;
      one.name = item.at("name").get<std::string>();
      const bool sample = item.contains("sample");
      one.persona = item.at(sample ? "sample" : "persona").get<std::string>();
      auto resident = read_persona_facts((sample ? samples : personas) / (one.persona + ".json"));
      if (!resident)
        return std::unexpected(file.string() + ": " + one.name + ": " + resident.error());
      one.resident = std::move(*resident);
      one.today = item.at("today").get<std::string>();
      const auto when = morning_in_japan(one.today);
      if (!when) return std::unexpected(file.string() + ": " + one.name + ": bad \"today\"");
      one.reception_time = *when;
      one.reception_number = item.value("reception_number", std::string("0042"));
      for (const auto& [key, value] : item.at("answers").items()) {
        one.answers[key] = value.get<std::string>();
      }
      if (item.contains("shared")) {
        for (const auto& [key, value] : item.at("shared").items()) {
          one.shared[key] = value.get<std::string>();
        }
      }
      one.asked = item.at("asked").get<std::vector<std::string>>();
      one.fee_yen = item.at("fee_yen").get<int>();
      one.free_reason = item.value("free_reason", std::string());
      one.expect_error = item.value("expect_error", std::string());
      if (one.expect_error.empty()) one.fields = string_map(item.at("fields"));
      one.warnings = item.value("warnings", 0);
      golden.cases.push_back(std::move(one));
    }
    return golden;
  } catch (const std::exception& e) {
    return std::unexpected(file.string() + ": " + e.what());
  }
}

}  // namespace madoguchi::forms::testing
