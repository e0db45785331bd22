#include "madoguchi/printer/pdf_renderer.hpp"

#include <hpdf.h>
// Internal but installed libharu headers: the public API can load a TrueType font only from a
// file and writes a stub ToUnicode CMap; the renderer loads each document's subset font from
// memory (load_font) and writes the real ToUnicode CMap into libharu's stream (embed).
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <qrencode.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>

#include "font_file.hpp"
#include "madoguchi/printer/text_layout.hpp"
#include "madoguchi/text/utf8.hpp"
#include "page_geometry.hpp"
#include "text_util.hpp"

namespace madoguchi::printer {
namespace {

using detail::check_geometry;
using detail::describe_box;
using detail::finite;
using detail::hex4;
using detail::layout_error;
using detail::num;

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kLineSpacing = 1.25;  // baseline to baseline, in font sizes
constexpr double kMaxPageMm = 5000;    // libharu's page size limit is 14400 pt

double pt(double mm) { return mm * kPointsPerMm; }

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

// Where a character is drawn from.
struct Glyph {
  enum class Source : std::uint8_t { None, Primary, Fallback };
  Source source = Source::None;
  unsigned id = 0;        // glyph id in that font
  double advance_em = 0;  // advance in font sizes
};

// One weight (regular or bold): its font, the fallback for what the font lacks, and a cache of
// lookups. The font is parsed when the renderer is made; the fallback the first time a character
// needs it (most documents never do, and Noto Sans CJK's collection costs the process 0.3 MB
// once opened).
struct Weight {
  detail::FontFile font;
  std::filesystem::path fallback_path;  // none: no fallback
  std::optional<detail::FontFile> fallback;
  std::string fallback_error;  // why the fallback could not be opened
  double ascent_em = 0.88;
  double descent_em = -0.12;
  // A blank character of the font (U+3000, else U+0020): its glyph is what the text layer shows
  // where a fallback glyph is drawn as a path, so the character is still there for extraction.
  char32_t blank = U'\u3000';
  std::unordered_map<char32_t, Glyph> glyphs;

  explicit Weight(detail::FontFile f) : font(std::move(f)) {}

  const Glyph& glyph(char32_t c) {
    auto [it, inserted] = glyphs.try_emplace(c);
    if (!inserted) return it->second;
    if (const unsigned id = font.glyph(c); id != 0) {
      // As libharu writes the W array: whole thousandths of an em, rounded down, so the text
      // is laid out with exactly the widths the PDF viewer uses.
      const unsigned thousandths = font.advance(id) * 1000 / font.units_per_em();
      it->second = {Glyph::Source::Primary, id, thousandths / 1000.0};
    } else if (open_fallback()) {
      if (const unsigned fid = fallback->glyph(c); fid != 0) {
        it->second = {Glyph::Source::Fallback, fid,
                      static_cast<double>(fallback->advance(fid)) / fallback->units_per_em()};
      }
    }
    return it->second;
  }

  bool open_fallback() {
    if (fallback || fallback_path.empty() || !fallback_error.empty()) return fallback.has_value();
    auto opened = detail::FontFile::open(fallback_path);
    if (opened) {
      fallback = std::move(*opened);
    } else {
      fallback_error = "the fallback font " + fallback_path.string() + " cannot be loaded (" +
                       opened.error() + ")";
    }
    return fallback.has_value();
  }
};

// The codes a document's text is written in. Each character used with a weight gets its own
// code from U+0100 up (libharu's UTF-8 encoder takes them as CIDs), in code point order; the
// subset font's cmap maps each code to the character's glyph, and the ToUnicode CMap gives each
// code its character. Low codes keep the CIDToGIDMap short.
constexpr char32_t kFirstCode = 0x0100;
constexpr char32_t kLastCode = 0xD7FF;  // below the surrogates, which UTF-8 cannot carry

// A weight as embedded in the document being drawn.
struct EmbeddedFont {
  std::map<char32_t, char32_t> codes;  // character → code
  HPDF_Font font = nullptr;
};

// The ToUnicode CMap: code → character (UTF-16BE, a surrogate pair above U+FFFF). One bfchar
// entry per code: bfrange would save a few bytes, but Ghostscript 10.0's text extraction
// misreads it.
std::string to_unicode_cmap(const std::map<char32_t, char32_t>& codes) {
  std::vector<std::pair<char32_t, char32_t>> entries;  // code, character
  entries.reserve(codes.size());
  for (const auto& [character, code] : codes) entries.emplace_back(code, character);
  std::ranges::sort(entries);

  std::string out =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  // At most 100 entries per block (PDF 32000-1, 9.10.3).
  for (std::size_t i = 0; i < entries.size(); i += 100) {
    const std::size_t n = std::min<std::size_t>(100, entries.size() - i);
    out += std::to_string(n) + " beginbfchar\n";
    for (std::size_t k = i; k < i + n; ++k) {
      const auto [code, c] = entries[k];
      char buf[32];
      if (c > 0xFFFF) {
        const auto v = static_cast<unsigned>(c - 0x10000);
        std::snprintf(buf, sizeof buf, "<%04X> <%04X%04X>\n", static_cast<unsigned>(code),
                      0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
      } else {
        std::snprintf(buf, sizeof buf, "<%04X> <%04X>\n", static_cast<unsigned>(code),
                      static_cast<unsigned>(c));
      }
      out += buf;
    }
    out += "endbfchar\n";
  }
  out += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return out;
}

// A subset tag (the "ABCDEF+" before a subset font's name) from the characters it holds, so
// that two different subsets never share a name, and the same one always has the same.
std::string subset_tag(const std::map<char32_t, char32_t>& codes, bool bold) {
  std::uint64_t hash = bold ? 0x9E3779B97F4A7C15ULL : 0xCBF29CE484222325ULL;
  for (const auto& [character, code] : codes) {
    hash = (hash ^ character) * 0x100000001B3ULL;
  }
  std::string tag(6, 'A');
  for (char& letter : tag) {
    letter = static_cast<char>('A' + hash % 26);
    hash /= 26;
  }
  return tag;
}

// A text box as laid out: its font size and lines at their positions, in PDF points.
struct SetLine {
  std::u32string text;
  double x = 0, baseline = 0;
};
struct SetText {
  bool bold = false;
  double size_pt = 0;
  std::vector<SetLine> lines;
};

}  // namespace

struct PdfRenderer::Impl {
  HaruErrors errors;
  std::vector<Weight> weights;  // regular, bold

  PrintError haru_error(const std::string& what) const {
    return PrintError{PrintError::Kind::Pdf,
                      "libharu error " + hex4(static_cast<unsigned>(errors.error)) + " (detail " +
                          std::to_string(errors.detail) + ") while " + what};
  }

  std::expected<std::string, PrintError> render(const Document& document,
                                                std::vector<ShrunkText>* shrunk);

  // Layout, before anything is drawn: every box's lines, and the characters each weight needs.
  std::expected<SetText, PrintError> set(double page_h, const TextBox& box,
                                         const std::string& where);
  std::optional<PrintError> check_text(const std::u32string& text, Weight& weight,
                                       const std::string& where);
  // Embeds a subset of the weight's font with these characters into the document.
  std::optional<PrintError> embed(HPDF_Doc pdf, std::size_t weight, EmbeddedFont& embedded);

  void draw(HPDF_Page page, const SetText& text, const EmbeddedFont& font);
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

namespace {

std::optional<PrintError> readable(const std::filesystem::path& path) {
  // Say which file and why, not just "cannot open".
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return PrintError{PrintError::Kind::Font,
                      "cannot read font " + path.string() + ": " + std::strerror(errno)};
  }
  std::fclose(f);
  return std::nullopt;
}

using HaruDoc = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, decltype(&HPDF_Free)>;

// Loads TrueType bytes into the document as a font libharu can draw with and embed, under the
// subset tag. nullptr on failure (libharu reported why).
HPDF_FontDef load_font(HPDF_Doc pdf, const std::string& bytes, const std::string& tag) {
  HPDF_Stream stream = HPDF_MemStream_New(pdf->mmgr, static_cast<HPDF_UINT>(bytes.size()));
  if (stream == nullptr) return nullptr;
  if (HPDF_Stream_Write(stream, reinterpret_cast<const HPDF_BYTE*>(bytes.data()),
                        static_cast<HPDF_UINT>(bytes.size())) != HPDF_OK) {
    HPDF_Stream_Free(stream);
    return nullptr;
  }
  // What HPDF_LoadTTFontFromFile does, from memory; the font definition owns the stream.
  HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, stream, HPDF_TRUE);
  if (def == nullptr) return nullptr;
  if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
    HPDF_FontDef_Free(def);
    return nullptr;
  }
  std::string tag_name = tag;
  HPDF_TTFontDef_SetTagName(def, tag_name.data());
  return def;
}

// The font can be subset, loaded and embedded by libharu: checked once, so that a font libharu
// cannot use is a Font error when the renderer is made, not a Pdf error on the first form.
std::optional<std::string> check_embeddable(const detail::FontFile& font) {
  auto bytes = font.subset({{static_cast<std::uint16_t>(kFirstCode), U' '}});
  if (!bytes) return bytes.error();
  HaruErrors errors;
  const HaruDoc pdf(HPDF_New(on_haru_error, &errors), &HPDF_Free);
  if (!pdf) return "libharu could not start";
  if (load_font(pdf.get(), *bytes, "AAAAAA") == nullptr) {
    return "libharu error " + hex4(static_cast<unsigned>(errors.error));
  }
  return std::nullopt;
}

// Each weight's characters numbered from kFirstCode, in the subset font's order.
std::optional<PrintError> assign_codes(std::array<EmbeddedFont, 2>& embedded) {
  for (auto& font : embedded) {
    if (font.codes.size() > kLastCode - kFirstCode + 1) {
      return layout_error("the document uses more than " +
                          std::to_string(kLastCode - kFirstCode + 1) +
                          " different characters in one weight");
    }
    char32_t code = kFirstCode;
    for (auto& [character, assigned] : font.codes) assigned = code++;
  }
  return std::nullopt;
}

}  // namespace

std::expected<PdfRenderer, PrintError> PdfRenderer::create(const std::filesystem::path& font,
                                                           const std::filesystem::path& bold_font) {
  std::error_code ignored;
  const auto installed = [&](const char* path) {
    return std::filesystem::exists(path, ignored) ? std::filesystem::path(path)
                                                  : std::filesystem::path();
  };
  return create(font, bold_font, installed(kDefaultFallbackFont),
                installed(kDefaultFallbackBoldFont));
}

std::expected<PdfRenderer, PrintError> PdfRenderer::create(
    const std::filesystem::path& font, const std::filesystem::path& bold_font,
    const std::filesystem::path& fallback_font, const std::filesystem::path& fallback_bold_font) {
  auto impl = std::make_unique<Impl>();
  const std::array<const std::filesystem::path*, 2> paths = {&font, &bold_font};
  const std::array<const std::filesystem::path*, 2> fallbacks = {&fallback_font,
                                                                 &fallback_bold_font};
  for (const auto* path : paths) {
    if (auto error = readable(*path)) return std::unexpected(*error);
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const std::filesystem::path& path = *paths[i];
    const auto font_error = [&](const std::string& why) {
      return std::unexpected(
          PrintError{PrintError::Kind::Font,
                     "cannot load font " + path.string() + " (" + why +
                         "; a TrueType .ttf with glyf outlines that allows embedding is needed)"});
    };
    auto file = detail::FontFile::open(path);
    if (!file) return font_error(file.error());
    if (!file->has_truetype_outlines()) return font_error("no TrueType outlines");
    if (!file->allows_embedding()) return font_error("its licence forbids embedding");
    if (auto why = check_embeddable(*file)) return font_error(*why);
    Weight& weight = impl->weights.emplace_back(std::move(*file));
    const unsigned upem = weight.font.units_per_em();
    // As libharu reads them (hhea, whole thousandths): the box layout has always used these.
    weight.ascent_em = (weight.font.ascender() * 1000 / static_cast<int>(upem)) / 1000.0;
    weight.descent_em = (weight.font.descender() * 1000 / static_cast<int>(upem)) / 1000.0;
    if (weight.ascent_em <= weight.descent_em) {
      return std::unexpected(
          PrintError{PrintError::Kind::Font, "font " + path.string() + " has no metrics"});
    }
    if (weight.font.glyph(weight.blank) == 0) weight.blank = U' ';

    const std::filesystem::path& fallback_path = *fallbacks[i];
    if (!fallback_path.empty()) {
      if (auto error = readable(fallback_path)) return std::unexpected(*error);
      weight.fallback_path = fallback_path;  // opened when a character needs it
    }
  }
  if (impl->weights[0].font.postscript_name() == impl->weights[1].font.postscript_name()) {
    // libharu finds a font by its name: two of the same name in a document would be one.
    return std::unexpected(PrintError{
        PrintError::Kind::Font,
        "regular and bold font are the same font " + impl->weights[0].font.postscript_name()});
  }
  return PdfRenderer(std::move(impl));
}

std::expected<std::string, PrintError> PdfRenderer::render(const Document& document,
                                                           std::vector<ShrunkText>* shrunk) {
  return impl_->render(document, shrunk);
}

std::expected<std::string, PrintError> PdfRenderer::Impl::render(const Document& document,
                                                                 std::vector<ShrunkText>* shrunk) {
  if (document.pages.empty()) return std::unexpected(layout_error("the document has no pages"));
  if (!document.title.empty()) {
    const auto title = text::decode_utf8_strict(document.title);
    if (!title || std::ranges::any_of(*title, [](char32_t c) { return c > 0xFFFF; })) {
      // libharu writes the Info strings through its UTF-8 encoder, which has no surrogates.
      return std::unexpected(
          layout_error("the document title is not valid UTF-8 or has a character above U+FFFF"));
    }
  }

  // 1. Check and lay out everything, collecting the characters each weight needs.
  std::vector<SetText> texts;
  std::array<EmbeddedFont, 2> embedded;  // regular, bold
  for (std::size_t p = 0; p < document.pages.size(); ++p) {
    const Page& page_def = document.pages[p];
    if (!finite({page_def.width_mm, page_def.height_mm}) || page_def.width_mm <= 0 ||
        page_def.height_mm <= 0 || page_def.width_mm > kMaxPageMm ||
        page_def.height_mm > kMaxPageMm) {
      return std::unexpected(
          layout_error("page " + std::to_string(p + 1) + " has an invalid size"));
    }
    for (std::size_t i = 0; i < page_def.items.size(); ++i) {
      const Item& item = page_def.items[i];
      const auto at_item = [&](PrintError error) {
        error.page = static_cast<int>(p);
        error.item = static_cast<int>(i);
        return std::unexpected(std::move(error));
      };
      if (auto error = check_geometry(page_def, p, item, i)) return at_item(*error);
      const auto* box = std::get_if<TextBox>(&item);
      if (box == nullptr) continue;
      auto text = set(pt(page_def.height_mm), *box, describe_box(*box, p, i));
      if (!text) return at_item(text.error());
      if (shrunk != nullptr && !text->lines.empty() && text->size_pt < box->size_pt - 1e-6) {
        shrunk->push_back(
            {static_cast<int>(p), static_cast<int>(i), box->field, box->size_pt, text->size_pt});
      }
      auto& codes = embedded[box->bold ? 1 : 0].codes;
      for (const auto& line : text->lines) {
        for (const char32_t c : line.text) codes.emplace(c, 0);
      }
      texts.push_back(std::move(*text));
    }
  }
  if (auto error = assign_codes(embedded)) return std::unexpected(*error);

  // 2. Draw. A new libharu document each time: it holds personal data, and HPDF_Free drops it
  // with the subset fonts at once, whatever happens.
  errors = {};
  const HaruDoc guard(HPDF_New(on_haru_error, &errors), &HPDF_Free);
  HPDF_Doc pdf = guard.get();
  if (pdf == nullptr) return std::unexpected(haru_error("starting a document"));
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");  // also makes the info strings UTF-16 (libharu#282)
  if (!document.title.empty()) HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, document.title.c_str());
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "Madoguchi");
  if (errors.error != HPDF_OK) return std::unexpected(haru_error("setting up the document"));
  for (std::size_t w = 0; w < embedded.size(); ++w) {
    if (embedded[w].codes.empty()) continue;  // the bold font only when something is bold
    if (auto error = embed(pdf, w, embedded[w])) return std::unexpected(*error);
  }

  std::size_t next_text = 0;
  for (std::size_t p = 0; p < document.pages.size(); ++p) {
    const Page& page_def = document.pages[p];
    HPDF_Page page = HPDF_AddPage(pdf);
    if (page == nullptr) return std::unexpected(haru_error("adding a page"));
    const double page_h = pt(page_def.height_mm);
    HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(pt(page_def.width_mm)));
    HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(page_h));

    for (std::size_t i = 0; i < page_def.items.size(); ++i) {
      const Item& item = page_def.items[i];
      std::optional<PrintError> error;
      if (std::holds_alternative<TextBox>(item)) {
        const SetText& text = texts[next_text++];
        draw(page, text, embedded[text.bold ? 1 : 0]);
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

std::optional<PrintError> PdfRenderer::Impl::embed(HPDF_Doc pdf, std::size_t w,
                                                   EmbeddedFont& font) {
  Weight& weight = weights[w];
  std::vector<std::pair<std::uint16_t, char32_t>> glyphs;
  glyphs.reserve(font.codes.size());
  for (const auto& [character, code] : font.codes) {
    // A fallback character is written with a blank glyph of this font (drawn over, see draw()).
    const bool own = weight.glyph(character).source == Glyph::Source::Primary;
    glyphs.emplace_back(static_cast<std::uint16_t>(code), own ? character : weight.blank);
  }
  const std::string& name = weight.font.postscript_name();
  auto bytes = weight.font.subset(glyphs);
  if (!bytes) {
    return PrintError{PrintError::Kind::Pdf, "cannot subset font " + name + ": " + bytes.error()};
  }
  HPDF_FontDef def = load_font(pdf, *bytes, subset_tag(font.codes, w == 1));
  if (def == nullptr) return haru_error("loading the subset of font " + name);
  font.font = HPDF_GetFont(pdf, def->base_font, "UTF-8");
  if (font.font == nullptr) return haru_error("making the font object of " + name);

  auto* attr = static_cast<HPDF_FontAttr>(font.font->attr);
  if (attr == nullptr || attr->cmap_stream == nullptr || attr->map_stream == nullptr) {
    return PrintError{PrintError::Kind::Pdf, "libharu made font " + name + " without CMaps"};
  }
  // libharu writes a CIDToGIDMap for every CID up to U+FFFF (128 KB before deflating); the
  // document's codes end much lower.
  std::string map(2 * (font.codes.rbegin()->second + 1), '\0');
  for (const auto& [character, code] : font.codes) {
    const HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, static_cast<HPDF_UINT16>(code));
    map[2 * code] = static_cast<char>(gid >> 8);
    map[2 * code + 1] = static_cast<char>(gid & 0xFF);
  }
  HPDF_MemStream_FreeData(attr->map_stream->stream);
  HPDF_Stream_Write(attr->map_stream->stream, reinterpret_cast<const HPDF_BYTE*>(map.data()),
                    static_cast<HPDF_UINT>(map.size()));
  // libharu 2.3's ToUnicode CMap for a UTF-8 font is a stub (one begincidrange, which poppler
  // warns about) that says code = Unicode. Write the real one into the same stream object.
  HPDF_Dict cmap = attr->cmap_stream;
  for (const char* key : {"Type", "CMapName", "CIDSystemInfo", "WMode"}) {
    HPDF_Dict_RemoveElement(cmap, key);
  }
  HPDF_MemStream_FreeData(cmap->stream);
  const std::string text = to_unicode_cmap(font.codes);
  if (HPDF_Stream_Write(cmap->stream, reinterpret_cast<const HPDF_BYTE*>(text.data()),
                        static_cast<HPDF_UINT>(text.size())) != HPDF_OK ||
      errors.error != HPDF_OK) {
    return haru_error("writing the ToUnicode CMap of " + name);
  }
  return std::nullopt;
}

std::optional<PrintError> PdfRenderer::Impl::check_text(const std::u32string& text, Weight& weight,
                                                        const std::string& where) {
  for (const char32_t c : text) {
    if (c == U'\n') continue;
    const std::string which = code_point_name(c);
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
      return layout_error(where + " contains the control character " + which);
    }
    if (weight.glyph(c).source == Glyph::Source::None) {
      return layout_error(
          where + " contains " + which + " (" + text::encode_utf8(c) + "), which the font " +
          weight.font.postscript_name() +
          (weight.fallback
               ? " and the fallback font " + weight.fallback->postscript_name() + " have"
               : " has") +
          " no glyph for" + (weight.fallback_error.empty() ? "" : "; " + weight.fallback_error));
    }
  }
  return std::nullopt;
}

std::expected<SetText, PrintError> PdfRenderer::Impl::set(double page_h, const TextBox& box,
                                                          const std::string& where) {
  auto decoded = text::decode_utf8_strict(box.text);
  if (!decoded) {
    return std::unexpected(layout_error(where + " is not valid UTF-8 (at byte " +
                                        std::to_string(decoded.error().offset) + ")"));
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
  Weight& weight = weights[box.bold ? 1 : 0];
  if (auto error = check_text(text, weight, where)) return std::unexpected(*error);
  if (!finite({box.size_pt, box.min_size_pt, box.padding_mm}) || box.size_pt <= 0 ||
      box.min_size_pt <= 0 || box.padding_mm < 0) {
    return std::unexpected(layout_error(where + " has an invalid font size or padding"));
  }
  SetText set_text;
  set_text.bold = box.bold;
  if (text.empty()) return set_text;

  const FitRequest request{.width_pt = pt(box.w_mm - 2 * box.padding_mm),
                           .height_pt = pt(box.h_mm),
                           .size_pt = box.size_pt,
                           .min_size_pt = box.min_size_pt,
                           .max_lines = box.max_lines,
                           .line_spacing = kLineSpacing,
                           .line_height_em = weight.ascent_em - weight.descent_em};
  const auto em_width = [&weight](char32_t c) { return weight.glyph(c).advance_em; };
  const auto fitted = fit_text(text, request, em_width);
  if (!fitted) {
    const auto lines_at_min = text::break_lines(
        text, request.width_pt, [&](char32_t c) { return em_width(c) * request.min_size_pt; });
    return std::unexpected(layout_error(
        where + ": the text does not fit even at " + num(std::min(box.min_size_pt, box.size_pt)) +
        " pt (it needs " + std::to_string(lines_at_min.size()) +
        " line(s) there; make the box larger, allow more lines or a smaller minimum size)"));
  }

  const double size = fitted->size_pt;
  const double box_top = page_h - pt(box.y_mm);
  const double block_top = box_top - (pt(box.h_mm) - fitted->block_height_pt) / 2;
  const double left = pt(box.x_mm + box.padding_mm);
  set_text.size_pt = size;
  for (std::size_t k = 0; k < fitted->lines.size(); ++k) {
    const auto& line = fitted->lines[k];
    if (line.empty()) continue;
    const double width = line_width(line, [&](char32_t c) { return em_width(c) * size; });
    double x = left;
    if (box.align == Align::Center) x = left + (request.width_pt - width) / 2;
    if (box.align == Align::Right) x = left + request.width_pt - width;
    const double baseline =
        block_top - size * weight.ascent_em - static_cast<double>(k) * size * kLineSpacing;
    set_text.lines.push_back({line, x, baseline});
  }
  return set_text;
}

void PdfRenderer::Impl::draw(HPDF_Page page, const SetText& text, const EmbeddedFont& font) {
  if (text.lines.empty()) return;
  Weight& weight = weights[text.bold ? 1 : 0];
  struct Drawn {
    unsigned glyph;
    double x, baseline;
  };
  std::vector<Drawn> fallback_glyphs;
  const double size = text.size_pt;

  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font.font, static_cast<HPDF_REAL>(size));
  for (const SetLine& line : text.lines) {
    // Runs of the font's own glyphs in one TextOut each; a fallback character is a run of its
    // own (its blank stand-in), so what follows it starts exactly where its advance ends.
    double x = line.x;
    std::size_t k = 0;
    while (k < line.text.size()) {
      const double run_x = x;
      std::u32string run;
      bool fallback = false;
      do {
        const char32_t c = line.text[k];
        const Glyph& g = weight.glyph(c);
        fallback = g.source == Glyph::Source::Fallback;
        if (fallback) {
          if (!run.empty()) break;
          fallback_glyphs.push_back({g.id, x, line.baseline});
        }
        run.push_back(font.codes.at(c));
        x += g.advance_em * size;
        ++k;
      } while (!fallback && k < line.text.size());
      HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(run_x), static_cast<HPDF_REAL>(line.baseline),
                        text::encode_utf8(run).c_str());
    }
  }
  HPDF_Page_EndText(page);
  if (fallback_glyphs.empty() || !weight.fallback) return;

  // The fallback glyphs as filled paths, on the same baseline at the same size: the fallback
  // font may be CFF (Noto Sans CJK), which libharu cannot embed.
  const auto r = [](double v) { return static_cast<HPDF_REAL>(v); };
  for (const Drawn& d : fallback_glyphs) {
    for (const detail::PathStep& step : weight.fallback->outline(d.glyph)) {
      const double x = d.x + step.x * size, y = d.baseline + step.y * size;
      switch (step.kind) {
        case detail::PathStep::Kind::Move:
          HPDF_Page_MoveTo(page, r(x), r(y));
          break;
        case detail::PathStep::Kind::Line:
          HPDF_Page_LineTo(page, r(x), r(y));
          break;
        case detail::PathStep::Kind::Cubic:
          HPDF_Page_CurveTo(page, r(d.x + step.x1 * size), r(d.baseline + step.y1 * size),
                            r(d.x + step.x2 * size), r(d.baseline + step.y2 * size), r(x), r(y));
          break;
        case detail::PathStep::Kind::Close:
          HPDF_Page_ClosePath(page);
          break;
      }
    }
  }
  HPDF_Page_Fill(page);
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
