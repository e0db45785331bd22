// The accessibility audit's measurements (tests/kiosk/driver/audit.hpp) on hand-made frames: they
// must find grey text on white, small text, small and crowded buttons, and text overflowing its
// box, or the audit of the real screens proves nothing.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <functional>
#include <string>

#include "audit/audit.hpp"
#include "screens/glyph_atlas.hpp"
#include "screens/widgets.hpp"

namespace madoguchi::kiosk::ui::audit {
namespace {

const ImVec2 kScreen(1920.0F, 1080.0F);

// A Dear ImGui context with Dear ImGui's own font (ProggyClean, 13 px) baked twice: at 13 px
// and at 40 px.
class DrawListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = kScreen;
    small_ = io.Fonts->AddFontDefault();
    ImFontConfig config;
    config.SizePixels = 40.0F;
    large_ = io.Fonts->AddFontDefault(&config);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  void TearDown() override { ImGui::DestroyContext(context_); }

  // One frame: `draw` fills a full-screen window's draw list.
  const ImDrawData& frame(const std::function<void(ImDrawList&)>& draw) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(kScreen);
    ImGui::Begin("test", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
    draw(*ImGui::GetWindowDrawList());
    ImGui::End();
    ImGui::Render();
    return *ImGui::GetDrawData();
  }

  FrameMetrics measure_frame(const ImDrawData& data, std::span<const ButtonRecord> buttons = {},
                             std::span<const TextRun> runs = {},
                             std::span<const PanelRecord> panels = {}) {
    return measure(data, *ImGui::GetIO().Fonts, buttons, runs, panels, kScreen);
  }

  static bool has(const FrameMetrics& m, const std::string& metric,
                  const std::string& detail = {}) {
    return std::any_of(m.findings.begin(), m.findings.end(), [&](const Finding& f) {
      return f.metric == metric && f.detail.find(detail) != std::string::npos;
    });
  }

  ImGuiContext* context_ = nullptr;
  ImFont* small_ = nullptr;
  ImFont* large_ = nullptr;
};

TEST(AuditColours, ContrastRatiosAreWcags) {
  EXPECT_NEAR(contrast_ratio(colour_of(IM_COL32(0, 0, 0, 255)), colour_of(IM_COL32_WHITE)), 21.0,
              1e-9);
  EXPECT_NEAR(contrast_ratio(colour_of(IM_COL32_WHITE), colour_of(IM_COL32_WHITE)), 1.0, 1e-9);
  // #767676 on white is the familiar 4.54:1 (the darkest grey that passes AA).
  EXPECT_NEAR(contrast_ratio(colour_of(IM_COL32(0x76, 0x76, 0x76, 255)), colour_of(IM_COL32_WHITE)),
              4.54, 0.01);
  // The kiosk's theme: white on its primary blue, and its muted text on white.
  EXPECT_GE(contrast_ratio(colour_of(Theme{}.primary_text), colour_of(Theme{}.primary)), 7.0);
  EXPECT_GE(contrast_ratio(colour_of(Theme{}.muted_text), colour_of(Theme{}.background)), 7.0);
  // Black at 50 % over white is mid grey.
  const Colour half = over(Colour{0, 0, 0, 0.5F}, Colour{1, 1, 1, 1});
  EXPECT_NEAR(half.r, 0.5F, 1e-6);
  EXPECT_EQ(hex(packed(half)), "#808080");
}

TEST_F(DrawListTest, GlyphQuadsAreKnownByTheirTextureCoordinates) {
  const ImDrawData& data = frame([&](ImDrawList& list) {
    list.AddRectFilled(ImVec2(0, 0), kScreen, IM_COL32_WHITE);
    list.AddText(large_, 40.0F, ImVec2(100, 100), IM_COL32(0, 0, 0, 255), "Hello");
    list.AddText(small_, 26.0F, ImVec2(100, 300), IM_COL32(0, 0, 0, 255), "ab");  // scaled ×2
  });
  const Geometry g = decompose(data, *ImGui::GetIO().Fonts);
  ASSERT_EQ(g.glyphs.size(), 7U);
  EXPECT_EQ(g.glyphs[0].codepoint, static_cast<unsigned>('H'));
  EXPECT_NEAR(g.glyphs[0].px, 40.0F, 0.5F);
  EXPECT_NEAR(g.glyphs[5].px, 26.0F, 0.5F);
  EXPECT_EQ(g.fills.size(), 2U);  // the white rectangle
}

TEST_F(DrawListTest, FindsGreyTextOnWhite) {
  const ImDrawData& data = frame([&](ImDrawList& list) {
    list.AddRectFilled(ImVec2(0, 0), kScreen, IM_COL32_WHITE);
    list.AddText(large_, 40.0F, ImVec2(100, 100), IM_COL32(0x1A, 0x1A, 0x1A, 255), "Dark");
    list.AddText(large_, 40.0F, ImVec2(100, 200), IM_COL32(0xBB, 0xBB, 0xBB, 255), "Grey");
  });
  const FrameMetrics m = measure_frame(data);
  EXPECT_NEAR(m.contrast, 1.92, 0.02);
  ASSERT_TRUE(has(m, "contrast", "#BBBBBB on #FFFFFF"));
  EXPECT_EQ(m.findings.size(), 1U);  // the dark line passes
}

TEST_F(DrawListTest, ComposesTranslucentOverlaysDrawnBeforeAndAfter) {
  // White text on a blue panel (8.2:1), under a dialog's 70 % dark overlay drawn afterwards.
  const ImDrawData& data = frame([&](ImDrawList& list) {
    list.AddRectFilled(ImVec2(0, 0), kScreen, IM_COL32_WHITE);
    list.AddRectFilled(ImVec2(50, 50), ImVec2(900, 400), IM_COL32(0x0B, 0x4F, 0x9C, 255));
    list.AddText(large_, 40.0F, ImVec2(100, 100), IM_COL32_WHITE, "On blue");
    list.AddRectFilled(ImVec2(0, 0), kScreen, IM_COL32(0x1A, 0x1A, 0x1A, 0xB0));
  });
  const FrameMetrics m = measure_frame(data);
  // Both the text and the panel are darkened: 8.2:1 falls to about 2.7:1.
  EXPECT_LT(m.contrast, 3.0);
  EXPECT_GT(m.contrast, 2.0);
  EXPECT_TRUE(has(m, "contrast"));

  // Text covered by an opaque panel drawn later is not seen at all.
  const ImDrawData& hidden = frame([&](ImDrawList& list) {
    list.AddRectFilled(ImVec2(0, 0), kScreen, IM_COL32_WHITE);
    list.AddText(large_, 40.0F, ImVec2(100, 100), IM_COL32(0xCC, 0xCC, 0xCC, 255), "Under");
    list.AddRectFilled(ImVec2(50, 50), ImVec2(900, 400), IM_COL32_WHITE);
  });
  const FrameMetrics h = measure_frame(hidden);
  EXPECT_EQ(h.glyphs_hidden, h.glyphs);
  EXPECT_FALSE(has(h, "contrast"));
}

TEST_F(DrawListTest, FindsSmallTextAndSmallFurigana) {
  const ImDrawData& data = frame([&](ImDrawList& list) {
    list.AddRectFilled(ImVec2(0, 0), kScreen, IM_COL32_WHITE);
    list.AddText(small_, 13.0F, ImVec2(100, 100), IM_COL32(0, 0, 0, 255), "tiny");
    list.AddText(large_, 40.0F, ImVec2(100, 200), IM_COL32(0, 0, 0, 255), "fine");
  });
  const FrameMetrics m = measure_frame(data);
  EXPECT_NEAR(m.text_px, 13.0, 0.5);
  EXPECT_TRUE(has(m, "text_size"));

  // The same 13 px text recorded as furigana is held to the ruby threshold (16 px)...
  const ImDrawList* list = data.CmdLists[0];
  TextRun ruby;
  ruby.text = "tiny";
  ruby.role = TextRole::Ruby;
  ruby.list = list;
  ruby.index_begin = 0;
  ruby.index_end = list->IdxBuffer.Size;
  ruby.box_min = ImVec2(0, 0);
  ruby.box_max = kScreen;
  ruby.laid_min = ImVec2(100, 100);
  ruby.laid_max = ImVec2(200, 120);
  const std::vector<TextRun> runs{ruby};
  const FrameMetrics r = measure_frame(data, {}, runs);
  EXPECT_TRUE(has(r, "ruby_size"));
  EXPECT_NEAR(r.ruby_px, 13.0, 0.5);
  // ... and 40 px headings break the heading threshold (48 px).
  TextRun heading = ruby;
  heading.role = TextRole::Heading;
  const std::vector<TextRun> headings{heading};
  EXPECT_TRUE(has(measure_frame(data, {}, headings), "heading_size"));
}

TEST_F(DrawListTest, FindsSmallAndCrowdedTargets) {
  const ImDrawData& data =
      frame([&](ImDrawList& list) { list.AddRectFilled(ImVec2(0, 0), kScreen, IM_COL32_WHITE); });
  const std::vector<ButtonRecord> buttons{
      {"ok", "OK", ImVec2(100, 100), ImVec2(300, 220)},
      {"small", "x", ImVec2(400, 100), ImVec2(460, 160)},      // 60 × 60
      {"close", "Close", ImVec2(304, 100), ImVec2(395, 220)},  // 4 px from "ok"
      {"under", "Under", ImVec2(200, 200), ImVec2(400, 320)},  // overlaps "ok"
  };
  const FrameMetrics m = measure_frame(data, buttons);
  EXPECT_EQ(m.targets, 4U);
  EXPECT_DOUBLE_EQ(m.target_px, 60.0);
  EXPECT_TRUE(has(m, "target_size", "60 × 60"));
  EXPECT_TRUE(has(m, "target_gap", "too close"));
  EXPECT_TRUE(has(m, "target_gap", "overlapping"));
  EXPECT_LT(m.target_gap_px, 0.0);
}

TEST_F(DrawListTest, FindsTextOverflowingItsButtonPanelScreenOrAnotherLine) {
  std::vector<int> marks;  // where each line's glyph quads begin and end in the index buffer
  const auto text = [&](ImDrawList& list, ImVec2 pos, const char* s) {
    marks.push_back(list.IdxBuffer.Size);
    list.AddText(large_, 40.0F, pos, IM_COL32(0, 0, 0, 255), s);
    marks.push_back(list.IdxBuffer.Size);
  };
  const ImDrawData& data = frame([&](ImDrawList& list) {
    list.AddRectFilled(ImVec2(0, 0), kScreen, IM_COL32_WHITE);
    text(list, ImVec2(110, 110), "Much too long a label");
    text(list, ImVec2(1800, 600), "Off screen");
    text(list, ImVec2(100, 800), "One line");
    text(list, ImVec2(120, 810), "over another");
  });
  const ImDrawList* list = data.CmdLists[0];
  const auto run = [&](std::size_t n, const char* s, ImVec2 box_min, ImVec2 box_max, int button) {
    TextRun r;
    r.text = s;
    r.role = button >= 0 ? TextRole::Label : TextRole::Body;
    r.list = list;
    r.index_begin = marks[2 * n];
    r.index_end = marks[2 * n + 1];
    r.button = button;
    r.box_min = box_min;
    r.box_max = box_max;
    r.laid_min = box_min;
    r.laid_max = box_min;
    return r;
  };
  std::vector<TextRun> runs{
      run(0, "Much too long a label", ImVec2(124, 108), ImVec2(376, 212), 0),
      run(1, "Off screen", ImVec2(1800, 600), kScreen, -1),
      run(2, "One line", ImVec2(100, 800), kScreen, -1),
      run(3, "over another", ImVec2(120, 810), kScreen, -1),
  };
  // A line laid out below the screen, which Dear ImGui does not even draw.
  TextRun below = run(3, "Below", ImVec2(100, 1100), kScreen, -1);
  below.index_begin = below.index_end = list->IdxBuffer.Size;
  below.laid_max = ImVec2(200, 1140);
  runs.push_back(below);
  const std::vector<ButtonRecord> buttons{
      {"label", "Much too long a label", ImVec2(100, 100), ImVec2(400, 220)}};
  const FrameMetrics m = measure_frame(data, buttons, runs);
  EXPECT_TRUE(has(m, "overflow", "outside its button label"));
  EXPECT_TRUE(has(m, "overflow", "off the screen"));
  EXPECT_TRUE(has(m, "overflow", "overlaps the line \"One line\""));
  EXPECT_TRUE(has(m, "overflow", "1 lines laid out beyond the screen"));
  EXPECT_GE(m.overflows, 4U);

  // Text that starts in a panel (a notice) must end in it.
  const std::vector<PanelRecord> panels{{ImVec2(90, 790), ImVec2(300, 860)}};
  EXPECT_TRUE(has(measure_frame(data, buttons, runs, panels), "overflow", "outside its panel"));
}

// The kiosk's own widgets, with the kiosk's font: a label too long for its button is found,
// and one that fits is not.
TEST(AuditUi, FindsALabelTooLongForItsButton) {
  ImGuiContext* context = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = kScreen;
  GlyphAtlas atlas(MADOGUCHI_FONT);
  ASSERT_TRUE(atlas.rebuild());
  Ui ui(atlas, kScreen);
  ui.record_text(true);
  FrameMetrics m;
  for (int attempt = 0; attempt < 3; ++attempt) {  // the second frame has every glyph
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(kScreen);
    ImGui::Begin("kiosk", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
    ui.begin_frame();
    ui.rect(ImVec2(0, 0), kScreen, ui.theme().background);
    ui.button("fits", "次へ", ImVec2(100, 100), ImVec2(440, 120), ButtonStyle::Primary);
    ui.button("squeezed", "手続きを終わる", ImVec2(100, 300), ImVec2(200, 100),
              ButtonStyle::Secondary, "ほかの手続きはしません");
    ImGui::End();
    ImGui::Render();
    m = measure(*ImGui::GetDrawData(), *io.Fonts, ui.buttons(), ui.text_runs(), ui.panels(),
                kScreen);
    if (!atlas.needs_rebuild()) break;
    ASSERT_TRUE(atlas.rebuild());
  }
  EXPECT_EQ(m.glyphs_without_line, 0U);
  const auto found = [&](const std::string& detail) {
    return std::any_of(m.findings.begin(), m.findings.end(),
                       [&](const Finding& f) { return f.detail == detail; });
  };
  EXPECT_TRUE(found("outside its button squeezed"));
  EXPECT_FALSE(found("outside its button fits"));
  EXPECT_GE(m.text_px, 32.0);
  ImGui::DestroyContext(context);
}

// Plain text (notices, sentences under a heading) never ends with a line of one or two
// characters: 「…印刷されま／す。」 becomes two lines of about equal length, kinsoku kept.
TEST(WrapJapanese, NoParagraphEndsWithALineOfTwoCharacters) {
  ImGuiContext* context = ImGui::CreateContext();
  const std::string sentence =
      "プリンターの用紙がありません。係員をお呼びください。係員が直すと、続きが自動で印刷されます"
      "。";
  ImFontGlyphRangesBuilder builder;
  builder.AddText(sentence.c_str());
  ImVector<ImWchar> ranges;
  builder.BuildRanges(&ranges);
  ImFont* font =
      ImGui::GetIO().Fonts->AddFontFromFileTTF(MADOGUCHI_FONT, 32.0F, nullptr, ranges.Data);
  ASSERT_NE(font, nullptr);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  // Just wide enough for all but 「す。」.
  const std::string but_two = sentence.substr(0, sentence.size() - 6);
  const float width = font->CalcTextSizeA(32.0F, FLT_MAX, 0.0F, but_two.c_str()).x + 1.0F;
  const auto lines = wrap_japanese(font, sentence, width);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_GE(lines[1].size(), 3u * 3u) << "at least three characters: " << lines[1];
  EXPECT_EQ(lines[0] + lines[1], sentence) << "nothing lost or added";
  EXPECT_FALSE(lines[1].starts_with("。") || lines[1].starts_with("、")) << lines[1];
  ImGui::DestroyContext(context);
}

}  // namespace
}  // namespace madoguchi::kiosk::ui::audit
