// Saving a moved box (studio/layout_edit.hpp): the file changes on the moved item's line only,
// still loads and lints clean, the box is where it was moved to, and moving it back gives the
// file back byte for byte.
#include "layout_edit.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <variant>

#include <nlohmann/json.hpp>

#include "arrange.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::studio {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = MADOGUCHI_SOURCE_DIR;

std::string slurp(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The box of the bound field `id` in the first page of the layout.
const forms::BoundText* bound_text(const forms::Procedure& procedure, const std::string& id) {
  for (const auto& item : procedure.layout.pages.at(0).items) {
    if (const auto* text = std::get_if<forms::BoundText>(&item); text && text->field_id == id) {
      return text;
    }
  }
  return nullptr;
}

TEST(LayoutEdit, MovingTheNameChangesItsLineOnlyAndMovingItBackRestoresTheFile) {
  const std::string original = slurp(kSource / "forms/catalog/juminhyo.json");
  const auto before = forms::parse_procedure(original, "juminhyo.json");
  ASSERT_TRUE(before.has_value());
  const auto* name = bound_text(*before, "card.name");
  ASSERT_NE(name, nullptr);
  // Where it is in the file: the item whose "bind" is card.name.
  std::string pointer;
  for (std::size_t i = 0; i < before->layout.pages[0].items.size(); ++i) {
    const auto* text = std::get_if<forms::BoundText>(&before->layout.pages[0].items[i]);
    if (text != nullptr && text->field_id == "card.name") {
      pointer = before->layout.pages[0].items_pointer + "/" + std::to_string(i);
    }
  }
  ASSERT_FALSE(pointer.empty());

  const auto moved = move_item(original, pointer, 0, 5);
  ASSERT_TRUE(moved.has_value()) << moved.error();
  const auto old_lines = lines_of(original);
  const auto new_lines = lines_of(*moved);
  ASSERT_EQ(old_lines.size(), new_lines.size());
  int changed = 0;
  for (std::size_t i = 0; i < old_lines.size(); ++i) {
    if (old_lines[i] == new_lines[i]) continue;
    ++changed;
    EXPECT_NE(new_lines[i].find(R"("bind": "card.name", "x": 64, "y": 65, "w": 62, "h": 12)"),
              std::string::npos)
        << new_lines[i];
  }
  EXPECT_EQ(changed, 1);

  EXPECT_TRUE(forms::lint_procedure(*moved, "juminhyo.json").empty());
  const auto after = forms::parse_procedure(*moved, "juminhyo.json");
  ASSERT_TRUE(after.has_value()) << after.error().to_string();
  EXPECT_DOUBLE_EQ(bound_text(*after, "card.name")->box.y_mm, name->box.y_mm + 5);

  const auto back = move_item(*moved, pointer, 0, -5);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, original);
}

TEST(LayoutEdit, HalfMillimetresAndLinesAndMistakes) {
  const std::string json =
      R"({"layout": {"items": [{"type": "line", "x1": 10, "y1": 20, "x2": 30, "y2": 20},)"
      "\n"
      R"( {"type": "text", "x": 1.5, "y": 2, "w": 3, "h": 4, "text": "a\"b/c"}]}})";
  const auto line = move_item(json, "/layout/items/0", 0.5, -0.5);
  ASSERT_TRUE(line.has_value()) << line.error();
  EXPECT_NE(line->find(R"({"type": "line", "x1": 10.5, "y1": 19.5, "x2": 30.5, "y2": 19.5})"),
            std::string::npos)
      << *line;
  const auto text = move_item(json, "/layout/items/1", 0.5, 0);
  ASSERT_TRUE(text.has_value());
  EXPECT_NE(text->find(R"({"type": "text", "x": 2, "y": 2, "w": 3, "h": 4, "text": "a\"b/c"})"),
            std::string::npos)
      << *text;
  // The other numbers of a moved item stay as written.
  const auto rect = move_item(R"({"items": [{"type": "rect", "x": 1, "y": 2, "w": 3, "h": 4, )"
                              R"("width": 0, "fill": 0.92}]})",
                              "/items/0", 1, 0);
  ASSERT_TRUE(rect.has_value());
  EXPECT_NE(rect->find(R"("x": 2, "y": 2, "w": 3, "h": 4, "width": 0, "fill": 0.92})"),
            std::string::npos)
      << *rect;
  EXPECT_EQ(move_item(json, "/layout/items/2", 1, 1).error(), "/layout/items/2: no item 2");
  EXPECT_EQ(move_item(json, "/layout/stuff", 1, 1).error(), "/layout/stuff: no key stuff");
  EXPECT_EQ(move_item("{", "/layout", 1, 1).error(), "the file is not valid JSON");
  EXPECT_EQ(move_item(json, "/layout", 1, 1).error(), "/layout: the item has no position to move");
}

// Saving: a file that would not pass the check is refused with the reason and left as it was;
// a good one replaces the old.
TEST(LayoutEdit, SavingRefusesWhatWouldNotPassAndWritesWhatDoes) {
  const fs::path dir = fs::temp_directory_path() / ("madoguchi-save-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = dir / "juminhyo.json";
  const std::string original = slurp(kSource / "forms/catalog/juminhyo.json");
  std::ofstream(file) << original;
  const auto before = forms::parse_procedure(original, "juminhyo.json");
  ASSERT_TRUE(before.has_value());
  std::string pointer;
  for (std::size_t i = 0; i < before->layout.pages[0].items.size(); ++i) {
    const auto* text = std::get_if<forms::BoundText>(&before->layout.pages[0].items[i]);
    if (text != nullptr && text->field_id == "card.name") {
      pointer = before->layout.pages[0].items_pointer + "/" + std::to_string(i);
    }
  }
  // Off the page: refused, the file untouched.
  const auto off_page = move_item(original, pointer, 0, 300);
  ASSERT_TRUE(off_page.has_value());
  const auto refused = save_procedure(file, *off_page);
  ASSERT_FALSE(refused.has_value());
  ASSERT_FALSE(refused.error().empty());
  EXPECT_NE(refused.error()[0].find(file.string() + ": " + pointer), std::string::npos)
      << refused.error()[0];
  EXPECT_EQ(slurp(file), original);
  // 5 mm down: saved.
  const auto moved = move_item(original, pointer, 0, 5);
  ASSERT_TRUE(moved.has_value());
  ASSERT_TRUE(save_procedure(file, *moved).has_value());
  EXPECT_EQ(slurp(file), *moved);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace madoguchi::studio

namespace madoguchi::studio {
namespace {

TEST(LayoutEdit, ResizingKeepsTheCornerAndNeverGoesBelowOneMillimetre) {
  const std::string json =
      R"({"items": [{"type": "field", "bind": "card.name", "x": 64, "y": 60, "w": 62, "h": 12},
 {"type": "check", "bind": "answer.a", "when": "x", "x": 10, "y": 10},
 {"type": "grid", "bind": "answer.p", "x": 10, "y": 20, "cells": 7, "cell_w": 6, "h": 7, "gap_after": [3]},
 {"type": "line", "x1": 0, "y1": 0, "x2": 10, "y2": 0}]})";
  auto wider = resize_item(json, "/items/0", 5.5, -2);
  ASSERT_TRUE(wider.has_value()) << wider.error();
  EXPECT_NE(wider->find(R"("x": 64, "y": 60, "w": 67.5, "h": 10})"), std::string::npos) << *wider;
  auto tiny = resize_item(json, "/items/0", -100, -100);
  ASSERT_TRUE(tiny.has_value());
  EXPECT_NE(tiny->find(R"("w": 1, "h": 1})"), std::string::npos) << *tiny;
  // A check box's side, from the 5 mm it has without saying.
  auto check = resize_item(json, "/items/1", 1, 0);
  ASSERT_TRUE(check.has_value());
  EXPECT_NE(check->find(R"("y": 10, "size": 6})"), std::string::npos) << *check;
  // A grid's 8 cells (7 and a gap) share the 8 mm: 1 mm each.
  auto grid = resize_item(json, "/items/2", 8, 1);
  ASSERT_TRUE(grid.has_value());
  EXPECT_NE(grid->find(R"("cell_w": 7, "h": 8)"), std::string::npos) << *grid;
  // A line's end moves.
  auto line = resize_item(json, "/items/3", 5, 2);
  ASSERT_TRUE(line.has_value());
  EXPECT_NE(line->find(R"("x2": 15, "y2": 2})"), std::string::npos) << *line;
  EXPECT_FALSE(resize_item(json, "/items/9", 1, 1).has_value());
}

TEST(LayoutEdit, NumbersAndWordsAreSetOnTheItemsLine) {
  const std::string json =
      "{\n  \"items\": [\n    {\"type\": \"text\", \"x\": 1, \"y\": 2, \"w\": 30, \"h\": 8, "
      "\"text\": \"氏名\", \"size\": 12}\n  ]\n}\n";
  auto sized = set_item_number(json, "/items/0", "size", 10.5);
  ASSERT_TRUE(sized.has_value());
  EXPECT_NE(sized->find(R"("text": "氏名", "size": 10.5})"), std::string::npos) << *sized;
  auto worded = set_item_text(json, "/items/0", "text", "お名前 \"本人\"");
  ASSERT_TRUE(worded.has_value());
  EXPECT_NE(worded->find(R"("text": "お名前 \"本人\"", "size": 12})"), std::string::npos)
      << *worded;
  // Half a character (a cut UTF-8 sequence) is written as U+FFFD, never as broken JSON.
  auto cut = set_item_text(json, "/items/0", "text", std::string("氏名").substr(0, 4));
  ASSERT_TRUE(cut.has_value());
  EXPECT_TRUE(nlohmann::json::accept(*cut)) << *cut;
  EXPECT_EQ(lines_of(*cut).size(), lines_of(json).size());
}

}  // namespace
}  // namespace madoguchi::studio

namespace madoguchi::studio {
namespace {

TEST(LayoutEdit, AMemberIsReplacedWhereItIsOrAddedOnALineOfItsOwn) {
  const std::string json =
      "{\n  \"id\": \"a\",\n  \"group\": \"care\",\n  \"fee\": {\"per_copy_yen\": 300},\n  "
      "\"idle\": {}\n}\n";
  auto fee = set_member(json, "/fee", "per_copy_yen", "350");
  ASSERT_TRUE(fee.has_value()) << fee.error();
  EXPECT_EQ(*fee,
            "{\n  \"id\": \"a\",\n  \"group\": \"care\",\n  \"fee\": {\"per_copy_yen\": 350},\n  "
            "\"idle\": {}\n}\n");
  auto order = set_member(json, "", "order", "20", "group");
  ASSERT_TRUE(order.has_value());
  EXPECT_NE(order->find("  \"group\": \"care\",\n  \"order\": 20,\n  \"fee\""), std::string::npos)
      << *order;
  auto first = set_member(json, "", "format_version", "3");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->rfind("{\n  \"format_version\": 3,\n  \"id\": \"a\"", 0), 0U) << *first;
  auto inside = set_member(json, "/idle", "quiet_seconds", "60");
  ASSERT_TRUE(inside.has_value());
  EXPECT_NE(inside->find("\"idle\": {\"quiet_seconds\": 60}"), std::string::npos) << *inside;
  EXPECT_TRUE(nlohmann::json::accept(*inside));
  EXPECT_FALSE(set_member(json, "/fee", "per_copy_yen", "3 5 0").has_value());
  EXPECT_FALSE(set_member(json, "/id", "x", "1").has_value());  // not an object
  EXPECT_FALSE(set_member(json, "/nothing", "x", "1").has_value());
}

}  // namespace
}  // namespace madoguchi::studio

namespace madoguchi::studio {
namespace {

// Three boxes as the paper has them: x 10 (20 wide), 40 (10 wide), 100 (30 wide).
std::vector<PageBox> three_boxes() {
  return {{"a", 10, 50, 20, 8, true, "/items/0"},
          {"b", 40, 52, 10, 6, true, "/items/1"},
          {"c", 100, 47, 30, 10, true, "/items/2"}};
}

const std::string kThree =
    "{\"items\": [\n"
    "  {\"type\": \"field\", \"bind\": \"card.name\", \"x\": 10, \"y\": 50, \"w\": 20, \"h\": 8},\n"
    "  {\"type\": \"field\", \"bind\": \"card.sex\", \"x\": 40, \"y\": 52, \"w\": 10, \"h\": 6},\n"
    "  {\"type\": \"field\", \"bind\": \"card.address\", \"x\": 100, \"y\": 47, \"w\": 30, \"h\": "
    "10}\n]}\n";

double number_at(const std::string& json, const std::string& pointer, const char* key) {
  return nlohmann::json::parse(json)
      .at(nlohmann::json::json_pointer(pointer))
      .at(key)
      .get<double>();
}

TEST(Arrange, AlignsEdgesAndSpacesBoxesEvenlyInOneEdit) {
  const auto boxes = three_boxes();
  auto left = arrange(kThree, boxes, Arrangement::AlignLeft);
  ASSERT_TRUE(left.has_value()) << left.error();
  for (const char* p : {"/items/0", "/items/1", "/items/2"})
    EXPECT_EQ(number_at(*left, p, "x"), 10);
  EXPECT_EQ(number_at(*left, "/items/1", "y"), 52);  // only across
  auto top = arrange(kThree, boxes, Arrangement::AlignTop);
  ASSERT_TRUE(top.has_value());
  for (const char* p : {"/items/0", "/items/1", "/items/2"}) EXPECT_EQ(number_at(*top, p, "y"), 47);
  auto right = arrange(kThree, boxes, Arrangement::AlignRight);
  ASSERT_TRUE(right.has_value());
  EXPECT_EQ(number_at(*right, "/items/0", "x"), 110);
  EXPECT_EQ(number_at(*right, "/items/1", "x"), 120);
  auto bottom = arrange(kThree, boxes, Arrangement::AlignBottom);
  ASSERT_TRUE(bottom.has_value());
  EXPECT_EQ(number_at(*bottom, "/items/2", "y"), 48);  // its bottom to 58, a's and b's
  EXPECT_EQ(number_at(*bottom, "/items/1", "y"), 52);
  // The outer two stay; 120 mm of span less 60 of boxes leaves two gaps of 30.
  auto across = arrange(kThree, boxes, Arrangement::SpaceAcross);
  ASSERT_TRUE(across.has_value());
  EXPECT_EQ(number_at(*across, "/items/0", "x"), 10);
  EXPECT_EQ(number_at(*across, "/items/1", "x"), 60);
  EXPECT_EQ(number_at(*across, "/items/2", "x"), 100);
  auto down = arrange(kThree, boxes, Arrangement::SpaceDown);
  ASSERT_TRUE(down.has_value());
  // Down, by their tops: c (47, 10 high), a (50, 8), b (52, 6). The first and the last stay;
  // a goes where the gaps are equal (here negative: the three overlap, as they did).
  EXPECT_EQ(number_at(*down, "/items/2", "y"), 47);
  EXPECT_EQ(number_at(*down, "/items/1", "y"), 52);
  EXPECT_EQ(number_at(*down, "/items/0", "y"), 50.5);
  // Moving them all keeps their places to each other.
  auto moved = move_items(kThree, boxes, 0.5, -1);
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(number_at(*moved, "/items/0", "x"), 10.5);
  EXPECT_EQ(number_at(*moved, "/items/2", "y"), 46);
}

}  // namespace
}  // namespace madoguchi::studio
