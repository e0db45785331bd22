// Private to the printer module: whether a document's items lie on their pages, checked before
// anything is drawn (text that reaches off the page would silently vanish), and the Layout error
// that says which item is wrong and where, never what it says (the text is personal data).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>

#include "madoguchi/printer/document.hpp"
#include "madoguchi/printer/print_error.hpp"

namespace madoguchi::printer::detail {

PrintError layout_error(std::string message);

// "text box "applicant.address" (page 1, item 4, at 20,40 mm, 120x8 mm)", for errors.
std::string describe_box(const TextBox& box, std::size_t page, std::size_t item);

// Every value is a number (no NaN, no infinity).
bool finite(std::initializer_list<double> values);

// A Layout error when the item has no valid position or size or reaches off the page.
std::optional<PrintError> check_geometry(const Page& page, std::size_t page_index, const Item& item,
                                         std::size_t item_index);

}  // namespace madoguchi::printer::detail
