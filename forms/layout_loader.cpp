#include "layout_loader.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "bindings.hpp"
#include "madoguchi/forms/text_fit.hpp"
#include "values.hpp"

namespace madoguchi::forms::detail {

namespace {

struct PageSize {
  std::string_view name;
  double width_mm;
  double height_mm;
};

constexpr std::array<PageSize, 4> kPageSizes{{
    {"A4", 210, 297}, {"A3", 297, 420}, {"A5", 148, 210}, {"B5", 182, 257},  // JIS B5
}};

constexpr double kDefaultMarginMm = 10;
constexpr double kMinMarginMm = 5;
constexpr double kMaxMarginMm = 50;
constexpr double kDefaultTextPt = 12;
constexpr double kDefaultMinTextPt = 9;
constexpr double kSmallestTextPt = 6;
constexpr double kLargestTextPt = 72;
constexpr double kDefaultLineWidthPt = 0.5;
constexpr double kThickestLinePt = 10;
constexpr double kDefaultCheckMm = 5;
constexpr double kSmallestCheckMm = 2;
constexpr double kLargestCheckMm = 20;
constexpr double kToleranceMm = 0.01;  // boxes may touch; rounding must not make them clash

const std::vector<std::string> kItemTypes{"text", "field", "check", "rect", "line", "grid"};
constexpr std::size_t kMostPages = 10;
constexpr int kMostGridCells = 40;

// Sample values wider than any real one, for fields whose value the file does not limit.
constexpr std::string_view kWidestWarekiDate = "昭和64年12月31日";
constexpr std::string_view kWidestSeirekiDate = "2000年12月31日";
constexpr std::string_view kOneCharacter = "あ";
constexpr std::string_view kOldestAge = "120";
constexpr std::string_view kWidestDateValue = "2000-12-31";
constexpr std::string_view kWidestPhone = "090-1234-5678";

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

std::size_t count_slots(std::string_view format) {
  std::size_t count = 0;
  for (auto at = format.find("{}"); at != std::string_view::npos; at = format.find("{}", at + 2)) {
    ++count;
  }
  return count;
}

// A box that must not overlap another one: text, fields and check boxes.
struct ContentBox {
  std::string pointer;
  std::string description;  // "text \"氏名\""
  double x, y, w, h;
};

bool overlap(const ContentBox& a, const ContentBox& b) {
  const double across = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
  const double down = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
  return across > kToleranceMm && down > kToleranceMm;
}

class LayoutReader {
 public:
  LayoutReader(const Source& source, const Procedure& procedure)
      : source_(source), procedure_(procedure) {}

  FormLayout read(const Json& value, const std::string& pointer) {
    const JsonObject object(value, pointer, source_, "the print layout");
    if (source_.format_version >= 3) {
      object.allow_only({"page", "margin", "items", "pages"});
    } else {
      object.allow_only({"page", "margin", "items"});
    }
    read_page(object);
    if (object.has("pages")) {
      if (object.has("items")) {
        object.fail_at("items",
                       "give either \"items\" (a form of one page) or \"pages\", not both");
      }
      const std::string pages_pointer = object.pointer_to("pages");
      const auto& pages = as_array(object.required("pages"), pages_pointer, source_);
      if (pages.empty() || pages.size() > kMostPages) {
        object.fail_at("pages", "must list from 1 to 10 pages, each { \"items\": [ … ] }");
      }
      for (std::size_t p = 0; p < pages.size(); ++p) {
        const JsonObject page(pages[p], pointer_join(pages_pointer, p), source_,
                              "a page ({ \"items\": [ … ] })");
        page.allow_only({"items", "note"});
        read_items(page, pages.size());
      }
    } else {
      read_items(object, 1);
    }
    return std::move(layout_);
  }

 private:
  void read_page(const JsonObject& object) {
    layout_.page = object.optional_text("page", "A4");
    const auto size = std::find_if(kPageSizes.begin(), kPageSizes.end(),
                                   [&](const PageSize& s) { return s.name == layout_.page; });
    if (size == kPageSizes.end()) {
      object.fail_at("page", "unknown page size " + in_quotes(layout_.page) +
                                 "; use one of: A4, A3, A5, B5 (all portrait)");
    }
    layout_.width_mm = size->width_mm;
    layout_.height_mm = size->height_mm;
    layout_.margin_mm = object.optional_number("margin", kDefaultMarginMm);
    if (layout_.margin_mm < kMinMarginMm || layout_.margin_mm > kMaxMarginMm) {
      object.fail_at("margin",
                     "must be from 5 to 50 mm (most printers cannot print within "
                     "about 5 mm of the edge of the paper)");
    }
  }

  void read_items(const JsonObject& object, std::size_t page_count) {
    LayoutPage& page = layout_.pages.emplace_back();
    page.items_pointer = object.pointer_to("items");
    content_boxes_.clear();  // boxes may only clash with boxes of the same page
    page_numbers_on_page_ = 0;
    const auto& items = as_array(object.required("items"), page.items_pointer, source_);
    // As many as the file has (one or none each): no spare capacity kept all day for every
    // procedure of the catalogue (a third more, 150 KB for 13 procedures).
    page.items.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      read_item(
          JsonObject(items[i], pointer_join(page.items_pointer, i), source_, "a layout item"));
    }
    if (page_count > 1 && page_numbers_on_page_ == 0) {
      source_.fail(page.items_pointer,
                   "this page of a form of " + std::to_string(page_count) +
                       " pages has no page number: add a field bound to \"page.number\" "
                       "(it prints \"" +
                       std::to_string(layout_.pages.size()) + " / " + std::to_string(page_count) +
                       "\"), so that a page that comes loose can be put back");
    }
  }

  std::vector<LayoutTemplateItem>& items() { return layout_.pages.back().items; }
  int page_number() const { return static_cast<int>(layout_.pages.size()); }

  void read_item(const JsonObject& item) {
    const std::string type = item.required_text("type");
    if (type == "text") {
      read_text(item);
    } else if (type == "field") {
      read_field(item);
    } else if (type == "check") {
      read_check(item);
    } else if (type == "rect") {
      read_rect(item);
    } else if (type == "line") {
      read_line(item);
    } else if (type == "grid" && source_.format_version >= 3) {
      read_grid(item);
    } else if (type == "grid") {
      item.fail_at("type", "\"grid\" items need \"format_version\": 3");
    } else {
      std::string message = "unknown item type " + in_quotes(type);
      if (const std::string guess = closest_match(type, kItemTypes); !guess.empty()) {
        message += " (did you mean " + in_quotes(guess) + "?)";
      }
      item.fail_at("type", message + "; use one of: " + join(kItemTypes));
    }
  }

  void read_text(const JsonObject& item) {
    item.allow_only({"type", "text", "x", "y", "w", "h", "size", "min_size", "align", "bold"});
    LayoutText box = read_text_box(item);
    box.text = item.required_text("text");
    if (has_control_character(box.text)) {
      item.fail_at("text", "must be on one line; use one text item for each line");
    }
    if (!text_fits(box.text, box.w_mm, box.h_mm, box.min_size_pt)) {
      item.report(misfit_message(in_quotes(box.text), box.text, box));
    }
    add_content_box(item, "text " + in_quotes(box.text), box.x_mm, box.y_mm, box.w_mm, box.h_mm);
    items().emplace_back(std::move(box));
  }

  void read_field(const JsonObject& item) {
    item.allow_only(
        {"type", "id", "bind", "format", "x", "y", "w", "h", "size", "min_size", "align", "bold"});
    BoundText field;
    field.binding = read_binding(item);
    if (field.binding.source == FieldSource::CardMyNumber) {
      item.fail_at("bind",
                   "the 個人番号 goes in a \"grid\" of 12 cells (one digit a cell), not in a "
                   "\"field\"");
    }
    field.format = item.optional_text("format", "{}");
    if (count_slots(field.format) != 1) {
      item.fail_at("format",
                   "must contain {} exactly once, where the value goes (for "
                   "example \"{}通\")");
    }
    field.box = read_text_box(item);
    check_widest_values(item, field);
    std::string default_id = field.binding.to_string();
    if (field.binding.source == FieldSource::PageNumber) {
      ++page_numbers_on_page_;
      default_id += "." + std::to_string(page_number());
    }
    field.field_id = read_field_id(item, default_id);
    add_content_box(item, "field " + in_quotes(field.field_id), field.box.x_mm, field.box.y_mm,
                    field.box.w_mm, field.box.h_mm);
    items().emplace_back(std::move(field));
  }

  void read_check(const JsonObject& item) {
    item.allow_only({"type", "id", "bind", "when", "x", "y", "size"});
    LayoutCheck box;
    box.x_mm = item.required_number("x");
    box.y_mm = item.required_number("y");
    box.size_mm = item.optional_number("size", kDefaultCheckMm);
    if (box.size_mm < kSmallestCheckMm || box.size_mm > kLargestCheckMm) {
      item.fail_at("size", "must be from 2 to 20 mm");
    }
    require_box_on_page(item, {"x", "y", "size", "size"}, box.x_mm, box.y_mm, box.size_mm,
                        box.size_mm);
    if (!item.has("bind")) {
      if (item.has("when")) item.fail_at("when", "only makes sense together with \"bind\"");
      if (item.has("id")) item.fail_at("id", "only a check box with \"bind\" has an id");
      add_content_box(item, "check box", box.x_mm, box.y_mm, box.size_mm, box.size_mm);
      items().emplace_back(box);
      return;
    }
    BoundCheck check;
    check.binding = read_binding(item);
    const Question* question = procedure_.find_question(check.binding.question_id);
    if (check.binding.source != FieldSource::AnswerLabel || question == nullptr ||
        (question->kind != QuestionKind::Choice && question->kind != QuestionKind::YesNo)) {
      item.fail_at("bind",
                   "a check box must be bound to the answer of a choice or yes/no "
                   "question, such as \"answer.household\"");
    }
    check.when = item.required_text("when");
    std::vector<std::string> choice_ids;
    for (const Choice& choice : question->choices) choice_ids.push_back(choice.id);
    if (std::find(choice_ids.begin(), choice_ids.end(), check.when) == choice_ids.end()) {
      item.fail_at("when", in_quotes(check.when) + " is not a choice of question " +
                               in_quotes(question->id) + "; its choices are: " + join(choice_ids));
    }
    check.box = box;
    check.field_id = read_field_id(item, check.binding.to_string() + "=" + check.when);
    add_content_box(item, "check box " + in_quotes(check.field_id), box.x_mm, box.y_mm, box.size_mm,
                    box.size_mm);
    items().emplace_back(std::move(check));
  }

  // { "type": "grid", "bind": "answer.postal", "x": 40, "y": 60, "cells": 7, "cell_w": 6,
  //   "h": 8, "size": 12, "gap_after": [3], "align": "left" }
  void read_grid(const JsonObject& item) {
    item.allow_only({"type", "id", "bind", "x", "y", "cells", "cell_w", "h", "size", "bold",
                     "gap_after", "align"});
    BoundGrid grid;
    const bool bound = item.has("bind");
    if (bound) {
      grid.binding = read_binding(item);
      if (grid.binding.source == FieldSource::PageNumber) {
        item.fail_at("bind", "a page number goes in a \"field\", not a grid");
      }
    } else if (item.has("id")) {
      item.fail_at("id", "only a grid with \"bind\" has an id");
    }
    grid.x_mm = item.required_number("x");
    grid.y_mm = item.required_number("y");
    grid.cells = item.required_whole_number("cells");
    if (grid.cells < 1 || grid.cells > kMostGridCells) {
      item.fail_at("cells", "must be from 1 to 40 cells");
    }
    if (grid.binding.source == FieldSource::CardMyNumber && bound && grid.cells != 12) {
      item.fail_at("cells", "the 個人番号 has 12 digits: its grid needs \"cells\": 12");
    }
    grid.cell_w_mm = positive_mm(item, "cell_w");
    grid.h_mm = positive_mm(item, "h");
    grid.size_pt = item.optional_number("size", kDefaultTextPt);
    if (grid.size_pt < kSmallestTextPt || grid.size_pt > kLargestTextPt) {
      item.fail_at("size", "must be from 6 to 72 points");
    }
    grid.bold = item.optional_bool("bold", false);
    const std::string align = item.optional_text("align", "left");
    if (align == "left") {
      grid.align = Align::Left;
    } else if (align == "right") {
      grid.align = Align::Right;
    } else {
      item.fail_at("align", "must be \"left\" or \"right\" (numbers fill from the right)");
    }
    if (item.has("gap_after")) {
      const std::string gaps_pointer = item.pointer_to("gap_after");
      const auto& gaps = as_array(item.required("gap_after"), gaps_pointer, source_);
      for (std::size_t i = 0; i < gaps.size(); ++i) {
        const int after = gaps[i].is_number_integer() ? gaps[i].get<int>() : 0;
        const int previous = grid.gap_after.empty() ? 0 : grid.gap_after.back();
        if (after <= previous || after >= grid.cells) {
          source_.fail(pointer_join(gaps_pointer, i),
                       "must be cell numbers in increasing order, each from 1 to cells − 1 (" +
                           std::to_string(grid.cells - 1) +
                           "): the gap \"－\" goes after that cell");
        }
        grid.gap_after.push_back(after);
      }
    }
    // One character per cell: the glyph must fit the cell's height and width.
    const double em_mm = grid.size_pt * kMillimetresPerPoint;
    if (em_mm > grid.h_mm + kToleranceMm || em_mm > grid.cell_w_mm + kToleranceMm) {
      item.report_at("size", "a " + format_mm(grid.size_pt) + " pt character is " +
                                 format_mm(em_mm) + " mm tall and wide, more than the " +
                                 format_mm(grid.cell_w_mm) + " × " + format_mm(grid.h_mm) +
                                 " mm cell: make the cells bigger or the size smaller");
    }
    require_box_on_page(item, {"x", "y", "cells", "h"}, grid.x_mm, grid.y_mm, grid.width_mm(),
                        grid.h_mm);
    if (bound) {
      check_grid_values(item, grid);
      grid.field_id = read_field_id(item, grid.binding.to_string());
    }
    add_content_box(item, bound ? "grid " + in_quotes(grid.field_id) : "empty grid", grid.x_mm,
                    grid.y_mm, grid.width_mm(), grid.h_mm);
    items().emplace_back(std::move(grid));
  }

  void check_grid_values(const JsonObject& item, const BoundGrid& grid) const {
    std::size_t longest = 0;
    std::string example;
    const Question* question = procedure_.find_question(grid.binding.question_id);
    if (question != nullptr &&
        (question->kind == QuestionKind::KanaText || question->kind == QuestionKind::Text)) {
      longest = static_cast<std::size_t>(question->max_length);
      example = "an answer of max_length " + std::to_string(question->max_length) + " characters";
    } else {
      for (const std::string& value : possible_values(grid.binding)) {
        const std::size_t count = grid_characters(value).size();
        if (count > longest) {
          longest = count;
          example = "the value " + in_quotes(value);
        }
      }
    }
    if (longest > static_cast<std::size_t>(grid.cells)) {
      item.report_at("cells", example + " needs " + std::to_string(longest) +
                                  " cells, and the grid has " + std::to_string(grid.cells) +
                                  ": add cells");
    }
  }

  void read_rect(const JsonObject& item) {
    item.allow_only({"type", "x", "y", "w", "h", "width", "fill"});
    LayoutRect rect;
    rect.x_mm = item.required_number("x");
    rect.y_mm = item.required_number("y");
    rect.w_mm = positive_mm(item, "w");
    rect.h_mm = positive_mm(item, "h");
    rect.width_pt = item.optional_number("width", kDefaultLineWidthPt);
    if (rect.width_pt < 0 || rect.width_pt > kThickestLinePt) {
      item.fail_at("width", "must be from 0 (no border) to 10 points");
    }
    if (item.has("fill")) {
      rect.fill_gray = item.required_number("fill");
      if (rect.fill_gray < 0 || rect.fill_gray > 1) {
        item.fail_at("fill", "must be a shade of grey from 0 (black) to 1 (white), such as 0.9");
      }
    }
    if (rect.width_pt == 0 && rect.fill_gray < 0) {
      item.fail("draws nothing: give it a border \"width\" or a \"fill\"");
    }
    require_box_on_page(item, {"x", "y", "w", "h"}, rect.x_mm, rect.y_mm, rect.w_mm, rect.h_mm);
    items().emplace_back(rect);
  }

  void read_line(const JsonObject& item) {
    item.allow_only({"type", "x1", "y1", "x2", "y2", "width"});
    LayoutLine line;
    line.x1_mm = item.required_number("x1");
    line.y1_mm = item.required_number("y1");
    line.x2_mm = item.required_number("x2");
    line.y2_mm = item.required_number("y2");
    line.width_pt = item.optional_number("width", kDefaultLineWidthPt);
    if (line.width_pt <= 0 || line.width_pt > kThickestLinePt) {
      item.fail_at("width", "must be more than 0 and at most 10 points");
    }
    if (line.x1_mm == line.x2_mm && line.y1_mm == line.y2_mm) {
      item.fail("starts and ends at the same point, so it draws nothing");
    }
    require_point_on_page(item, "x1", "y1", line.x1_mm, line.y1_mm);
    require_point_on_page(item, "x2", "y2", line.x2_mm, line.y2_mm);
    items().emplace_back(line);
  }

  LayoutText read_text_box(const JsonObject& item) const {
    LayoutText box;
    box.x_mm = item.required_number("x");
    box.y_mm = item.required_number("y");
    box.w_mm = positive_mm(item, "w");
    box.h_mm = positive_mm(item, "h");
    box.size_pt = item.optional_number("size", kDefaultTextPt);
    if (box.size_pt < kSmallestTextPt || box.size_pt > kLargestTextPt) {
      item.fail_at("size", "must be from 6 to 72 points");
    }
    box.min_size_pt = item.optional_number("min_size", std::min(kDefaultMinTextPt, box.size_pt));
    if (box.min_size_pt < kSmallestTextPt) item.fail_at("min_size", "must be at least 6 points");
    if (box.min_size_pt > box.size_pt) {
      item.fail_at("min_size", "must be ≤ size (" + format_mm(box.size_pt) + ")");
    }
    const std::string align = item.optional_text("align", "left");
    if (align == "left") {
      box.align = Align::Left;
    } else if (align == "center") {
      box.align = Align::Center;
    } else if (align == "right") {
      box.align = Align::Right;
    } else {
      item.fail_at("align", "must be \"left\", \"center\" or \"right\"");
    }
    box.bold = item.optional_bool("bold", false);
    require_box_on_page(item, {"x", "y", "w", "h"}, box.x_mm, box.y_mm, box.w_mm, box.h_mm);
    return box;
  }

  static double positive_mm(const JsonObject& item, std::string_view key) {
    const double value = item.required_number(key);
    if (value <= 0) item.fail_at(key, "must be more than 0 mm");
    return value;
  }

  Binding read_binding(const JsonObject& item) const {
    const std::string text = item.required_text("bind");
    const auto binding = parse_binding(text);
    if (!binding) {
      const std::vector<std::string> spellings = binding_spellings();
      std::string message = "unknown binding " + in_quotes(text);
      if (const std::string guess = closest_match(text, spellings); !guess.empty()) {
        message += " (did you mean " + in_quotes(guess) + "?)";
      }
      item.fail_at("bind", message + "; use one of: " + join(spellings));
    }
    if (binding->source == FieldSource::ComputedAge && source_.format_version < 2) {
      item.fail_at("bind", "\"computed.age\" needs \"format_version\": 2");
    }
    if (binding->source == FieldSource::PageNumber && source_.format_version < 3) {
      item.fail_at("bind", "\"page.number\" needs \"format_version\": 3");
    }
    if (binding->source == FieldSource::CardMyNumber && !procedure_.needs_my_number) {
      item.fail_at("bind",
                   "\"card.my_number\" (the 個人番号) is printed only on the form of a procedure "
                   "with \"needs_my_number\": true; this one does not say so");
    }
    const bool about_answer =
        binding->source == FieldSource::AnswerLabel || binding->source == FieldSource::AnswerValue;
    if (about_answer && procedure_.find_question(binding->question_id) == nullptr) {
      std::vector<std::string> ids;
      for (const Question& question : procedure_.questions) ids.push_back(question.id);
      std::string message = "there is no question with id " + in_quotes(binding->question_id);
      if (const std::string guess = closest_match(binding->question_id, ids); !guess.empty()) {
        message += " (did you mean " + in_quotes(guess) + "?)";
      }
      item.fail_at("bind", message + "; the questions are: " + join(ids));
    }
    return *binding;
  }

  // The id written in the file, or `fallback` (the binding). On a later page, a binding
  // already used on an earlier one gets the page number: "card.name.2".
  std::string read_field_id(const JsonObject& item, const std::string& fallback) {
    std::string id = item.optional_text("id", fallback);
    if (!item.has("id") && page_number() > 1) {
      const auto earlier = field_pages_.find(id);
      if (earlier != field_pages_.end() && earlier->second < page_number()) {
        id += "." + std::to_string(page_number());
      }
    }
    field_pages_.emplace(id, page_number());
    if (id.empty()) item.fail_at("id", "must not be empty");
    const auto [existing, added] = field_pointers_.emplace(id, item.pointer());
    if (!added) {
      const std::string where = item.has("id") ? item.pointer_to("id") : item.pointer();
      source_.fail(where, "the field id " + in_quotes(id) + " is already used by " +
                              existing->second + "; give one of them a different \"id\"");
    }
    return id;
  }

  // Values that may appear in a field, including the widest one. Empty when the file
  // cannot know (name, address, reception number): then one character must fit.
  std::vector<std::string> possible_values(const Binding& binding) const {
    const Question* question = procedure_.find_question(binding.question_id);
    std::vector<std::string> values;
    switch (binding.source) {
      case FieldSource::CardName:
      case FieldSource::CardAddress:
      case FieldSource::ReceptionNumber:
        break;
      case FieldSource::OfficeTownName:
      case FieldSource::OfficeAddressee:
        values.emplace_back(Office{}.addressee);  // a town's name is rarely longer
        break;
      case FieldSource::CardBirthDateWareki:
      case FieldSource::ReceptionDateWareki:
        values.emplace_back(kWidestWarekiDate);
        break;
      case FieldSource::CardBirthDateSeireki:
      case FieldSource::ReceptionDateSeireki:
        values.emplace_back(kWidestSeirekiDate);
        break;
      case FieldSource::CardSex:
        values = {sex_label("1"), sex_label("2"), sex_label("")};
        break;
      case FieldSource::ComputedAge:
        values.emplace_back(kOldestAge);
        break;
      case FieldSource::PageNumber:
        values.emplace_back("10 / 10");
        break;
      case FieldSource::CardMyNumber:
        values.emplace_back("000000000000");
        break;
      case FieldSource::AnswerLabel:
      case FieldSource::AnswerValue:
        for (const std::string& answer : possible_answers(*question)) {
          values.push_back(binding.source == FieldSource::AnswerLabel
                               ? answer_label(*question, answer)
                               : answer);
        }
        break;
      case FieldSource::FeePerCopy:
        values.push_back(group_digits(highest_fee_per_copy()));
        break;
      case FieldSource::FeeTotal:
        values.push_back(group_digits(highest_fee_per_copy() * most_copies()));
        break;
    }
    return values;
  }

  // Stored answers, the widest included; empty for kana and text (any length).
  static std::vector<std::string> possible_answers(const Question& question) {
    switch (question.kind) {
      case QuestionKind::Number:
        return {std::to_string(question.min), std::to_string(question.max)};
      case QuestionKind::Date:
        return {std::string(kWidestDateValue), "1989-01-07"};  // 昭和64年1月7日
      case QuestionKind::PostalCode:
        return {"1234567"};
      case QuestionKind::Phone:
        return {std::string(kWidestPhone)};
      case QuestionKind::KanaText:
      case QuestionKind::Text:
        return {};
      case QuestionKind::Choice:
      case QuestionKind::YesNo:
        break;
    }
    std::vector<std::string> ids;
    for (const Choice& choice : question.choices) ids.push_back(choice.id);
    return ids;
  }

  int highest_fee_per_copy() const {
    int highest = procedure_.fee.per_copy_yen;
    for (const auto& [choice, yen] : procedure_.fee.per_copy_by_choice) {
      highest = std::max(highest, yen);
    }
    return highest;
  }

  int most_copies() const {
    const Question* copies = procedure_.find_question(procedure_.fee.copies_question);
    return copies == nullptr ? 1 : copies->max;
  }

  void check_widest_values(const JsonObject& item, const BoundText& field) const {
    const std::vector<std::string> values = possible_values(field.binding);
    if (values.empty()) {
      if (!text_fits(kOneCharacter, field.box.w_mm, field.box.h_mm, field.box.min_size_pt)) {
        item.report(misfit_message("a single character", kOneCharacter, field.box));
      }
      return;
    }
    for (const std::string& value : values) {
      const std::string text = apply_format(field.format, value);
      if (!text_fits(text, field.box.w_mm, field.box.h_mm, field.box.min_size_pt)) {
        item.report(misfit_message("the value " + in_quotes(text), text, field.box));
        return;
      }
    }
  }

  static std::string misfit_message(const std::string& what, std::string_view text,
                                    const LayoutText& box) {
    const int lines = lines_that_fit(box.h_mm, box.min_size_pt);
    return what + " does not fit in this box even at " + format_mm(box.min_size_pt) +
           " pt: it needs about " + format_mm(estimated_text_width_mm(text, box.min_size_pt)) +
           " mm on one line, and the box has " + format_mm(box.w_mm - 2 * kTextPaddingMm) +
           " mm per line (w less " + format_mm(kTextPaddingMm) + " mm each side) and room for " +
           std::to_string(lines) + (lines == 1 ? " line" : " lines") +
           "; make the box wider or taller, or the text shorter";
  }

  struct BoxKeys {
    std::string_view x, y, w, h;
  };

  void require_box_on_page(const JsonObject& item, const BoxKeys& keys, double x, double y,
                           double w, double h) const {
    require_point_on_page(item, keys.x, keys.y, x, y);
    const double right = layout_.width_mm - layout_.margin_mm;
    const double bottom = layout_.height_mm - layout_.margin_mm;
    if (x + w > right + kToleranceMm) {
      item.report_at(keys.w, "the box ends " + format_mm(x + w) + " mm from the left edge (" +
                                 std::string(keys.x) + " + " + std::string(keys.w) +
                                 "), past the right margin: keep it between " + horizontal_range());
    }
    if (y + h > bottom + kToleranceMm) {
      item.report_at(keys.h, "the box ends " + format_mm(y + h) + " mm from the top edge (" +
                                 std::string(keys.y) + " + " + std::string(keys.h) +
                                 "), past the bottom margin: keep it between " + vertical_range());
    }
  }

  void require_point_on_page(const JsonObject& item, std::string_view x_key, std::string_view y_key,
                             double x, double y) const {
    const double margin = layout_.margin_mm;
    if (x < margin - kToleranceMm || x > layout_.width_mm - margin + kToleranceMm) {
      item.report_at(x_key, "is " + format_mm(x) +
                                " mm from the left edge, outside the printable area: keep it "
                                "between " +
                                horizontal_range());
    }
    if (y < margin - kToleranceMm || y > layout_.height_mm - margin + kToleranceMm) {
      item.report_at(y_key, "is " + format_mm(y) +
                                " mm from the top edge, outside the printable area: keep it "
                                "between " +
                                vertical_range());
    }
  }

  std::string horizontal_range() const {
    return format_mm(layout_.margin_mm) + " and " +
           format_mm(layout_.width_mm - layout_.margin_mm) + " mm (" + layout_.page + " with a " +
           format_mm(layout_.margin_mm) + " mm margin)";
  }

  std::string vertical_range() const {
    return format_mm(layout_.margin_mm) + " and " +
           format_mm(layout_.height_mm - layout_.margin_mm) + " mm (" + layout_.page + " with a " +
           format_mm(layout_.margin_mm) + " mm margin)";
  }

  void add_content_box(const JsonObject& item, std::string description, double x, double y,
                       double w, double h) {
    ContentBox box{item.pointer(), std::move(description), x, y, w, h};
    for (const ContentBox& other : content_boxes_) {
      if (overlap(box, other)) {
        item.report("this box overlaps the " + other.description + " at " + other.pointer +
                    "; move or shrink one of them");
        break;
      }
    }
    content_boxes_.push_back(std::move(box));
  }

  const Source& source_;
  const Procedure& procedure_;
  FormLayout layout_;
  int page_numbers_on_page_ = 0;
  std::map<std::string, int, std::less<>> field_pages_;             // field id -> the page it is on
  std::map<std::string, std::string, std::less<>> field_pointers_;  // field id -> item
  std::vector<ContentBox> content_boxes_;
};

}  // namespace

FormLayout read_layout(const Json& value, const std::string& pointer, const Source& source,
                       const Procedure& procedure) {
  return LayoutReader(source, procedure).read(value, pointer);
}

}  // namespace madoguchi::forms::detail
