// madoguchi-studio's headless modes as staff and a town's scripts run them: --check over a
// catalogue folder, --preview of a page to a PNG file; each mistake named.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "madoguchi/kiosk/child_process.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path kSource = MADOGUCHI_SOURCE_DIR;

struct StudioRun {
  int exit_code = -1;
  std::string output;
};

StudioRun run_studio(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<std::string> argv = {STUDIO_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  auto child = madoguchi::kiosk::ChildProcess::start(argv, log);
  EXPECT_TRUE(child.has_value());
  StudioRun run;
  if (!child) return run;
  const int status = child->wait(std::chrono::seconds(150));
  run.exit_code = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  run.output = text.str();
  return run;
}

class StudioProgram : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("madoguchi-studio-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(StudioProgram, CheckPassesTheCatalogueAndNamesAMistake) {
  // The screens in one language and view: kiosk_accessibility_audit walks them all.
  const StudioRun good = run_studio({"--catalog", (kSource / "forms/catalog").string(), "--check",
                                     "--screens-language", "ne", "--views", "normal"},
                                    dir_ / "good.log");
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_NE(good.output.find("procedure file(s) in"), std::string::npos) << good.output;
  EXPECT_NE(good.output.find("all pass"), std::string::npos) << good.output;
  // The screens of every procedure audited too.
  EXPECT_NE(good.output.find("0 break a threshold"), std::string::npos) << good.output;
  // Nothing but the check's own lines: the screens are walked without opening a sound device
  // (on a machine without one, ALSA said "Unknown PCM default" among the findings).
  EXPECT_EQ(good.output.find("ALSA"), std::string::npos) << good.output;

  // A copy of the catalogue with a misspelt key in one file.
  const fs::path broken = dir_ / "catalog";
  fs::copy(kSource / "forms/catalog", broken);
  std::ifstream in(broken / "juminhyo.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string json = text.str();
  json.replace(json.find("\"title\""), 7, "\"titel\"");
  std::ofstream(broken / "juminhyo.json") << json;
  const StudioRun bad = run_studio(
      {"--catalog", broken.string(), "--check", "--screens-language", "ja", "--views", "normal"},
      dir_ / "bad.log");
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find((broken / "juminhyo.json").string() + ": /titel: unknown key"),
            std::string::npos)
      << bad.output;
}

// A help text thirty times as long passes the file's check, but pushes the screen's buttons
// below its edge: --check names that screen, keeps its picture in --out, and exits 1.
TEST_F(StudioProgram, CheckAuditsTheScreensAndNamesTheOneThatFails) {
  const fs::path catalog = dir_ / "catalog";
  fs::copy(kSource / "forms/catalog", catalog);
  std::ifstream in(catalog / "juminhyo.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string json = text.str();
  const std::string help = "出す先（会社や役所など）の数だけ必要です。";
  const auto at = json.find(help);
  ASSERT_NE(at, std::string::npos);
  std::string longer;
  for (int i = 0; i < 30; ++i) longer += help;
  json.replace(at, help.size(), longer);
  std::ofstream(catalog / "juminhyo.json") << json;
  const fs::path out = dir_ / "audit";
  const StudioRun run = run_studio({"--catalog", catalog.string(), "--check", "--out", out.string(),
                                    "--screens-language", "ja", "--views", "normal"},
                                   dir_ / "check.log");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("all pass"), std::string::npos) << run.output;  // the file's check
  EXPECT_NE(run.output.find("1 break a threshold"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("ja/normal/juminhyo/08-question-copies-number: overflow"),
            std::string::npos)
      << run.output;
  EXPECT_TRUE(fs::exists(out / "audit.json"));
  EXPECT_TRUE(fs::exists(out / "screens/ja/normal/juminhyo/08-question-copies-number.png"));
}

// A procedure made from a template keeps the template's description until staff write its own:
// the check names the new file, not the one it was made from.
TEST_F(StudioProgram, CheckNamesADescriptionLeftFromTheTemplate) {
  const fs::path catalog = dir_ / "catalog";
  fs::copy(kSource / "forms/catalog", catalog);
  for (const auto& file : fs::directory_iterator(catalog)) {
    fs::last_write_time(file.path(), fs::file_time_type::clock::now() - std::chrono::hours(24));
  }
  const StudioRun made =
      run_studio({"--catalog", catalog.string(), "--new-procedure", "mihon", "--from", "tenkyo",
                  "--title-ja", "見本届", "--title-en", "Sample notice"},
                 dir_ / "new.log");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const StudioRun check = run_studio(
      {"--catalog", catalog.string(), "--check", "--screens-language", "ja", "--views", "normal"},
      dir_ / "check.log");
  EXPECT_EQ(check.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("mihon.json: /description: is word for word the description of "
                              "転居届"),
            std::string::npos)
      << check.output;
  EXPECT_EQ(check.output.find("tenkyo.json: /description"), std::string::npos) << check.output;
}

TEST_F(StudioProgram, HelpPrintsTheUsageAndSucceeds) {
  const StudioRun run = run_studio({"--help"}, dir_ / "help.log");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("usage: madoguchi-studio"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("needs a value"), std::string::npos) << run.output;
}

// A golden case for the other side of a choice, recorded from a town's script: the answers
// given are the ones recorded and printed, not the sample answers.
TEST_F(StudioProgram, RecordGoldenRecordsTheAnswersGiven) {
  const fs::path answers = dir_ / "answers.json";
  std::ofstream(answers) << R"({"moving_date": "2026-12-01",
    "new_address": "東京都千代田区霞が関１－２－３", "new_postal_code": "1000013",
    "movers": "all", "mover_count": "3"})";
  const StudioRun run =
      run_studio({"--catalog", (kSource / "forms/catalog").string(), "--record-golden", "tenkyo",
                  "--sample", (kSource / "assets/samples/4-showa-64.json").string(), "--answers",
                  answers.string(), "--golden", dir_.string(), "--today", "2026-12-07"},
                 dir_ / "record.log");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::ifstream in(dir_ / "tenkyo.json");
  const auto golden = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(golden.is_object()) << run.output;
  const auto& recorded = golden["cases"].at(0);
  EXPECT_EQ(recorded["answers"]["movers"], "all");
  EXPECT_EQ(recorded["fields"]["answer.movers=all"], "✓");
  EXPECT_EQ(recorded["fields"]["answer.mover_count"], "3人");
}

TEST_F(StudioProgram, PreviewWritesThePageOrSaysWhyNot) {
  const fs::path png = dir_ / "juminhyo.png";
  const StudioRun run = run_studio(
      {"--catalog", (kSource / "forms/catalog").string(), "--preview", "juminhyo", "--persona",
       (kSource / "tests/personas/yamada-taro.json").string(), "--out", png.string()},
      dir_ / "preview.log");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  ASSERT_TRUE(fs::exists(png)) << run.output;
  std::ifstream file(png, std::ios::binary);
  char signature[8] = {};
  file.read(signature, 8);
  EXPECT_EQ(std::string(signature + 1, 3), "PNG");
  EXPECT_GT(fs::file_size(png), 10'000u);

  const StudioRun unknown = run_studio(
      {"--catalog", (kSource / "forms/catalog").string(), "--preview", "no-such-procedure",
       "--persona", (kSource / "tests/personas/yamada-taro.json").string(), "--out", png.string()},
      dir_ / "unknown.log");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.output.find("no-such-procedure.json"), std::string::npos) << unknown.output;
  const StudioRun no_persona =
      run_studio({"--catalog", (kSource / "forms/catalog").string(), "--preview", "juminhyo",
                  "--persona", (dir_ / "nobody.json").string(), "--out", png.string()},
                 dir_ / "no-persona.log");
  EXPECT_EQ(no_persona.exit_code, 1);
  EXPECT_NE(no_persona.output.find("nobody.json"), std::string::npos) << no_persona.output;
}

}  // namespace
