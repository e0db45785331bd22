// The printer module's own drawing model: what goes on paper, in millimetres.
// The kiosk maps a filled form layout (forms/) onto it; printer/ knows nothing of forms.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace madoguchi::printer {

// Coordinates are in mm from the TOP-LEFT corner of the page, y downwards.
enum class Align { Left, Center, Right };

// Text inside a box. Broken into lines on code points with Japanese kinsoku rules, shrunk from
// size_pt down to min_size_pt until it fits, centred vertically. Text that cannot fit is a
// PrintError::Layout, never cut. "\n" forces a line break.
struct TextBox {
  double x_mm, y_mm, w_mm, h_mm;
  std::string text;  // UTF-8
  double size_pt = 12;
  double min_size_pt = 9;
  Align align = Align::Left;
  bool bold = false;
  // Names the box in error messages (e.g. "applicant.address"); the text itself never appears
  // in an error, since it is usually personal data.
  std::string field = {};
  int max_lines = 0;        // 0: as many lines as the height allows
  double padding_mm = 1.0;  // left and right inset, so text never touches the box's rules
};

struct Line {
  double x1_mm, y1_mm, x2_mm, y2_mm;
  double width_pt = 0.5;
};

// fill_gray: 0 black .. 1 white, negative for no fill. width_pt 0: no outline.
struct Rect {
  double x_mm, y_mm, w_mm, h_mm;
  double width_pt = 0.5;
  double fill_gray = -1;
};

struct CheckBox {
  double x_mm, y_mm, size_mm = 4;
  bool checked = false;
};

// size_mm is the whole symbol including its 4-module quiet zone.
struct QrCode {
  double x_mm, y_mm, size_mm;
  std::string data;
};

using Item = std::variant<TextBox, Line, Rect, CheckBox, QrCode>;

struct Page {
  double width_mm = 210, height_mm = 297;  // A4 portrait
  std::vector<Item> items = {};
};

struct Document {
  std::string title = {};  // PDF metadata
  std::vector<Page> pages = {};
};

}  // namespace madoguchi::printer
