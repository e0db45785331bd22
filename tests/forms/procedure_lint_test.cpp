// Broken version-2 files, every message checked; the lint mode; parse_procedure and
// lint_procedure on garbage.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::ordered_json;

const std::string kExampleFile = MADOGUCHI_SOURCE_DIR "/tests/forms/data/procedure_v2.json";
const std::string kName = "v2.json";

std::string example_text() {
  std::ifstream in(kExampleFile, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Json example() { return Json::parse(example_text()); }

std::size_t question_index(const Json& json, const std::string& id) {
  for (std::size_t i = 0; i < json["questions"].size(); ++i) {
    if (json["questions"][i]["id"] == id) return i;
  }
  ADD_FAILURE() << "no question " << id;
  return 0;
}

// "/questions/3/show_if: message"
std::string error_of(const Json& json) {
  auto procedure = parse_procedure(json.dump(2), kName);
  EXPECT_FALSE(procedure) << "the broken procedure was accepted";
  if (procedure) return {};
  EXPECT_EQ(procedure.error().file, kName);
  return procedure.error().pointer + ": " + procedure.error().message;
}

std::vector<std::string> lint(const Json& json) {
  std::vector<std::string> lines;
  for (const LoadError& error : lint_procedure(json.dump(2), kName)) {
    lines.push_back(error.to_string());
  }
  return lines;
}

// --- broken files, every message -----------------------------------------------------

TEST(BrokenVersion2, ConditionOnAnUnknownQuestion) {
  Json json = example();
  const auto i = question_index(json, "purpose_note");
  json["questions"][i]["show_if"] = {{"question", "purpos"}, {"equals", "other"}};
  EXPECT_EQ(error_of(json),
            "/questions/1/show_if/question: there is no question with id \"purpos\" (did you mean "
            "\"purpose\"?); the questions it may name are: purpose");
}

TEST(BrokenVersion2, ConditionOnALaterQuestion) {
  Json json = example();
  json["questions"][1]["show_if"] = {{"question", "by_agent"}, {"equals", "yes"}};
  EXPECT_EQ(error_of(json),
            "/questions/1/show_if/question: question \"by_agent\" (/questions/7) is not asked "
            "before this one; show_if and prefill may only look at the answers to earlier "
            "questions");
}

TEST(BrokenVersion2, ConditionOnItself) {
  Json json = example();
  json["questions"][1]["show_if"] = {{"question", "purpose_note"}, {"equals", "x"}};
  EXPECT_THAT(error_of(json),
              HasSubstr("/questions/1/show_if/question: question \"purpose_note\" (/questions/1) "
                        "is not asked before this one"));
}

TEST(BrokenVersion2, ConditionDeepInsideAllAnyNot) {
  Json json = example();
  const auto i = question_index(json, "agent_name");
  json["questions"][i]["show_if"] = Json::parse(
      R"({ "all": [ { "question": "by_agent", "equals": "yes" },
                    { "not": { "question": "nothing", "in": ["a"] } } ] })");
  EXPECT_EQ(error_of(json),
            "/questions/8/show_if/all/1/not/question: there is no question with id \"nothing\"; "
            "the questions it may name are: purpose, purpose_note, copies, birth, postal, phone, "
            "kana, by_agent");
}

TEST(BrokenVersion2, ConditionValueMustBeAnAnswer) {
  Json json = example();
  json["questions"][1]["show_if"] = {{"question", "purpose"}, {"equals", "othr"}};
  EXPECT_EQ(error_of(json),
            "/questions/1/show_if/equals: \"othr\" is not a choice of question \"purpose\"; its "
            "choices are: pension, other");
  json["questions"][1]["show_if"] = Json::parse(R"({ "question": "purpose", "in": [] })");
  EXPECT_EQ(error_of(json), "/questions/1/show_if/in: needs at least one answer");
  json["questions"][1]["show_if"] = Json::parse(R"({ "question": "purpose" })");
  EXPECT_EQ(error_of(json),
            "/questions/1/show_if: give either \"equals\" (one answer) or \"in\" (a list of "
            "answers)");
  json["questions"][1]["show_if"] = Json::parse(R"({ "all": [], "any": [] })");
  EXPECT_EQ(error_of(json),
            "/questions/1/show_if: a condition needs exactly one of: \"question\" (with \"equals\" "
            "or \"in\"), \"not\", \"all\", \"any\"");
  json["questions"][1]["show_if"] = Json::parse(R"({ "any": [] })");
  EXPECT_EQ(error_of(json), "/questions/1/show_if/any: needs at least one condition");
}

TEST(BrokenVersion2, ConditionOnATextQuestion) {
  Json json = example();
  const auto i = question_index(json, "agent_name");
  json["questions"][i]["show_if"] = {{"question", "kana"}, {"equals", "ア"}};
  EXPECT_EQ(error_of(json),
            "/questions/8/show_if/question: a condition may look at choice, yes_no and number "
            "questions; \"kana\" is a kana_text question");
}

TEST(BrokenVersion2, FreeCaseNamesAnUnknownQuestion) {
  Json json = example();
  json["fee"]["free_cases"][0]["when"]["question"] = "reason";
  EXPECT_EQ(error_of(json),
            "/fee/free_cases/0/when/question: there is no question with id \"reason\"; the "
            "questions it may name are: purpose, purpose_note, copies, birth, postal, phone, kana, "
            "by_agent, agent_name");
  json = example();
  json["fee"]["free_cases"][0].erase("reason");
  EXPECT_EQ(error_of(json), "/fee/free_cases/0: \"reason\" is missing; it is required here");
}

TEST(BrokenVersion2, DateRules) {
  Json json = example();
  const auto i = question_index(json, "birth");
  json["questions"][i]["entry"] = "japanese";
  EXPECT_EQ(error_of(json),
            "/questions/3/entry: must be \"wareki\" (和暦), \"seireki\" (西暦) or \"either\"");
  json = example();
  json["questions"][i]["min"] = "120 years ago";
  EXPECT_EQ(error_of(json),
            "/questions/3/min: \"120 years ago\" is not a date limit: write a day as "
            "\"1900-01-01\" (year-month-day), or a day counted from the day of the application as "
            "\"today\", \"today-120y\" (years), \"today+6m\" (months) or \"today-30d\" (days), "
            "at most 200 years away");
  json["questions"][i]["min"] = "today-300y";
  EXPECT_THAT(error_of(json), HasSubstr("\"today-300y\" is not a date limit"));
  json["questions"][i]["min"] = "today-100y-100y-100y";
  EXPECT_THAT(error_of(json), HasSubstr("is not a date limit"));
  json["questions"][i]["min"] = "1900-02-30";
  EXPECT_THAT(error_of(json), HasSubstr("\"1900-02-30\" is not a date limit"));
  json["questions"][i]["min"] = "2000-01-01";
  json["questions"][i]["max"] = "1999-12-31";
  EXPECT_EQ(error_of(json), "/questions/3/max: must not be before min (2000-01-01)");
  json = example();
  json["questions"][i]["max_length"] = 3;
  EXPECT_EQ(error_of(json),
            "/questions/3/max_length: \"max_length\" is only for kana_text and text questions, and "
            "this is a date question");
}

TEST(BrokenVersion2, TextRulesAndMessages) {
  Json json = example();
  const auto i = question_index(json, "kana");
  json["questions"][i]["max_length"] = 0;
  EXPECT_EQ(error_of(json), "/questions/6/max_length: must be from 1 to 500 characters");
  json["questions"][i].erase("max_length");
  EXPECT_EQ(error_of(json), "/questions/6: \"max_length\" is missing; it is required here");
  json = example();
  json["questions"][i]["messages"]["too_lng"] = "長すぎます";
  EXPECT_EQ(error_of(json),
            "/questions/6/messages/too_lng: unknown message \"too_lng\" (did you mean "
            "\"too_long\"?); a kana_text question has these messages: required, invalid, "
            "too_long");
  json = example();
  json["questions"][i]["messages"]["invalid"] = Json::parse(R"({ "en": "Katakana please" })");
  EXPECT_EQ(error_of(json),
            "/questions/6/messages/invalid: \"ja\" is missing; it is required here");
  json = example();
  json["questions"][0]["messages"] = Json::object();
  EXPECT_EQ(error_of(json),
            "/questions/0/messages: \"messages\" is only for date, postal_code, phone, kana_text "
            "and text questions, and this is a choice question");
}

TEST(BrokenVersion2, Texts) {
  Json json = example();
  json["title"] = Json::parse(R"({ "ja": "", "en": "Seal" })");
  EXPECT_EQ(error_of(json), "/title/ja: must not be empty");
  json["title"] = Json::parse(R"({ "ja": "印鑑", "fr": "Sceau" })");
  EXPECT_EQ(error_of(json),
            "/title/fr: unknown key \"fr\"; the keys allowed here are: ja, ja-easy, en, "
            "zh-Hans, zh-Hant, ko, vi, pt-BR, tl, ne, note");
  json["title"] = 12;
  EXPECT_EQ(error_of(json),
            "/title: must be text in double quotes, or an object { \"ja\": …, \"ja-easy\": …, "
            "\"en\": … } with the text in each language, not a number");
}

TEST(BrokenVersion2, YesNoLabelsMustNotBeEmpty) {
  Json json = example();
  json["questions"][7]["yes_label"] = "";
  EXPECT_EQ(error_of(json), "/questions/7/yes_label: must not be empty");
  json["questions"][7]["yes_label"] = Json::parse(R"({ "ja": "する", "en": "Yes" })");
  json["questions"][7]["no_label"] = Json::parse(R"({ "ja": "しない", "en": "" })");
  EXPECT_EQ(error_of(json),
            "/questions/7/no_label/en: must not be empty; leave the key out if there is no such "
            "text");
}

TEST(BrokenVersion2, Metadata) {
  Json json = example();
  json["who_may_apply"] = Json::parse(R"(["本人", "家族"])");
  EXPECT_EQ(error_of(json), "/who_may_apply/1: must be \"本人\", \"同一世帯\" or \"代理人\"");
  json["who_may_apply"] = Json::parse(R"(["本人", "本人"])");
  EXPECT_EQ(error_of(json), "/who_may_apply/1: \"本人\" is listed twice");
  json["who_may_apply"] = Json::array();
  EXPECT_EQ(error_of(json), "/who_may_apply: name at least one: 本人, 同一世帯, 代理人");
  json["who_may_apply"] = "本人";
  EXPECT_EQ(error_of(json), "/who_may_apply: must be a list [ … ], not text");
  json = example();
  json["needs_signature"] = "yes";
  EXPECT_EQ(error_of(json), "/needs_signature: must be true or false, not text");
  json = example();
  json["what_to_bring"][1] = Json::object();
  EXPECT_EQ(error_of(json), "/what_to_bring/1: \"ja\" is missing; it is required here");
}

TEST(BrokenVersion2, Prefill) {
  Json json = example();
  const auto i = question_index(json, "birth");
  json["questions"][i]["prefill"]["from"] = "card.name";
  EXPECT_EQ(error_of(json),
            "/questions/3/prefill/from: \"card.name\" can prefill only a text question, and this "
            "is a date question");
  json["questions"][i]["prefill"]["from"] = "card.furigana";
  EXPECT_EQ(error_of(json),
            "/questions/3/prefill/from: unknown prefill \"card.furigana\"; use one of: card.name, "
            "card.address, card.birth_date, answer.<id of an earlier question>");
  json["questions"][i]["prefill"]["from"] = "answer.copies";
  EXPECT_EQ(error_of(json),
            "/questions/3/prefill/from: question \"copies\" is a number question and this is a "
            "date question; an answer can prefill a question of its own kind");
  json["questions"][i]["prefill"]["from"] = "answer.kana";
  EXPECT_THAT(error_of(json), HasSubstr("question \"kana\" (/questions/6) is not asked before"));
  json["questions"][i]["prefill"] = Json::parse(R"({ "from": "card.birth_date", "edit": false })");
  EXPECT_EQ(error_of(json),
            "/questions/3/prefill/edit: unknown key \"edit\"; the keys allowed here are: from, "
            "editable, asked, note");
}

TEST(BrokenVersion2, ComputedAgeAndNewKeysNeedVersionTwo) {
  Json json = example();
  json["format_version"] = 1;
  EXPECT_EQ(error_of(json),
            "/who_may_apply_note: unknown key \"who_may_apply_note\"; the keys allowed here are: "
            "format_version, id, title, "
            "form_title, department, description, who_may_apply, needs_my_number, fee, "
            "questions, layout, note");
  Json v1 = Json::parse(example_text());
  v1["format_version"] = 1;
  for (const char* key :
       {"who_may_apply_note", "needs_signature", "what_to_bring", "who_may_apply"}) {
    v1.erase(key);
  }
  v1["title"] = "印鑑登録証明書";
  EXPECT_EQ(error_of(v1),
            "/description: texts in several languages need \"format_version\": 2; in version 1 "
            "write the Japanese text in double quotes");
  v1["description"] = "登録した印鑑を証明する書類です。";
  v1["fee"].erase("free_cases");
  v1["questions"][0]["title"] = "何に使いますか";
  v1["questions"][0]["choices"][0]["label"] = "年金";
  v1["questions"][0]["choices"][1]["label"] = "その他";
  EXPECT_EQ(error_of(v1),
            "/questions/1/max_length: unknown key \"max_length\"; the keys allowed here are: id, "
            "kind, title, help, summary_label, default, unit, min, max, choices, yes_label, "
            "no_label, note");
  v1["questions"][1].erase("max_length");
  v1["questions"][1].erase("show_if");
  v1["questions"][1]["title"] = "使いみち";
  EXPECT_EQ(error_of(v1), "/questions/1/kind: \"text\" questions need \"format_version\": 2");
}

TEST(BrokenVersion2, ComputedAgeInAVersionOneFile) {
  std::ifstream in(MADOGUCHI_SOURCE_DIR "/tests/forms/data/juminhyo_v1.json");
  Json json = Json::parse(in);
  json["layout"]["items"][1]["bind"] = "computed.age";
  EXPECT_EQ(error_of(json), "/layout/items/1/bind: \"computed.age\" needs \"format_version\": 2");
}

// --- lint -------------------------------------------------------------------------------

TEST(Lint, TheCatalogueAndTheExampleAreClean) {
  EXPECT_THAT(lint_procedure_file(MADOGUCHI_SOURCE_DIR "/forms/catalog/juminhyo.json"),
              ::testing::IsEmpty());
  EXPECT_THAT(lint_procedure_file(kExampleFile), ::testing::IsEmpty());
}

TEST(Lint, ReportsEveryProblemNotOnlyTheFirst) {
  Json json = example();
  json["titel"] = "x";
  json["questions"][0]["hlep"] = "x";
  json["layout"]["items"][3]["w"] = 190;                        // card.name runs off the right
  json["layout"]["items"][5]["y"] = 40;                         // answer.birth onto 氏名
  json["layout"]["items"][2]["text"] = "氏名（ご本人の名前）";  // does not fit 30 mm at 9 pt
  EXPECT_THAT(
      lint(json),
      ::testing::ElementsAre(
          "v2.json: /titel: unknown key \"titel\" (did you mean \"title\"?); the keys allowed "
          "here are: format_version, id, title, form_title, department, description, "
          "who_may_apply, who_may_apply_note, needs_my_number, needs_signature, hand_in, "
          "what_to_bring, "
          "fee, questions, layout, note",
          "v2.json: /questions/0/hlep: unknown key \"hlep\"; the keys allowed here are: id, kind, "
          "title, help, summary_label, default, unit, min, max, "
          "choices, yes_label, no_label, entry, max_length, required, messages, show_if, "
          "prefill, note",
          "v2.json: /layout/items/2: \"氏名（ご本人の名前）\" does not fit in this box even at 9 "
          "pt: "
          "it needs about 31.75 mm on one line, and the box has 28 mm per line (w less 1 mm each "
          "side) and room for 1 line; make the box wider or taller, or the text shorter",
          "v2.json: /layout/items/3/w: the box ends 235 mm from the left edge (x + w), past the "
          "right margin: keep it between 10 and 200 mm (A4 with a 10 mm margin)",
          "v2.json: /layout/items/5: this box overlaps the field \"card.name\" at "
          "/layout/items/3; move or shrink one of them"));
}

TEST(Lint, MissingTranslations) {
  Json json = example();
  json["questions"][2]["title"] = "何通いりますか";
  json["what_to_bring"][0].erase("en");
  EXPECT_THAT(
      lint(json),
      ::testing::ElementsAre(
          "v2.json: /questions/2/title: has no \"ja-easy\" text, while other texts of this file "
          "have one (the first at /title): add it, so that a resident reading ja-easy is not "
          "shown Japanese here",
          "v2.json: /what_to_bring/0: has no \"en\" text, while other texts of this file have "
          "one (the first at /title): add it, so that a resident reading en is not shown "
          "Japanese here",
          "v2.json: /questions/2/title: has no \"en\" text, while other texts of this file have "
          "one (the first at /title): add it, so that a resident reading en is not shown "
          "Japanese here"));
}

TEST(Lint, TextAnswersMustFitAtTheirLongest) {
  Json json = example();
  json["questions"][question_index(json, "agent_name")]["max_length"] = 70;
  EXPECT_THAT(lint(json),
              ::testing::ElementsAre(
                  "v2.json: /layout/items/29: an answer of 70 characters (max_length of "
                  "\"agent_name\") does not fit this box even at 9 pt: make the box wider or "
                  "taller, or max_length smaller"));
}

TEST(Lint, StopsAtAMistakeItCannotReadPast) {
  Json json = example();
  json["titel"] = "x";
  json["questions"][1]["show_if"]["question"] = "nobody";
  const auto lines = lint(json);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_THAT(lines[0], HasSubstr("/titel: unknown key"));
  EXPECT_THAT(lines[1], HasSubstr("/questions/1/show_if/question: there is no question"));
  const auto broken = lint_procedure("{", kName);
  ASSERT_EQ(broken.size(), 1U);
  EXPECT_THAT(broken[0].to_string(),
              HasSubstr("v2.json: line 1, column 2: this is not valid JSON"));
}

// --- garbage in --------------------------------------------------------------------------

TEST(Garbage, ParseAndLintNeverThrowOnMutatedFiles) {
  const std::string text = example_text();
  std::mt19937 random(20251122);
  const std::string alphabet = "{}[]\",:0123456789-. aeqtnull\\\xE3\x81\x82\xFF";
  for (int round = 0; round < 400; ++round) {
    std::string mutated = text;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % mutated.size();
      switch (random() % 3) {
        case 0:
          mutated[at] = alphabet[random() % alphabet.size()];
          break;
        case 1:
          mutated.erase(at, 1 + random() % 20);
          break;
        default:
          mutated.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
      }
    }
    EXPECT_NO_THROW((void)parse_procedure(mutated, kName));
    EXPECT_NO_THROW((void)lint_procedure(mutated, kName));
  }
}

TEST(Garbage, ValuesOfTheWrongTypeEverywhere) {
  // Replace each value of the example in turn by values of other types.
  const Json original = example();
  const std::vector<Json> replacements{Json(),         Json(true),         Json(-1),
                                       Json(1e300),    Json("x"),          Json::array(),
                                       Json::object(), Json::parse("[{}]")};
  std::vector<Json::json_pointer> pointers;
  const Json flat = original.flatten();
  for (const auto& item : flat.items()) pointers.emplace_back(item.key());
  int rejected = 0;
  for (const auto& pointer : pointers) {
    for (const Json& replacement : replacements) {
      Json json = original;
      json[pointer] = replacement;
      std::expected<Procedure, LoadError> result = std::unexpected(LoadError{});
      EXPECT_NO_THROW(result = parse_procedure(json.dump(), kName)) << pointer.to_string();
      if (!result) {
        ++rejected;
        EXPECT_FALSE(result.error().message.empty()) << pointer.to_string();
      }
    }
  }
  EXPECT_GT(rejected, 100);
}

}  // namespace
}  // namespace madoguchi::forms

namespace madoguchi::forms {
namespace {

TEST(Garbage, DeeplyNestedConditionsAreAnErrorNotACrash) {
  std::string condition = R"({ "question": "purpose", "equals": "other" })";
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += R"({ "not": )";
  deep += condition + std::string(100000, '}');
  std::string text = example_text();
  const std::string show_if = R"("show_if": { "question": "purpose", "equals": "other" })";
  const auto at = text.find(show_if);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, show_if.size(), "\"show_if\": " + deep);
  const auto procedure = parse_procedure(text, kName);
  ASSERT_FALSE(procedure);
  EXPECT_EQ(procedure.error().message,
            "conditions are nested more than 16 deep here; write it more simply");
  EXPECT_EQ(procedure.error().pointer.substr(0, 24), "/questions/1/show_if/not");
  EXPECT_EQ(lint_procedure(text, kName).size(), 1U);
}

}  // namespace
}  // namespace madoguchi::forms
