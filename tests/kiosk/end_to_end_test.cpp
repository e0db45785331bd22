// End to end: the real `kiosk` binary, headless, through pcscd + the virtual
// My Number card, the payment-terminal simulator, and PDF output or
// ippeveprinter. Reads back what a clerk would get: the PDF's text.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "madoguchi/counter/call_board.hpp"
#include "madoguchi/counter/counter_schema.hpp"
#include "madoguchi/counter/kiosk_health.hpp"
#include "madoguchi/counter/visit_book.hpp"
#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/printer/ipp_printer.hpp"
#include "madoguchi/speech/wav.hpp"
#include "madoguchi/submission/postgres_inbox.hpp"
#include "support/ipp_printer_fixture.hpp"
#include "support/pcscd_fixture.hpp"
#include "support/postgres_fixture.hpp"
#include "support/scenarios.hpp"
#include "support/sqlite_rows.hpp"
#include "support/terminal_fixture.hpp"
#include "support/text_file.hpp"

namespace fs = std::filesystem;
using madoguchi::kiosk::ChildProcess;
using madoguchi::tests::pay_scenario;

namespace {

const fs::path kSource = MADOGUCHI_SOURCE_DIR;

struct KioskRun {
  int exit_code = -1;
  fs::path out;
  nlohmann::json session;
  std::string log;
};

using madoguchi::tests::slurp;

// The folders of the test running now: removed when it passes (a failed test's screenshots,
// session.json and logs stay for a look; MADOGUCHI_KEEP_TEST_LOGS keeps every test's).
std::vector<fs::path>& folders_of_this_test() {
  static std::vector<fs::path> folders;
  return folders;
}

class RemoveFoldersOfPassedTests : public ::testing::EmptyTestEventListener {
  void OnTestEnd(const ::testing::TestInfo& test) override {
    auto& folders = folders_of_this_test();
    if (test.result()->Passed() && std::getenv("MADOGUCHI_KEEP_TEST_LOGS") == nullptr) {
      std::error_code ignored;
      for (const auto& folder : folders) fs::remove_all(folder, ignored);
    }
    folders.clear();
  }
};
const bool kRemovesFolders = [] {
  ::testing::UnitTest::GetInstance()->listeners().Append(new RemoveFoldersOfPassedTests);
  return true;
}();

fs::path fresh_dir(const std::string& name) {
  const auto dir =
      fs::temp_directory_path() / ("madoguchi-e2e-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  folders_of_this_test().push_back(dir);
  return dir;
}

KioskRun run_kiosk(const std::string& name, std::vector<std::string> args) {
  KioskRun run;
  run.out = fresh_dir(name);
  std::vector<std::string> argv = {KIOSK_DRIVER, "--headless", "--out", run.out.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  // In sanitizer builds: SDL's dynamically loaded drivers leak a few allocations at exit
  // from modules already unloaded (LeakSanitizer cannot even name them), which would turn
  // every run's exit code into a failure. Leaks in our own code are caught by the unit and
  // integration tests, which keep leak detection on.
  auto child = ChildProcess::start(argv, run.out / "kiosk.log",
                                   {"SDL_AUDIODRIVER=dummy", "ASAN_OPTIONS=detect_leaks=0"});
  EXPECT_TRUE(child.has_value());
  if (!child) return run;
  const int status = child->wait(std::chrono::seconds(240));
  run.exit_code = (status >= 0 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  run.log = slurp(run.out / "kiosk.log");
  const auto summary = run.out / "session.json";
  if (fs::exists(summary)) run.session = nlohmann::json::parse(slurp(summary), nullptr, false);
  return run;
}

std::string pdf_text(const fs::path& pdf) {
  const auto txt = pdf.string() + ".txt";
  const std::string command = "pdftotext -layout '" + pdf.string() + "' '" + txt + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return slurp(txt);
}

std::vector<fs::path> files_ending(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().string().ends_with(suffix)) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

fs::path write_scenario(const fs::path& dir, const nlohmann::json& scenario) {
  const auto file = dir / "scenario.json";
  std::ofstream(file) << scenario.dump(2);
  return file;
}

// Removes spaces that pdftotext -layout may insert between grid characters.
std::string squeeze(std::string text) {
  std::erase(text, ' ');
  return text;
}

// pdftotext shows the 　 between family and given name as a gap of ASCII spaces whose
// width depends on the layout: compare names with every run of spaces (either kind) as one.
std::string one_space(const std::string& text) {
  std::string out;
  bool in_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const bool ideographic = text.compare(i, 3, "\u3000") == 0;
    if (text[i] == ' ' || ideographic) {
      if (!in_space) out += ' ';
      in_space = true;
      i += ideographic ? 3 : 1;
      continue;
    }
    in_space = false;
    out += text[i++];
  }
  return out;
}

std::string last_screen(const KioskRun& run) {
  if (!run.session.contains("steps") || run.session["steps"].empty()) return {};
  return run.session["steps"].back()["screen"].get<std::string>();
}

// The atlas a start bakes is kept in the state folder; the next start reads it back and shows
// the very same welcome screen, pixel for pixel.
TEST(KioskEndToEnd, TheNextStartReadsTheKeptAtlasBackAndShowsTheSameWelcomeScreen) {
  const fs::path state = fresh_dir("kept-atlas-state");
  const nlohmann::json welcome = {
      {"name", "the welcome screen"},
      {"steps", nlohmann::json::array({{{"note", "welcome"}, {"wait_for", "welcome"}}})}};
  const fs::path scenario = write_scenario(fresh_dir("kept-atlas-scenario"), welcome);
  const std::vector<std::string> args = {"--scenario", scenario.string(), "--state",
                                         state.string()};
  const auto first = run_kiosk("kept-atlas-1", args);
  const auto second = run_kiosk("kept-atlas-2", args);
  ASSERT_EQ(first.exit_code, 0) << first.log;
  ASSERT_EQ(second.exit_code, 0) << second.log;
  EXPECT_NE(first.log.find("atlas baked"), std::string::npos) << first.log;
  EXPECT_NE(second.log.find("atlas kept"), std::string::npos) << second.log;
  EXPECT_EQ(second.session["atlas_baked"], 0) << "nothing baked at the second start";
  const auto before = files_ending(first.out, ".png");
  const auto after = files_ending(second.out, ".png");
  ASSERT_EQ(before.size(), 1U);
  ASSERT_EQ(after.size(), 1U);
  EXPECT_TRUE(slurp(before[0]) == slurp(after[0])) << before[0] << " and " << after[0] << " differ";
}

TEST(KioskEndToEnd, DemoPrintsTheJuminhyoFormWithTheCardsExactData) {
  const auto run = run_kiosk(
      "demo", {"--demo", "--persona", (kSource / "tests/personas/yamada-taro.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.log;
  ASSERT_TRUE(run.session.is_object()) << run.log;
  EXPECT_EQ(run.session["outcome"], "printed");
  EXPECT_EQ(run.session["procedure"], "juminhyo");
  EXPECT_EQ(run.session["fee_total_yen"], 300);
  EXPECT_TRUE(run.session["steps_ok"].get<bool>()) << run.session.dump(2);

  // One screenshot per step, each a real 1920×1080 PNG.
  const auto pngs = files_ending(run.out, ".png");
  EXPECT_EQ(pngs.size(), run.session["steps"].size());
  for (const auto& png : pngs) {
    const auto bytes = slurp(png);
    ASSERT_GT(bytes.size(), 24U);
    EXPECT_EQ(bytes.substr(1, 3), "PNG");
    const auto be32 = [&](std::size_t at) {
      return (static_cast<unsigned char>(bytes[at]) << 24) |
             (static_cast<unsigned char>(bytes[at + 1]) << 16) |
             (static_cast<unsigned char>(bytes[at + 2]) << 8) |
             static_cast<unsigned char>(bytes[at + 3]);
    };
    EXPECT_EQ(be32(16), 1920U) << png;
    EXPECT_EQ(be32(20), 1080U) << png;
  }

  const auto applications = files_ending(run.out, "-application.pdf");
  ASSERT_EQ(applications.size(), 1U);
  const auto text = pdf_text(applications[0]);
  EXPECT_NE(one_space(text).find("山田 太郎"), std::string::npos) << text;
  EXPECT_NE(squeeze(text).find("東京都千代田区霞が関１－２－３"), std::string::npos) << text;
  EXPECT_NE(text.find("昭和25年4月15日"), std::string::npos) << text;
  EXPECT_NE(text.find("住民票の写し等交付請求書"), std::string::npos) << text;
  EXPECT_NE(text.find(run.session["reception_number"].get<std::string>()), std::string::npos);

  const auto slips = files_ending(run.out, "-slip.pdf");
  ASSERT_EQ(slips.size(), 1U);
  EXPECT_NE(pdf_text(slips[0]).find(run.session["reception_number"].get<std::string>()),
            std::string::npos);
  EXPECT_GE(run.session["chimes"].get<int>(), 1) << "the take-card screen sounds its chime";

  // A first start in this state folder: the glyph atlas was baked and kept there; the visit's
  // characters were added beside its glyphs, never all baked afresh, and back at the welcome
  // screen they were wiped and the texture was its first size again (glyph_atlas.hpp,
  // forget_session).
  EXPECT_NE(run.log.find("atlas baked"), std::string::npos) << run.log;
  EXPECT_TRUE(fs::exists(run.out / "state" / "glyph-atlas.cache"));
  EXPECT_EQ(run.session["atlas_baked"], 1) << "only at the start";
  EXPECT_GE(run.session["atlas_added"], 1) << "the screens' and the resident's characters";
  EXPECT_EQ(run.session["atlas"], run.session["atlas_at_start"]) << "after the visit";

  // The application went through the outbox to the back office's directory drop: its data and
  // the very PDF that was printed, under one application id.
  const auto drop = run.out / "state" / "back-office";
  const auto delivered = files_ending(drop, ".json");
  ASSERT_EQ(delivered.size(), 1U) << "one application delivered";
  const auto application = nlohmann::json::parse(slurp(delivered[0]), nullptr, false);
  ASSERT_TRUE(application.is_object());
  EXPECT_EQ(application["reception_number"], run.session["reception_number"]);
  EXPECT_EQ(application["procedure_id"], "juminhyo");
  EXPECT_EQ(application["form_data"]["fields"]["card.name"], "山田　太郎");
  EXPECT_EQ(slurp(drop / application["pdf_file"].get<std::string>()), slurp(applications[0]))
      << "the back office has the PDF the resident signed";

  // Nothing the resident must keep secret is left in the output.
  const auto summary = slurp(run.out / "session.json");
  EXPECT_EQ(summary.find("123456789012"), std::string::npos);
  EXPECT_EQ(summary.find("山田"), std::string::npos);
  EXPECT_EQ(run.log.find("123456789012"), std::string::npos);
}

// One visit, three procedures: the card is read once, the phone number asked once, and the
// keyboards (phone keypad, date with its era buttons, kana, postal code) are used for real.
TEST(KioskEndToEnd, OneVisitThreeProceduresAsksThePhoneOnce) {
  const auto run = run_kiosk(
      "visit", {"--demo", "--scenario",
                (kSource / "tests/kiosk/scenarios/visit-three-procedures.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.log;
  EXPECT_EQ(run.session["outcome"], "printed");
  EXPECT_TRUE(run.session["steps_ok"].get<bool>()) << run.session.dump(2);
  // The card is placed once, and the PIN typed once, for three procedures.
  int pin_entries = 0;
  for (const auto& step : run.session["steps"]) {
    pin_entries += step["action"].get<std::string>().starts_with("keypad") ? 1 : 0;
  }
  EXPECT_EQ(pin_entries, 1);
  const auto applications = files_ending(run.out, "-application.pdf");
  ASSERT_EQ(applications.size(), 3U);
  const std::string inkan = pdf_text(applications[0]);
  const std::string tenkyo = pdf_text(applications[1]);
  const std::string hihokensha = pdf_text(applications[2]);
  EXPECT_NE(inkan.find("印鑑登録証明書"), std::string::npos) << inkan;
  EXPECT_NE(inkan.find("03-1234-5678"), std::string::npos) << inkan;
  EXPECT_NE(squeeze(tenkyo).find("ヒガシマチ"), std::string::npos) << tenkyo;
  EXPECT_NE(squeeze(tenkyo).find("〒100－0001"), std::string::npos) << "the postal-code grid";
  EXPECT_NE(tenkyo.find("令和"), std::string::npos) << tenkyo;
  // Carried from the first procedure without being asked again.
  EXPECT_NE(hihokensha.find("03-1234-5678"), std::string::npos) << hihokensha;
  EXPECT_NE(one_space(hihokensha).find("山田 太郎"), std::string::npos) << hihokensha;
  // Typed answers stay out of the summary and the log.
  const auto summary = slurp(run.out / "session.json");
  EXPECT_EQ(summary.find("1234-5678"), std::string::npos);
  EXPECT_EQ(summary.find("ヒガシマチ"), std::string::npos);
  EXPECT_EQ(run.log.find("1234-5678"), std::string::npos);
}

// A resident who walks away mid-way: the countdown shows, then everything is erased and the
// welcome screen returns (the quiet period shortened to 2 s and the countdown to 3 s).
TEST(KioskEndToEnd, AResidentWhoWalksAwayIsErasedAfterTheCountdown) {
  const auto run =
      run_kiosk("walked-away", {"--demo", "--idle", "2,3", "--scenario",
                                (kSource / "tests/kiosk/scenarios/walked-away.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.log;
  EXPECT_EQ(run.session["outcome"], "timed_out");
  EXPECT_EQ(last_screen(run), "welcome");
  EXPECT_TRUE(files_ending(run.out, "-application.pdf").empty()) << "nothing was printed";
  bool countdown_seen = false;
  for (const auto& step : run.session["steps"]) {
    countdown_seen |= step.contains("idle_countdown_seconds");
  }
  EXPECT_TRUE(countdown_seen) << "the countdown was on screen: " << run.session.dump(2);
}

// A volunteer opens assist mode from the corner (a wrong code first), the resident types the
// PIN, the volunteer jumps to the last question and to the check screen; the card comes off
// and the same card goes back, and the form prints. The next resident has no volunteer.
TEST(KioskEndToEnd, AVolunteerAssistsAndTheSameCardPutBackLetsTheResidentGoOn) {
  const auto run =
      run_kiosk("volunteer", {"--demo", "--scenario",
                              (kSource / "tests/kiosk/scenarios/volunteer-assists.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "printed");
  const auto& steps = run.session["steps"];
  int assisted = 0, card_away = 0;
  for (const auto& step : steps) {
    assisted += step.value("assisted_by", std::string()) == "V001" ? 1 : 0;
    card_away += step.contains("card_back_seconds") ? 1 : 0;
  }
  EXPECT_GE(assisted, 10) << run.session.dump(2);
  EXPECT_EQ(card_away, 1) << "the card-back dialog showed once";
  EXPECT_FALSE(steps[2].contains("assisted_by")) << "a wrong code starts nothing";
  EXPECT_FALSE(steps.back().contains("assisted_by")) << "assist mode ends with the session";
  EXPECT_EQ(files_ending(run.out, "-application.pdf").size(), 1U);
}

// The card comes off mid-way and another resident's card is put on the reader: the first
// resident's answers are erased and nothing is printed or paid.
TEST(KioskEndToEnd, AnotherCardPutBackErasesTheFirstResident) {
  const auto run = run_kiosk(
      "another-card", {"--demo", "--scenario",
                       (kSource / "tests/kiosk/scenarios/another-card-put-back.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "card_taken_away");
  EXPECT_EQ(last_screen(run), "welcome");
  EXPECT_NE(run.session["steps"].back().value("notice", std::string()).find("別のカード"),
            std::string::npos)
      << run.session["steps"].back().dump();
  EXPECT_TRUE(files_ending(run.out, ".pdf").empty());
}

// A foreign resident switches to English, larger text and the high-contrast screen; the
// form is still printed in Japanese, and the next resident finds the kiosk as usual.
TEST(KioskEndToEnd, EnglishLargeTextAndHighContrastLastTheSessionOnly) {
  const auto run = run_kiosk(
      "english",
      {"--demo", "--scenario", (kSource / "tests/kiosk/scenarios/english-juminhyo.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.log;
  EXPECT_EQ(run.session["outcome"], "printed");
  const auto& steps = run.session["steps"];
  ASSERT_GE(steps.size(), 10U);
  int in_english = 0, high_contrast = 0;
  for (const auto& step : steps) {
    in_english += step.value("language", std::string()) == "en" ? 1 : 0;
    high_contrast += step.value("high_contrast", false) ? 1 : 0;
  }
  EXPECT_GE(in_english, 10) << run.session.dump(2);
  EXPECT_GE(high_contrast, 5);
  EXPECT_FALSE(steps.back().contains("language")) << "the next resident starts in Japanese";
  EXPECT_FALSE(steps.back().contains("large_text"));
  EXPECT_FALSE(steps.back().contains("high_contrast"));
  const auto applications = files_ending(run.out, "-application.pdf");
  ASSERT_EQ(applications.size(), 1U);
  const std::string text = pdf_text(applications[0]);
  EXPECT_NE(text.find("住民票の写し等交付請求書"), std::string::npos) << "the form stays Japanese";
  EXPECT_NE(text.find("WILLIAMS-GARCIA"), std::string::npos) << text;
}

// Issue 21: a resident who cannot see the screen takes 住民票の写し 1通 with the keypad and the
// voice alone: every tap of the demo made with → and 5, the PIN typed with the keypad's digits,
// and at every step something said, whose sound is in NN-<screen>.wav. The name, the PIN and the
// card's details are never said.
TEST(KioskEndToEnd, ABlindResidentTakesAJuminhyoWithTheKeypadAndTheVoiceAlone) {
  const auto run = run_kiosk("keypad", {"--demo", "--voice", "--keypad", "--persona",
                                        (kSource / "tests/personas/yamada-taro.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.log;
  EXPECT_EQ(run.session["outcome"], "printed") << run.session.dump(2);
  EXPECT_GE(run.session["keypad_keys"].get<int>(), 10);
  const auto& steps = run.session["steps"];
  ASSERT_GE(steps.size(), 12U);
  bool pin_counted = false;
  for (const auto& step : steps) {
    const std::string spoken = step.value("spoken", std::string());
    EXPECT_FALSE(spoken.empty()) << step.dump(2);
    pin_counted = pin_counted || spoken.find("4けた入力しました") != std::string::npos;
    for (const char* secret : {"山田", "ヤマダ", "霞が関", "1234", "000000000001", "昭和25年"}) {
      EXPECT_EQ(spoken.find(secret), std::string::npos) << secret << " said: " << spoken;
    }
    // Its sound: a WAV of at least a second, not silence.
    ASSERT_TRUE(step.contains("speech")) << step.dump(2);
    const auto audio = madoguchi::speech::read_wav(run.out / step["speech"].get<std::string>());
    ASSERT_TRUE(audio.has_value()) << step["speech"];
    EXPECT_GE(audio->seconds(), 1.0) << step["speech"];
    double energy = 0.0;
    for (const auto sample : audio->samples) energy += static_cast<double>(sample) * sample;
    EXPECT_GT(std::sqrt(energy / static_cast<double>(audio->samples.size())), 300.0)
        << step["speech"] << " is near silence";
  }
  EXPECT_TRUE(pin_counted) << "the PIN's digits are counted aloud, never said";
  // The voice spoke through the audio device as the keys were pressed.
  const auto& speech = run.session["speech"];
  EXPECT_EQ(speech["problem"], "") << speech.dump();
  EXPECT_GT(speech["samples_played"].get<int>(), 22050) << speech.dump();
  EXPECT_GE(speech["latency_ms"]["count"].get<int>(), 10) << speech.dump();
  // Every word said came from the readings prepared at build time: MeCab, and the pages of its
  // dictionary, stayed out of the visit (docs/speech.md, "Prepared readings").
  EXPECT_EQ(speech["words_from_mecab"], 0) << speech.dump();
  const auto applications = files_ending(run.out, "-application.pdf");
  ASSERT_EQ(applications.size(), 1U);
  EXPECT_NE(one_space(pdf_text(applications[0])).find("山田 太郎"), std::string::npos);
}

// The town's recording of a sentence is what the kiosk says for it, whatever its rate: the
// welcome screen's heading recorded as a 440 Hz tone at 44.1 kHz opens the step's sound.
TEST(KioskEndToEnd, TheTownsRecordingIsSaidInPlaceOfTheSyntheticVoice) {
  const auto voices = fresh_dir("voices");
  fs::create_directories(voices / "ja");
  madoguchi::speech::Audio tone{.samples = {}, .sample_rate = 44100};
  for (int i = 0; i < 44100; ++i) {
    tone.samples.push_back(
        static_cast<std::int16_t>(8000.0 * std::sin(2.0 * M_PI * 440.0 * i / 44100.0)));
  }
  ASSERT_TRUE(madoguchi::speech::write_wav(voices / "ja" / "welcome.wav", tone));
  std::ofstream(voices / "ja" / "recordings.json")
      << R"({"ご用件をお選びください": "welcome.wav"})";
  const auto scenario =
      write_scenario(voices, {{"name", "welcome"}, {"steps", {{{"note", "welcome"}}}}});
  const auto run = run_kiosk("recorded", {"--demo", "--voice", "--voices", voices.string(),
                                          "--scenario", scenario.string()});
  ASSERT_EQ(run.exit_code, 0) << run.log;
  const auto& step = run.session["steps"][0];
  ASSERT_TRUE(step.contains("speech")) << step.dump(2);
  const auto audio = madoguchi::speech::read_wav(run.out / step["speech"].get<std::string>());
  ASSERT_TRUE(audio.has_value());
  ASSERT_EQ(audio->sample_rate, 22050);
  // The first 0.9 s: the tone, 440 rises through zero a second; then the voice goes on.
  const auto first = static_cast<std::size_t>(0.9 * audio->sample_rate);
  ASSERT_GT(audio->samples.size(), first + audio->sample_rate / 2);
  int rises = 0;
  for (std::size_t i = 1; i < first; ++i) {
    rises += audio->samples[i - 1] < 0 && audio->samples[i] >= 0 ? 1 : 0;
  }
  EXPECT_NEAR(rises, 396, 3) << "not the recorded tone";
}

TEST(KioskEndToEnd, NameKanjiOutsideTheCommonSetArePrintedExactly) {
  const auto run = run_kiosk(
      "takahashi",
      {"--demo", "--persona", (kSource / "tests/personas/takahashi-hanako.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.log;
  const auto applications = files_ending(run.out, "-application.pdf");
  ASSERT_EQ(applications.size(), 1U);
  const auto text = pdf_text(applications[0]);
  EXPECT_NE(one_space(text).find("髙橋 花子"), std::string::npos) << text;
  EXPECT_NE(squeeze(text).find("宮﨑"), std::string::npos) << text;
}

// 𠮷 (U+20BB7, beyond the BMP): on screen from its own glyph, on paper as an outline from Noto
// Sans CJK JP with a ToUnicode entry, so the PDF's text gives it back.
TEST(KioskEndToEnd, ANameBeyondTheBmpIsShownPrintedAndPaid) {
  const auto dir = fresh_dir("yoshida-scenario");
  const auto scenario = write_scenario(
      dir,
      pay_scenario((kSource / "tests/personas/yoshida-beyond-bmp.json").string(), "take_card"));
  const auto run = run_kiosk("yoshida", {"--demo", "--scenario", scenario.string()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "printed");
  EXPECT_EQ(run.session["supplementary_glyphs"], 1) << "𠮷 has a glyph of its own on screen";
  const auto applications = files_ending(run.out, "-application.pdf");
  ASSERT_EQ(applications.size(), 1U);
  const auto text = pdf_text(applications[0]);
  EXPECT_NE(squeeze(text).find("𠮷田"), std::string::npos) << text;
}

TEST(KioskEndToEnd, WrongPinShowsTriesLeftAndTheRightPinStillWorks) {
  const auto dir = fresh_dir("wrong-pin-scenario");
  const auto scenario =
      write_scenario(dir, {{"name", "wrong PIN then right PIN"},
                           {"persona", (kSource / "tests/personas/yamada-taro.json").string()},
                           {"steps",
                            {{{"tap", "procedure:juminhyo"}},
                             {{"card", "place"}, {"wait_for", "enter_pin"}},
                             {{"keypad", "9999"}},
                             {{"tap", "submit_pin"}, {"wait_for", "enter_pin"}},
                             {{"keypad", "$PIN"}},
                             {{"tap", "確定"}, {"wait_for", "confirm_identity"}}}}});
  const auto run = run_kiosk("wrong-pin", {"--demo", "--scenario", scenario.string()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  const auto& steps = run.session["steps"];
  ASSERT_EQ(steps.size(), 6U);
  EXPECT_NE(steps[3]["notice"].get<std::string>().find("あと2回"), std::string::npos)
      << steps[3].dump();
  EXPECT_EQ(steps[5]["screen"], "confirm_identity");
  EXPECT_EQ(run.session.dump().find("9999"), std::string::npos) << "digits are never recorded";
}

TEST(KioskEndToEnd, CardTakenOffDuringThePinAsksForItBackAndTheFlowGoesOn) {
  const auto dir = fresh_dir("removed-scenario");
  const auto scenario =
      write_scenario(dir, {{"name", "card removed at the keypad"},
                           {"persona", (kSource / "tests/personas/yamada-taro.json").string()},
                           {"steps",
                            {{{"tap", "procedure:juminhyo"}},
                             {{"card", "place"}, {"wait_for", "enter_pin"}},
                             {{"keypad", "12"}},
                             {{"card", "remove"}, {"wait_for", "place_card"}, {"timeout_ms", 5000}},
                             {{"card", "place"}, {"wait_for", "enter_pin"}},
                             {{"keypad", "$PIN"}},
                             {{"tap", "submit_pin"}, {"wait_for", "confirm_identity"}}}}});
  const auto run = run_kiosk("removed", {"--demo", "--scenario", scenario.string()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  const auto& steps = run.session["steps"];
  ASSERT_EQ(steps.size(), 7U);
  EXPECT_NE(steps[3]["notice"].get<std::string>().find("カードが外れました"), std::string::npos)
      << steps[3].dump();
  EXPECT_EQ(steps[6]["screen"], "confirm_identity");
}

TEST(KioskEndToEnd, OneTryLeftSendsTheResidentToTheCounterWithoutAVerify) {
  const auto dir = fresh_dir("one-try-scenario");
  const auto scenario = write_scenario(
      dir,
      {{"name", "one try left"},
       {"persona", (kSource / "tests/personas/suzuki-ichiro-1try.json").string()},
       {"steps", {{{"tap", "procedure:juminhyo"}}, {{"card", "place"}, {"wait_for", "counter"}}}}});
  const auto run = run_kiosk("one-try", {"--demo", "--scenario", scenario.string()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "sent_to_counter");
  EXPECT_TRUE(files_ending(run.out, ".pdf").empty());
}

// A card declined, then 窓口で現金で払う: nothing charged, the form printed with a slip that says
// the fee is paid at the counter, and the journal holds the slip for the clerk.
TEST(KioskEndToEnd, DeclinedPaymentPrintsNothingAndCashAtTheCounterPrintsWithASlip) {
  const auto dir = fresh_dir("decline-terminal");
  madoguchi::tests::TestTerminalOptions options;
  options.fault = "decline";
  madoguchi::tests::TestTerminal terminal(options);
  ASSERT_GT(terminal.port(), 0);
  auto steps =
      pay_scenario((kSource / "tests/personas/yamada-taro.json").string(), "payment_problem");
  steps["steps"].push_back({{"note", "declined"}});
  steps["steps"].push_back({{"tap", "pay_at_counter"}, {"wait_for", "take_card"}});
  const auto scenario = write_scenario(dir, steps);
  std::vector<std::string> args = {"--demo", "--scenario", scenario.string()};
  const auto to_terminal = terminal.kiosk_options();
  args.insert(args.end(), to_terminal.begin(), to_terminal.end());
  const auto run = run_kiosk("decline", args);
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  const auto& declined = run.session["steps"][run.session["steps"].size() - 2];
  EXPECT_EQ(declined["screen"], "payment_problem");
  EXPECT_FALSE(declined["notice"].get<std::string>().empty());
  EXPECT_EQ(last_screen(run), "take_card");
  const auto slips = files_ending(run.out, "-slip.pdf");
  ASSERT_EQ(slips.size(), 1U);
  EXPECT_NE(squeeze(pdf_text(slips[0])).find("窓口で現金"), std::string::npos)
      << pdf_text(slips[0]);
  const auto journal = run.out / "state" / "payments.sqlite";
  EXPECT_EQ(madoguchi::tests::sqlite_text(
                journal, "SELECT count(*) FROM payments WHERE state = 'CashAtCounter'"),
            "1");
  EXPECT_EQ(madoguchi::tests::sqlite_text(journal,
                                          "SELECT count(*) FROM payments WHERE state = 'Declined'"),
            "1");
  EXPECT_EQ(madoguchi::tests::sqlite_text(
                journal, "SELECT amount_yen FROM payments WHERE state = 'CashAtCounter'"),
            "300");
}

// One value from a SQLite file (the kiosk's payment journal, the simulator's ledger), as text;
// "" when the file, the table or the row is missing.
// Rows in the terminal simulator's ledger (what it charged), read with SQLite directly.
int charges_in_ledger(const fs::path& ledger) {
  if (!fs::exists(ledger)) return 0;  // the simulator creates it on its first transaction
  const auto count = madoguchi::tests::sqlite_text(ledger, "SELECT count(*) FROM transactions");
  return count.empty() ? -1 : std::stoi(count);
}

TEST(KioskEndToEnd, AFormThatCannotBePrintedSendsToTheCounterWithoutCharging) {
  // A name and address of 5,000 characters each (the card's largest object) fit no box even
  // at the smallest size: the kiosk must find out before the payment, not after it.
  const auto dir = fresh_dir("unprintable-scenario");
  auto steps = pay_scenario((kSource / "tests/personas/longest-name-address.json").string(), "");
  // The check runs when 申し込んで支払う is tapped, before the terminal is asked. The name and
  // address take three lines each on the check screen: its button is on the second page.
  auto& list = steps["steps"];
  list.erase(list.size() - 1);  // 紙に印刷して出す
  list.back() = {{"tap", "check_page_next"}};
  list.push_back({{"tap", "next"}, {"wait_for", "hand_in"}});
  list.push_back({{"tap", "hand_in:paper"}, {"wait_for", "counter"}, {"timeout_ms", 20000}});
  const auto scenario = write_scenario(dir, steps);
  const auto run = run_kiosk("unprintable", {"--demo", "--scenario", scenario.string()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(last_screen(run), "counter");
  EXPECT_NE(run.session["steps"].back()["notice"].get<std::string>().find("お金はかかっていません"),
            std::string::npos)
      << run.session["steps"].back().dump();
  EXPECT_TRUE(files_ending(run.out, ".pdf").empty());
  EXPECT_EQ(charges_in_ledger(run.out / "state" / "services" / "ledger.sqlite"), 0)
      << "the terminal was never asked to charge";
}

TEST(KioskEndToEnd, PrintsThroughIppAndTheJobCompletes) {
  auto started = madoguchi::tests::TestIppPrinter::start();
  ASSERT_TRUE(started.has_value()) << started.error();
  auto& printer = **started;
  const auto run = run_kiosk(
      "ipp", {"--demo", "--persona", (kSource / "tests/personas/yamada-taro.json").string(),
              "--printer", printer.uri()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "printed");
  EXPECT_EQ(printer.received_files().size(), 2U) << "the application and the reception slip";
}

// ipps://: the same visit over TLS; the kiosk pins the printer's certificate in its state folder.
TEST(KioskEndToEnd, PrintsThroughIppsAndPinsThePrintersCertificate) {
  auto started = madoguchi::tests::TestIppPrinter::start();
  ASSERT_TRUE(started.has_value()) << started.error();
  auto& printer = **started;
  const auto run = run_kiosk(
      "ipps", {"--demo", "--persona", (kSource / "tests/personas/yamada-taro.json").string(),
               "--printer", printer.secure_uri()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "printed");
  EXPECT_EQ(printer.received_files().size(), 2U) << "the application and the reception slip";
  // Written only from the certificate the printer presented over TLS.
  EXPECT_TRUE(fs::exists(run.out / "state" / "printer-certificates" /
                         ("localhost-" + std::to_string(printer.port()) + ".sha256")));
}

// A printer fault while the resident waits on the Printing screen: the kiosk says why in plain
// words, the job waits at the printer, and once staff fix it the form comes out — once.
// `fault` breaks the printer before the run; `fix` mends it when the Printing screen is shown.
struct PrinterFaultRun {
  KioskRun run;
  nlohmann::json printing_step;  // the scenario's step that waited on the Printing screen
};

PrinterFaultRun run_with_printer_fault(const std::string& name,
                                       madoguchi::tests::TestIppPrinter& printer,
                                       const std::function<void()>& fault,
                                       const std::function<void()>& fix) {
  PrinterFaultRun result;
  const auto dir = fresh_dir(name + "-scenario");
  auto steps = pay_scenario((kSource / "tests/personas/yamada-taro.json").string(), "printing");
  // The step that waits on the Printing screen: the scenario's last, before the one added here.
  const std::size_t printing_index = steps["steps"].size() - 1;
  char printing_png[32];
  std::snprintf(printing_png, sizeof printing_png, "%02zu-printing.png", printing_index + 1);
  steps["steps"].push_back({{"wait_for", "take_card"}, {"timeout_ms", 90000}});
  const auto scenario = write_scenario(dir, steps);
  fault();
  auto& run = result.run;
  run.out = fresh_dir(name);
  auto child = ChildProcess::start({KIOSK_DRIVER, "--headless", "--out", run.out.string(), "--demo",
                                    "--scenario", scenario.string(), "--printer", printer.uri()},
                                   run.out / "kiosk.log",
                                   {"SDL_AUDIODRIVER=dummy", "ASAN_OPTIONS=detect_leaks=0"});
  EXPECT_TRUE(child.has_value());
  if (!child) return result;
  // The step that reached the Printing screen has its screenshot once the kiosk has waited for
  // the job (up to 10 s) and shown why it is held; then staff come and fix the printer.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool told = false;
  while (!told && std::chrono::steady_clock::now() < deadline && child->running()) {
    for (const auto& entry : fs::directory_iterator(run.out)) {
      told |= entry.path().filename().string() == printing_png;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(told) << "the kiosk never showed the held job on the Printing screen";
  fix();
  const int status = child->wait(std::chrono::seconds(180));
  run.exit_code = (status >= 0 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  run.log = slurp(run.out / "kiosk.log");
  if (fs::exists(run.out / "session.json")) {
    run.session = nlohmann::json::parse(slurp(run.out / "session.json"), nullptr, false);
  }
  if (run.session.contains("steps") && run.session["steps"].size() > printing_index) {
    result.printing_step = run.session["steps"][printing_index];
  }
  return result;
}

TEST(KioskEndToEnd, OutOfPaperAtSubmitTheResidentIsToldAndTheFormPrintsOnceRefilled) {
  auto started = madoguchi::tests::TestIppPrinter::start();
  ASSERT_TRUE(started.has_value()) << started.error();
  auto& printer = **started;
  const auto result = run_with_printer_fault(
      "paper-out", printer, [&] { ASSERT_TRUE(printer.set_media_empty(true)); },
      [&] { ASSERT_TRUE(printer.set_media_empty(false)); });
  const auto& run = result.run;
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(result.printing_step.value("screen", ""), "printing") << result.printing_step.dump();
  EXPECT_NE(result.printing_step.value("notice", "").find("用紙がありません"), std::string::npos)
      << result.printing_step.dump();
  EXPECT_EQ(run.session["outcome"], "printed");
  EXPECT_EQ(printer.documents_printed(), 2) << "the application and the slip, each once";
  for (const auto& file : printer.printed_jobs()) {  // "<job id>-<job name>.pdf"
    const auto job = file.substr(file.find('-') + 1, file.size() - file.find('-') - 5);
    EXPECT_EQ(printer.times_printed(job), 1) << job;
  }
}

TEST(KioskEndToEnd, PaperRunsOutMidJobTheFormWaitsAndPrintsOnceWhenLoaded) {
  auto started = madoguchi::tests::TestIppPrinter::start();
  ASSERT_TRUE(started.has_value()) << started.error();
  auto& printer = **started;
  const auto result = run_with_printer_fault(
      "paper-mid-job", printer, [&] { printer.run_out_of_paper_mid_next_job(); },
      [&] { printer.load_paper_mid_job(); });
  const auto& run = result.run;
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_NE(result.printing_step.value("notice", "").find("用紙がありません"), std::string::npos)
      << result.printing_step.dump();
  EXPECT_EQ(run.session["outcome"], "printed");
  EXPECT_EQ(printer.documents_printed(), 2) << "the application and the slip, each once";
  for (const auto& file : printer.printed_jobs()) {  // "<job id>-<job name>.pdf"
    const auto job = file.substr(file.find('-') + 1, file.size() - file.find('-') - 5);
    EXPECT_EQ(printer.times_printed(job), 1) << job;
  }
}

// A town with an A4 printer for the application and a receipt printer for the slip: each
// document goes to its own printer, once, and the slip is cut for the 80 mm roll.
TEST(KioskEndToEnd, TheSlipGoesToTheReceiptPrinterOnItsRoll) {
  auto a4 = madoguchi::tests::TestIppPrinter::start("Madoguchi A4");
  ASSERT_TRUE(a4.has_value()) << a4.error();
  auto receipt = madoguchi::tests::TestIppPrinter::start("Madoguchi Receipt");
  ASSERT_TRUE(receipt.has_value()) << receipt.error();
  const auto dir = fresh_dir("receipt-office");
  auto office = nlohmann::json::parse(slurp(kSource / "assets/office.json"));
  office["slip_paper"] = "receipt-80mm";
  std::ofstream(dir / "office.json") << office.dump(2);
  const auto run = run_kiosk(
      "receipt", {"--demo", "--persona", (kSource / "tests/personas/yamada-taro.json").string(),
                  "--office", (dir / "office.json").string(), "--printer", (*a4)->uri(),
                  "--slip-printer", (*receipt)->uri()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "printed");
  const auto on_a4 = (*a4)->received_files();
  const auto on_roll = (*receipt)->received_files();
  ASSERT_EQ(on_a4.size(), 1U);
  ASSERT_EQ(on_roll.size(), 1U);
  EXPECT_TRUE(on_a4[0].string().ends_with("-application.pdf")) << on_a4[0];
  EXPECT_TRUE(on_roll[0].string().ends_with("-slip.pdf")) << on_roll[0];
  // pdfinfo: "Page size:       226.772 x 425.197 pts" is 80 x 150 mm.
  const auto info = dir / "slip-info.txt";
  const std::string command = "pdfinfo '" + on_roll[0].string() + "' > '" + info.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_NE(slurp(info).find("226.772 x 425.197"), std::string::npos) << slurp(info);
  EXPECT_NE(pdf_text(on_roll[0]).find(run.session["reception_number"].get<std::string>()),
            std::string::npos);
}

TEST(KioskEndToEnd, UnreachablePrinterAfterPaymentGivesAPlainMessage) {
  const auto dir = fresh_dir("no-printer-scenario");
  const int port = madoguchi::kiosk::free_loopback_port();
  const auto scenario = write_scenario(
      dir, pay_scenario((kSource / "tests/personas/yamada-taro.json").string(), "print_problem"));
  const auto run =
      run_kiosk("no-printer", {"--demo", "--scenario", scenario.string(), "--printer",
                               "ipp://127.0.0.1:" + std::to_string(port) + "/ipp/print"});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(last_screen(run), "print_problem");
  EXPECT_FALSE(run.session["steps"].back()["notice"].get<std::string>().empty());
}

// Someone on the kiosk's network answers at the terminal's address with a certificate from
// another root (and the town's own key, even): the kiosk refuses it before a message leaves,
// the resident is offered the counter, nothing is charged, and the journal says why.
TEST(KioskEndToEnd, AnImpostorTerminalGetsNothingAndTheResidentGoesToTheCounter) {
  const auto dir = fresh_dir("impostor-terminal");
  madoguchi::tests::TestTerminal genuine;
  madoguchi::tests::TestTerminalOptions other_root;
  other_root.key_file = genuine.key_file();
  madoguchi::tests::TestTerminal impostor(other_root);
  ASSERT_GT(impostor.port(), 0);
  auto steps =
      pay_scenario((kSource / "tests/personas/yamada-taro.json").string(), "payment_problem");
  steps["steps"].push_back({{"tap", "pay_at_counter"}, {"wait_for", "take_card"}});
  const auto scenario = write_scenario(dir, steps);
  std::vector<std::string> args = {"--demo", "--scenario", scenario.string()};
  auto to_terminal = genuine.kiosk_options();
  to_terminal.at(1) = "127.0.0.1:" + std::to_string(impostor.port());  // --terminal HOST:PORT
  args.insert(args.end(), to_terminal.begin(), to_terminal.end());
  const auto run = run_kiosk("impostor", args);
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["steps"][run.session["steps"].size() - 2]["screen"], "payment_problem");
  EXPECT_EQ(last_screen(run), "take_card");
  EXPECT_TRUE(impostor.ledger().empty());
  EXPECT_TRUE(genuine.ledger().empty());
  // The town's IT staff read why in the kiosk's log.
  EXPECT_NE(run.log.find("kiosk: payment terminal 127.0.0.1:" + std::to_string(impostor.port()) +
                         ": login: refused: the terminal's TLS was refused"),
            std::string::npos)
      << run.log;
  const auto journal = run.out / "state" / "payments.sqlite";
  EXPECT_EQ(
      madoguchi::tests::sqlite_text(journal,
                                    "SELECT count(*) FROM payments WHERE state = 'NotCharged' AND "
                                    "note LIKE '%TLS was refused%'"),
      "1")
      << madoguchi::tests::sqlite_text(journal, "SELECT state || ': ' || note FROM payments");
}

// The clerk's day: after a resident paid, `kiosk --payments totals` counts one card payment
// of 300円 in the journal and the same on the terminal; 日計 closes both.
TEST(KioskEndToEnd, TheClerksTotalsMatchTheTerminalAndTheDayCloses) {
  madoguchi::tests::TestTerminalOptions options;
  options.ledger_file = true;
  madoguchi::tests::TestTerminal terminal(options);
  ASSERT_GT(terminal.port(), 0);
  const auto to_terminal = terminal.kiosk_options();
  const auto with_terminal = [&](std::vector<std::string> args) {
    args.insert(args.end(), to_terminal.begin(), to_terminal.end());
    return args;
  };
  const auto dir = fresh_dir("clerk-scenario");
  const auto scenario = write_scenario(
      dir, pay_scenario((kSource / "tests/personas/yamada-taro.json").string(), "take_card"));
  const auto run = run_kiosk("clerk", with_terminal({"--demo", "--scenario", scenario.string()}));
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  const auto state = (run.out / "state").string();
  int calls = 0;
  const auto clerk = [&](const std::string& action, int& exit_code) {
    const auto output = dir / (action + "-" + std::to_string(++calls) + ".json");
    auto child = ChildProcess::start(
        with_terminal({KIOSK_BINARY, "--payments", action, "--state", state}), output);
    EXPECT_TRUE(child.has_value());
    const int status = child ? child->wait(std::chrono::seconds(60)) : -1;
    exit_code = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return nlohmann::json::parse(slurp(output), nullptr, false);
  };
  int exit_code = -1;
  const auto totals = clerk("totals", exit_code);
  EXPECT_EQ(exit_code, 0) << totals.dump(2);
  EXPECT_TRUE(totals["matches"].get<bool>()) << totals.dump(2);
  ASSERT_EQ(totals["journal"].size(), 1U) << totals.dump(2);
  EXPECT_EQ(totals["journal"][0]["payments"], 1);
  EXPECT_EQ(totals["journal"][0]["payment_yen"], 300);
  EXPECT_EQ(totals["terminal"], totals["journal"]) << "what the terminal counted";
  ASSERT_EQ(terminal.charged().size(), 1U);
  // A second kiosk on the same terminal (kiosk id K2, a journal of its own) counts none of the
  // first kiosk's payments: each kiosk is a SaleID of its own (MADOGUCHI-K1, MADOGUCHI-K2).
  {
    const auto output = dir / "totals-k2.json";
    std::filesystem::create_directories(dir / "k2-state");
    auto child =
        ChildProcess::start(with_terminal({KIOSK_BINARY, "--payments", "totals", "--state",
                                           (dir / "k2-state").string(), "--kiosk-id", "K2"}),
                            output);
    ASSERT_TRUE(child.has_value());
    EXPECT_EQ(child->wait(std::chrono::seconds(60)), 0) << slurp(output);
    const auto other = nlohmann::json::parse(slurp(output), nullptr, false);
    ASSERT_TRUE(other.is_object()) << slurp(output);
    EXPECT_TRUE(other["terminal"].empty()) << "K2 saw K1's payments: " << other.dump(2);
    EXPECT_TRUE(other["matches"].get<bool>()) << other.dump(2);
  }
  const auto closed = clerk("close-day", exit_code);
  EXPECT_EQ(exit_code, 0) << closed.dump(2);
  EXPECT_TRUE(closed["closed"].get<bool>()) << closed.dump(2);
  EXPECT_TRUE(closed["matches"].get<bool>()) << closed.dump(2);
  const auto next_day = clerk("totals", exit_code);
  EXPECT_TRUE(next_day["journal"].empty()) << "a new period: " << next_day.dump(2);
}

// The back office's PostgreSQL inbox (a real server in a temporary directory): the kiosk's
// courier delivers the application once, with the PDF the resident signed.
TEST(KioskEndToEnd, TheApplicationReachesTheBackOfficesPostgresInboxOnce) {
  auto server = madoguchi::tests::TestPostgres::start();
  ASSERT_TRUE(server.has_value()) << server.error();
  const auto conninfo = (*server)->create_database("intake");
  ASSERT_TRUE(conninfo.has_value()) << conninfo.error();
  ASSERT_TRUE(madoguchi::tests::sql_query(
      *conninfo, std::string(madoguchi::submission::PostgresInbox::schema_sql())))
      << "the back office's CREATE TABLE";
  const auto run = run_kiosk(
      "postgres", {"--demo", "--persona", (kSource / "tests/personas/yamada-taro.json").string(),
                   "--back-office", "postgres:" + *conninfo});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  const auto rows = madoguchi::tests::sql_query(
      *conninfo,
      "SELECT reception_number, procedure_id, length(application_pdf) FROM madoguchi_inbox");
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 1U) << "one application, delivered once";
  EXPECT_EQ((*rows)[0][0].value_or(""), run.session["reception_number"].get<std::string>());
  EXPECT_EQ((*rows)[0][1].value_or(""), "juminhyo");
  const auto applications = files_ending(run.out, "-application.pdf");
  ASSERT_EQ(applications.size(), 1U);
  EXPECT_EQ((*rows)[0][2].value_or(""), std::to_string(fs::file_size(applications[0])));
}

// A back office for the counter's tests (issue 19): a PostgreSQL of its own with the counter's
// tables and the inbox, a kiosk's role (kiosk_lobby, which may also deliver) and a member of
// staff's (clerk_kato).
struct CounterBackOffice {
  std::unique_ptr<madoguchi::tests::TestPostgres> server;
  std::string owner;  // the database owner's connection string
  std::string as_role(const std::string& role) const {
    std::string conninfo = owner;
    conninfo.replace(conninfo.find("user=madoguchi"), 14, "user=" + role);
    return conninfo;
  }
  std::string kiosk() const { return "postgres:" + as_role("kiosk_lobby"); }
};

std::expected<CounterBackOffice, std::string> counter_back_office(const std::string& name) {
  auto server = madoguchi::tests::TestPostgres::start();
  if (!server) return std::unexpected(server.error());
  CounterBackOffice office{std::move(*server), ""};
  auto owner = office.server->create_database(name);
  if (!owner) return std::unexpected(owner.error());
  office.owner = *owner;
  if (auto made = madoguchi::counter::create_counter_schema(office.owner); !made) {
    return std::unexpected(made.error().message);
  }
  for (const std::string& sql :
       {std::string(madoguchi::submission::PostgresInbox::schema_sql()),
        std::string("CREATE ROLE kiosk_lobby LOGIN IN ROLE madoguchi_kiosks"),
        std::string("GRANT INSERT ON madoguchi_inbox TO kiosk_lobby"),
        std::string("GRANT SELECT (application_id, pdf_sha256, payment_state_at) ON "
                    "madoguchi_inbox TO kiosk_lobby"),
        std::string("CREATE ROLE clerk_kato LOGIN IN ROLE madoguchi_staff")}) {
    if (auto done = madoguchi::tests::sql_query(office.owner, sql); !done) {
      return std::unexpected(sql + ": " + done.error());
    }
  }
  return office;
}

// 係員を呼ぶ reaches the counter (issue 19): the kiosk, with its own role in the back office, taps
// call_staff on the welcome screen; a member of staff listening hears the call within 2 s and
// takes it; the kiosk's button then says 係員が向かいます.
TEST(KioskEndToEnd, CallingStaffReachesTheCounterAndTheKioskHearsTheyAreComing) {
  const auto office = counter_back_office("calls");
  ASSERT_TRUE(office.has_value()) << office.error();
  const auto as_role = [&](const std::string& role) { return office->as_role(role); };
  // The member of staff, listening before the kiosk starts.
  madoguchi::counter::CallBoard clerk(as_role("clerk_kato"), "madoguchi-console");
  ASSERT_TRUE(clerk.wait(std::chrono::milliseconds(0)));
  std::string heard_after;
  std::string taken_by;
  std::thread counter([&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      auto heard = clerk.wait(std::chrono::milliseconds(500));
      if (!heard || heard->empty()) continue;
      // How long after the call the counter heard of it, on the server's own clock.
      auto age = madoguchi::tests::sql_query(
          office->owner,
          "SELECT extract(epoch FROM now() - called_at) FROM madoguchi_calls WHERE "
          "call_id = " +
              std::to_string(heard->front()));
      if (age && !age->empty()) heard_after = age->front().front().value_or("");
      auto taken = clerk.take(heard->front());
      if (taken && taken->has_value()) taken_by = (*taken)->taken_by;
      return;
    }
  });
  const auto dir = fresh_dir("call-staff-scenario");
  nlohmann::json steps = {
      {"name", "call staff"},
      {"steps",
       {{{"note", "welcome"}}, {{"tap", "call_staff"}}, {{"wait_ms", 4000}}, {{"note", "after"}}}}};
  const auto scenario = write_scenario(dir, steps);
  const auto run = run_kiosk("call-staff", {"--demo", "--scenario", scenario.string(),
                                            "--back-office", "postgres:" + as_role("kiosk_lobby")});
  counter.join();
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(taken_by, "clerk_kato");
  ASSERT_FALSE(heard_after.empty()) << "the call never reached the counter";
  EXPECT_LT(std::stod(heard_after), 2.0) << "heard " << heard_after << " s after the call";
  const auto& records = run.session["steps"];
  ASSERT_EQ(records.size(), 4U) << run.session.dump(2);
  const auto shows = [](const nlohmann::json& record, const std::string& button) {
    for (const auto& b : record.value("buttons", nlohmann::json::array())) {
      if (b.get<std::string>() == button) return true;
    }
    return false;
  };
  EXPECT_TRUE(shows(records[0], "call_staff (係員を呼ぶ)")) << records[0].dump(2);
  EXPECT_TRUE(shows(records[3], "call_staff (係員が向かいます)")) << records[3].dump(2);
  const auto calls =
      madoguchi::tests::sql_query(office->owner, "SELECT kiosk_id, screen FROM madoguchi_calls");
  ASSERT_TRUE(calls.has_value());
  ASSERT_EQ(calls->size(), 1U);
  EXPECT_EQ((*calls)[0][0].value_or(""), "kiosk_lobby");
  EXPECT_EQ((*calls)[0][1].value_or(""), "welcome");
}

// The back office out of reach: 係員を呼ぶ says at once that the resident should go to the
// counter, rather than pretending someone was called.
TEST(KioskEndToEnd, CallingStaffWithTheBackOfficeDownSendsTheResidentToTheCounterAtOnce) {
  const auto dir = fresh_dir("call-staff-down-scenario");
  nlohmann::json steps = {{"name", "call staff, back office down"},
                          {"steps", {{{"tap", "call_staff"}}, {{"wait_ms", 1500}}}}};
  const auto scenario = write_scenario(dir, steps);
  const int port = madoguchi::kiosk::free_loopback_port();
  const auto run =
      run_kiosk("call-staff-down",
                {"--demo", "--scenario", scenario.string(), "--back-office",
                 "postgres:host=127.0.0.1 port=" + std::to_string(port) +
                     " dbname=intake user=kiosk_lobby sslmode=verify-full connect_timeout=2"});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  const auto& records = run.session["steps"];
  ASSERT_EQ(records.size(), 2U) << run.session.dump(2);
  bool told = false;
  for (const auto& b : records[1].value("buttons", nlohmann::json::array())) {
    told |= b.get<std::string>() == "call_staff (窓口へどうぞ)";
  }
  EXPECT_TRUE(told) << records[1].dump(2);
}

// The counter sees a kiosk's printer run out of paper (issue 19): the kiosk reports its health to
// the back office with its own role; a member of staff's view of the kiosks shows media-empty
// within 10 s of ippeveprinter running out, and all well again within 10 s of paper loaded.
TEST(KioskEndToEnd, ThePrinterOutOfPaperShowsAtTheCounterWithinTenSecondsAndClears) {
  auto printer_started = madoguchi::tests::TestIppPrinter::start();
  ASSERT_TRUE(printer_started.has_value()) << printer_started.error();
  auto& printer = **printer_started;
  const auto office = counter_back_office("health");
  ASSERT_TRUE(office.has_value()) << office.error();
  const auto as_role = [&](const std::string& role) { return office->as_role(role); };
  // The kiosk waits on its welcome screen while the test looks; stopped when done.
  const auto dir = fresh_dir("health-scenario");
  const auto scenario = write_scenario(dir, {{"name", "idle"}, {"steps", {{{"wait_ms", 60000}}}}});
  const auto out = fresh_dir("health");
  auto kiosk = ChildProcess::start(
      {KIOSK_DRIVER, "--headless", "--out", out.string(), "--demo", "--scenario", scenario.string(),
       "--printer", printer.uri(), "--back-office", "postgres:" + as_role("kiosk_lobby")},
      out / "kiosk.log", {"SDL_AUDIODRIVER=dummy", "ASAN_OPTIONS=detect_leaks=0"});
  ASSERT_TRUE(kiosk.has_value()) << kiosk.error();
  madoguchi::counter::HealthBoard counter(as_role("clerk_kato"), "madoguchi-console");
  using Clock = std::chrono::steady_clock;
  // How long until the counter's view of kiosk_lobby satisfies `wanted` (nullopt: not in 20 s).
  const auto shows = [&](const std::function<bool(const madoguchi::counter::KioskReport&)>& wanted)
      -> std::optional<Clock::duration> {
    const auto from = Clock::now();
    while (Clock::now() - from < std::chrono::seconds(20)) {
      auto kiosks = counter.kiosks();
      if (kiosks && kiosks->size() == 1 && wanted(kiosks->front())) return Clock::now() - from;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return std::nullopt;
  };
  const auto out_of_paper = [](const madoguchi::counter::KioskReport& k) {
    return k.health.printer.reasons == std::vector<std::string>{"media-empty"};
  };
  const auto all_well = [](const madoguchi::counter::KioskReport& k) {
    return k.health.printer.state == "idle" && k.problems(std::chrono::seconds(15)).empty();
  };
  ASSERT_TRUE(shows(all_well)) << slurp(out / "kiosk.log");
  ASSERT_TRUE(printer.set_media_empty(true));
  const auto seen = shows(out_of_paper);
  ASSERT_TRUE(seen) << "the counter never saw the printer out of paper";
  EXPECT_LT(*seen, std::chrono::seconds(10));
  auto kiosks = counter.kiosks();
  ASSERT_TRUE(kiosks && kiosks->size() == 1);
  const auto problems = kiosks->front().problems(std::chrono::seconds(15));
  EXPECT_EQ(problems, std::vector<std::string>{"printer: media-empty"});
  EXPECT_EQ(kiosks->front().health.printer.uri, printer.uri());
  EXPECT_EQ(kiosks->front().health.terminal, "logged_in");
  EXPECT_EQ(kiosks->front().health.reader, "present");
  ASSERT_TRUE(printer.set_media_empty(false));
  const auto cleared = shows(all_well);
  ASSERT_TRUE(cleared) << "the counter still shows the printer out of paper";
  EXPECT_LT(*cleared, std::chrono::seconds(10));
  kiosk->stop();
}

// The town's numbers (issue 19): a day of visits on real kiosks — printed and paid by card,
// cancelled in English with large text, timed out on a question, declined and then paid in cash
// at the counter — each recorded by the kiosk with its own role; every figure of the console's
// report is what those visits did.
TEST(KioskEndToEnd, ADayOfVisitsAddsUpInTheTownsReport) {
  const auto office = counter_back_office("visits");
  ASSERT_TRUE(office.has_value()) << office.error();
  const auto as_role = [&](const std::string& role) { return office->as_role(role); };
  const std::string back_office = office->kiosk();
  const std::string persona = (kSource / "tests/personas/yamada-taro.json").string();
  const auto then_leave = [](nlohmann::json scenario) {
    scenario["steps"].push_back({{"card", "remove"}, {"wait_for", "welcome"}});  // finishes
    return scenario;
  };
  // Morning: one printed and paid by card; one cancelled in English with large text.
  auto morning = then_leave(pay_scenario(persona, "take_card", "morning"));
  for (const nlohmann::json& step :
       {nlohmann::json{{"tap", "view_options"}}, nlohmann::json{{"tap", "language:en"}},
        nlohmann::json{{"tap", "large_text"}}, nlohmann::json{{"tap", "close_options"}},
        nlohmann::json{{"tap", "procedure:juminhyo"}},
        nlohmann::json{{"tap", "back"}, {"wait_for", "welcome"}}}) {
    morning["steps"].push_back(step);
  }
  const auto first =
      run_kiosk("day-morning", {"--demo", "--scenario",
                                write_scenario(fresh_dir("day-morning-s"), morning).string(),
                                "--back-office", back_office});
  ASSERT_EQ(first.exit_code, 0) << first.log << first.session.dump(2);
  // Noon: a resident walks away from the first question.
  const nlohmann::json noon = {{"name", "noon"},
                               {"persona", persona},
                               {"steps",
                                {{{"tap", "procedure:juminhyo"}},
                                 {{"card", "place"}, {"wait_for", "enter_pin"}},
                                 {{"keypad", "$PIN"}},
                                 {{"tap", "確定"}, {"wait_for", "confirm_identity"}},
                                 {{"tap", "confirm"}, {"wait_for", "question"}},
                                 {{"wait_for", "welcome"}, {"timeout_ms", 15000}}}}};
  const auto second = run_kiosk("day-noon", {"--demo", "--idle", "2,2", "--scenario",
                                             write_scenario(fresh_dir("day-noon-s"), noon).string(),
                                             "--back-office", back_office});
  ASSERT_EQ(second.exit_code, 0) << second.log << second.session.dump(2);
  // Afternoon: the card is declined; the resident pays in cash at the counter.
  madoguchi::tests::TestTerminalOptions declining;
  declining.fault = "decline";
  madoguchi::tests::TestTerminal terminal(declining);
  ASSERT_GT(terminal.port(), 0);
  auto afternoon = pay_scenario(persona, "payment_problem", "afternoon");
  afternoon["steps"].push_back({{"tap", "pay_at_counter"}, {"wait_for", "take_card"}});
  std::vector<std::string> args = {
      "--demo", "--scenario",
      write_scenario(fresh_dir("day-afternoon-s"), then_leave(afternoon)).string(), "--back-office",
      back_office};
  for (const auto& a : terminal.kiosk_options()) args.push_back(a);
  const auto third = run_kiosk("day-afternoon", args);
  ASSERT_EQ(third.exit_code, 0) << third.log << third.session.dump(2);

  // The report, as a member of staff reads it, for today in Tokyo.
  const auto today = madoguchi::tests::sql_query(
      office->owner, "SELECT to_char(now() AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD')");
  ASSERT_TRUE(today && !today->empty());
  const std::string day = today->front().front().value_or("");
  madoguchi::counter::VisitBook book(as_role("clerk_kato"), "madoguchi-console");
  const auto report = book.report(day, day);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->visits, 4);
  EXPECT_EQ(report->outcomes,
            (std::map<std::string, int>{{"printed", 2}, {"cancelled", 1}, {"timed_out", 1}}));
  ASSERT_EQ(report->procedures.count("juminhyo"), 1U);
  const auto& juminhyo = report->procedures.at("juminhyo");
  EXPECT_EQ(juminhyo.total, 2);
  EXPECT_EQ(juminhyo.by_day, (std::map<std::string, int>{{day, 2}}));
  EXPECT_EQ(juminhyo.by_month, (std::map<std::string, int>{{day.substr(0, 7), 2}}));
  ASSERT_EQ(report->payments.size(), 2U);
  EXPECT_EQ(report->payments.at("card").count, 1);
  EXPECT_EQ(report->payments.at("card").yen, 300);
  EXPECT_EQ(report->payments.at("cash_at_counter").count, 1);
  EXPECT_EQ(report->payments.at("cash_at_counter").yen, 300);
  EXPECT_EQ(report->fees_yen(), 600);
  EXPECT_DOUBLE_EQ(report->cashless_share(), 0.5);
  ASSERT_EQ(report->drop_off.size(), 2U);
  for (const auto& d : report->drop_off) {
    EXPECT_EQ(d.visits, 1);
    EXPECT_TRUE(d.screen == "place_card" || (d.screen == "question" && d.step > 0))
        << d.screen << " " << d.step;
  }
  EXPECT_EQ(report->assisted, 0);
  EXPECT_EQ(report->languages, (std::map<std::string, int>{{"ja", 3}, {"en", 1}}));
  EXPECT_EQ(report->view_options, (std::map<std::string, int>{{"large_text", 1}}));
  // The median of the four visits' times in whole seconds (as the tally keeps them), each shorter
  // than the run it was in.
  const auto times = madoguchi::tests::sql_query(
      office->owner,
      "SELECT floor(extract(epoch FROM ended_at - started_at)) FROM madoguchi_visits ORDER BY 1");
  ASSERT_TRUE(times && times->size() == 4U);
  std::vector<double> seconds;
  for (const auto& row : *times) seconds.push_back(std::stod(row.front().value_or("0")));
  EXPECT_DOUBLE_EQ(report->median_seconds, (seconds[1] + seconds[2]) / 2);
  EXPECT_GE(seconds[0], 0.0);
  EXPECT_LT(seconds[3], 60.0);
  // The kiosk cannot read the numbers back.
  EXPECT_FALSE(madoguchi::counter::VisitBook(as_role("kiosk_lobby"), "madoguchi-kiosk")
                   .report(day, day)
                   .has_value());
}

// Paid, the printer gone: the resident takes the money back; the terminal reverses the payment
// and the journal says so.
TEST(KioskEndToEnd, PaidButNotPrintedTheResidentGetsTheMoneyBack) {
  const auto dir = fresh_dir("refund-scenario");
  const int port = madoguchi::kiosk::free_loopback_port();
  auto steps =
      pay_scenario((kSource / "tests/personas/yamada-taro.json").string(), "print_problem");
  steps["steps"].push_back({{"tap", "refund"}, {"wait_for", "counter"}, {"timeout_ms", 30000}});
  const auto scenario = write_scenario(dir, steps);
  const auto run = run_kiosk("refund", {"--demo", "--scenario", scenario.string(), "--printer",
                                        "ipp://127.0.0.1:" + std::to_string(port) + "/ipp/print"});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "refunded");
  const auto journal = run.out / "state" / "payments.sqlite";
  EXPECT_EQ(madoguchi::tests::sqlite_text(journal, "SELECT state FROM payments"), "Reversed");
  const auto ledger = run.out / "state" / "services" / "ledger.sqlite";
  EXPECT_EQ(madoguchi::tests::sqlite_text(ledger, "SELECT count(*) FROM reversals"), "1")
      << "the terminal gave it back";
}

// ---- Walk-away and the final print give-up (issue 14) ----

// Runs the kiosk (demo devices, `printer`) through `scenario` and returns the run; the printer
// stays for the test to look at afterwards.
KioskRun run_against_printer(const std::string& name, const nlohmann::json& scenario,
                             const madoguchi::tests::TestIppPrinter& printer,
                             std::vector<std::string> extra) {
  const auto dir = fresh_dir(name + "-scenario");
  const auto file = write_scenario(dir, scenario);
  std::vector<std::string> args = {"--demo", "--scenario", file.string(), "--printer",
                                   printer.uri()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_kiosk(name, args);
}

// What the back office's directory drop says of the one application in it: its payment state,
// the later <id>.payment.json overriding the one delivered with it.
std::string back_office_payment_state(const KioskRun& run) {
  std::string state;
  const auto drop = run.out / "state" / "back-office";
  if (!fs::exists(drop)) return "(no drop)";
  for (const auto& entry : fs::directory_iterator(drop)) {
    const auto name = entry.path().filename().string();
    if (!name.ends_with(".json") || name.starts_with(".") || name.ends_with(".payment.json")) {
      continue;
    }
    const auto doc = nlohmann::json::parse(slurp(entry.path()), nullptr, false);
    state = doc.value("payment_state", "(none)");
    const auto later = fs::path(entry.path()).replace_extension(".payment.json");
    if (fs::exists(later)) {
      state = nlohmann::json::parse(slurp(later), nullptr, false).value("payment_state", "?");
    }
  }
  return state;
}

bool step_offers(const nlohmann::json& step, const std::string& button) {
  for (const auto& b : step.value("buttons", nlohmann::json::array())) {
    const auto text = b.get<std::string>();  // "id (label)"
    if (text == button || text.starts_with(button + " (")) return true;
  }
  return false;
}

const nlohmann::json* step_on(const KioskRun& run, const std::string& screen) {
  if (!run.session.contains("steps")) return nullptr;
  for (const auto& step : run.session["steps"]) {
    if (step.value("screen", "") == screen) return &step;
  }
  return nullptr;
}

// The printer's jobs of the application (from the kiosk's print journal), each as the printer
// sees it now.
std::vector<int> application_job_states(const KioskRun& run, const std::string& printer_uri) {
  std::vector<int> states;
  const auto outbox = run.out / "state" / "outbox.sqlite";
  const std::string ids = madoguchi::tests::sqlite_text(
      outbox,
      "SELECT group_concat(job_id) FROM print_jobs WHERE document_key LIKE '%-application'");
  madoguchi::printer::IppPrinter ipp(printer_uri);
  std::stringstream list(ids);
  std::string id;
  while (std::getline(list, id, ',')) {
    const auto job = ipp.job(std::stoi(id));
    states.push_back(job ? job->state : -1);
  }
  return states;
}

// Found when the product was tried: pay, let the printer hold the job for paper, take the card
// and walk away — the screen stayed for good, and the next person could print the previous
// resident's form, or got it from the printer once it was refilled. Now the card-back countdown
// runs on the Printing screen too; at its end the job is canceled at the printer, the paid
// application goes to the counter (the journal and the back office say so), and the welcome
// screen names only the reception number.
TEST(KioskEndToEnd, AResidentWhoWalksAwayFromAHeldJobLeavesNothingForTheNextPerson) {
  auto started = madoguchi::tests::TestIppPrinter::start();
  ASSERT_TRUE(started.has_value()) << started.error();
  auto& printer = **started;
  ASSERT_TRUE(printer.set_media_empty(true));
  auto scenario = pay_scenario((kSource / "tests/personas/yamada-taro.json").string(), "printing");
  scenario["steps"].push_back({{"wait_ms", 1500}});
  scenario["steps"].push_back({{"card", "remove"}, {"wait_for", "welcome"}, {"timeout_ms", 60000}});
  scenario["steps"].push_back({{"note", "the next person"}});
  const auto run = run_against_printer("walk-away", scenario, printer, {"--idle", "90,30,3"});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "card_taken_away");
  const auto& last = run.session["steps"].back();
  EXPECT_EQ(last["screen"], "welcome");
  const std::string reception = run.session.value("reception_number", "");
  ASSERT_FALSE(reception.empty());
  EXPECT_NE(last.value("notice", "").find(reception), std::string::npos) << last.dump();
  EXPECT_EQ(last.value("notice", "").find("山田"), std::string::npos);
  EXPECT_FALSE(step_offers(last, "retry")) << "nothing on the welcome screen prints it again";

  ASSERT_TRUE(printer.set_media_empty(false));  // staff refill the printer
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(printer.documents_printed(), 0) << "the job came out for whoever stood there";
  const auto states = application_job_states(run, printer.uri());
  ASSERT_FALSE(states.empty());
  for (const int state : states) EXPECT_EQ(state, 7) << "the printer shows the job canceled";
  EXPECT_EQ(madoguchi::tests::sqlite_text(run.out / "state" / "payments.sqlite",
                                          "SELECT state FROM payments"),
            "HandedToCounter");
  EXPECT_EQ(back_office_payment_state(run), "handed_to_counter");
}

// Found when the product was tried: the kiosk gave up on a held job, the resident took the money
// back, and the job printed later and reached the back office marked as paid. Now a job the
// kiosk gives up on is withdrawn; the printer confirms it canceled (it was waiting mid-job), so
// the refund is offered; nothing prints when the paper is loaded; the back office says refunded.
TEST(KioskEndToEnd, APrintGivenUpIsCanceledBeforeTheMoneyIsGivenBack) {
  auto started = madoguchi::tests::TestIppPrinter::start();
  ASSERT_TRUE(started.has_value()) << started.error();
  auto& printer = **started;
  printer.run_out_of_paper_mid_next_job();
  auto scenario =
      pay_scenario((kSource / "tests/personas/yamada-taro.json").string(), "print_problem");
  scenario["steps"].push_back({{"tap", "refund"}, {"wait_for", "counter"}, {"timeout_ms", 30000}});
  const auto run = run_against_printer("give-up-refund", scenario, printer, {"--print-wait", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  EXPECT_EQ(run.session["outcome"], "refunded");
  printer.load_paper_mid_job();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(printer.documents_printed(), 0) << "refunded, and printed anyway";
  EXPECT_EQ(madoguchi::tests::sqlite_text(run.out / "state" / "payments.sqlite",
                                          "SELECT state FROM payments"),
            "Reversed");
  EXPECT_EQ(back_office_payment_state(run), "refunded");
}

// A printer that holds the job for paper cannot confirm a cancel until it is refilled (it may
// finish up to its stop point): the money is then not offered back — the resident collects the
// form at the counter, the back office says so, and nothing prints when staff refill it.
TEST(KioskEndToEnd, AHeldJobNotConfirmedCanceledIsNeverRefunded) {
  auto started = madoguchi::tests::TestIppPrinter::start();
  ASSERT_TRUE(started.has_value()) << started.error();
  auto& printer = **started;
  ASSERT_TRUE(printer.set_media_empty(true));
  auto scenario =
      pay_scenario((kSource / "tests/personas/yamada-taro.json").string(), "print_problem");
  scenario["steps"].push_back({{"tap", "counter"}, {"wait_for", "counter"}});
  const auto run = run_against_printer("give-up-held", scenario, printer, {"--print-wait", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  const auto* problem = step_on(run, "print_problem");
  ASSERT_NE(problem, nullptr) << run.session.dump(2);
  EXPECT_TRUE(step_offers(*problem, "counter")) << problem->dump();
  EXPECT_FALSE(step_offers(*problem, "refund")) << "a refund while the job may still print";
  EXPECT_EQ(run.session["outcome"], "sent_to_counter");
  ASSERT_TRUE(printer.set_media_empty(false));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(printer.documents_printed(), 0);
  EXPECT_EQ(madoguchi::tests::sqlite_text(run.out / "state" / "payments.sqlite",
                                          "SELECT state FROM payments"),
            "HandedToCounter");
  EXPECT_EQ(back_office_payment_state(run), "handed_to_counter");
}

// Found when the product was tried: with a wrong back-office conninfo the form printed, the
// application waited in the outbox, and the reason was only in a database column. Now the kiosk
// says it on stderr (the service's log) as soon as a delivery is refused — without the password.
TEST(KioskEndToEnd, ABackOfficeThatRefusesTheKioskIsSaidAtOnce) {
  const int port = madoguchi::kiosk::free_loopback_port();
  const fs::path pgpass =
      fs::temp_directory_path() / ("madoguchi-e2e-pgpass-" + std::to_string(::getpid()));
  std::ofstream(pgpass) << "*:*:*:kiosk:hunter2\n";
  fs::permissions(pgpass, fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace);
  const auto run =
      run_kiosk("refused-back-office",
                {"--demo", "--persona", (kSource / "tests/personas/yamada-taro.json").string(),
                 "--back-office",
                 "postgres:host=127.0.0.1 port=" + std::to_string(port) +
                     " dbname=town user=kiosk connect_timeout=2 passfile=" + pgpass.string()});
  fs::remove(pgpass);
  ASSERT_EQ(run.exit_code, 0) << run.log;
  EXPECT_EQ(run.session["outcome"], "printed");
  EXPECT_NE(run.log.find("back office postgresql://127.0.0.1:" + std::to_string(port) +
                         "/town does not take deliveries"),
            std::string::npos)
      << run.log;
  EXPECT_EQ(run.log.find("hunter2"), std::string::npos) << "the password in the log";
  EXPECT_EQ(madoguchi::tests::sqlite_text(run.out / "state" / "outbox.sqlite",
                                          "SELECT count(*) FROM applications WHERE delivered_at "
                                          "IS NULL"),
            "1")
      << "kept in the outbox for the next attempt";
}

// The kiosk dies after the paper came out but before the payment was marked done: on the next
// start the application is in the outbox, so the payment is kept for the counter (not
// refunded), the application reaches the back office, and the welcome screen tells the
// resident still standing there where to go — by reception number only.
//
// Killed by SIGKILL (a power cut) or by SIGSEGV (a fault in the code): either way the kiosk ends
// with a failure status, so its supervisor (madoguchi-kiosk.service, Restart=always) starts it
// again, and that next start settles and delivers the same (docs/install.md).
void kill_while_printing_then_start_again(const std::string& name, int signal) {
  const auto state = fresh_dir(name + "-state");
  const auto first_out = fresh_dir(name + "-1");
  // handle_segv=0: AddressSanitizer would catch the SIGSEGV, report it and exit 1; the test
  // means the death by the signal the supervisor sees from a real fault.
  std::vector<std::string> env = {"SDL_AUDIODRIVER=dummy",
                                  "ASAN_OPTIONS=detect_leaks=0:handle_segv=0",
                                  "MADOGUCHI_TEST_KILL_AT=document-printed"};
  if (signal == SIGSEGV) env.push_back("MADOGUCHI_TEST_KILL_SIGNAL=SEGV");
  auto first = ChildProcess::start({KIOSK_DRIVER, "--demo", "--headless", "--state", state.string(),
                                    "--out", first_out.string()},
                                   first_out / "kiosk.log", env);
  ASSERT_TRUE(first.has_value());
  const int status = first->wait(std::chrono::seconds(240));
  ASSERT_TRUE(status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == signal)
      << "status " << status << "\n"
      << slurp(first_out / "kiosk.log");

  const auto dir = fresh_dir(name + "-scenario");
  const auto scenario =
      write_scenario(dir, {{"name", "the next start"}, {"steps", {{{"wait_ms", 2000}}}}});
  const auto run = run_kiosk(
      name + "-2", {"--demo", "--scenario", scenario.string(), "--state", state.string()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  const auto number = madoguchi::tests::sqlite_text(state / "outbox.sqlite",
                                                    "SELECT reception_number FROM applications");
  ASSERT_FALSE(number.empty());
  EXPECT_EQ(run.session["steps"][0]["screen"], "welcome");
  EXPECT_NE(run.session["steps"][0].value("notice", "").find(number), std::string::npos)
      << run.session.dump(2);
  EXPECT_EQ(madoguchi::tests::sqlite_text(state / "payments.sqlite", "SELECT state FROM payments"),
            "HandedToCounter");
  EXPECT_EQ(madoguchi::tests::sqlite_text(state / "services" / "ledger.sqlite",
                                          "SELECT count(*) FROM reversals"),
            "0")
      << "kept, not refunded";
  EXPECT_EQ(madoguchi::tests::sqlite_text(
                state / "outbox.sqlite",
                "SELECT count(*) FROM applications WHERE delivered_at IS NOT NULL"),
            "1")
      << "delivered to the back office on the next start";
  EXPECT_NE(run.log.find(number + "）は保存済み"), std::string::npos) << run.log;
}

TEST(KioskEndToEnd, AKioskKilledWhilePrintingKeepsThePaidApplicationForTheCounter) {
  kill_while_printing_then_start_again("killed-printing", SIGKILL);
}

TEST(KioskEndToEnd, AKioskCrashedBySigsegvWhilePrintingEndsNonZeroAndTheNextStartSettles) {
  kill_while_printing_then_start_again("segv-printing", SIGSEGV);
}

TEST(KioskEndToEnd, BrokenScenarioFailsWithTheReason) {
  const auto dir = fresh_dir("broken-scenario");
  const auto scenario =
      write_scenario(dir, {{"name", "no such button"}, {"steps", {{{"tap", "no-such-button"}}}}});
  const auto run = run_kiosk("broken", {"--scenario", scenario.string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.session["steps"][0]["error"].get<std::string>().find("no-such-button"),
            std::string::npos);
}

// ---- issue 20: submitting without paper ------------------------------------------------------

// 住民票の写し to the check screen, then 電子署名して送る and what follows (`after`).
nlohmann::json signing_scenario(const std::string& persona, const nlohmann::json& after) {
  auto scenario = madoguchi::tests::pay_scenario(persona, "take_card", "signed");
  scenario["steps"].erase(scenario["steps"].size() - 1);  // not 紙に印刷して出す
  scenario["steps"].push_back({{"tap", "hand_in:signed"}, {"wait_for", "sign_password"}});
  for (const auto& step : after) scenario["steps"].push_back(step);
  return scenario;
}

fs::path test_ca(const fs::path& dir) {
  const auto file = dir / "test-jpki-ca.pem";
  const std::string command = "'" + madoguchi::tests::virtual_card_program().string() +
                              "' --print-ca > '" + file.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return file;
}

// `openssl cms -verify` of a detached signature with the test CA: 0 when it accepts.
int openssl_verify(const fs::path& pdf, const fs::path& p7s, const fs::path& ca) {
  const std::string command = "openssl cms -verify -binary -inform DER -in '" + p7s.string() +
                              "' -content '" + pdf.string() + "' -CAfile '" + ca.string() +
                              "' -purpose any -out /dev/null 2>/dev/null";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string hex_to_bytes(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return bytes;
}

// Every file under `dir` whose bytes contain `secret`.
std::vector<fs::path> files_holding(const fs::path& dir, const std::string& secret) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && slurp(entry.path()).find(secret) != std::string::npos) {
      found.push_back(entry.path());
    }
  }
  return found;
}

TEST(KioskEndToEnd, ASignedJuminhyoReachesTheDirectoryDropAndOpensslAcceptsIt) {
  const auto run =
      run_kiosk("signed-demo", {"--demo", "--submit", "signed", "--persona",
                                (kSource / "tests/personas/yamada-taro.json").string()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  const auto drop = run.out / "state" / "back-office";
  const auto signatures = files_ending(drop, ".pdf.p7s");
  ASSERT_EQ(signatures.size(), 1U) << "one signed application in the back office's drop";
  const fs::path p7s = signatures[0];
  const fs::path pdf = p7s.parent_path() / p7s.stem();  // <id>.pdf beside <id>.pdf.p7s
  ASSERT_TRUE(fs::exists(pdf));
  const auto ca = test_ca(run.out);
  EXPECT_EQ(openssl_verify(pdf, p7s, ca), 0) << "openssl cms -verify refused the signed 住民票";
  // The drop's JSON names the signature; the paper never came out (no printer: the PDF files of
  // the run are the demo's own copies).
  const auto json = nlohmann::json::parse(slurp(drop / (pdf.stem().string() + ".json")));
  EXPECT_EQ(json.value("signature_file", ""), p7s.filename().string());

  // One changed byte of the PDF: refused.
  auto bytes = slurp(pdf);
  bytes[bytes.size() / 2] ^= 0x20;
  const auto tampered = run.out / "tampered.pdf";
  std::ofstream(tampered, std::ios::binary) << bytes;
  EXPECT_NE(openssl_verify(tampered, p7s, ca), 0) << "a tampered application must not verify";

  // The password was typed on the screen and sent to the card: never written anywhere.
  EXPECT_EQ(files_holding(run.out, "MADOGUCHI2026"), std::vector<fs::path>{});
  EXPECT_EQ(run.log.find("MADOGUCHI2026"), std::string::npos);
}

// A wrong password first (the tries left shown, the password in no file), then the right one:
// the signed application reaches the PostgreSQL inbox with its signature.
TEST(KioskEndToEnd, AfterAWrongPasswordTheSignedApplicationReachesThePostgresInbox) {
  auto server = madoguchi::tests::TestPostgres::start();
  ASSERT_TRUE(server.has_value()) << server.error();
  const auto conninfo = (*server)->create_database("signed");
  ASSERT_TRUE(conninfo.has_value()) << conninfo.error();
  ASSERT_TRUE(madoguchi::tests::sql_query(
      *conninfo, std::string(madoguchi::submission::PostgresInbox::schema_sql())));
  const auto persona = (kSource / "tests/personas/yamada-taro.json").string();
  const auto scenario = signing_scenario(
      persona, {{{"password", "WRONGPW99"}},
                {{"tap", "submit_password"}, {"wait_for", "sign_password"}, {"timeout_ms", 30000}},
                {{"password", "$SIGN_PASSWORD"}},
                {{"tap", "submit_password"}, {"wait_for", "take_card"}, {"timeout_ms", 60000}}});
  const auto run = run_kiosk(
      "signed-postgres",
      {"--demo", "--scenario", write_scenario(fresh_dir("signed-postgres-s"), scenario).string(),
       "--back-office", "postgres:" + *conninfo});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);

  bool told = false;
  for (const auto& step : run.session["steps"]) {
    if (step.value("screen", "") == "sign_password" &&
        step.value("notice", "").find("あと4回") != std::string::npos) {
      told = true;
    }
  }
  EXPECT_TRUE(told) << "the wrong password's notice names the 4 tries left\n"
                    << run.session.dump(2);
  for (const std::string password : {"WRONGPW99", "MADOGUCHI2026"}) {
    EXPECT_EQ(files_holding(run.out, password), std::vector<fs::path>{}) << password;
    EXPECT_EQ(run.log.find(password), std::string::npos) << password;
  }

  const auto rows = madoguchi::tests::sql_query(
      *conninfo,
      "SELECT encode(application_pdf, 'hex'), encode(application_signature, 'hex') "
      "FROM madoguchi_inbox");
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 1U);
  ASSERT_TRUE((*rows)[0][1].has_value()) << "the signature is stored with the application";
  const auto pdf = run.out / "inbox.pdf";
  const auto p7s = run.out / "inbox.pdf.p7s";
  std::ofstream(pdf, std::ios::binary) << hex_to_bytes((*rows)[0][0].value_or(""));
  std::ofstream(p7s, std::ios::binary) << hex_to_bytes((*rows)[0][1].value_or(""));
  EXPECT_EQ(openssl_verify(pdf, p7s, test_ca(run.out)), 0);
}

TEST(KioskEndToEnd, ACardWithOneSigningTryLeftIsNeverSignedWith) {
  const auto dir = fresh_dir("one-try-s");
  const auto persona = (kSource / "tests/personas/kato-sign-1try.json").string();
  auto scenario = madoguchi::tests::pay_scenario(persona, "take_card", "one try");
  scenario["steps"].erase(scenario["steps"].size() - 1);  // not 紙に印刷して出す
  scenario["steps"].push_back({{"tap", "hand_in:signed"}, {"wait_for", "check_answers"}});
  const auto run =
      run_kiosk("one-try", {"--demo", "--scenario", write_scenario(dir, scenario).string()});
  ASSERT_EQ(run.exit_code, 0) << run.log << run.session.dump(2);
  const auto& last = run.session["steps"].back();
  EXPECT_EQ(last.value("screen", ""), "check_answers") << "back to paper, unpaid";
  EXPECT_NE(last.value("notice", "").find("あと1回"), std::string::npos) << last.dump();
  for (const auto& step : run.session["steps"]) {
    EXPECT_NE(step.value("screen", ""), "sign_password") << "the keyboard never showed";
  }
  EXPECT_TRUE(!fs::exists(run.out / "state" / "back-office") ||
              files_ending(run.out / "state" / "back-office", ".pdf.p7s").empty());
}

}  // namespace
