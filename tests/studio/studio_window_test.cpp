// The studio's window as staff use it, end to end: the real madoguchi-studio on an X server of
// the test's own (Xvfb), driven with real pointer and key events (xdotool, through XTEST). The
// member of staff drags 住民票's card.name box 5 mm down and saves; the kiosk's printed PDF then
// has the name 5 mm lower (pdftotext -bbox), the file still passes the check and differs on that
// one line; undo and save again give the file back byte for byte.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <thread>
#include <variant>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/paper/form_document.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "pdf_tools.hpp"
#include "sample_answers.hpp"
#include "sample_resident.hpp"
#include "screens/png_file.hpp"
#include "support/test_folder.hpp"
#include "support/virtual_display.hpp"

namespace madoguchi::studio {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using tests::ScreenImage;
using tests::VirtualDisplay;
using tests::WindowGeometry;

const fs::path kSource = MADOGUCHI_SOURCE_DIR;
constexpr double kPointsPerMm = 72.0 / 25.4;

// Where the page is on the screen: the first column of paper right of the grey around it, on the
// window's middle row, and from there up and down the paper's left margin (no ink there).
struct PageOnScreen {
  int left = 0, top = 0, bottom = 0;
  double pixels_per_mm = 0;
};

bool grey_around_paper(const std::uint8_t* p) {
  return std::abs(p[0] - 128) <= 6 && std::abs(p[1] - 128) <= 6 && std::abs(p[2] - 128) <= 6;
}
bool paper(const std::uint8_t* p) { return p[0] > 160 && p[1] > 160 && p[2] > 160; }

std::optional<PageOnScreen> find_page(const ScreenImage& screen, const WindowGeometry& window,
                                      double page_height_mm) {
  const int y = window.y + window.height / 2;
  for (int x = window.x + 1; x < window.x + window.width - 4; ++x) {
    // The sheet's first column may be blended with the grey by the renderer's filtering.
    if (!grey_around_paper(screen.at(x - 1, y))) continue;
    if (!paper(screen.at(x, y)) &&
        !(paper(screen.at(x + 1, y)) && !grey_around_paper(screen.at(x, y)))) {
      continue;
    }
    PageOnScreen page;
    page.left = x;
    page.top = y;
    while (page.top > 0 && paper(screen.at(x + 3, page.top - 1))) --page.top;
    page.bottom = y;
    while (page.bottom + 1 < screen.height && paper(screen.at(x + 3, page.bottom + 1))) {
      ++page.bottom;
    }
    page.pixels_per_mm = (page.bottom - page.top + 1) / page_height_mm;
    // The sheet fills most of the window's height; a light patch elsewhere does not.
    if (page.bottom - page.top > window.height / 2) return page;
  }
  return std::nullopt;
}

std::string read_text(const fs::path& file) { return tests::read_file(file); }

bool wait_for_file(const fs::path& file, const std::string& not_this, std::chrono::seconds timeout,
                   std::string& now) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    now = read_text(file);
    if (now != not_this) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

const forms::BoundText* bound_text(const forms::Procedure& procedure, const std::string& field) {
  for (const auto& item : procedure.layout.pages.front().items) {
    if (const auto* text = std::get_if<forms::BoundText>(&item); text && text->field_id == field) {
      return text;
    }
  }
  return nullptr;
}

// The top of the word `word` on page 1 of the PDF the kiosk prints for this procedure file and
// resident, in points from the page's top.
std::optional<double> printed_word_top(const fs::path& procedure_file, const fs::path& persona,
                                       const std::string& word) {
  const auto procedure = forms::load_procedure(procedure_file);
  if (!procedure) return std::nullopt;
  auto resident = read_sample_resident(persona);
  if (!resident) return std::nullopt;
  const auto form = forms::fill_form(*procedure, *resident, sample_answers(*procedure), "0001",
                                     std::chrono::system_clock::now());
  resident->wipe();
  if (!form) return std::nullopt;
  auto renderer = printer::PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  if (!renderer) return std::nullopt;
  const auto pdf = renderer->render(paper::to_document(*form));
  if (!pdf) return std::nullopt;
  for (const auto& found : tests::pdf_words(*pdf)) {
    if (found.text == word) return found.y_min;
  }
  return std::nullopt;
}

class StudioWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = tests::make_test_folder("studio-window");
    fs::copy(kSource / "forms/catalog", folder_ / "catalog");
    std::string problem;
    display_ = VirtualDisplay::start(folder_, problem);
    ASSERT_TRUE(display_.has_value()) << problem;
  }

  void TearDown() override {
    studio_.stop(std::chrono::milliseconds(2000));
    display_.reset();
    tests::remove_test_folder(folder_);
  }

  void start_studio(const std::string& procedure) {
    auto started =
        kiosk::ChildProcess::start({STUDIO_BINARY, "--catalog", (folder_ / "catalog").string(),
                                    "--samples", (kSource / "assets/samples").string(), "--golden",
                                    (folder_ / "golden").string(), "--procedure", procedure},
                                   folder_ / "studio.log", {display_->environment()});
    ASSERT_TRUE(started.has_value()) << started.error();
    studio_ = std::move(*started);
  }

  // The window and the page in it, once drawn.
  void wait_for_page(double page_height_mm) {
    const auto window = display_->wait_for_window("Madoguchi Studio", 20s);
    ASSERT_TRUE(window.has_value()) << "no studio window (" << (folder_ / "studio.log") << ")";
    window_ = *window;
    // The same place on two looks 300 ms apart: the framebuffer file is read while the X server
    // may be writing a frame into it, and the first frames are still settling.
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    std::optional<PageOnScreen> last;
    while (std::chrono::steady_clock::now() < deadline) {
      if (const auto screen = display_->screen()) {
        page_ = find_page(*screen, window_, page_height_mm);
        if (page_ && last && page_->left == last->left && page_->top == last->top &&
            page_->bottom == last->bottom) {
          return;
        }
        last = page_;
      }
      std::this_thread::sleep_for(300ms);
    }
    FAIL() << "the page never showed in the studio's window";
  }

  // Keeps what the window shows when MADOGUCHI_SCREENSHOTS names a folder (the README's).
  void keep_screenshot(const std::string& name) {
    const char* keep = std::getenv("MADOGUCHI_SCREENSHOTS");
    if (keep == nullptr) return;
    const auto screen = display_->screen();
    ASSERT_TRUE(screen.has_value());
    std::vector<unsigned char> rgb;
    for (int y = window_.y; y < window_.y + window_.height; ++y) {
      const auto* row = screen->at(window_.x, y);
      rgb.insert(rgb.end(), row, row + static_cast<std::size_t>(window_.width) * 3);
    }
    EXPECT_TRUE(kiosk::ui::write_png(fs::path(keep) / name, window_.width, window_.height, rgb));
  }

  bool xdotool(const std::vector<std::string>& arguments) {
    return display_->xdotool(arguments).has_value();
  }

  fs::path folder_;
  std::optional<VirtualDisplay> display_;
  kiosk::ChildProcess studio_;
  WindowGeometry window_;
  std::optional<PageOnScreen> page_;
};

TEST_F(StudioWindowTest, DraggingTheNameFiveMillimetresDownMovesItOnThePrintedForm) {
  const fs::path file = folder_ / "catalog/juminhyo.json";
  const auto procedure = forms::load_procedure(file);
  ASSERT_TRUE(procedure.has_value()) << procedure.error().to_string();
  const auto* name = bound_text(*procedure, "card.name");
  ASSERT_NE(name, nullptr);
  const std::string before = read_text(file);
  const fs::path persona = kSource / "tests/personas/yamada-taro.json";
  const auto name_top_before = printed_word_top(file, persona, "山田");
  ASSERT_TRUE(name_top_before.has_value());

  start_studio("juminhyo");
  wait_for_page(procedure->layout.height_mm);
  const double k = page_->pixels_per_mm;
  const int x =
      page_->left + static_cast<int>(std::lround((name->box.x_mm + name->box.w_mm / 2) * k));
  const int y =
      page_->top + static_cast<int>(std::lround((name->box.y_mm + name->box.h_mm / 2) * k));
  const int down = static_cast<int>(std::lround(5.0 * k));
  // Pick the box up, move it down in small steps as a hand does, let go.
  std::vector<std::string> drag{
      "mousemove", std::to_string(x), std::to_string(y), "sleep", "0.3", "mousedown", "1", "sleep",
      "0.2"};
  for (int step = 1; step <= 5; ++step) {
    drag.insert(drag.end(), {"mousemove", std::to_string(x), std::to_string(y + down * step / 5),
                             "sleep", "0.1"});
  }
  drag.insert(drag.end(), {"sleep", "0.2"});
  ASSERT_TRUE(xdotool(drag));
  keep_screenshot("studio-drag.png");
  ASSERT_TRUE(xdotool({"mouseup", "1", "sleep", "0.5", "key", "ctrl+s", "sleep", "0.5"}));
  keep_screenshot("studio-save.png");
  ASSERT_TRUE(xdotool({"key", "Return"}));

  std::string after;
  ASSERT_TRUE(wait_for_file(file, before, 10s, after)) << "the studio did not save";
  // One line changed: card.name's, its y 5 mm larger; the rest of the file as the town wrote it.
  const auto moved = forms::load_procedure(file);
  ASSERT_TRUE(moved.has_value()) << moved.error().to_string();
  const auto* moved_name = bound_text(*moved, "card.name");
  ASSERT_NE(moved_name, nullptr);
  EXPECT_DOUBLE_EQ(moved_name->box.y_mm, name->box.y_mm + 5.0);
  EXPECT_DOUBLE_EQ(moved_name->box.x_mm, name->box.x_mm);
  int changed_lines = 0;
  std::string changed;
  std::istringstream a(before), b(after);
  for (std::string la, lb; std::getline(a, la) && std::getline(b, lb);) {
    if (la != lb) changed += lb + "\n";
    changed_lines += la != lb;
  }
  EXPECT_EQ(changed_lines, 1) << changed;
  EXPECT_NE(changed.find("card.name"), std::string::npos) << changed;
  EXPECT_TRUE(forms::lint_procedure_file(file).empty());

  // The kiosk's printed form: the name's ink 5 mm lower.
  const auto name_top_after = printed_word_top(file, persona, "山田");
  ASSERT_TRUE(name_top_after.has_value());
  EXPECT_NEAR(*name_top_after - *name_top_before, 5.0 * kPointsPerMm, 0.3);

  // Undo, save again: the file as it was, byte for byte.
  ASSERT_TRUE(
      xdotool({"key", "ctrl+z", "sleep", "0.5", "key", "ctrl+s", "sleep", "0.5", "key", "Return"}));
  std::string undone;
  ASSERT_TRUE(wait_for_file(file, after, 10s, undone)) << "the studio did not save the undo";
  EXPECT_EQ(undone, before);
}

}  // namespace
}  // namespace madoguchi::studio
