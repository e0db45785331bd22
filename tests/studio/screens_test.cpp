// The キオスクの画面 tab's work: the open procedure's screens drawn by the kiosk's own code in a
// child (madoguchi-studio --screens) from the text staff are editing, not the saved file; the
// frames that break a threshold found and shown; after a change the screens drawn again.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "screens_run.hpp"
#include "studio_app.hpp"

namespace {

namespace fs = std::filesystem;
using namespace madoguchi;
const fs::path kSource = MADOGUCHI_SOURCE_DIR;

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// 住民票's text with the help of its first question (何通) thirty times as long: the screen's
// buttons end up below the bottom edge. The procedure check accepts it (no limit on help);
// only the screens show it.
std::string with_long_help(const std::string& text) {
  auto json = nlohmann::ordered_json::parse(text);
  std::string help;
  for (int i = 0; i < 30; ++i) help += "出す先（会社や役所など）の数だけ必要です。";
  json["questions"][0]["help"]["ja"] = help;
  return json.dump(2) + "\n";
}

class StudioScreens : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("madoguchi-studio-screens-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy(kSource / "forms/catalog", dir_ / "catalog");
    saved_ = read_text(dir_ / "catalog/juminhyo.json");
  }
  void TearDown() override { fs::remove_all(dir_); }

  studio::ScreensRequest request(std::string text) const {
    studio::ScreensRequest r;
    r.catalog = dir_ / "catalog";
    r.procedure = "juminhyo";
    r.text = std::move(text);
    r.samples = kSource / "assets/samples";
    r.language = "ja";
    r.views = "normal";
    return r;
  }

  static studio::ScreensRun::State finish(studio::ScreensRun& run) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    while (run.poll() == studio::ScreensRun::State::Running &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return run.state();
  }

  fs::path dir_;
  std::string saved_;
};

TEST_F(StudioScreens, TheEditedTextIsDrawnAndItsFailingScreenFound) {
  studio::ScreensRun run(STUDIO_BINARY);
  ASSERT_TRUE(run.start(request(with_long_help(saved_)))) << run.problem();
  ASSERT_EQ(finish(run), studio::ScreensRun::State::Done) << run.problem();
  const auto& report = run.report();
  EXPECT_GT(report.frames, 20u);
  EXPECT_TRUE(report.walk_errors.empty()) << report.walk_errors.front();
  ASSERT_EQ(report.failing, 1u);
  const auto failing = std::find_if(report.shown.begin(), report.shown.end(),
                                    [](const auto& frame) { return frame.failing(); });
  ASSERT_NE(failing, report.shown.end());
  EXPECT_EQ(failing->screen, "question");
  EXPECT_TRUE(failing->variant.starts_with("copies-")) << failing->variant;
  bool off_screen = false;
  for (const auto& f : failing->findings) off_screen |= f.metric == "overflow";
  EXPECT_TRUE(off_screen);
  // Every frame shown has its thumbnail, a quarter of the kiosk's 1920 × 1080.
  for (const auto& frame : report.shown) {
    EXPECT_EQ(frame.thumbnail.width, 480) << frame.id;
    EXPECT_EQ(frame.thumbnail.height, 270) << frame.id;
    EXPECT_EQ(frame.thumbnail.rgba.size(), 480u * 270u * 4u) << frame.id;
  }
  // The saved file is as it was; the run worked on its own copy.
  EXPECT_TRUE(read_text(dir_ / "catalog/juminhyo.json") == saved_);

  // The saved text again: every screen passes.
  ASSERT_TRUE(run.start(request(saved_))) << run.problem();
  ASSERT_EQ(finish(run), studio::ScreensRun::State::Done) << run.problem();
  EXPECT_EQ(run.report().failing, 0u);
  EXPECT_TRUE(run.drawn().text == saved_);
}

TEST_F(StudioScreens, ATextTheKioskCannotReadIsNamedAndNothingIsLeftBehind) {
  fs::path folder;
  {
    studio::ScreensRun run(STUDIO_BINARY);
    std::string broken = saved_;
    broken.replace(broken.find("\"title\""), 7, "\"titel\"");
    ASSERT_TRUE(run.start(request(broken))) << run.problem();
    ASSERT_EQ(finish(run), studio::ScreensRun::State::Failed);
    EXPECT_NE(run.problem().find("juminhyo.json"), std::string::npos) << run.problem();
    EXPECT_NE(run.problem().find("titel"), std::string::npos) << run.problem();
    folder = run.out().parent_path();
    EXPECT_TRUE(fs::exists(folder));
  }
  EXPECT_FALSE(fs::exists(folder)) << folder;  // the working folder goes with the run
}

// The window: 「キオスクの画面で見る」 on a question opens the tab, draws the screens and shows
// that question's screen large with its findings; a change while the tab shows draws them again.
TEST_F(StudioScreens, TheWindowShowsTheQuestionsScreenAndDrawsAgainAfterAChange) {
  ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
  ::setenv("SDL_RENDER_DRIVER", "software", 1);
  std::ofstream(dir_ / "catalog/juminhyo.json", std::ios::binary | std::ios::trunc)
      << with_long_help(saved_);
  studio::StudioOptions options;
  options.catalog = dir_ / "catalog";
  options.samples = kSource / "assets/samples";
  options.golden = dir_ / "golden";
  options.office = dir_ / "office.json";
  options.font = MADOGUCHI_FONT;
  options.font_bold = MADOGUCHI_FONT_BOLD;
  options.procedure = "juminhyo";
  options.program = STUDIO_BINARY;
  auto app = studio::StudioApp::create(options);
  ASSERT_TRUE(app.has_value()) << app.error();
  auto& state = (*app)->state();
  (*app)->frame();
  studio::show_question_screen(state, "honseki");
  const auto frames_until_drawn = [&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    do {
      (*app)->frame();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (state.screens.run->state() == studio::ScreensRun::State::Running &&
             std::chrono::steady_clock::now() < deadline);
    for (int i = 0; i < 3; ++i) (*app)->frame();
  };
  frames_until_drawn();
  ASSERT_EQ(state.screens.run->state(), studio::ScreensRun::State::Done)
      << state.screens.run->problem();
  const auto& shown = state.screens.run->report().shown;
  ASSERT_FALSE(shown.empty());
  EXPECT_EQ(state.screens.thumbnails.size(), shown.size());
  for (void* picture : state.screens.thumbnails) EXPECT_NE(picture, nullptr);
  ASSERT_GE(state.screens.selected, 0);
  EXPECT_EQ(shown[static_cast<std::size_t>(state.screens.selected)].variant, "honseki-yes_no");
  EXPECT_EQ(state.screens.large_of, state.screens.selected);
  EXPECT_NE(state.screens.large, nullptr);
  EXPECT_EQ(state.screens.run->report().failing, 1u);

  // The help made short again, in the window: the tab shows, so the screens are drawn again.
  auto json = nlohmann::ordered_json::parse(state.open->text());
  json["questions"][0]["help"]["ja"] = "出す先の数だけ必要です。";
  studio::apply_edit(state, json.dump(2) + "\n");
  frames_until_drawn();
  ASSERT_EQ(state.screens.run->state(), studio::ScreensRun::State::Done)
      << state.screens.run->problem();
  EXPECT_TRUE(state.screens.run->drawn().text == state.open->text());
  EXPECT_EQ(state.screens.run->report().failing, 0u);
  EXPECT_EQ(state.screens.thumbnails.size(), state.screens.run->report().shown.size());
}

}  // namespace
