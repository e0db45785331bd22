// Where a frame differs from the one before (frame_damage.hpp), from Dear ImGui's draw data:
// nothing when nothing changed, only the shapes that changed, a shape inserted without the
// ones after it, the whole screen at first; the rectangles merged from the boxes; the group of
// boxes under a finger.
#include "screens/frame_damage.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <functional>
#include <vector>

namespace madoguchi::kiosk::ui {
namespace {

constexpr int kScreenW = 1920;
constexpr int kScreenH = 1080;

class FrameDamageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(kScreenW, kScreenH);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
  }
  void TearDown() override { ImGui::DestroyContext(context_); }

  // The boxes FrameDamage gives for a frame drawn by `draw`.
  std::vector<PixelRect> frame(const std::function<void(ImDrawList&)>& draw) {
    ImGui::NewFrame();
    draw(*ImGui::GetForegroundDrawList());
    ImGui::Render();
    return damage_.next(*ImGui::GetDrawData(), kScreenW, kScreenH);
  }

  static PixelRect around(const std::vector<PixelRect>& boxes) {
    PixelRect all;
    for (const auto& box : boxes) all = bounding(all, box);
    return all;
  }

  FrameDamage damage_;
  ImGuiContext* context_ = nullptr;
};

void buttons(ImDrawList& list, ImU32 second_colour) {
  list.AddRectFilled(ImVec2(100, 100), ImVec2(400, 200), IM_COL32(20, 60, 120, 255), 10.0F);
  list.AddRectFilled(ImVec2(100, 300), ImVec2(400, 400), second_colour, 10.0F);
  list.AddRectFilled(ImVec2(1000, 700), ImVec2(1300, 800), IM_COL32(20, 60, 120, 255), 10.0F);
}

TEST_F(FrameDamageTest, TheFirstFrameIsWholeAndAnUnchangedOneIsNothing) {
  const auto first = frame([](ImDrawList& l) { buttons(l, IM_COL32(20, 60, 120, 255)); });
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first.front(), (PixelRect{0, 0, kScreenW, kScreenH}));
  EXPECT_TRUE(frame([](ImDrawList& l) { buttons(l, IM_COL32(20, 60, 120, 255)); }).empty());
  damage_.forget();
  EXPECT_EQ(frame([](ImDrawList& l) { buttons(l, IM_COL32(20, 60, 120, 255)); }).size(), 1u)
      << "after forget(), whole again";
}

TEST_F(FrameDamageTest, OnlyTheShapeThatChangedIsDamaged) {
  frame([](ImDrawList& l) { buttons(l, IM_COL32(20, 60, 120, 255)); });
  const auto pressed = frame([](ImDrawList& l) { buttons(l, IM_COL32(200, 60, 20, 255)); });
  ASSERT_FALSE(pressed.empty());
  const PixelRect all = around(pressed);
  // The second button, give or take the pixel around each triangle.
  EXPECT_GE(all.x0, 98);
  EXPECT_GE(all.y0, 298);
  EXPECT_LE(all.x1, 402);
  EXPECT_LE(all.y1, 402);
  EXPECT_LE(all.x0, 100);
  EXPECT_GE(all.x1, 400);
}

TEST_F(FrameDamageTest, AShapeInsertedDamagesItselfNotTheShapesAfterIt) {
  frame([](ImDrawList& l) { buttons(l, IM_COL32(20, 60, 120, 255)); });
  const auto boxes = frame([](ImDrawList& l) {
    l.AddRectFilled(ImVec2(100, 100), ImVec2(400, 200), IM_COL32(20, 60, 120, 255), 10.0F);
    l.AddRectFilled(ImVec2(600, 500), ImVec2(700, 560), IM_COL32(0, 0, 0, 255));  // new
    l.AddRectFilled(ImVec2(100, 300), ImVec2(400, 400), IM_COL32(20, 60, 120, 255), 10.0F);
    l.AddRectFilled(ImVec2(1000, 700), ImVec2(1300, 800), IM_COL32(20, 60, 120, 255), 10.0F);
  });
  const PixelRect all = around(boxes);
  EXPECT_EQ(all, (PixelRect{599, 499, 701, 561}));
}

TEST_F(FrameDamageTest, TwoShapesSwappedInDrawingOrderAreBothDamaged) {
  // The same triangles in another order: where they overlap, the other one is on top now.
  const auto red = IM_COL32(200, 0, 0, 255);
  const auto blue = IM_COL32(0, 0, 200, 255);
  frame([&](ImDrawList& l) {
    l.AddRectFilled(ImVec2(100, 100), ImVec2(300, 300), red);
    l.AddRectFilled(ImVec2(200, 200), ImVec2(400, 400), blue);
  });
  const auto boxes = frame([&](ImDrawList& l) {
    l.AddRectFilled(ImVec2(200, 200), ImVec2(400, 400), blue);
    l.AddRectFilled(ImVec2(100, 100), ImVec2(300, 300), red);
  });
  const PixelRect all = around(boxes);
  EXPECT_LE(all.x0, 200);
  EXPECT_LE(all.y0, 200);
  EXPECT_GE(all.x1, 300);
  EXPECT_GE(all.y1, 300) << "the overlap, where the order shows";
}

TEST_F(FrameDamageTest, ANewScreenBeyondTheEditLimitDamagesAllBetweenItsFirstAndLastChange) {
  frame([](ImDrawList& l) {
    for (int i = 0; i < 600; ++i) {
      l.AddRectFilled(
          ImVec2(static_cast<float>(i % 30) * 60, static_cast<float>(i / 30) * 50),
          ImVec2(static_cast<float>(i % 30) * 60 + 50, static_cast<float>(i / 30) * 50 + 40),
          IM_COL32(0, 0, 0, 255));
    }
  });
  const auto boxes = frame([](ImDrawList& l) {
    for (int i = 0; i < 600; ++i) {
      l.AddRectFilled(
          ImVec2(static_cast<float>(i % 30) * 60, static_cast<float>(i / 30) * 50),
          ImVec2(static_cast<float>(i % 30) * 60 + 50, static_cast<float>(i / 30) * 50 + 40),
          IM_COL32(255, 0, 0, 255));
    }
  });
  const PixelRect all = around(boxes);
  EXPECT_LE(all.x0, 0);
  EXPECT_LE(all.y0, 0);
  EXPECT_GE(all.x1, 29 * 60 + 50);
  EXPECT_GE(all.y1, 19 * 50 + 40);
}

TEST(MergedRects, NearBoxesBecomeOneFarOnesStayAndTheCountIsCapped) {
  const auto near = merged({{0, 0, 10, 10}, {20, 0, 30, 10}}, 16, 8);
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(near.front(), (PixelRect{0, 0, 30, 10}));
  EXPECT_EQ(merged({{0, 0, 10, 10}, {100, 0, 110, 10}}, 16, 8).size(), 2u);
  std::vector<PixelRect> many;
  for (int i = 0; i < 20; ++i) many.push_back({i * 100, 0, i * 100 + 10, 10});
  const auto capped = merged(many, 16, 8);
  ASSERT_EQ(capped.size(), 8u);
  long covered = 0;
  for (const auto& box : many) {
    for (const auto& rect : capped) {
      if (intersection(rect, box) == box) {
        ++covered;
        break;
      }
    }
  }
  EXPECT_EQ(covered, 20) << "every box inside a rectangle";
  EXPECT_TRUE(merged({{5, 5, 5, 9}}, 16, 8).empty()) << "an empty box paints nothing";
}

TEST(TouchingGroup, TheBoxesThroughTheOneUnderTheFingerAndNoMore) {
  const std::vector<PixelRect> boxes = {
      {100, 100, 400, 200},  // a button
      {150, 130, 180, 170},  // its label
      {390, 180, 420, 205},  // something overlapping its corner
      {100, 210, 400, 310},  // the next button, 10 px below: apart
  };
  EXPECT_EQ(touching_group(boxes, 160.0F, 150.0F), (PixelRect{100, 100, 420, 205}));
  EXPECT_TRUE(touching_group(boxes, 1000.0F, 1000.0F).empty());
}

}  // namespace
}  // namespace madoguchi::kiosk::ui
