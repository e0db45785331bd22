// For staff and developers editing a procedure's print layout: draws the golden cases of a
// procedure as the kiosk would print them, one PDF per case, to look at before a resident does.
//   madoguchi_render_form tests/forms/golden/juminhyo.json /tmp/forms/
// writes /tmp/forms/juminhyo-1.pdf, juminhyo-2.pdf, … and prints a line per case.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "golden_cases.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/paper/form_document.hpp"
#include "madoguchi/printer/pdf_renderer.hpp"

namespace fs = std::filesystem;
using namespace madoguchi;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: madoguchi_render_form tests/forms/golden/<id>.json OUTPUT_FOLDER\n";
    return 2;
  }
  const fs::path source = MADOGUCHI_SOURCE_DIR;
  const auto golden = forms::testing::read_golden_file(argv[1], source / "tests" / "personas",
                                                       source / "assets" / "samples");
  if (!golden) {
    std::cerr << golden.error() << '\n';
    return 1;
  }
  const fs::path procedure_file = source / "forms" / "catalog" / (golden->procedure + ".json");
  const auto procedure = forms::load_procedure(procedure_file);
  if (!procedure) {
    std::cerr << procedure.error().to_string() << '\n';
    return 1;
  }
  auto renderer = printer::PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  if (!renderer) {
    std::cerr << "cannot load the fonts: " << renderer.error().message << '\n';
    return 1;
  }
  const fs::path out = argv[2];
  fs::create_directories(out);
  int failures = 0;
  for (std::size_t i = 0; i < golden->cases.size(); ++i) {
    const auto& one = golden->cases[i];
    const fs::path pdf = out / (golden->procedure + "-" + std::to_string(i + 1) + ".pdf");
    const auto form = forms::fill_form(
        *procedure, one.resident, forms::carry_shared_answers(*procedure, one.shared, one.answers),
        one.reception_number, one.reception_time);
    if (!form) {
      std::cout << one.name << ": not filled: " << form.error() << '\n';
      failures += one.expect_error.empty() ? 1 : 0;
      continue;
    }
    for (const std::string& warning : form->warnings) {
      std::cout << one.name << ": warning: " << warning << '\n';
    }
    auto bytes = renderer->render(paper::to_document(*form));
    if (!bytes) {
      std::cout << one.name << ": not drawn: " << bytes.error().message << '\n';
      ++failures;
      continue;
    }
    std::ofstream(pdf, std::ios::binary) << *bytes;
    std::cout << one.name << ": " << pdf.string() << " (" << form->pages.size() << " page"
              << (form->pages.size() == 1 ? "" : "s") << ", " << bytes->size() / 1024 << " KB)\n";
  }
  return failures == 0 ? 0 : 1;
}
