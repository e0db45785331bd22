// Draws a Document into PDF bytes with libharu and an embedded Japanese TrueType font (a subset
// per document, with a fallback font for the characters it lacks, such as 𠮷 U+20BB7).
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "madoguchi/printer/document.hpp"
#include "madoguchi/printer/print_error.hpp"

namespace madoguchi::printer {

// Where Debian's fonts-noto-cjk puts Noto Sans CJK (face 0 of the collection is JP): the default
// fallback for characters BIZ UD Gothic lacks.
inline constexpr const char* kDefaultFallbackFont =
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
inline constexpr const char* kDefaultFallbackBoldFont =
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";

// Parses the fonts once; then renders any number of documents, one at a time.
// Not thread-safe: use one renderer per thread, or guard it.
//
// The PDF is text-extractable (pdftotext gives each box's text back, 𠮷 included) and embeds,
// per document, a subset of the font with only the characters it uses, so it prints the same on
// any printer. Deterministic: the same document gives the same bytes (no dates, no random IDs).
// A text shrunk to fit its box: where, and the size asked for and the size it was set at.
struct ShrunkText {
  int page = 0;
  int item = 0;
  std::string field;  // the form's field id, "" for a fixed text
  double size_pt = 0;
  double set_pt = 0;
};

class PdfRenderer {
 public:
  // `font` and `bold_font`: TrueType (.ttf with glyf outlines) that allows embedding. Characters
  // they lack are drawn from the fallback fonts, face 0 of a .ttf/.otf/.ttc (CFF is fine): this
  // overload takes kDefaultFallbackFont / kDefaultFallbackBoldFont where they are installed, and
  // prints without a fallback where they are not.
  static std::expected<PdfRenderer, PrintError> create(const std::filesystem::path& font,
                                                       const std::filesystem::path& bold_font);
  // The same with given fallback fonts; an empty path means none. A fallback that cannot be read
  // is a Font error; one that reads but does not load as a font is found when a character first
  // needs it (it is opened then), and that text's Layout error says why.
  static std::expected<PdfRenderer, PrintError> create(
      const std::filesystem::path& font, const std::filesystem::path& bold_font,
      const std::filesystem::path& fallback_font, const std::filesystem::path& fallback_bold_font);

  PdfRenderer(PdfRenderer&&) noexcept;
  PdfRenderer& operator=(PdfRenderer&&) noexcept;
  ~PdfRenderer();

  // PDF bytes. Errors: Layout (text does not fit its box, a character no font has, an item off
  // the page, ...), Pdf (libharu or HarfBuzz failed). `shrunk`, when given, gets every text set
  // smaller than its box asks (the staff studio's notes).
  std::expected<std::string, PrintError> render(const Document& document,
                                                std::vector<ShrunkText>* shrunk = nullptr);

 private:
  struct Impl;
  explicit PdfRenderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::printer
