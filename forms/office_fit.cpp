#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/text_fit.hpp"
#include "values.hpp"

namespace madoguchi::forms {

std::vector<OfficeMisfit> office_misfits(std::span<const Procedure> procedures,
                                         const Office& office) {
  std::vector<OfficeMisfit> misfits;
  for (const Procedure& procedure : procedures) {
    for (const LayoutPage& page : procedure.layout.pages) {
      for (std::size_t i = 0; i < page.items.size(); ++i) {
        const auto* field = std::get_if<BoundText>(&page.items[i]);
        if (field == nullptr) continue;
        const bool town = field->binding.source == FieldSource::OfficeTownName;
        if (!town && field->binding.source != FieldSource::OfficeAddressee) continue;
        const std::string text =
            detail::apply_format(field->format, town ? office.town_name : office.addressee);
        const LayoutText& box = field->box;
        if (text_fits(text, box.w_mm, box.h_mm, box.min_size_pt)) continue;
        std::ostringstream sizes;
        sizes << "it needs about " << estimated_text_width_mm(text, box.min_size_pt) << " mm at "
              << box.min_size_pt << " pt, and the box has " << box.w_mm - 2 * kTextPaddingMm
              << " mm per line for " << lines_that_fit(box.h_mm, box.min_size_pt) << " line(s)";
        misfits.push_back(
            OfficeMisfit{town ? "town_name" : "addressee",
                         LoadError{procedure.file, page.items_pointer + "/" + std::to_string(i),
                                   detail::in_quotes(text) + " does not fit this box (" +
                                       field->binding.to_string() +
                                       ") even at its smallest size: " + sizes.str()}});
      }
    }
  }
  return misfits;
}

}  // namespace madoguchi::forms
