// The PDF renderer, checked with poppler: the text comes back exactly, the font is embedded,
// text sits where the box says, and what cannot be printed is an error, never a blank.
#include "madoguchi/printer/pdf_renderer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pdf_tools.hpp"
#include "sample_documents.hpp"
#include "support/own_mappings.hpp"

namespace madoguchi::printer {
namespace {

using tests::pdf_fonts;
using tests::pdf_text;
using tests::pdf_text_lines;
using tests::pdf_words;

constexpr double kPt = 72.0 / 25.4;

class PdfRendererTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
    ASSERT_TRUE(created) << created.error().message;
    renderer_ = new PdfRenderer(std::move(*created));
  }
  static void TearDownTestSuite() {
    delete renderer_;
    renderer_ = nullptr;
  }

  static std::string render_ok(const Document& doc) {
    auto pdf = renderer_->render(doc);
    EXPECT_TRUE(pdf) << (pdf ? "" : pdf.error().message);
    return pdf ? *pdf : std::string();
  }

  static PrintError render_error(const Document& doc) {
    auto pdf = renderer_->render(doc);
    EXPECT_FALSE(pdf) << "rendered although it should not";
    return pdf ? PrintError{PrintError::Kind::Io, "no error"} : pdf.error();
  }

  static Document one_box(TextBox box) {
    return Document{.title = "test", .pages = {Page{.items = {std::move(box)}}}};
  }

  static PdfRenderer* renderer_;
};

PdfRenderer* PdfRendererTest::renderer_ = nullptr;

bool contains_line(const std::vector<std::string>& lines, const std::string& text) {
  return std::ranges::find(lines, text) != lines.end();
}

TEST_F(PdfRendererTest, EveryFieldComesBackFromPdftotextInsideItsBox) {
  const tests::SampleResident resident;
  const Document form = tests::sample_application_form(resident);
  const std::string pdf = render_ok(form);
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  const auto words = pdf_words(pdf);
  int boxes = 0;
  for (const auto& item : form.pages[0].items) {
    const auto* box = std::get_if<TextBox>(&item);
    if (box == nullptr) continue;
    ++boxes;
    const std::string extracted =
        tests::text_in_box(words, box->x_mm, box->y_mm, box->w_mm, box->h_mm);
    // Whitespace aside (lines may break at a 　), every character comes back, in order.
    EXPECT_EQ(tests::without_spaces(extracted), tests::without_spaces(box->text))
        << "box \"" << box->field << "\" at " << box->x_mm << "," << box->y_mm;
  }
  EXPECT_GT(boxes, 20);
  // One line each, exactly (poppler shows the 　 between names as a space). 髙 (U+9AD9) and
  // 﨑 (U+FA11) are the classic name characters outside JIS X 0208.
  const auto field_text = [&](const std::string& field) {
    for (const auto& item : form.pages[0].items) {
      const auto* box = std::get_if<TextBox>(&item);
      if (box != nullptr && box->field == field) {
        return tests::text_in_box(words, box->x_mm, box->y_mm, box->w_mm, box->h_mm);
      }
    }
    return std::string("no such field");
  };
  EXPECT_EQ(field_text("applicant.name"), "髙﨑 太郎");
  EXPECT_EQ(field_text("applicant.kana"), "タカサキ タロウ");
  EXPECT_EQ(field_text("applicant.birth_date"), resident.birth_date);
  EXPECT_EQ(field_text("applicant.phone"), resident.phone);
  EXPECT_EQ(field_text("purpose"), "年金の手続き（日本年金機構へ提出）");
  // The address is too long for one line at 14 pt: it breaks at the 　 before the building.
  EXPECT_EQ(field_text("applicant.address"),
            "東京都千代田区千代田１－１－１\nＡＢＣマンション１０１号室");
}

TEST_F(PdfRendererTest, EmbedsASubsetOfBizUdGothicWithUnicodeMapping) {
  const std::string pdf = render_ok(tests::sample_application_form());
  const std::string fonts = pdf_fonts(pdf);
  // name, type, encoding, emb, sub, uni
  const auto has_font = [&](const std::string& name) {
    std::istringstream in(fonts);
    for (std::string line; std::getline(in, line);) {
      if (line.find(name) != std::string::npos && line.find("CID TrueType") != std::string::npos &&
          line.find("Identity-H") != std::string::npos &&
          line.find("yes yes yes") != std::string::npos) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(has_font("BIZUDGothic-Regular")) << fonts;
  EXPECT_TRUE(has_font("BIZUDGothic-Bold")) << fonts;
}

TEST_F(PdfRendererTest, EmbedsTheBoldFontOnlyWhenSomethingIsBold) {
  const std::string pdf = render_ok(one_box({10, 10, 100, 10, "普通の文字"}));
  const std::string fonts = pdf_fonts(pdf);
  EXPECT_NE(fonts.find("BIZUDGothic-Regular"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find("BIZUDGothic-Bold"), std::string::npos) << fonts;
}

TEST_F(PdfRendererTest, IsDeterministicAndReusable) {
  const Document form = tests::sample_application_form();
  const Document other = one_box({10, 10, 150, 10, "別の書類：印鑑登録証明書交付申請書"});
  const std::string first = render_ok(form);
  const std::string between = render_ok(other);
  const std::string again = render_ok(form);
  EXPECT_EQ(first, again) << "rendering must not depend on what was rendered before";
  // The fonts are embedded afresh in every document: each one extracts on its own.
  EXPECT_TRUE(contains_line(pdf_text_lines(between), "別の書類：印鑑登録証明書交付申請書"));
  EXPECT_NE(pdf_text(again).find("髙﨑"), std::string::npos);
}

TEST_F(PdfRendererTest, AlignsAndCentresTextInItsBox) {
  // Three boxes 20 mm high at y = 20, 60, 100 mm, 120 mm wide from x = 30 mm, padding 1 mm.
  Page page;
  page.items.push_back(TextBox{30, 20, 120, 20, "左寄せ"});
  page.items.push_back(TextBox{
      .x_mm = 30, .y_mm = 60, .w_mm = 120, .h_mm = 20, .text = "中央", .align = Align::Center});
  page.items.push_back(TextBox{
      .x_mm = 30, .y_mm = 100, .w_mm = 120, .h_mm = 20, .text = "右寄せ", .align = Align::Right});
  const auto words = pdf_words(render_ok(Document{.title = "align", .pages = {page}}));
  ASSERT_EQ(words.size(), 3u);
  const auto find = [&](const std::string& text) {
    return *std::ranges::find(words, text, &tests::PdfWord::text);
  };
  const double tolerance = 1.0;  // pt
  EXPECT_NEAR(find("左寄せ").x_min, 31 * kPt, tolerance);
  EXPECT_NEAR((find("中央").x_min + find("中央").x_max) / 2, 90 * kPt, tolerance);
  EXPECT_NEAR(find("右寄せ").x_max, 149 * kPt, tolerance);
  // 12 pt text, 3 characters wide.
  EXPECT_NEAR(find("右寄せ").x_max - find("右寄せ").x_min, 36, tolerance);
  for (const auto& [text, box_top] :
       {std::pair{"左寄せ", 20.0}, std::pair{"中央", 60.0}, std::pair{"右寄せ", 100.0}}) {
    const auto w = find(text);
    EXPECT_NEAR((w.y_min + w.y_max) / 2, (box_top + 10) * kPt, 1.5) << text;
  }
}

TEST_F(PdfRendererTest, ShrinksLongTextToFitItsBox) {
  // 24 kanji in a 60 mm (170 pt) one-line box: 12 pt would need 288 pt.
  const std::string text = "東京都千代田区千代田一丁目一番一号霞が関合同庁舎";
  const std::string pdf = render_ok(
      one_box({.x_mm = 10, .y_mm = 10, .w_mm = 62, .h_mm = 5, .text = text, .min_size_pt = 6}));
  const auto words = pdf_words(pdf);
  ASSERT_EQ(words.size(), 1u) << pdf_text(pdf);
  EXPECT_EQ(words[0].text, text);
  EXPECT_LE(words[0].x_max, 71 * kPt + 0.5);        // inside the box, right padding kept
  EXPECT_LT(words[0].y_max - words[0].y_min, 9.0);  // smaller than 12 pt
}

TEST_F(PdfRendererTest, WrapsIntoSeveralLinesWhenTheBoxIsTall) {
  const std::string text =
      "東京都千代田区千代田１－１－１　ＡＢＣマンション１０１号室（管理人室の隣）";
  const std::string pdf = render_ok(one_box({10, 10, 60, 30, text}));
  const std::string in_box = tests::text_in_box(pdf_words(pdf), 10, 10, 60, 30);
  EXPECT_EQ(tests::without_spaces(in_box), tests::without_spaces(text));
  std::istringstream lines(in_box);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    EXPECT_FALSE(line.starts_with("）")) << line;
    EXPECT_FALSE(line.starts_with("ー")) << line;
  }
  EXPECT_GE(count, 2);
}

TEST_F(PdfRendererTest, TextThatCannotFitIsALayoutErrorNamingTheBoxButNotTheText) {
  const std::string secret = "東京都千代田区千代田一丁目一番一号霞が関合同庁舎";
  const auto error = render_error(one_box({.x_mm = 10,
                                           .y_mm = 10,
                                           .w_mm = 30,
                                           .h_mm = 6,
                                           .text = secret,
                                           .field = "applicant.address"}));
  EXPECT_EQ(error.kind, PrintError::Kind::Layout);
  EXPECT_NE(error.message.find("applicant.address"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("9 pt"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find("千代田"), std::string::npos)
      << "personal data in: " << error.message;
}

// The text of the box with that field name on page `page`, as pdftotext sees it.
std::string text_of_field(const Document& doc, const std::vector<tests::PdfWord>& words,
                          const std::string& field) {
  for (const auto& item : doc.pages[0].items) {
    const auto* box = std::get_if<TextBox>(&item);
    if (box != nullptr && box->field == field) {
      return tests::text_in_box(words, box->x_mm, box->y_mm, box->w_mm, box->h_mm);
    }
  }
  return "no such field";
}

TEST_F(PdfRendererTest, PrintsCharactersBeyondTheBmpAndNameKanjiExactly) {
  // 𠮷 U+20BB7 is not in BIZ UD Gothic: it comes from Noto Sans CJK JP. 髙 﨑 邉 are BIZ UD's.
  const tests::SampleResident resident = tests::beyond_bmp_resident();
  const Document form = tests::sample_application_form(resident);
  const std::string pdf = render_ok(form);
  const auto words = pdf_words(pdf);
  EXPECT_EQ(text_of_field(form, words, "applicant.name"), "𠮷田 邉子");
  EXPECT_EQ(tests::without_spaces(text_of_field(form, words, "applicant.address")),
            tests::without_spaces(resident.address));
  EXPECT_NE(pdf_text(pdf).find("群馬県髙﨑市𠮷井町１－２"), std::string::npos) << pdf_text(pdf);
  // Drawn as a path, not embedded: the PDF still has only the two BIZ UD Gothic subsets.
  const std::string fonts = pdf_fonts(pdf);
  EXPECT_EQ(fonts.find("Noto"), std::string::npos) << fonts;
  EXPECT_LE(pdf.size(), 60'000u) << "the one-page form must stay within 60 KB";
}

// The dark pixels (at 300 dpi) of the k-th 1-em cell of a one-line box at x = 20 mm (padding
// 1 mm), between y = 20 and 40 mm.
std::vector<bool> character_cell(const tests::GrayImage& image, int k, double size_pt) {
  const double px = 300 / 72.0;
  const int left = static_cast<int>((21 * kPt + k * size_pt) * px);
  std::vector<bool> dark;
  for (int y = static_cast<int>(20 * kPt * px); y < static_cast<int>(40 * kPt * px); ++y) {
    for (int x = 0; x < static_cast<int>(size_pt * px); ++x)
      dark.push_back(image.at(left + x, y) < 128);
  }
  return dark;
}

TEST_F(PdfRendererTest, TheFallbackGlyphIsDrawnNotABoxNorABlankNorALookAlike) {
  for (const bool bold : {false, true}) {
    SCOPED_TRACE(bold ? "bold" : "regular");
    // 𠮷 (土 over 口) from Noto Sans CJK JP next to 吉 (士 over 口) from BIZ UD Gothic.
    const std::string pdf = render_ok(one_box({.x_mm = 20,
                                               .y_mm = 20,
                                               .w_mm = 100,
                                               .h_mm = 20,
                                               .text = "𠮷吉",
                                               .size_pt = 36,
                                               .bold = bold}));
    EXPECT_EQ(pdf_text_lines(pdf), std::vector<std::string>{"𠮷吉"});
    const tests::GrayImage image = tests::render_gray(pdf, 300);
    const auto yoshi = character_cell(image, 0, 36), kichi = character_cell(image, 1, 36);
    const auto ink = [](const std::vector<bool>& cell) { return std::ranges::count(cell, true); };
    // About as much ink as 吉 (a box outline or a blank would have far less)...
    EXPECT_GT(ink(yoshi), ink(kichi) * 7 / 10) << ink(yoshi) << " vs " << ink(kichi);
    EXPECT_LT(ink(yoshi), ink(kichi) * 13 / 10) << ink(yoshi) << " vs " << ink(kichi);
    // ... but not the same picture.
    long differing = 0;
    for (std::size_t i = 0; i < yoshi.size(); ++i) differing += yoshi[i] != kichi[i] ? 1 : 0;
    EXPECT_GT(differing, ink(kichi) / 10) << "𠮷 looks like 吉";
  }
}

TEST_F(PdfRendererTest, FallbackCharactersSitOnTheSameBaselineAndKeepTheirAdvance) {
  // 𠮷 is followed by BIZ UD glyphs: they start exactly one em later, as in pdftotext's boxes.
  const std::string pdf = render_ok(one_box({.x_mm = 20,
                                             .y_mm = 20,
                                             .w_mm = 150,
                                             .h_mm = 15,
                                             .text = "𠮷野　花子",
                                             .size_pt = 20,
                                             .align = Align::Right}));
  const auto words = pdf_words(pdf);
  ASSERT_EQ(words.size(), 2u) << pdf_text(pdf);
  EXPECT_EQ(words[0].text, "𠮷野");
  EXPECT_EQ(words[1].text, "花子");
  EXPECT_NEAR(words[0].x_max - words[0].x_min, 40, 0.5);  // two ems at 20 pt
  EXPECT_NEAR(words[1].x_max, 169 * kPt, 0.5);            // right-aligned inside the padding
  EXPECT_NEAR(words[0].y_max, words[1].y_max, 0.01);
}

TEST_F(PdfRendererTest, HangulComesFromTheFallbackFont) {
  const std::string pdf = render_ok(one_box({10, 10, 100, 10, "김민준"}));
  EXPECT_EQ(pdf_text_lines(pdf), std::vector<std::string>{"김민준"});
}

TEST_F(PdfRendererTest, CharacterNoFontHasIsALayoutError) {
  const auto error = render_error(one_box({10, 10, 100, 10, "สวัสดี"}));  // Thai
  EXPECT_EQ(error.kind, PrintError::Kind::Layout);
  EXPECT_NE(error.message.find("U+0E2A"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("no glyph"), std::string::npos) << error.message;
}

TEST(PdfRendererCreate, WithoutAFallbackFontACharacterBizUdLacksIsALayoutError) {
  auto renderer = PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD, "", "");
  ASSERT_TRUE(renderer) << renderer.error().message;
  const auto pdf =
      renderer->render(Document{.title = "",
                                .pages = {Page{.items = {TextBox{.x_mm = 10,
                                                                 .y_mm = 10,
                                                                 .w_mm = 100,
                                                                 .h_mm = 10,
                                                                 .text = "𠮷野　花子",
                                                                 .field = "applicant.name"}}}}});
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().kind, PrintError::Kind::Layout);
  EXPECT_NE(pdf.error().message.find("U+20BB7"), std::string::npos) << pdf.error().message;
  EXPECT_NE(pdf.error().message.find("applicant.name"), std::string::npos) << pdf.error().message;
  EXPECT_NE(pdf.error().message.find("no glyph"), std::string::npos) << pdf.error().message;
}

TEST(PdfRendererCreate, UnreadableFallbackFontIsAFontError) {
  const auto renderer =
      PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD, "/nonexistent/noto.ttc", "");
  ASSERT_FALSE(renderer);
  EXPECT_EQ(renderer.error().kind, PrintError::Kind::Font);
  EXPECT_NE(renderer.error().message.find("/nonexistent/noto.ttc"), std::string::npos);
}

Document one_name(const std::string& name) {
  return Document{.title = "",
                  .pages = {Page{.items = {TextBox{.x_mm = 10,
                                                   .y_mm = 10,
                                                   .w_mm = 100,
                                                   .h_mm = 10,
                                                   .text = name,
                                                   .field = "applicant.name"}}}}};
}

// Noto Sans CJK's collection costs the process 0.3 MB once opened, and most documents need
// nothing BIZ UD Gothic lacks.
TEST(PdfRendererCreate, TheFallbackFontIsOpenedOnlyWhenACharacterNeedsIt) {
  auto renderer = PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  ASSERT_TRUE(renderer) << renderer.error().message;
  ASSERT_TRUE(renderer->render(one_name("髙橋　花子")));
  EXPECT_FALSE(tests::is_mapped("NotoSansCJK")) << "opened for BIZ UD Gothic's characters";
  ASSERT_TRUE(renderer->render(one_name("𠮷野　花子")));
  EXPECT_TRUE(tests::is_mapped(kDefaultFallbackFont));
}

TEST(PdfRendererCreate, AFallbackThatIsNoFontIsNamedWhenACharacterNeedsIt) {
  const auto broken = std::filesystem::temp_directory_path() /
                      ("not-a-font-" + std::to_string(::getpid()) + ".ttc");
  std::ofstream(broken) << "not a font";
  auto renderer = PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD, broken, "");
  ASSERT_TRUE(renderer) << renderer.error().message;
  EXPECT_TRUE(renderer->render(one_name("髙橋　花子"))) << "BIZ UD Gothic has every character";
  const auto pdf = renderer->render(one_name("𠮷野　花子"));
  std::filesystem::remove(broken);
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().kind, PrintError::Kind::Layout);
  EXPECT_NE(pdf.error().message.find("U+20BB7"), std::string::npos) << pdf.error().message;
  EXPECT_NE(pdf.error().message.find(broken.string() + " cannot be loaded"), std::string::npos)
      << pdf.error().message;
}

TEST_F(PdfRendererTest, TwoPageFormKeepsEveryFieldOnItsPage) {
  const Document form = tests::sample_two_page_form(tests::beyond_bmp_resident());
  const std::string pdf = render_ok(form);
  const std::string text = pdf_text(pdf);
  const auto page_break = text.find('\f');
  ASSERT_NE(page_break, std::string::npos);
  EXPECT_NE(text.find("委任状", page_break), std::string::npos);
  // pdftotext puts the two halves of the name, a wide 　 apart, on lines of their own.
  for (const std::string half : {"𠮷田", "邉子", "髙﨑市"}) {
    EXPECT_LT(text.find(half), page_break) << half;                     // page 1
    EXPECT_NE(text.find(half, page_break), std::string::npos) << half;  // page 2
  }
  EXPECT_NE(text.find("2 / 2", page_break), std::string::npos);
}

TEST_F(PdfRendererTest, ControlCharactersAndBadUtf8AreLayoutErrors) {
  EXPECT_EQ(render_error(one_box({10, 10, 100, 10, "a\x07"})).kind, PrintError::Kind::Layout);
  const auto error = render_error(one_box({10, 10, 100, 10, "ab\xFF"}));
  EXPECT_EQ(error.kind, PrintError::Kind::Layout);
  EXPECT_NE(error.message.find("UTF-8"), std::string::npos) << error.message;
  // Tabs and CR LF are normalised, not errors.
  EXPECT_FALSE(render_ok(one_box({10, 10, 100, 20, "a\tb\r\nc"})).empty());
}

TEST_F(PdfRendererTest, ItemsOffThePageAreLayoutErrors) {
  const auto error = render_error(one_box({200, 10, 20, 10, "はみ出し"}));
  EXPECT_EQ(error.kind, PrintError::Kind::Layout);
  EXPECT_NE(error.message.find("off the page"), std::string::npos) << error.message;
  EXPECT_EQ(
      render_error(Document{.title = "", .pages = {Page{.items = {Line{0, 0, 0, 300}}}}}).kind,
      PrintError::Kind::Layout);
  EXPECT_EQ(render_error(Document{.title = "empty", .pages = {}}).kind, PrintError::Kind::Layout);
  EXPECT_EQ(render_error(Document{.title = "", .pages = {Page{.width_mm = 0}}}).kind,
            PrintError::Kind::Layout);
}

TEST_F(PdfRendererTest, DrawsEveryKindOfItemAndSeveralPages) {
  Page first;
  first.items = {Line{10, 10, 200, 10, 1},
                 Rect{10, 20, 50, 20, 0.5, 0.9},
                 Rect{70, 20, 50, 20, 0},
                 CheckBox{10, 50, 5, true},
                 CheckBox{20, 50},
                 QrCode{10, 60, 30, "madoguchi"},
                 TextBox{10, 100, 100, 10, "一ページ目"}};
  Page second{.width_mm = 105, .height_mm = 148, .items = {TextBox{5, 5, 90, 10, "二ページ目"}}};
  const std::string pdf = render_ok(Document{.title = "各種", .pages = {first, second}});
  const std::string text = pdf_text(pdf);
  EXPECT_NE(text.find("一ページ目"), std::string::npos);
  EXPECT_NE(text.find("二ページ目"), std::string::npos);
  EXPECT_NE(text.find('\f'), std::string::npos);  // a page break between them
}

TEST(PdfRendererCreate, MissingFontIsAFontError) {
  const auto renderer = PdfRenderer::create("/nonexistent/font.ttf", MADOGUCHI_FONT_BOLD);
  ASSERT_FALSE(renderer);
  EXPECT_EQ(renderer.error().kind, PrintError::Kind::Font);
  EXPECT_NE(renderer.error().message.find("/nonexistent/font.ttf"), std::string::npos);
}

TEST(PdfRendererCreate, NonTrueTypeFileIsAFontError) {
  tests::TempDir dir;
  tests::write_file(dir.path() / "fake.ttf", "this is not a font");
  const auto renderer = PdfRenderer::create(dir.path() / "fake.ttf", MADOGUCHI_FONT_BOLD);
  ASSERT_FALSE(renderer);
  EXPECT_EQ(renderer.error().kind, PrintError::Kind::Font);
}

}  // namespace
}  // namespace madoguchi::printer
