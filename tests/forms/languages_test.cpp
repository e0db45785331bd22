// The languages of the screens (issue 21): every language code round-trips, a text falls back
// to Japanese where a file lacks the language, a file may carry any listed language and no
// other, and the kiosk's own messages for an answer it cannot take exist in every language
// with their placeholders filled in. The example file is tests/forms/data/procedure_v2.json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {
namespace {

using ::testing::HasSubstr;

constexpr text::CivilDate kToday{2025, 11, 22};

Procedure load_example() {
  auto procedure = load_procedure(MADOGUCHI_SOURCE_DIR "/tests/forms/data/procedure_v2.json");
  if (!procedure) ADD_FAILURE() << procedure.error().to_string();
  return procedure.value_or(Procedure{});
}

TEST(Languages, EveryCodeRoundTripsAndNoOtherIsKnown) {
  std::set<std::string_view> codes;
  for (const Language language : kLanguages) {
    const std::string_view code = language_code(language);
    codes.insert(code);
    EXPECT_EQ(language_of(code), language) << code;
  }
  EXPECT_EQ(codes.size(), kLanguageCount) << "two languages share a code";
  EXPECT_TRUE(codes.contains("zh-Hans") && codes.contains("zh-Hant") && codes.contains("pt-BR") &&
              codes.contains("ne") && codes.contains("tl") && codes.contains("vi") &&
              codes.contains("ko"));
  EXPECT_EQ(language_of("fr"), std::nullopt);
  EXPECT_EQ(language_of("zh-hans"), std::nullopt) << "codes are spelt exactly";
  EXPECT_EQ(language_of(""), std::nullopt);
}

TEST(Languages, ATextFallsBackToJapaneseWhereTheFileLacksTheLanguage) {
  Texts texts;
  texts.ja = "住民票の写し";
  texts.set(Language::Ko, "주민표 사본");
  EXPECT_EQ(texts.in(Language::Ko), "주민표 사본");
  EXPECT_TRUE(texts.has(Language::Ko));
  EXPECT_EQ(texts.in(Language::Vi), "住民票の写し");
  EXPECT_FALSE(texts.has(Language::Vi));
  texts.set(Language::Ko, "");
  EXPECT_EQ(texts.in(Language::Ko), "住民票の写し") << "an empty text removes the translation";
  texts.set(Language::Ja, "住民票");
  EXPECT_EQ(texts.ja, "住民票");
}

// The translations share one string: each keeps its own text whatever order they are set,
// changed or removed in.
TEST(Languages, EveryLanguageKeepsItsOwnTextWhicheverIsSetChangedOrRemoved) {
  Texts texts;
  texts.ja = "住民票の写し";
  for (auto it = kLanguages.rbegin(); it != kLanguages.rend(); ++it) {
    if (*it != Language::Ja) texts.set(*it, "text in " + std::string(language_code(*it)));
  }
  texts.set(Language::ZhHant, "a much longer text in traditional Chinese than before");
  texts.set(Language::Vi, "");
  for (const Language language : kLanguages) {
    const std::string expected = language == Language::Ja       ? "住民票の写し"
                                 : language == Language::ZhHant ? "a much longer text in "
                                                                  "traditional Chinese than before"
                                 : language == Language::Vi
                                     ? "住民票の写し"
                                     : "text in " + std::string(language_code(language));
    EXPECT_EQ(texts.in(language), expected) << language_code(language);
    EXPECT_EQ(texts.has(language), language != Language::Vi) << language_code(language);
  }
}

// The catalogue's 住民票 (format version 3) with another title.
std::string with_title(std::string_view title_json) {
  std::ifstream in(MADOGUCHI_SOURCE_DIR "/forms/catalog/juminhyo.json");
  auto json = nlohmann::ordered_json::parse(in);
  json["title"] = nlohmann::ordered_json::parse(title_json);
  return json.dump();
}

TEST(Languages, AFileCarriesAnyListedLanguageAndNamesAnyOther) {
  const auto read = parse_procedure(
      with_title(R"({"ja": "住民票", "zh-Hans": "居民票", "ne": "बसोबास प्रमाणपत्र"})"),
      "juminhyo.json");
  ASSERT_TRUE(read) << read.error().to_string();
  EXPECT_EQ(read->titles.in(Language::ZhHans), "居民票");
  EXPECT_EQ(read->titles.in(Language::Ne), "बसोबास प्रमाणपत्र");
  EXPECT_EQ(read->titles.in(Language::Ko), "住民票");

  const auto unknown =
      parse_procedure(with_title(R"({"ja": "住民票", "fr": "Certificat"})"), "juminhyo.json");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().pointer, "/title/fr");
  const auto empty = parse_procedure(with_title(R"({"ja": "住民票", "vi": ""})"), "juminhyo.json");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().pointer, "/title/vi");
  EXPECT_THAT(empty.error().message, HasSubstr("must not be empty"));
}

// Every answer the kiosk refuses, by question and typed value, with the kiosk's own message
// (the example file overrides only the kana question's messages).
const std::vector<std::pair<std::string, std::string>> kRefused{
    {"copies", ""},          {"copies", "x"},          {"copies", "0"},
    {"copies", "11"},        {"purpose", "nope"},      {"by_agent", "maybe"},
    {"birth", ""},           {"birth", "2025-13-40"},  {"birth", "1899-12-31"},
    {"birth", "2099-01-01"}, {"postal", ""},           {"postal", "12345"},
    {"phone", "12"},         {"purpose_note", "a\nb"}, {"purpose_note", std::string(21, 'a')},
};

TEST(Languages, TheKiosksOwnMessagesAreInEveryLanguageWithTheirPlaceholdersFilled) {
  const Procedure procedure = load_example();
  std::map<std::pair<std::string, std::string>, std::map<Language, std::string>> messages;
  for (const Language language : kLanguages) {
    for (const auto& [id, value] : kRefused) {
      const Question* question = procedure.find_question(id);
      ASSERT_NE(question, nullptr) << id;
      const auto message = validate_answer(*question, value, AnswerContext{language, kToday});
      const std::string where =
          std::string(language_code(language)) + " " + id + "=\"" + value + "\"";
      ASSERT_TRUE(message.has_value()) << where << " was taken";
      EXPECT_FALSE(message->empty()) << where;
      EXPECT_EQ(message->find_first_of("{}"), std::string::npos)
          << where << ": a placeholder is left: " << *message;
      messages[{id, value}][language] = *message;
    }
  }
  for (const auto& [refused, by_language] : messages) {
    std::set<std::string> distinct;
    for (const auto& [language, message] : by_language) distinct.insert(message);
    EXPECT_EQ(distinct.size(), kLanguageCount)
        << refused.first << "=\"" << refused.second
        << "\": two languages show the same message, so one of them is not translated";
  }
  // The limits reach the message: a count bare outside Japanese, with its counter inside; a
  // date as 1900-01-01 outside Japanese; the longest text's length.
  EXPECT_THAT((messages[{"copies", "11"}][Language::Ko]), HasSubstr("10"));
  EXPECT_THAT((messages[{"copies", "11"}][Language::Ja]), HasSubstr("10通"));
  EXPECT_THAT((messages[{"birth", "1899-12-31"}][Language::Vi]), HasSubstr("1900-01-01"));
  EXPECT_THAT((messages[{"purpose_note", std::string(21, 'a')}][Language::Ne]), HasSubstr("20"));
  EXPECT_THAT((messages[{"by_agent", "maybe"}][Language::Ja]), HasSubstr("「はい」か「いいえ」"));
}

}  // namespace
}  // namespace madoguchi::forms
