#include "pdf_tools.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace madoguchi::tests {

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = (std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
                         "madoguchi-pdf-XXXXXX")
                            .string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

namespace {

CommandResult run_on_pdf(std::string_view pdf, std::vector<std::string> argv_before_file,
                         const std::vector<std::string>& argv_after_file = {}) {
  TempDir dir;
  const auto file = dir.path() / "doc.pdf";
  write_file(file, pdf);
  argv_before_file.push_back(file.string());
  argv_before_file.insert(argv_before_file.end(), argv_after_file.begin(), argv_after_file.end());
  return run_program(argv_before_file);
}

}  // namespace

std::string pdf_text(std::string_view pdf, bool layout) {
  std::vector<std::string> argv = {"pdftotext", "-enc", "UTF-8"};
  if (layout) argv.push_back("-layout");
  return run_on_pdf(pdf, argv, {"-"}).output;
}

std::vector<std::string> pdf_text_lines(std::string_view pdf) {
  std::vector<std::string> lines;
  std::istringstream in(pdf_text(pdf));
  std::string line;
  while (std::getline(in, line)) {
    std::erase(line, '\f');
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string pdf_fonts(std::string_view pdf) { return run_on_pdf(pdf, {"pdffonts"}).output; }

namespace {

// The value of attribute `name` in `tag` (`xMin="12.3"`), as a number.
double attribute(std::string_view tag, std::string_view name) {
  const std::string key = std::string(name) + "=\"";
  const auto at = tag.find(key);
  if (at == std::string_view::npos) return 0;
  return std::strtod(std::string(tag.substr(at + key.size())).c_str(), nullptr);
}

std::string unescape_html(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool replaced = false;
    for (const auto& [entity, c] : {std::pair{"&amp;", '&'}, std::pair{"&lt;", '<'},
                                    std::pair{"&gt;", '>'}, std::pair{"&quot;", '"'}}) {
      if (text.substr(i).starts_with(entity)) {
        out += c;
        i += std::strlen(entity) - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i];
  }
  return out;
}

}  // namespace

std::vector<PdfWord> pdf_words(std::string_view pdf) {
  // <word xMin="56.1" yMin="40.5" xMax="96.0" yMax="52.5">住所</word>
  const std::string html = run_on_pdf(pdf, {"pdftotext", "-enc", "UTF-8", "-bbox"}, {"-"}).output;
  std::vector<PdfWord> words;
  for (auto open = html.find("<word "); open != std::string::npos;
       open = html.find("<word ", open + 1)) {
    const auto tag_end = html.find('>', open);
    const auto close = html.find("</word>", tag_end);
    if (tag_end == std::string::npos || close == std::string::npos) break;
    const std::string_view tag(html.data() + open, tag_end - open);
    words.push_back({unescape_html(std::string_view(html).substr(tag_end + 1, close - tag_end - 1)),
                     attribute(tag, "xMin"), attribute(tag, "yMin"), attribute(tag, "xMax"),
                     attribute(tag, "yMax")});
  }
  return words;
}

std::string text_in_box(const std::vector<PdfWord>& words, double x_mm, double y_mm, double w_mm,
                        double h_mm) {
  constexpr double kPt = 72.0 / 25.4;
  std::vector<PdfWord> inside;
  for (const auto& w : words) {
    const double cx = (w.x_min + w.x_max) / 2, cy = (w.y_min + w.y_max) / 2;
    if (cx >= x_mm * kPt && cx <= (x_mm + w_mm) * kPt && cy >= y_mm * kPt &&
        cy <= (y_mm + h_mm) * kPt) {
      inside.push_back(w);
    }
  }
  const auto centre = [](const PdfWord& w) { return (w.y_min + w.y_max) / 2; };
  std::ranges::sort(inside, [&](const PdfWord& a, const PdfWord& b) {
    if (std::abs(centre(a) - centre(b)) > 2) return centre(a) < centre(b);
    return a.x_min < b.x_min;
  });
  std::string text;
  for (std::size_t i = 0; i < inside.size(); ++i) {
    if (i > 0) text += std::abs(centre(inside[i]) - centre(inside[i - 1])) > 2 ? "\n" : " ";
    text += inside[i].text;
  }
  return text;
}

std::string without_spaces(std::string text) {
  for (const std::string_view space : {"\u3000", " ", "\n"}) {
    for (auto at = text.find(space); at != std::string::npos; at = text.find(space, at)) {
      text.erase(at, space.size());
    }
  }
  return text;
}

GrayImage render_gray(std::string_view pdf, int dpi) {
  TempDir dir;
  const auto file = dir.path() / "doc.pdf";
  write_file(file, pdf);
  const auto base = dir.path() / "page";
  run_program({"pdftoppm", "-gray", "-r", std::to_string(dpi), "-singlefile", file.string(),
               base.string()});
  const std::string pgm = read_file(base.string() + ".pgm");
  // Binary PGM: "P5\n<w> <h>\n<max>\n" then w*h bytes.
  std::istringstream header(pgm);
  std::string magic;
  int max = 0;
  GrayImage image;
  header >> magic >> image.width >> image.height >> max;
  if (magic != "P5" || max != 255) return {};
  const auto offset = static_cast<std::size_t>(header.tellg()) + 1;
  image.pixels.assign(pgm.begin() + static_cast<std::ptrdiff_t>(offset), pgm.end());
  if (image.pixels.size() !=
      static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height)) {
    return {};
  }
  return image;
}

}  // namespace madoguchi::tests
