#include "madoguchi/printer/pdf_renderer.hpp"

#include <hpdf.h>
// Internal but installed libharu headers: the public API cannot tell whether the font has a
// glyph for a character (a missing one prints as an empty box), and its width calls need a
// document's font object, which is expensive to make (see create()).
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <qrencode.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>

#include "madoguchi/printer/text_layout.hpp"
#include "text_util.hpp"

namespace madoguchi::printer {
namespace {

using detail::hex4;
using detail::num;

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kLineSpacing = 1.25;  // baseline to baseline, in font sizes
constexpr double kTolerance = 0.01;    // mm an item may stick out of the page (rounding)
constexpr double kMaxPageMm = 5000;    // libharu's page size limit is 14400 pt

double pt(double mm) { return mm * kPointsPerMm; }

PrintError layout_error(std::string message) {
  return PrintError{PrintError::Kind::Layout, std::move(message)};
}

// Collects the first libharu error of a render; libharu calls this instead of returning codes
// from deep inside.
struct HaruErrors {
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void on_haru_error(HPDF_STATUS error, HPDF_STATUS detail, void* user_data) noexcept {
  auto* errors = static_cast<HaruErrors*>(user_data);
  if (errors->error == HPDF_OK) {
    errors->error = error;
    errors->detail = detail;
  }
}

struct Glyph {
  bool present = false;
  double advance_em = 0;
};

// One loaded TrueType font: its libharu name, and a cache of glyph lookups (libharu scans the
// cmap linearly on every call).
struct FontFace {
  std::string name;
  HPDF_FontDef def = nullptr;
  double ascent_em = 0.88;
  double descent_em = -0.12;
  std::unordered_map<char32_t, Glyph> glyphs;

  const Glyph& glyph(char32_t c) {
    auto [it, inserted] = glyphs.try_emplace(c);
    if (inserted && c <= 0xFFFF) {
      const auto code = static_cast<HPDF_UINT16>(c);
      if (HPDF_TTFontDef_GetGlyphid(def, code) != 0) {
        it->second = {true, HPDF_TTFontDef_GetCharWidth(def, code) / 1000.0};
      }
    }
    return it->second;
  }
};

std::string describe_box(const TextBox& box, std::size_t page, std::size_t item) {
  return "text box " + (box.field.empty() ? "" : "\"" + box.field + "\" ") + "(page " +
         std::to_string(page + 1) + ", item " + std::to_string(item + 1) + ", at " + num(box.x_mm) +
         "," + num(box.y_mm) + " mm, " + num(box.w_mm) + "x" + num(box.h_mm) + " mm)";
}

bool finite(std::initializer_list<double> values) {
  return std::ranges::all_of(values, [](double v) { return std::isfinite(v); });
}

// Bounding box of an item in mm, for the "stays on the page" check.
struct Bounds {
  double x0, y0, x1, y1;
};

Bounds bounds_of(const Item& item) {
  return std::visit(
      [](const auto& it) -> Bounds {
        using T = std::decay_t<decltype(it)>;
        if constexpr (std::is_same_v<T, Line>) {
          return {std::min(it.x1_mm, it.x2_mm), std::min(it.y1_mm, it.y2_mm),
                  std::max(it.x1_mm, it.x2_mm), std::max(it.y1_mm, it.y2_mm)};
        } else if constexpr (std::is_same_v<T, CheckBox> || std::is_same_v<T, QrCode>) {
          return {it.x_mm, it.y_mm, it.x_mm + it.size_mm, it.y_mm + it.size_mm};
        } else {
          return {it.x_mm, it.y_mm, it.x_mm + it.w_mm, it.y_mm + it.h_mm};
        }
      },
      item);
}

const char* item_kind(const Item& item) {
  static constexpr std::array<const char*, 5> kNames = {"text box", "line", "rectangle",
                                                        "check box", "QR code"};
  return kNames[item.index()];
}

std::optional<PrintError> check_geometry(const Page& page, std::size_t page_index, const Item& item,
                                         std::size_t item_index) {
  const Bounds b = bounds_of(item);
  const auto where = [&] {
    return std::string(item_kind(item)) + " (page " + std::to_string(page_index + 1) + ", item " +
           std::to_string(item_index + 1) + ")";
  };
  if (!finite({b.x0, b.y0, b.x1, b.y1}) || b.x1 < b.x0 || b.y1 < b.y0) {
    return layout_error(where() + " has an invalid position or size");
  }
  if (b.x0 < -kTolerance || b.y0 < -kTolerance || b.x1 > page.width_mm + kTolerance ||
      b.y1 > page.height_mm + kTolerance) {
    return layout_error(where() + " reaches off the page (" + num(b.x0) + "," + num(b.y0) + " to " +
                        num(b.x1) + "," + num(b.y1) + " mm on a " + num(page.width_mm) + "x" +
                        num(page.height_mm) + " mm page)");
  }
  return std::nullopt;
}

}  // namespace

struct PdfRenderer::Impl {
  HaruErrors errors;
  HPDF_Doc pdf = nullptr;
  std::array<FontFace, 2> faces;  // regular, bold

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (pdf != nullptr) HPDF_Free(pdf);
  }

  PrintError haru_error(const std::string& what) const {
    return PrintError{PrintError::Kind::Pdf,
                      "libharu error " + hex4(static_cast<unsigned>(errors.error)) + " (detail " +
                          std::to_string(errors.detail) + ") while " + what};
  }

  std::expected<std::string, PrintError> render(const Document& document);

  // Per document:
  std::array<HPDF_Font, 2> doc_fonts{};
  HPDF_Font font_for(bool bold) {
    HPDF_Font& font = doc_fonts[bold ? 1 : 0];
    if (font == nullptr) font = HPDF_GetFont(pdf, faces[bold ? 1 : 0].name.c_str(), "UTF-8");
    return font;
  }

  std::optional<PrintError> check_text(const std::u32string& text, FontFace& face,
                                       const std::string& where);
  std::optional<PrintError> draw(HPDF_Page page, double page_h, const TextBox& box,
                                 const std::string& where);
  std::optional<PrintError> draw(HPDF_Page page, double page_h, const QrCode& qr,
                                 const std::string& where);
  void draw(HPDF_Page page, double page_h, const Line& line);
  void draw(HPDF_Page page, double page_h, const Rect& rect);
  void draw(HPDF_Page page, double page_h, const CheckBox& box);
};

PdfRenderer::PdfRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdfRenderer::PdfRenderer(PdfRenderer&&) noexcept = default;
PdfRenderer& PdfRenderer::operator=(PdfRenderer&&) noexcept = default;
PdfRenderer::~PdfRenderer() = default;

std::expected<PdfRenderer, PrintError> PdfRenderer::create(const std::filesystem::path& font,
                                                           const std::filesystem::path& bold_font) {
  auto impl = std::make_unique<Impl>();
  for (const auto& path : {font, bold_font}) {
    // libharu only says "cannot open"; say which file and why.
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
      return std::unexpected(
          PrintError{PrintError::Kind::Font,
                     "cannot read font " + path.string() + ": " + std::strerror(errno)});
    }
    std::fclose(f);
  }
  impl->pdf = HPDF_New(on_haru_error, &impl->errors);
  if (impl->pdf == nullptr) {
    return std::unexpected(PrintError{PrintError::Kind::Pdf, "libharu could not start"});
  }
  HPDF_UseUTFEncodings(impl->pdf);
  const std::array<const std::filesystem::path*, 2> paths = {&font, &bold_font};
  for (std::size_t i = 0; i < 2; ++i) {
    const char* name = HPDF_LoadTTFontFromFile(impl->pdf, paths[i]->c_str(), HPDF_TRUE);
    if (name == nullptr) {
      return std::unexpected(
          PrintError{PrintError::Kind::Font,
                     "cannot load font " + paths[i]->string() + " (libharu error " +
                         hex4(static_cast<unsigned>(impl->errors.error)) +
                         "; a TrueType .ttf with glyf outlines that allows embedding is needed)"});
    }
    FontFace& face = impl->faces[i];
    face.name = name;
    face.def = HPDF_GetFontDef(impl->pdf, name);
    // Not HPDF_GetFont + HPDF_Font_GetAscent: making a font object costs ~140 ms (see below).
    if (face.def == nullptr || face.def->ascent <= face.def->descent) {
      return std::unexpected(
          PrintError{PrintError::Kind::Font, "font " + paths[i]->string() + " has no metrics"});
    }
    face.ascent_em = face.def->ascent / 1000.0;
    face.descent_em = face.def->descent / 1000.0;
  }
  if (impl->faces[0].name == impl->faces[1].name) {
    // The same file twice: libharu registers a font name once.
    return std::unexpected(PrintError{
        PrintError::Kind::Font, "regular and bold font are the same font " + impl->faces[0].name});
  }
  // The parsed fonts stay in the HPDF_Doc across documents: HPDF_NewDoc only resets which
  // glyphs are used. Parsing is cheap (~3 ms a font); what each document pays is libharu's font
  // object (HPDF_GetFont builds a 65536-entry CID-to-glyph map with a linear cmap search per
  // entry, ~140 ms) and deflating the embedded tables (~65 ms), per font used. That is why the
  // bold font is only brought in when a box is bold.
  HPDF_FreeDoc(impl->pdf);
  return PdfRenderer(std::move(impl));
}

std::expected<std::string, PrintError> PdfRenderer::render(const Document& document) {
  return impl_->render(document);
}

std::expected<std::string, PrintError> PdfRenderer::Impl::render(const Document& document) {
  if (document.pages.empty()) return std::unexpected(layout_error("the document has no pages"));

  errors = {};
  doc_fonts = {};
  if (HPDF_NewDoc(pdf) != HPDF_OK) return std::unexpected(haru_error("starting a document"));
  // Whatever happens, drop the document (it holds personal data) when done.
  const auto free_doc = [](HPDF_Doc d) { HPDF_FreeDoc(d); };
  const std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, decltype(free_doc)> guard(pdf, free_doc);

  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");  // also makes the info strings UTF-16 (libharu#282)
  if (!document.title.empty()) {
    const auto title = decode_utf8(document.title);
    if (!title || std::ranges::any_of(*title, [](char32_t c) { return c > 0xFFFF; })) {
      return std::unexpected(
          layout_error("the document title is not valid UTF-8 or has a character above U+FFFF"));
    }
    HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, document.title.c_str());
  }
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "Madoguchi");
  if (errors.error != HPDF_OK) return std::unexpected(haru_error("setting up the document"));

  for (std::size_t p = 0; p < document.pages.size(); ++p) {
    const Page& page_def = document.pages[p];
    if (!finite({page_def.width_mm, page_def.height_mm}) || page_def.width_mm <= 0 ||
        page_def.height_mm <= 0 || page_def.width_mm > kMaxPageMm ||
        page_def.height_mm > kMaxPageMm) {
      return std::unexpected(
          layout_error("page " + std::to_string(p + 1) + " has an invalid size"));
    }
    HPDF_Page page = HPDF_AddPage(pdf);
    if (page == nullptr) return std::unexpected(haru_error("adding a page"));
    const double page_h = pt(page_def.height_mm);
    HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(pt(page_def.width_mm)));
    HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(page_h));

    for (std::size_t i = 0; i < page_def.items.size(); ++i) {
      const Item& item = page_def.items[i];
      if (auto error = check_geometry(page_def, p, item, i)) return std::unexpected(*error);
      std::optional<PrintError> error;
      if (const auto* text = std::get_if<TextBox>(&item)) {
        error = draw(page, page_h, *text, describe_box(*text, p, i));
      } else if (const auto* qr = std::get_if<QrCode>(&item)) {
        error = draw(
            page, page_h, *qr,
            "QR code (page " + std::to_string(p + 1) + ", item " + std::to_string(i + 1) + ")");
      } else if (const auto* line = std::get_if<Line>(&item)) {
        draw(page, page_h, *line);
      } else if (const auto* rect = std::get_if<Rect>(&item)) {
        draw(page, page_h, *rect);
      } else if (const auto* box = std::get_if<CheckBox>(&item)) {
        draw(page, page_h, *box);
      }
      if (error) return std::unexpected(*error);
      if (errors.error != HPDF_OK) {
        return std::unexpected(haru_error("drawing item " + std::to_string(i + 1) + " on page " +
                                          std::to_string(p + 1)));
      }
    }
  }

  if (HPDF_SaveToStream(pdf) != HPDF_OK || errors.error != HPDF_OK) {
    return std::unexpected(haru_error("writing the PDF"));
  }
  std::string bytes(HPDF_GetStreamSize(pdf), '\0');
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    auto chunk = static_cast<HPDF_UINT32>(bytes.size() - filled);
    if (HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data() + filled), &chunk) !=
            HPDF_OK ||
        chunk == 0) {
      return std::unexpected(haru_error("reading the PDF back"));
    }
    filled += chunk;
  }
  return bytes;
}

std::optional<PrintError> PdfRenderer::Impl::check_text(const std::u32string& text, FontFace& face,
                                                        const std::string& where) {
  for (const char32_t c : text) {
    if (c == U'\n') continue;
    const std::string which = code_point_name(c);
    if (c > 0xFFFF) {
      // libharu 2.3's UTF-8 encoder turns these into spaces; never print a space instead.
      return layout_error(where + " contains " + which + " (" + encode_utf8(c) +
                          "), above U+FFFF, which libharu 2.3 cannot print");
    }
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
      return layout_error(where + " contains the control character " + which);
    }
    if (!face.glyph(c).present) {
      return layout_error(where + " contains " + which + " (" + encode_utf8(c) +
                          "), which the font " + face.name + " has no glyph for");
    }
  }
  return std::nullopt;
}

std::optional<PrintError> PdfRenderer::Impl::draw(HPDF_Page page, double page_h, const TextBox& box,
                                                  const std::string& where) {
  std::size_t bad_offset = 0;
  auto decoded = decode_utf8(box.text, &bad_offset);
  if (!decoded) {
    return layout_error(where + " is not valid UTF-8 (at byte " + std::to_string(bad_offset) + ")");
  }
  // Normalise line ends and tabs.
  std::u32string text;
  text.reserve(decoded->size());
  for (std::size_t i = 0; i < decoded->size(); ++i) {
    const char32_t c = (*decoded)[i];
    if (c == U'\r') {
      if (i + 1 < decoded->size() && (*decoded)[i + 1] == U'\n') continue;
      text.push_back(U'\n');
    } else {
      text.push_back(c == U'\t' ? U' ' : c);
    }
  }
  FontFace& face = faces[box.bold ? 1 : 0];
  if (auto error = check_text(text, face, where)) return error;
  if (!finite({box.size_pt, box.min_size_pt, box.padding_mm}) || box.size_pt <= 0 ||
      box.min_size_pt <= 0 || box.padding_mm < 0) {
    return layout_error(where + " has an invalid font size or padding");
  }
  if (text.empty()) return std::nullopt;

  const FitRequest request{.width_pt = pt(box.w_mm - 2 * box.padding_mm),
                           .height_pt = pt(box.h_mm),
                           .size_pt = box.size_pt,
                           .min_size_pt = box.min_size_pt,
                           .max_lines = box.max_lines,
                           .line_spacing = kLineSpacing,
                           .line_height_em = face.ascent_em - face.descent_em};
  const auto em_width = [&face](char32_t c) { return face.glyph(c).advance_em; };
  const auto fitted = fit_text(text, request, em_width);
  if (!fitted) {
    const auto lines_at_min = break_lines(
        text, request.width_pt, [&](char32_t c) { return em_width(c) * request.min_size_pt; });
    return layout_error(where + ": the text does not fit even at " +
                        num(std::min(box.min_size_pt, box.size_pt)) + " pt (it needs " +
                        std::to_string(lines_at_min.size()) +
                        " line(s) there; make the box larger, allow more lines or a smaller "
                        "minimum size)");
  }

  HPDF_Font font = font_for(box.bold);
  if (font == nullptr) return std::nullopt;  // libharu reported it; the caller checks
  const double size = fitted->size_pt;
  const double box_top = page_h - pt(box.y_mm);
  const double block_top = box_top - (pt(box.h_mm) - fitted->block_height_pt) / 2;
  const double left = pt(box.x_mm + box.padding_mm);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(size));
  for (std::size_t k = 0; k < fitted->lines.size(); ++k) {
    const auto& line = fitted->lines[k];
    if (line.empty()) continue;
    const double width = line_width(line, [&](char32_t c) { return em_width(c) * size; });
    double x = left;
    if (box.align == Align::Center) x = left + (request.width_pt - width) / 2;
    if (box.align == Align::Right) x = left + request.width_pt - width;
    const double baseline =
        block_top - size * face.ascent_em - static_cast<double>(k) * size * kLineSpacing;
    HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(baseline),
                      encode_utf8(line).c_str());
  }
  HPDF_Page_EndText(page);
  return std::nullopt;
}

void PdfRenderer::Impl::draw(HPDF_Page page, double page_h, const Line& line) {
  if (line.width_pt <= 0) return;
  HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(line.width_pt));
  HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(pt(line.x1_mm)),
                   static_cast<HPDF_REAL>(page_h - pt(line.y1_mm)));
  HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(pt(line.x2_mm)),
                   static_cast<HPDF_REAL>(page_h - pt(line.y2_mm)));
  HPDF_Page_Stroke(page);
}

void PdfRenderer::Impl::draw(HPDF_Page page, double page_h, const Rect& rect) {
  const bool fill = rect.fill_gray >= 0;
  const bool stroke = rect.width_pt > 0;
  if (!fill && !stroke) return;
  HPDF_Page_GSave(page);
  if (fill) HPDF_Page_SetGrayFill(page, static_cast<HPDF_REAL>(std::min(rect.fill_gray, 1.0)));
  if (stroke) HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(rect.width_pt));
  HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(pt(rect.x_mm)),
                      static_cast<HPDF_REAL>(page_h - pt(rect.y_mm + rect.h_mm)),
                      static_cast<HPDF_REAL>(pt(rect.w_mm)), static_cast<HPDF_REAL>(pt(rect.h_mm)));
  if (fill && stroke) {
    HPDF_Page_FillStroke(page);
  } else if (fill) {
    HPDF_Page_Fill(page);
  } else {
    HPDF_Page_Stroke(page);
  }
  HPDF_Page_GRestore(page);
}

void PdfRenderer::Impl::draw(HPDF_Page page, double page_h, const CheckBox& box) {
  const double s = pt(box.size_mm);
  const double x = pt(box.x_mm);
  const double y = page_h - pt(box.y_mm) - s;  // bottom-left in PDF space
  HPDF_Page_GSave(page);
  HPDF_Page_SetLineWidth(page, 0.6f);
  HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y),
                      static_cast<HPDF_REAL>(s), static_cast<HPDF_REAL>(s));
  HPDF_Page_Stroke(page);
  if (box.checked) {
    // A tick drawn as a path, so it needs no glyph.
    HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(std::max(0.8, s * 0.12)));
    HPDF_Page_SetLineCap(page, HPDF_ROUND_END);
    HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
    HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(x + s * 0.2),
                     static_cast<HPDF_REAL>(y + s * 0.5));
    HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(x + s * 0.42),
                     static_cast<HPDF_REAL>(y + s * 0.24));
    HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(x + s * 0.82),
                     static_cast<HPDF_REAL>(y + s * 0.8));
    HPDF_Page_Stroke(page);
  }
  HPDF_Page_GRestore(page);
}

std::optional<PrintError> PdfRenderer::Impl::draw(HPDF_Page page, double page_h, const QrCode& qr,
                                                  const std::string& where) {
  if (qr.data.empty()) return layout_error(where + " has no data");
  const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(qr.data.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) {
    return layout_error(where + " cannot encode " + std::to_string(qr.data.size()) + " bytes (" +
                        std::strerror(errno) + ")");
  }
  const int n = code->width;
  const double module = pt(qr.size_mm) / (n + 8);  // 4 modules of quiet zone on each side
  const double left = pt(qr.x_mm) + 4 * module;
  const double top = page_h - pt(qr.y_mm) - 4 * module;
  HPDF_Page_GSave(page);
  HPDF_Page_SetGrayFill(page, 0);
  // One path for all dark runs, filled once, so viewers show no seams between modules.
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n;) {
      if ((code->data[row * n + col] & 1) == 0) {
        ++col;
        continue;
      }
      int end = col;
      while (end < n && (code->data[row * n + end] & 1) != 0) ++end;
      HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(left + col * module),
                          static_cast<HPDF_REAL>(top - (row + 1) * module),
                          static_cast<HPDF_REAL>((end - col) * module),
                          static_cast<HPDF_REAL>(module));
      col = end;
    }
  }
  HPDF_Page_Fill(page);
  HPDF_Page_GRestore(page);
  return std::nullopt;
}

}  // namespace madoguchi::printer
