// A new procedure without hand-written files: the studio makes 住民票記載事項証明書 from 住民票の
// 写し, staff record three samples' printouts as golden cases, the golden cases hold for the
// kiosk's form code as the golden tests read them, the catalogue still passes the check, and the
// real kiosk offers the procedure on its welcome screen. Then it is retired, and the kiosk no
// longer offers it. Through madoguchi-studio's command line, as a town's script would.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "golden_cases.hpp"
#include "pdf_tools.hpp"
#include "support/test_folder.hpp"

namespace madoguchi::studio {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = MADOGUCHI_SOURCE_DIR;

class NewProcedureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = tests::make_test_folder("new-procedure");
    fs::copy(kSource / "forms/catalog", folder_ / "catalog");
  }
  void TearDown() override { tests::remove_test_folder(folder_); }

  int studio(std::vector<std::string> arguments) {
    return studio_run(std::move(arguments)).exit_code;
  }
  tests::CommandResult studio_run(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(),
                     {STUDIO_BINARY, "--catalog", (folder_ / "catalog").string()});
    return tests::run_program(arguments);
  }
  // "the screens: 1352 frames, …" of a check's output.
  static long frames_of(const std::string& output) {
    const auto at = output.find("the screens: ");
    return at == std::string::npos ? -1 : std::stol(output.substr(at + 13));
  }

  // The welcome screen's buttons, on its first page and the next: a procedure added comes last
  // in its group, which takes two pages (証明書がほしい has eight with it).
  std::vector<std::string> welcome_buttons() {
    const auto scenario = folder_ / "welcome.json";
    tests::write_file(scenario, R"({"name": "welcome", "steps": [{"note": "welcome"},
      {"tap": "welcome_page_next"}, {"note": "the next page"}]})");
    const auto out = folder_ / "kiosk";
    const auto run = tests::run_program({"env", "SDL_AUDIODRIVER=dummy", KIOSK_DRIVER, "--headless",
                                         "--catalog", (folder_ / "catalog").string(), "--scenario",
                                         scenario.string(), "--out", out.string()});
    EXPECT_EQ(run.exit_code, 0);
    const auto session =
        nlohmann::json::parse(tests::read_file(out / "session.json"), nullptr, false);
    if (!session.is_object()) return {};
    fs::remove_all(out);
    std::vector<std::string> buttons;
    for (const auto& step : session["steps"]) {
      for (const auto& button : step["buttons"]) buttons.push_back(button.get<std::string>());
    }
    return buttons;
  }

  fs::path folder_;
};

bool offers(const std::vector<std::string>& buttons, const std::string& button) {
  return std::find(buttons.begin(), buttons.end(), button) != buttons.end();
}

TEST_F(NewProcedureTest, MadeFromATemplateRecordedFromSamplesAndOfferedByTheKiosk) {
  ASSERT_EQ(studio({"--new-procedure", "juminhyo_kisai", "--from", "juminhyo", "--title-ja",
                    "住民票記載事項証明書", "--title-en", "Certificate of residence entries"}),
            0);
  // Taken ids and bad ones are refused, and nothing is written for them.
  EXPECT_NE(studio({"--new-procedure", "juminhyo_kisai", "--from", "juminhyo", "--title-ja", "x",
                    "--title-en", "x"}),
            0);
  EXPECT_NE(studio({"--new-procedure", "Kisai-2", "--from", "juminhyo", "--title-ja", "x",
                    "--title-en", "x"}),
            0);
  EXPECT_FALSE(fs::exists(folder_ / "catalog/Kisai-2.json"));
  // Until staff say what the new procedure is for, the check names the description it kept
  // from its template.
  EXPECT_EQ(studio({"--check", "--screens-language", "ne", "--views", "normal"}), 1);
  const auto made_file = folder_ / "catalog/juminhyo_kisai.json";
  auto made = nlohmann::ordered_json::parse(tests::read_file(made_file));
  made["description"]["ja"] = "住民票に書かれていることのうち、必要なところを証明します。";
  tests::write_file(made_file, made.dump(2));
  // Then the files pass, and so do the screens (the new procedure's among them) in Nepali,
  // whose lines are the tallest (kiosk_accessibility_audit walks every language).
  const auto whole = studio_run({"--check", "--screens-language", "ne", "--views", "normal"});
  EXPECT_EQ(whole.exit_code, 0) << whole.output;
  // The new procedure's screens alone (and the welcome screens), the files all linted: what
  // staff run while they work on one procedure of forty.
  const auto alone = studio_run({"--check", "--procedure", "juminhyo_kisai", "--screens-language",
                                 "ne", "--views", "normal"});
  EXPECT_EQ(alone.exit_code, 0) << alone.output;
  EXPECT_GT(frames_of(alone.output), 20) << alone.output;
  EXPECT_LT(frames_of(alone.output) * 10, frames_of(whole.output)) << alone.output << whole.output;

  const auto golden = folder_ / "golden";
  for (const char* sample : {"1-long-name-address", "2-alphabetic-name"}) {
    ASSERT_EQ(studio({"--record-golden", "juminhyo_kisai", "--sample",
                      (kSource / "assets/samples" / (std::string(sample) + ".json")).string(),
                      "--golden", golden.string(), "--today", "2026-12-05"}),
              0);
  }
  // A case named by staff (what its answers are about); a second recording of that name, with
  // other answers, replaces it.
  const auto answers = folder_ / "answers.json";
  for (const char* copies : {"3", "2"}) {
    tests::write_file(answers, std::string(R"({"copies": ")") + copies + R"("})");
    ASSERT_EQ(studio({"--record-golden", "juminhyo_kisai", "--sample",
                      (kSource / "assets/samples/4-showa-64.json").string(), "--golden",
                      golden.string(), "--today", "2026-12-05", "--answers", answers.string(),
                      "--name", "昭和64年生まれ、2通"}),
              0);
  }
  // Recording a sample again (unnamed, the same answers) replaces its case.
  ASSERT_EQ(studio({"--record-golden", "juminhyo_kisai", "--sample",
                    (kSource / "assets/samples/2-alphabetic-name.json").string(), "--golden",
                    golden.string(), "--today", "2026-12-05"}),
            0);

  // The golden file, as the golden tests read it: three cases, each printed again the same.
  const auto file = forms::testing::read_golden_file(
      golden / "juminhyo_kisai.json", kSource / "tests/personas", kSource / "assets/samples");
  ASSERT_TRUE(file.has_value()) << file.error();
  ASSERT_EQ(file->cases.size(), 3U);
  const auto procedure = forms::load_procedure(folder_ / "catalog/juminhyo_kisai.json");
  ASSERT_TRUE(procedure.has_value());
  for (const auto& one : file->cases) {
    SCOPED_TRACE(one.name);
    const auto form = forms::fill_form(*procedure, one.resident, one.answers, one.reception_number,
                                       one.reception_time, forms::Office{});
    ASSERT_TRUE(form.has_value()) << form.error();
    EXPECT_EQ(form->field_values, one.fields);
    EXPECT_FALSE(one.fields.at("card.name").empty());
    EXPECT_EQ(one.fields.at("reception.date_wareki"), "令和8年12月5日");
  }
  EXPECT_EQ(file->cases[2].fields.at("card.birth_date_wareki"), "昭和64年1月5日");
  EXPECT_EQ(file->cases[2].name, "昭和64年生まれ、2通");
  EXPECT_EQ(file->cases[2].answers.at("copies"), "2");

  const auto buttons = welcome_buttons();
  EXPECT_TRUE(offers(buttons, "procedure:juminhyo_kisai (住民票記載事項証明書)"))
      << ::testing::PrintToString(buttons);

  // Retired: moved aside, not offered any more; retiring it again is refused.
  ASSERT_EQ(studio({"--retire", "juminhyo_kisai"}), 0);
  EXPECT_TRUE(fs::exists(folder_ / "catalog/retired/juminhyo_kisai.json"));
  EXPECT_NE(studio({"--retire", "juminhyo_kisai"}), 0);
  const auto after = welcome_buttons();
  EXPECT_FALSE(offers(after, "procedure:juminhyo_kisai (住民票記載事項証明書)"));
  EXPECT_TRUE(offers(after, "procedure:juminhyo (住民票の写し)"));
}

}  // namespace
}  // namespace madoguchi::studio
