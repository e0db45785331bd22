// Draws a Document into PDF bytes with libharu and an embedded Japanese TrueType font.
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <string>

#include "madoguchi/printer/document.hpp"
#include "madoguchi/printer/print_error.hpp"

namespace madoguchi::printer {

// Loads (parses) the fonts once; then renders any number of documents, one at a time.
// Not thread-safe: use one renderer per thread, or guard it.
//
// The PDF is text-extractable (pdftotext gives each box's text back) and embeds a subset of the
// font, so it prints the same on any printer. Deterministic: the same document gives the same
// bytes (no dates, no random IDs).
class PdfRenderer {
 public:
  static std::expected<PdfRenderer, PrintError> create(const std::filesystem::path& font,
                                                       const std::filesystem::path& bold_font);

  PdfRenderer(PdfRenderer&&) noexcept;
  PdfRenderer& operator=(PdfRenderer&&) noexcept;
  ~PdfRenderer();

  // PDF bytes. Errors: Layout (text does not fit its box, a character the font or libharu
  // cannot print, an item off the page, ...), Pdf (libharu failed).
  std::expected<std::string, PrintError> render(const Document& document);

 private:
  struct Impl;
  explicit PdfRenderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::printer
