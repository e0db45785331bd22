// Measures what docs/printer.md claims about rendering: font load, render time of a one-page
// form with a reused renderer and with a fresh one (the naive way), and PDF sizes.
//   printer_render_benchmark [--iterations N] [--out DIR]   (DIR: also writes form.pdf, slip.pdf)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "madoguchi/printer/pdf_file.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"
#include "madoguchi/printer/reception_slip.hpp"
#include "sample_documents.hpp"

namespace {

using madoguchi::printer::Document;
using madoguchi::printer::PdfRenderer;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Stats {
  double median, min;
};

Stats stats(std::vector<double> samples) {
  std::ranges::sort(samples);
  return {samples[samples.size() / 2], samples.front()};
}

PdfRenderer make_renderer() {
  auto renderer = PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  if (!renderer) {
    std::fprintf(stderr, "%s\n", renderer.error().message.c_str());
    std::exit(1);
  }
  return std::move(*renderer);
}

std::string render(PdfRenderer& renderer, const Document& doc) {
  auto pdf = renderer.render(doc);
  if (!pdf) {
    std::fprintf(stderr, "%s\n", pdf.error().message.c_str());
    std::exit(1);
  }
  return std::move(*pdf);
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = 20;
  std::string out_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--iterations") iterations = std::max(1, std::atoi(argv[i + 1]));
    if (flag == "--out") out_dir = argv[i + 1];
  }
  const Document form = madoguchi::tests::sample_application_form();
  const Document slip =
      madoguchi::printer::make_reception_slip(madoguchi::tests::sample_reception_slip());

  auto start = Clock::now();
  PdfRenderer renderer = make_renderer();
  const double load_ms = ms_since(start);
  start = Clock::now();
  const std::string form_pdf = render(renderer, form);
  const double first_ms = ms_since(start);

  std::vector<double> reused, fresh, slip_times;
  std::string slip_pdf;
  for (int i = 0; i < iterations; ++i) {
    start = Clock::now();
    render(renderer, form);
    reused.push_back(ms_since(start));
    start = Clock::now();
    slip_pdf = render(renderer, slip);
    slip_times.push_back(ms_since(start));
    start = Clock::now();
    PdfRenderer once = make_renderer();
    render(once, form);
    fresh.push_back(ms_since(start));
  }
  const Stats r = stats(reused), f = stats(fresh), s = stats(slip_times);
  std::printf("iterations                          %d\n", iterations);
  std::printf("font load (PdfRenderer::create)     %.1f ms\n", load_ms);
  std::printf("first form render                   %.1f ms\n", first_ms);
  std::printf("form render, reused renderer        median %.1f ms, min %.1f ms\n", r.median, r.min);
  std::printf("form render, new renderer each time median %.1f ms, min %.1f ms\n", f.median, f.min);
  std::printf("slip render, reused renderer        median %.1f ms, min %.1f ms\n", s.median, s.min);
  std::printf("form PDF size                       %zu bytes\n", form_pdf.size());
  std::printf("slip PDF size                       %zu bytes\n", slip_pdf.size());

  if (!out_dir.empty()) {
    const std::vector<std::pair<std::string, const std::string*>> outputs = {{"form", &form_pdf},
                                                                             {"slip", &slip_pdf}};
    for (const auto& [stem, pdf] : outputs) {
      const auto written = madoguchi::printer::write_pdf_file(out_dir, stem, *pdf);
      if (!written) {
        std::fprintf(stderr, "%s\n", written.error().message.c_str());
        return 1;
      }
      std::printf("wrote %s\n", written->c_str());
    }
  }
  return 0;
}
