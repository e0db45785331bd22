// Print layouts: what a procedure file describes (FormLayout) and what the printer draws
// (FilledForm). Coordinates are in millimetres from the TOP-LEFT corner of the page, with
// y growing downwards; line widths and text sizes are in points (1 pt = 25.4/72 mm).
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

namespace madoguchi::forms {

enum class Align { Left, Center, Right };

// Text drawn inside its box: at size_pt if it fits, otherwise shrunk step by step down to
// min_size_pt, wrapping onto further lines when the box is tall enough (see text_fit.hpp).
struct LayoutText {
  double x_mm = 0, y_mm = 0, w_mm = 0, h_mm = 0;
  std::string text;
  double size_pt = 12;
  double min_size_pt = 9;
  Align align = Align::Left;
  bool bold = false;
  std::string field;  // the field id for bound text ("card.address"), "" for fixed text;
                      // lets error messages name the box without showing personal data
};

struct LayoutLine {
  double x1_mm = 0, y1_mm = 0, x2_mm = 0, y2_mm = 0;
  double width_pt = 0.5;
};

// A rectangle; width_pt 0 draws no border, fill_gray < 0 draws no fill
// (0 = black .. 1 = white).
struct LayoutRect {
  double x_mm = 0, y_mm = 0, w_mm = 0, h_mm = 0;
  double width_pt = 0.5;
  double fill_gray = -1;
};

// A square check box of side size_mm; `checked` draws a tick in it.
struct LayoutCheck {
  double x_mm = 0, y_mm = 0, size_mm = 5;
  bool checked = false;
};

using LayoutItem = std::variant<LayoutText, LayoutLine, LayoutRect, LayoutCheck>;

struct FilledPage {
  double width_mm = 210, height_mm = 297;
  std::vector<LayoutItem> items;  // in drawing order
};

// A completed form, ready for the printer.
struct FilledForm {
  std::string title;  // form_title of the procedure, e.g. for the print job name
  std::vector<FilledPage> pages;
  // Field id -> the final text printed there. Check boxes appear as "✓" (checked) or "".
  std::map<std::string, std::string, std::less<>> field_values;
  // Things staff may want to know, e.g. a long address that probably needs a smaller
  // font than the box allows. Never contains the resident's data, only field ids and sizes.
  std::vector<std::string> warnings;
};

// ---------------------------------------------------------------------------------------
// The layout as written in the procedure file (parsed and checked by the loader).

// Where a field's text comes from. The spelling in procedure files is in the comments.
enum class FieldSource {
  CardName,              // card.name
  CardAddress,           // card.address
  CardBirthDateWareki,   // card.birth_date_wareki   "昭和25年4月15日"
  CardBirthDateSeireki,  // card.birth_date_seireki  "1950年4月15日"
  CardSex,               // card.sex                 "男" / "女" / "—"
  AnswerLabel,           // answer.<id>              "2通", "世帯全員", "はい"
  AnswerValue,           // answer.<id>.value        "2", "all", "yes"
  FeeTotal,              // fee.total                "600" (digits grouped: "1,200")
  FeePerCopy,            // fee.per_copy             "300"
  ReceptionNumber,       // reception.number         as given by the kiosk
  ReceptionDateWareki,   // reception.date_wareki    "令和7年11月22日"
  ReceptionDateSeireki,  // reception.date_seireki   "2025年11月22日"
  OfficeTownName,        // office.town_name         "まどぐち市"
  OfficeAddressee,       // office.addressee         "まどぐち市長"
  ComputedAge,           // computed.age             "75": age on the reception date
                         //                          from the card's birth date (format 2)
  PageNumber,            // page.number              "1 / 2": this page of the form (format 3)
  CardMyNumber,  // card.my_number           the 個人番号, one digit a cell of a "grid" of
                 //                          12, only where "needs_my_number" (format 3);
                 //                          never in FilledForm::field_values
};

struct Binding {
  FieldSource source = FieldSource::CardName;
  std::string question_id;        // for AnswerLabel and AnswerValue
  std::string to_string() const;  // back to the file's spelling: "answer.copies.value"
};

// A text box whose text comes from a binding, written through `format` ("{}通").
struct BoundText {
  std::string field_id;  // key in FilledForm::field_values
  Binding binding;
  std::string format = "{}";
  LayoutText box;  // box.text is unused
};

// A check box ticked when the answer bound to it equals `when`.
struct BoundCheck {
  std::string field_id;
  Binding binding;  // always AnswerLabel: the question whose answer is compared
  std::string when;
  LayoutCheck box;  // box.checked is unused
};

// A character grid (郵便番号 □□□-□□□□): one character of the bound value per cell, hyphens
// in the value skipped; after each cell listed in gap_after comes a gap one cell wide
// holding "－". Cells are filled from the left (or from the right, for numbers). A grid without
// a binding is printed empty, for a number written by hand (個人番号, 口座番号). (format 3)
struct BoundGrid {
  std::string field_id;  // "" for an empty grid (no bind) that the resident fills in by hand
  Binding binding;       // unused when field_id is empty
  double x_mm = 0, y_mm = 0;
  int cells = 1;
  double cell_w_mm = 6, h_mm = 8;
  double size_pt = 12;
  bool bold = false;
  Align align = Align::Left;   // Left or Right
  std::vector<int> gap_after;  // 1-based cell numbers, ascending
  double width_mm() const { return cell_w_mm * static_cast<double>(cells + gap_after.size()); }
};

using LayoutTemplateItem =
    std::variant<LayoutText, LayoutLine, LayoutRect, LayoutCheck, BoundText, BoundCheck, BoundGrid>;

struct LayoutPage {
  std::vector<LayoutTemplateItem> items;  // in drawing order
  std::string items_pointer;              // where they are in the file: "/layout/items",
                                          // "/layout/pages/1/items" (for staff messages)
};

struct FormLayout {
  std::string page = "A4";
  double width_mm = 210, height_mm = 297;
  double margin_mm = 10;          // nothing may be drawn closer than this to an edge
  std::vector<LayoutPage> pages;  // at least one; several from format version 3
};

}  // namespace madoguchi::forms
