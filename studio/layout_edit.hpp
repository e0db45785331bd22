// Edits of a procedure file's print layout as the studio saves them: only the edited item's
// text changes, the rest of the file stays byte for byte as the town wrote it (its comments in
// "note", its line breaks), so that the change reads as a one-line diff.
//
// A layout item is found by its JSON pointer ("/layout/items/12", PageBox::pointer) and written
// back on one line, as docs/procedure-format.md shows items: {"type": "field", "x": 64, …},
// keys in their order, whole millimetres without a decimal point.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::studio {

struct TextSpan {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the value's last character
};

// Where the value at `pointer` is in `json` (a JSON text), or why it cannot be found.
std::expected<TextSpan, std::string> span_of(std::string_view json, std::string_view pointer);

// The file's text with the layout item at `pointer` moved by (dx, dy) millimetres: x and y, or
// x1, y1, x2 and y2 for a line. Positions are kept to 0.1 mm.
std::expected<std::string, std::string> move_item(std::string_view json, std::string_view pointer,
                                                  double dx_mm, double dy_mm);

// The file's text with the layout item at `pointer` made (dw, dh) millimetres wider and taller,
// its top-left corner kept: w and h of a text, field or rect; the side of a check box (by dw);
// the cell width and height of a grid (its width grows by dw over all its cells); the end of a
// line. Sizes stay at 1 mm or more, kept to 0.1 mm.
std::expected<std::string, std::string> resize_item(std::string_view json, std::string_view pointer,
                                                    double dw_mm, double dh_mm);

// The file's text with the layout item's `key` set to `value` (a font size, "size": 14): the
// studio's number fields. Whole numbers are written without a decimal point.
std::expected<std::string, std::string> set_item_number(std::string_view json,
                                                        std::string_view pointer,
                                                        std::string_view key, double value);

// The file's text with the layout item's `key` set to the string `value` (a fixed text's
// words).
std::expected<std::string, std::string> set_item_text(std::string_view json,
                                                      std::string_view pointer,
                                                      std::string_view key, std::string_view value);

// The file's text with the member `key` of the object at `object_pointer` ("" for the top) set
// to `value` (JSON text: 300, "市民課", {"ja": "…"}): replaced where it is, or added after the
// member `after` (first in the object when that is absent too), on a line of its own.
std::expected<std::string, std::string> set_member(std::string_view json,
                                                   std::string_view object_pointer,
                                                   std::string_view key, std::string_view value,
                                                   std::string_view after = {});

// A file's whole text as the studio edits it (a procedure file, office.json), or why it cannot
// be read.
std::expected<std::string, std::string> read_text_file(const std::filesystem::path& file);

// Saves an edited procedure file: refused, with every lint finding ("FILE: /POINTER: reason"),
// when the new text would not pass madoguchi-studio --check; otherwise written atomically
// (the old file or the new one after a power cut, never half of either).
std::expected<void, std::vector<std::string>> save_procedure(const std::filesystem::path& file,
                                                             std::string_view text);

}  // namespace madoguchi::studio
