// A page of a procedure's form as it will print, for the staff studio: filled for a sample
// resident and sample answers by the kiosk's own form code, drawn by the kiosk's own PDF
// renderer, and rasterised from that PDF by poppler, so that what staff see is what prints.
// The boxes of the layout (their ids and where they are, in millimetres) come with it, for the
// outlines the studio draws over the page.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"

namespace madoguchi::studio {

struct PageImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  // width × height × 4, rows from the top
  double pixels_per_mm = 0;
};

// A box of the layout on this page: a bound field's id ("card.name"), or "text:N", "rect:N",
// "line:N", "check:N", "grid:N" (N: the item's place in the page's items) for the fixed ones;
// `pointer` is where the item is in the procedure file ("/layout/items/12"), which an edit
// changes.
struct PageBox {
  std::string id;
  double x_mm = 0, y_mm = 0, w_mm = 0, h_mm = 0;
  bool bound = false;
  std::string pointer;
  bool does_not_fit = false;  // its text does not fit even at its smallest size
  double shrunk_to_pt = 0;    // its text set smaller than its size asks (0: at its size)
  double size_pt = 0;         // … which is this
  std::string text{};         // a fixed text's words ("氏名"), for staff to tell the boxes apart
};

// The boxes of a page of the layout, named as the file names them ("card.name", "text:3"), with
// where each is in the file.
std::vector<PageBox> boxes_of(const forms::LayoutPage& page);

struct PagePreview {
  PageImage image;
  std::vector<PageBox> boxes;
  int pages = 0;  // how many pages the form has
  // A text that must shrink, or does not fit: the page is drawn without that text, its box
  // marked (does_not_fit), and the reason given here.
  std::vector<std::string> warnings;
};

struct PreviewRequest {
  const forms::Procedure* procedure = nullptr;
  forms::ResidentFacts resident;
  forms::Answers answers;  // those chosen; sample_answers for the rest (the defaults, and one each)
  int page = 0;            // from 0
  double pixels_per_mm = 4;
  forms::Office office;  // the town's name and addressee as office.json gives them
};

std::expected<PagePreview, std::string> preview_page(printer::PdfRenderer& renderer,
                                                     const PreviewRequest& request);

// Draws each box's outline on the image (bound fields blue, fixed items grey, a text that does
// not fit red and thick), as the studio shows the page with outlines on.
void draw_outlines(PagePreview& preview);

// The image's RGB bytes, rows from the top (for kiosk::ui::write_png, the project's PNG writer).
std::vector<unsigned char> rgb_of(const PageImage& image);

}  // namespace madoguchi::studio
