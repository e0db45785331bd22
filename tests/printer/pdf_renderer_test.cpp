// The PDF renderer, checked with poppler: the text comes back exactly, the font is embedded,
// text sits where the box says, and what cannot be printed is an error, never a blank.
#include "madoguchi/printer/pdf_renderer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "pdf_tools.hpp"
#include "sample_documents.hpp"

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

TEST_F(PdfRendererTest, CharacterAboveUFFFFIsALayoutErrorNotASpace) {
  const auto error = render_error(one_box({.x_mm = 10,
                                           .y_mm = 10,
                                           .w_mm = 100,
                                           .h_mm = 10,
                                           .text = "𠮷野　花子",
                                           .field = "applicant.name"}));
  EXPECT_EQ(error.kind, PrintError::Kind::Layout);
  EXPECT_NE(error.message.find("U+20BB7"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("applicant.name"), std::string::npos) << error.message;
}

TEST_F(PdfRendererTest, CharacterTheFontLacksIsALayoutError) {
  const auto error = render_error(one_box({10, 10, 100, 10, "김민준"}));  // Hangul
  EXPECT_EQ(error.kind, PrintError::Kind::Layout);
  EXPECT_NE(error.message.find("U+AE40"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("no glyph"), std::string::npos) << error.message;
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
