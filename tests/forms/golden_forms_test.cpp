// Golden tests of the whole catalogue: for every procedure in forms/catalog/ there is a file
// tests/forms/golden/<id>.json with cases (persona + answers -> every printed field value).
// The format of those files is described in docs/procedure-format.md ("Golden tests").
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "golden_cases.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {
namespace {

namespace fs = std::filesystem;
using testing::GoldenCase;
using testing::GoldenFile;

const fs::path kCatalog = MADOGUCHI_SOURCE_DIR "/forms/catalog";
const fs::path kGolden = MADOGUCHI_SOURCE_DIR "/tests/forms/golden";
const fs::path kPersonas = MADOGUCHI_SOURCE_DIR "/tests/personas";
const fs::path kSamples = MADOGUCHI_SOURCE_DIR "/assets/samples";

const Catalog& catalog() {
  static const Catalog loaded = load_catalog(kCatalog);
  return loaded;
}

const Procedure* find_procedure(std::string_view id) {
  for (const Procedure& procedure : catalog().procedures) {
    if (procedure.id == id) return &procedure;
  }
  return nullptr;
}

std::vector<fs::path> golden_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kGolden)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string describe(const std::map<std::string, std::string, std::less<>>& fields) {
  std::string text;
  for (const auto& [id, value] : fields) text += "    \"" + id + "\": \"" + value + "\",\n";
  return text;
}

class GoldenForms : public ::testing::TestWithParam<fs::path> {};

TEST_P(GoldenForms, EveryCasePrintsExactlyTheExpectedFields) {
  const auto golden = testing::read_golden_file(GetParam(), kPersonas, kSamples);
  ASSERT_TRUE(golden) << golden.error();
  const Procedure* procedure = find_procedure(golden->procedure);
  ASSERT_NE(procedure, nullptr) << "no catalogue procedure " << golden->procedure;
  ASSERT_GE(golden->cases.size(), 3U) << "each procedure needs at least three golden cases";
  for (const GoldenCase& one : golden->cases) {
    SCOPED_TRACE(one.name);
    const Answers answers = carry_shared_answers(*procedure, one.shared, one.answers);
    // What the kiosk asks: the questions to ask, less those answered earlier in the visit and
    // those never asked on a screen (prefill "asked": false).
    std::vector<std::string> asked;
    const Answers with_prefill = prefill_answers(*procedure, one.resident, answers);
    for (const Question* question : questions_to_ask(*procedure, with_prefill)) {
      if (answered_earlier_in_visit(*question, one.shared)) continue;
      if (!asked_on_a_screen(*question)) continue;
      asked.push_back(question->id);
    }
    EXPECT_EQ(asked, one.asked);
    const FeeQuote fee = quote_fee(*procedure, with_prefill);
    EXPECT_EQ(fee.total_yen, one.fee_yen);
    EXPECT_EQ(fee.free_case == nullptr ? std::string() : fee.free_case->reason.ja, one.free_reason);
    const auto form = fill_form(*procedure, one.resident, answers, one.reception_number,
                                one.reception_time, Office{});
    if (!one.expect_error.empty()) {
      ASSERT_FALSE(form) << "the form was filled, and this case expects it to be refused";
      EXPECT_NE(form.error().find(one.expect_error), std::string::npos) << form.error();
      continue;
    }
    ASSERT_TRUE(form) << form.error();
    bool same = true;
    for (const auto& [id, expected] : one.fields) {
      const auto printed = form->field_values.find(id);
      if (printed == form->field_values.end()) {
        ADD_FAILURE() << "field " << id << " is not on the form";
        same = false;
      } else if (printed->second != expected) {
        ADD_FAILURE() << "field " << id << " prints \"" << printed->second << "\", expected \""
                      << expected << "\"";
        same = false;
      }
    }
    for (const auto& [id, printed] : form->field_values) {
      if (!one.fields.contains(id)) {
        ADD_FAILURE() << "field " << id << " (\"" << printed << "\") is missing from the case";
        same = false;
      }
    }
    if (!same) ADD_FAILURE() << "what was printed:\n" << describe(form->field_values);
    EXPECT_EQ(form->pages.size(), procedure->layout.pages.size());
    EXPECT_EQ(static_cast<int>(form->warnings.size()), one.warnings)
        << (form->warnings.empty() ? std::string() : form->warnings.front());
  }
}

// Each question with show_if is asked in one case and hidden in another, so the golden
// cases pin both sides of every condition.
TEST_P(GoldenForms, CoverBothSidesOfEveryCondition) {
  const auto golden = testing::read_golden_file(GetParam(), kPersonas, kSamples);
  ASSERT_TRUE(golden) << golden.error();
  const Procedure* procedure = find_procedure(golden->procedure);
  ASSERT_NE(procedure, nullptr);
  for (const Question& question : procedure->questions) {
    if (!question.show_if) continue;
    bool asked = false, hidden = false;
    for (const GoldenCase& one : golden->cases) {
      const Answers answers = prefill_answers(
          *procedure, one.resident, carry_shared_answers(*procedure, one.shared, one.answers));
      const auto to_ask = questions_to_ask(*procedure, answers);
      const bool is_asked = std::find(to_ask.begin(), to_ask.end(), &question) != to_ask.end();
      (is_asked ? asked : hidden) = true;
    }
    EXPECT_TRUE(asked) << "no case asks " << question.id;
    EXPECT_TRUE(hidden) << "no case hides " << question.id;
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenForms, ::testing::ValuesIn(golden_files()),
                         [](const ::testing::TestParamInfo<fs::path>& param) {
                           return param.param.stem().string();
                         });

TEST(GoldenCatalog, EveryProcedureHasGoldenCasesAndTheCatalogueLoadsCleanly) {
  for (const LoadError& error : catalog().errors) ADD_FAILURE() << error.to_string();
  std::set<std::string> with_golden;
  for (const fs::path& file : golden_files()) {
    const auto golden = testing::read_golden_file(file, kPersonas, kSamples);
    ASSERT_TRUE(golden) << golden.error();
    EXPECT_EQ(file.stem().string(), golden->procedure) << "name the file after the procedure";
    with_golden.insert(golden->procedure);
  }
  for (const Procedure& procedure : catalog().procedures) {
    EXPECT_TRUE(with_golden.contains(procedure.id)) << procedure.id << " has no golden file";
  }
}

// The 所得・課税証明書's years are written by hand in the catalogue (its "note" says when to
// change them). From June each year the town issues the new 年度: a catalogue that does not offer
// it leaves residents unable to ask for the certificate they most often need. This fails on the
// first of June until the file is updated, as a reminder to staff.
TEST(Catalogue, TaxCertificateOffersTheNewestYearTheTownIssues) {
  std::ifstream in(MADOGUCHI_SOURCE_DIR "/forms/catalog/zei_shomei.json");
  const auto procedure = nlohmann::json::parse(in);
  const text::CivilDate today = text::civil_date_in_japan(std::chrono::system_clock::now());
  const int issued = (today.month >= 6 ? today.year : today.year - 1) - 2018;  // 令和 year
  int newest = 0;
  for (const auto& question : procedure["questions"]) {
    if (question["id"] != "nendo") continue;
    for (const auto& choice : question["choices"]) {
      newest = std::max(newest, std::stoi(choice["id"].get<std::string>().substr(1)));
    }
  }
  EXPECT_GE(newest, issued) << "令和" << issued << "年度 is issued since June; add it as r"
                            << issued << " (forms/catalog/zei_shomei.json)";
}

}  // namespace
}  // namespace madoguchi::forms
