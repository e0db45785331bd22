#include "page_preview.hpp"

#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <type_traits>
#include <variant>

#include "madoguchi/paper/form_document.hpp"
#include "sample_answers.hpp"

namespace madoguchi::studio {

namespace {

constexpr auto kReceptionNumber = "0000";
constexpr std::size_t kMaxTextsLeftOut = 64;

// Poppler's ARGB32 (native-endian 0xAARRGGBB) as RGBA bytes.
PageImage to_rgba(const poppler::image& image, double pixels_per_mm) {
  PageImage out;
  out.width = image.width();
  out.height = image.height();
  out.pixels_per_mm = pixels_per_mm;
  out.rgba.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) * 4);
  const char* data = image.const_data();
  for (int y = 0; y < out.height; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * image.bytes_per_row());
    for (int x = 0; x < out.width; ++x) {
      const std::uint32_t argb = row[x];
      auto* pixel = &out.rgba[(static_cast<std::size_t>(y) * out.width + x) * 4];
      pixel[0] = static_cast<std::uint8_t>(argb >> 16);
      pixel[1] = static_cast<std::uint8_t>(argb >> 8);
      pixel[2] = static_cast<std::uint8_t>(argb);
      pixel[3] = static_cast<std::uint8_t>(argb >> 24);
    }
  }
  return out;
}

void set_pixel(PageImage& image, int x, int y, const std::uint8_t (&colour)[3]) {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
  auto* pixel = &image.rgba[(static_cast<std::size_t>(y) * image.width + x) * 4];
  for (int i = 0; i < 3; ++i) pixel[i] = colour[i];
  pixel[3] = 255;
}

}  // namespace

std::vector<PageBox> boxes_of(const forms::LayoutPage& page) {
  std::vector<PageBox> boxes;
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    PageBox box;
    box.pointer = page.items_pointer + "/" + std::to_string(i);
    const std::string place = std::to_string(i);
    std::visit(
        [&](const auto& item) {
          using T = std::decay_t<decltype(item)>;
          if constexpr (std::is_same_v<T, forms::LayoutText>) {
            box = {"text:" + place, item.x_mm, item.y_mm, item.w_mm, item.h_mm, false, box.pointer};
            box.text = item.text;
          } else if constexpr (std::is_same_v<T, forms::LayoutRect>) {
            box = {"rect:" + place, item.x_mm, item.y_mm, item.w_mm, item.h_mm, false, box.pointer};
          } else if constexpr (std::is_same_v<T, forms::LayoutCheck>) {
            box = {"check:" + place, item.x_mm, item.y_mm,  item.size_mm,
                   item.size_mm,     false,     box.pointer};
          } else if constexpr (std::is_same_v<T, forms::LayoutLine>) {
            box = {"line:" + place,
                   std::min(item.x1_mm, item.x2_mm),
                   std::min(item.y1_mm, item.y2_mm),
                   std::abs(item.x2_mm - item.x1_mm),
                   std::abs(item.y2_mm - item.y1_mm),
                   false,
                   box.pointer};
          } else if constexpr (std::is_same_v<T, forms::BoundText>) {
            box = {item.field_id, item.box.x_mm, item.box.y_mm, item.box.w_mm,
                   item.box.h_mm, true,          box.pointer};
          } else if constexpr (std::is_same_v<T, forms::BoundCheck>) {
            box = {item.field_id,    item.box.x_mm, item.box.y_mm, item.box.size_mm,
                   item.box.size_mm, true,          box.pointer};
          } else if constexpr (std::is_same_v<T, forms::BoundGrid>) {
            const bool bound = !item.field_id.empty();
            box = {bound ? item.field_id : "grid:" + place,
                   item.x_mm,
                   item.y_mm,
                   item.width_mm(),
                   item.h_mm,
                   bound,
                   box.pointer};
          }
        },
        page.items[i]);
    boxes.push_back(std::move(box));
  }
  return boxes;
}

std::expected<PagePreview, std::string> preview_page(printer::PdfRenderer& renderer,
                                                     const PreviewRequest& request) {
  if (request.procedure == nullptr) return std::unexpected("no procedure");
  const auto& procedure = *request.procedure;
  const auto answers = sample_answers(procedure, request.answers);
  const auto form = forms::fill_form(procedure, request.resident, answers, kReceptionNumber,
                                     std::chrono::system_clock::now(), request.office);
  if (!form) return std::unexpected("the form cannot be filled: " + form.error());
  if (request.page < 0 || request.page >= static_cast<int>(form->pages.size())) {
    return std::unexpected("the form has " + std::to_string(form->pages.size()) +
                           " page(s); there is no page " + std::to_string(request.page + 1));
  }
  PagePreview preview;
  preview.warnings = form->warnings;
  if (request.page < static_cast<int>(procedure.layout.pages.size())) {
    preview.boxes = boxes_of(procedure.layout.pages[static_cast<std::size_t>(request.page)]);
  }
  // A text that does not fit is left out, its box marked, and the page drawn again: staff see
  // the page and which box to make larger, not only an error.
  auto document = paper::to_document(*form);
  std::vector<printer::ShrunkText> shrunk;
  auto pdf = renderer.render(document, &shrunk);
  for (std::size_t tries = 0; !pdf && tries < kMaxTextsLeftOut; ++tries) {
    const auto& error = pdf.error();
    if (error.kind != printer::PrintError::Kind::Layout || error.page < 0 || error.item < 0) break;
    auto& items = document.pages.at(static_cast<std::size_t>(error.page)).items;
    auto* box = std::get_if<printer::TextBox>(&items.at(static_cast<std::size_t>(error.item)));
    if (box == nullptr || box->text.empty()) break;
    box->text.clear();
    preview.warnings.push_back(error.message);
    for (auto& page_box : preview.boxes) {
      if (error.page == request.page && !box->field.empty() && page_box.id == box->field) {
        page_box.does_not_fit = true;
      }
    }
    shrunk.clear();
    pdf = renderer.render(document, &shrunk);
  }
  for (const auto& text : shrunk) {
    if (text.page != request.page || text.field.empty()) continue;
    for (auto& page_box : preview.boxes) {
      if (page_box.id == text.field) {
        page_box.shrunk_to_pt = text.set_pt;
        page_box.size_pt = text.size_pt;
      }
    }
  }
  if (!pdf) return std::unexpected("the page cannot be drawn: " + pdf.error().message);
  std::unique_ptr<poppler::document> pdf_document(
      poppler::document::load_from_raw_data(pdf->data(), static_cast<int>(pdf->size())));
  if (!pdf_document) return std::unexpected("poppler cannot read the PDF the renderer made");
  std::unique_ptr<poppler::page> page(pdf_document->create_page(request.page));
  if (!page) return std::unexpected("poppler has no page " + std::to_string(request.page + 1));
  poppler::page_renderer raster;
  raster.set_render_hint(poppler::page_renderer::antialiasing, true);
  raster.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  const double dpi = request.pixels_per_mm * 25.4;
  const poppler::image image = raster.render_page(page.get(), dpi, dpi);
  if (!image.is_valid()) return std::unexpected("poppler could not rasterise the page");
  preview.image = to_rgba(image, request.pixels_per_mm);
  preview.pages = static_cast<int>(form->pages.size());
  return preview;
}

void draw_outlines(PagePreview& preview) {
  static constexpr std::uint8_t kBound[3] = {0x1E, 0x5A, 0xD6};
  static constexpr std::uint8_t kFixed[3] = {0xA0, 0xA0, 0xA0};
  static constexpr std::uint8_t kTooLong[3] = {0xD0, 0x10, 0x10};
  auto& image = preview.image;
  const double k = image.pixels_per_mm;
  for (const auto& box : preview.boxes) {
    if (box.id.starts_with("line:")) continue;  // a rule is its own outline
    const auto& colour = box.does_not_fit ? kTooLong : box.bound ? kBound : kFixed;
    const int thickness = box.does_not_fit ? 3 : 1;
    const int x0 = static_cast<int>(std::lround(box.x_mm * k));
    const int y0 = static_cast<int>(std::lround(box.y_mm * k));
    const int x1 = static_cast<int>(std::lround((box.x_mm + box.w_mm) * k));
    const int y1 = static_cast<int>(std::lround((box.y_mm + box.h_mm) * k));
    for (int t = 0; t < thickness; ++t) {
      for (int x = x0 - t; x <= x1 + t; ++x) {
        set_pixel(image, x, y0 - t, colour);
        set_pixel(image, x, y1 + t, colour);
      }
      for (int y = y0 - t; y <= y1 + t; ++y) {
        set_pixel(image, x0 - t, y, colour);
        set_pixel(image, x1 + t, y, colour);
      }
    }
  }
}

std::vector<unsigned char> rgb_of(const PageImage& image) {
  std::vector<unsigned char> rgb(static_cast<std::size_t>(image.width) * image.height * 3);
  for (std::size_t i = 0, j = 0; i < image.rgba.size(); i += 4, j += 3) {
    rgb[j] = image.rgba[i];
    rgb[j + 1] = image.rgba[i + 1];
    rgb[j + 2] = image.rgba[i + 2];
  }
  return rgb;
}

}  // namespace madoguchi::studio
