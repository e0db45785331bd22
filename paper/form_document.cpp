#include "madoguchi/paper/form_document.hpp"

#include <variant>

namespace madoguchi::paper {

namespace {

printer::Align to_printer(forms::Align align) {
  switch (align) {
    case forms::Align::Left:
      return printer::Align::Left;
    case forms::Align::Center:
      return printer::Align::Center;
    case forms::Align::Right:
      return printer::Align::Right;
  }
  return printer::Align::Left;
}

}  // namespace

printer::Document to_document(const forms::FilledForm& form) {
  printer::Document document;
  document.title = form.title;
  for (const auto& filled_page : form.pages) {
    printer::Page page;
    page.width_mm = filled_page.width_mm;
    page.height_mm = filled_page.height_mm;
    for (const auto& item : filled_page.items) {
      if (const auto* t = std::get_if<forms::LayoutText>(&item)) {
        page.items.emplace_back(printer::TextBox{t->x_mm, t->y_mm, t->w_mm, t->h_mm, t->text,
                                                 t->size_pt, t->min_size_pt, to_printer(t->align),
                                                 t->bold, t->field});
      } else if (const auto* l = std::get_if<forms::LayoutLine>(&item)) {
        page.items.emplace_back(printer::Line{l->x1_mm, l->y1_mm, l->x2_mm, l->y2_mm, l->width_pt});
      } else if (const auto* r = std::get_if<forms::LayoutRect>(&item)) {
        page.items.emplace_back(
            printer::Rect{r->x_mm, r->y_mm, r->w_mm, r->h_mm, r->width_pt, r->fill_gray});
      } else if (const auto* c = std::get_if<forms::LayoutCheck>(&item)) {
        page.items.emplace_back(printer::CheckBox{c->x_mm, c->y_mm, c->size_mm, c->checked});
      }
    }
    document.pages.push_back(std::move(page));
  }
  return document;
}

}  // namespace madoguchi::paper
