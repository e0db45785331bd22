// poppler-utils as test oracles: what a PDF says (pdftotext), which fonts it embeds (pdffonts),
// and what it looks like (pdftoppm).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "support/run_program.hpp"

namespace madoguchi::tests {

// A temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, std::string_view bytes);

// `pdftotext -enc UTF-8` (with -layout when asked) of the PDF bytes.
std::string pdf_text(std::string_view pdf, bool layout = false);

// The lines of pdf_text(), without empty ones and form feeds.
std::vector<std::string> pdf_text_lines(std::string_view pdf);

// `pdffonts` output.
std::string pdf_fonts(std::string_view pdf);

// One word of `pdftotext -bbox`: its text and box in points, y downwards from the page top.
struct PdfWord {
  std::string text;
  double x_min, y_min, x_max, y_max;
};
std::vector<PdfWord> pdf_words(std::string_view pdf);

// The words whose centres lie in the rectangle (mm from the top-left corner): a line per
// baseline, top to bottom, words joined by one space, lines by "\n". This is what a reader sees
// in a box. poppler reports any space character, the ideographic 　 included, as " ".
std::string text_in_box(const std::vector<PdfWord>& words, double x_mm, double y_mm, double w_mm,
                        double h_mm);

// Removes ASCII spaces, 　 and newlines: for comparing text that was broken into lines.
std::string without_spaces(std::string text);

// Page 1 rendered to 8-bit gray (0 black .. 255 white) at `dpi`.
struct GrayImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;
  std::uint8_t at(int x, int y) const {
    return pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                  static_cast<std::size_t>(x)];
  }
};
GrayImage render_gray(std::string_view pdf, int dpi);

}  // namespace madoguchi::tests
