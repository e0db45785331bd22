// Size and time of a PDF, side by side in one run: naive libharu (the whole BIZ UD Gothic loaded
// into every document, as libharu's own examples do) against Madoguchi's PdfRenderer (fonts
// parsed once, a subset embedded per document). docs/benchmarks.md quotes its output.
//   printer_render_benchmark [--iterations N] [--out DIR]
// DIR: also writes each document as <name>-madoguchi.pdf and <name>-naive.pdf.
// Exits non-zero only when a run breaks (a render fails, or pdftotext does not give the
// resident's name back), never because of a timing.
#include <hpdf.h>
#include <qrencode.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "madoguchi/printer/pdf_file.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "madoguchi/printer/reception_slip.hpp"
#include "madoguchi/printer/text_layout.hpp"
#include "madoguchi/text/utf8.hpp"
#include "pdf_tools.hpp"
#include "sample_documents.hpp"
#include "support/tool_options.hpp"

namespace {

using namespace madoguchi::printer;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "printer_render_benchmark: %s\n", message.c_str());
  std::exit(1);
}

constexpr double kPt = 72.0 / 25.4;

void on_error(HPDF_STATUS error, HPDF_STATUS detail, void*) noexcept {
  std::fprintf(stderr, "libharu error 0x%04X (detail %u)\n", static_cast<unsigned>(error),
               static_cast<unsigned>(detail));
}

// The naive way: per document HPDF_New, HPDF_LoadTTFontFromFile of the whole font (embedded),
// HPDF_GetFont with the UTF-8 encoder, widths from HPDF_Font_TextWidth, HPDF_COMP_ALL. It draws
// the same items as PdfRenderer, with the same line breaking (text_layout.hpp), but checks
// nothing: 𠮷 comes out as a space.
std::string render_naive(const Document& doc) {
  const std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, decltype(&HPDF_Free)> guard(
      HPDF_New(on_error, nullptr), &HPDF_Free);
  HPDF_Doc pdf = guard.get();
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, doc.title.c_str());
  std::array<HPDF_Font, 2> fonts{};
  std::array<std::unordered_map<char32_t, double>, 2> widths;
  const auto font = [&](bool bold) {
    HPDF_Font& f = fonts[bold ? 1 : 0];
    if (f == nullptr) {
      const char* name =
          HPDF_LoadTTFontFromFile(pdf, bold ? MADOGUCHI_FONT_BOLD : MADOGUCHI_FONT, HPDF_TRUE);
      f = HPDF_GetFont(pdf, name, "UTF-8");
    }
    return f;
  };
  const auto r = [](double v) { return static_cast<HPDF_REAL>(v); };
  for (const Page& page_def : doc.pages) {
    HPDF_Page page = HPDF_AddPage(pdf);
    const double h = page_def.height_mm * kPt;
    HPDF_Page_SetWidth(page, r(page_def.width_mm * kPt));
    HPDF_Page_SetHeight(page, r(h));
    for (const Item& item : page_def.items) {
      if (const auto* box = std::get_if<TextBox>(&item)) {
        const auto text = madoguchi::text::decode_utf8_strict(box->text);
        if (!text || text->empty()) continue;
        HPDF_Font f = font(box->bold);
        auto& cache = widths[box->bold ? 1 : 0];
        const auto em = [&](char32_t c) {
          auto [it, inserted] = cache.try_emplace(c, 0.0);
          if (inserted) {
            const std::string utf8 = madoguchi::text::encode_utf8(c);
            it->second = HPDF_Font_TextWidth(f, reinterpret_cast<const HPDF_BYTE*>(utf8.data()),
                                             static_cast<HPDF_UINT>(utf8.size()))
                             .width /
                         1000.0;
          }
          return it->second;
        };
        const double ascent = HPDF_Font_GetAscent(f) / 1000.0;
        const double descent = HPDF_Font_GetDescent(f) / 1000.0;
        const FitRequest request{.width_pt = (box->w_mm - 2 * box->padding_mm) * kPt,
                                 .height_pt = box->h_mm * kPt,
                                 .size_pt = box->size_pt,
                                 .min_size_pt = box->min_size_pt,
                                 .max_lines = box->max_lines,
                                 .line_height_em = ascent - descent};
        const auto fitted = fit_text(*text, request, em);
        if (!fitted) fail("the naive renderer cannot fit a box");
        const double top = h - box->y_mm * kPt - (box->h_mm * kPt - fitted->block_height_pt) / 2;
        HPDF_Page_BeginText(page);
        HPDF_Page_SetFontAndSize(page, f, r(fitted->size_pt));
        for (std::size_t k = 0; k < fitted->lines.size(); ++k) {
          const auto& line = fitted->lines[k];
          const double w = line_width(line, [&](char32_t c) { return em(c) * fitted->size_pt; });
          double x = (box->x_mm + box->padding_mm) * kPt;
          if (box->align == Align::Center) x += (request.width_pt - w) / 2;
          if (box->align == Align::Right) x += request.width_pt - w;
          const double baseline = top - fitted->size_pt * (ascent + 1.25 * static_cast<double>(k));
          HPDF_Page_TextOut(page, r(x), r(baseline), madoguchi::text::encode_utf8(line).c_str());
        }
        HPDF_Page_EndText(page);
      } else if (const auto* line = std::get_if<Line>(&item)) {
        HPDF_Page_SetLineWidth(page, r(line->width_pt));
        HPDF_Page_MoveTo(page, r(line->x1_mm * kPt), r(h - line->y1_mm * kPt));
        HPDF_Page_LineTo(page, r(line->x2_mm * kPt), r(h - line->y2_mm * kPt));
        HPDF_Page_Stroke(page);
      } else if (const auto* rect = std::get_if<Rect>(&item)) {
        HPDF_Page_GSave(page);
        if (rect->fill_gray >= 0) HPDF_Page_SetGrayFill(page, r(rect->fill_gray));
        HPDF_Page_SetLineWidth(page, r(std::max(rect->width_pt, 0.01)));
        HPDF_Page_Rectangle(page, r(rect->x_mm * kPt), r(h - (rect->y_mm + rect->h_mm) * kPt),
                            r(rect->w_mm * kPt), r(rect->h_mm * kPt));
        rect->fill_gray >= 0 ? HPDF_Page_FillStroke(page) : HPDF_Page_Stroke(page);
        HPDF_Page_GRestore(page);
      } else if (const auto* check = std::get_if<CheckBox>(&item)) {
        const double s = check->size_mm * kPt, x = check->x_mm * kPt;
        const double y = h - check->y_mm * kPt - s;
        HPDF_Page_Rectangle(page, r(x), r(y), r(s), r(s));
        if (check->checked) {
          HPDF_Page_MoveTo(page, r(x + s * 0.2), r(y + s * 0.5));
          HPDF_Page_LineTo(page, r(x + s * 0.42), r(y + s * 0.24));
          HPDF_Page_LineTo(page, r(x + s * 0.82), r(y + s * 0.8));
        }
        HPDF_Page_Stroke(page);
      } else if (const auto* qr = std::get_if<QrCode>(&item)) {
        const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
            QRcode_encodeString8bit(qr->data.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
        const int n = code->width;
        const double module = qr->size_mm * kPt / (n + 8);
        for (int row = 0; row < n; ++row) {
          for (int col = 0; col < n; ++col) {
            if ((code->data[row * n + col] & 1) == 0) continue;
            HPDF_Page_Rectangle(page, r(qr->x_mm * kPt + (col + 4) * module),
                                r(h - qr->y_mm * kPt - (row + 5) * module), r(module), r(module));
          }
        }
        HPDF_Page_Fill(page);
      }
    }
  }
  if (HPDF_SaveToStream(pdf) != HPDF_OK) fail("the naive renderer cannot save");
  std::string bytes(HPDF_GetStreamSize(pdf), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  return bytes;
}

PdfRenderer make_renderer() {
  auto renderer = PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  if (!renderer) fail(renderer.error().message);
  return std::move(*renderer);
}

std::string render(PdfRenderer& renderer, const Document& doc) {
  auto pdf = renderer.render(doc);
  if (!pdf) fail(pdf.error().message);
  return std::move(*pdf);
}

struct Stats {
  double median, p99;
};

// p99 by nearest rank: with 50 samples, the slowest.
Stats stats(std::vector<double> samples) {
  std::ranges::sort(samples);
  const auto rank = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(samples.size())));
  return {samples[samples.size() / 2], samples[std::max<std::size_t>(rank, 1) - 1]};
}

struct Case {
  std::string name, what;
  Document doc;
  std::string must_extract;  // text pdftotext must give back from the Madoguchi PDF
};

}  // namespace

int main(int argc, char** argv) {
  int iterations = 50;
  std::string out_dir;
  madoguchi::tests::start_tool(
      madoguchi::tests::ToolOptions("printer_render_benchmark",
                                    "Naive libharu (the whole font in every document) against "
                                    "PdfRenderer (docs/benchmarks.md).")
          .number("--iterations", "N", iterations, 1, 100000, "renders per document (default 50)")
          .text("--out", "DIR", out_dir, "write the PDFs there"),
      argc, argv);
  namespace t = madoguchi::tests;
  const std::vector<Case> cases = {
      {"form", "one-page form (A4, 25 boxes, regular + bold)", t::sample_application_form(),
       "髙﨑"},
      {"form-2p", "two-page form (application + 委任状)", t::sample_two_page_form(), "委任状"},
      {"form-yoshida", "one-page form, 𠮷田 邉子 at 髙﨑市",
       t::sample_application_form(t::beyond_bmp_resident()), "𠮷田"},
      {"slip", "reception slip (A6, bold only)", make_reception_slip(t::sample_reception_slip()),
       "受付票"},
  };

  auto start = Clock::now();
  PdfRenderer renderer = make_renderer();
  const double create_ms = ms_since(start);
  start = Clock::now();
  render(renderer, cases[0].doc);
  const double first_ms = ms_since(start);

  std::printf("iterations per document: %d (naive and Madoguchi alternate)\n", iterations);
  std::printf(
      "PdfRenderer::create (parses 2 fonts; the fallbacks when a character needs them): %.1f ms; "
      "first render %.1f ms\n\n",
      create_ms, first_ms);
  std::printf(
      "| document | renderer | PDF size (KB = 1000 bytes) | median | p99 |\n"
      "|---|---|---|---|---|\n");
  for (const Case& c : cases) {
    std::vector<double> naive_ms, ours_ms;
    std::string naive_pdf, ours_pdf;
    for (int i = 0; i < iterations; ++i) {
      start = Clock::now();
      naive_pdf = render_naive(c.doc);
      naive_ms.push_back(ms_since(start));
      start = Clock::now();
      ours_pdf = render(renderer, c.doc);
      ours_ms.push_back(ms_since(start));
    }
    if (t::pdf_text(ours_pdf).find(c.must_extract) == std::string::npos) {
      fail(c.name + ": pdftotext does not give back " + c.must_extract);
    }
    const Stats n = stats(naive_ms), o = stats(ours_ms);
    std::printf("| %s | naive libharu | %.1f KB | %.1f ms | %.1f ms |\n", c.what.c_str(),
                naive_pdf.size() / 1000.0, n.median, n.p99);
    std::printf("| %s | **Madoguchi** | **%.1f KB** | **%.1f ms** | **%.1f ms** |\n",
                c.what.c_str(), ours_pdf.size() / 1000.0, o.median, o.p99);
    if (!out_dir.empty()) {
      for (const auto& [suffix, pdf] :
           {std::pair{"-madoguchi", &ours_pdf}, std::pair{"-naive", &naive_pdf}}) {
        const auto written = write_pdf_file(out_dir, c.name + suffix, *pdf);
        if (!written) fail(written.error().message);
      }
    }
  }

  // A renderer made for every document (what a kiosk that did not keep one would pay).
  std::vector<double> fresh_ms;
  for (int i = 0; i < std::max(1, iterations / 5); ++i) {
    start = Clock::now();
    PdfRenderer once = make_renderer();
    render(once, cases[0].doc);
    fresh_ms.push_back(ms_since(start));
  }
  const Stats f = stats(fresh_ms);
  std::printf(
      "\none-page form with a new PdfRenderer each time (%zu runs): median %.1f ms, p99 %.1f "
      "ms\n",
      fresh_ms.size(), f.median, f.p99);
  if (!out_dir.empty()) std::printf("PDFs written to %s\n", out_dir.c_str());
  return 0;
}
