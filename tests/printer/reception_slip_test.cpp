// The reception slip: what it says, and that its QR code is really there and scannable.
#include "madoguchi/printer/reception_slip.hpp"

#include <gtest/gtest.h>
#include <qrencode.h>

#include <algorithm>
#include <memory>
#include <tuple>

#include "madoguchi/printer/pdf_renderer.hpp"
#include "pdf_tools.hpp"
#include "sample_documents.hpp"

namespace madoguchi::printer {
namespace {

std::string render(const Document& doc) {
  static auto renderer = PdfRenderer::create(MADOGUCHI_FONT, MADOGUCHI_FONT_BOLD);
  EXPECT_TRUE(renderer) << renderer.error().message;
  auto pdf = renderer->render(doc);
  EXPECT_TRUE(pdf) << pdf.error().message;
  return pdf.value_or("");
}

const QrCode* find_qr(const Document& doc) {
  for (const auto& item : doc.pages.at(0).items) {
    if (const auto* qr = std::get_if<QrCode>(&item)) return qr;
  }
  return nullptr;
}

// Every text box inside the page's 3 mm margins, none allowed below 8 pt.
void expect_every_box_inside(const Page& page, double width, double height) {
  for (const auto& item : page.items) {
    if (const auto* box = std::get_if<TextBox>(&item)) {
      EXPECT_GE(box->x_mm, 3.0) << box->field;
      EXPECT_LE(box->x_mm + box->w_mm, width - 3.0) << box->field;
      EXPECT_LE(box->y_mm + box->h_mm, height - 3.0) << box->field;
      EXPECT_GE(box->min_size_pt, 8.0) << box->field;
    }
  }
}

TEST(FormatYen, GroupsThousands) {
  EXPECT_EQ(format_yen(0), "0円");
  EXPECT_EQ(format_yen(300), "300円");
  EXPECT_EQ(format_yen(1200), "1,200円");
  EXPECT_EQ(format_yen(1234567), "1,234,567円");
  EXPECT_EQ(format_yen(-450), "-450円");
}

TEST(ReceptionSlip, IsAnA6PageWithTheNumberAndAQrCodeOfIt) {
  const Document doc = make_reception_slip(tests::sample_reception_slip());
  ASSERT_EQ(doc.pages.size(), 1u);
  EXPECT_EQ(doc.pages[0].width_mm, 105);
  EXPECT_EQ(doc.pages[0].height_mm, 148);
  const QrCode* qr = find_qr(doc);
  ASSERT_NE(qr, nullptr);
  EXPECT_EQ(qr->data, "madoguchi:reception:A-0123");
  EXPECT_EQ(reception_qr_data("B-7"), "madoguchi:reception:B-7");
}

TEST(ReceptionSlip, PrintsNumberProcedureFeeAndGuidance) {
  const auto lines =
      tests::pdf_text_lines(render(make_reception_slip(tests::sample_reception_slip())));
  for (const std::string expected :
       {"みどり町役場", "受付票", "受付番号", "A-0123", "住民票の写しの交付", "300円",
        "クレジットカード", "令和7年4月1日 10:32", "番号が呼ばれるまでお待ちください"}) {
    EXPECT_NE(
        std::ranges::find_if(
            lines, [&](const std::string& l) { return l.find(expected) != std::string::npos; }),
        lines.end())
        << expected;
  }
}

TEST(ReceptionSlip, FreeProcedureSaysNoFeeAndNoPayment) {
  ReceptionSlip slip = tests::sample_reception_slip();
  slip.fee_paid_yen = 0;
  slip.procedure_title = "転入届";
  slip.guidance = "2番窓口へお越しください";
  const std::string text = tests::pdf_text(render(make_reception_slip(slip)));
  EXPECT_NE(text.find("なし"), std::string::npos) << text;
  EXPECT_EQ(text.find("クレジットカード"), std::string::npos) << text;
  EXPECT_NE(text.find("2番窓口へお越しください"), std::string::npos) << text;
}

// Renders the slip at 300 dpi and reads every module at its centre: the picture must be exactly
// the symbol libqrencode makes for the payload (so a scanner reads the reception number).
TEST(ReceptionSlip, QrCodeOnPaperMatchesTheEncodedSymbol) {
  const Document doc = make_reception_slip(tests::sample_reception_slip());
  const QrCode* qr = find_qr(doc);
  ASSERT_NE(qr, nullptr);
  const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(qr->data.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  ASSERT_TRUE(code);

  constexpr int kDpi = 300;
  const auto image = tests::render_gray(render(doc), kDpi);
  ASSERT_GT(image.width, 0);
  const int n = code->width;
  const double module_mm = qr->size_mm / (n + 8);
  const auto px = [&](double mm) { return static_cast<int>(mm / 25.4 * kDpi); };
  int mismatches = 0;
  for (int row = -4; row < n + 4; ++row) {  // the quiet zone must be white
    for (int col = -4; col < n + 4; ++col) {
      const bool inside = row >= 0 && col >= 0 && row < n && col < n;
      const bool dark = inside && (code->data[row * n + col] & 1) != 0;
      const int x = px(qr->x_mm + (col + 4 + 0.5) * module_mm);
      const int y = px(qr->y_mm + (row + 4 + 0.5) * module_mm);
      if ((image.at(x, y) < 128) != dark) ++mismatches;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(ReceptionSlip, EmbedsOneFontOnly) {
  // Each embedded font adds ~170 KB and as much render time again; the slip prints every visit.
  const std::string fonts =
      tests::pdf_fonts(render(make_reception_slip(tests::sample_reception_slip())));
  EXPECT_NE(fonts.find("BIZUDGothic-Bold"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find("BIZUDGothic-Regular"), std::string::npos) << fonts;
}

// The same slip on a receipt printer's 80 mm roll and on A4: the page of that paper,
// everything inside it, every line of text there in the PDF, and a QR code a scanner reads.
class SlipOnPaper : public ::testing::TestWithParam<std::tuple<SlipPaper, double, double>> {};

TEST_P(SlipOnPaper, FitsThePageAndSaysEverything) {
  const auto [paper, width, height] = GetParam();
  ReceptionSlip slip = tests::sample_reception_slip();
  slip.paper = paper;
  const Document doc = make_reception_slip(slip);
  ASSERT_EQ(doc.pages.size(), 1u);
  const Page& page = doc.pages[0];
  EXPECT_EQ(page.width_mm, width);
  EXPECT_EQ(page.height_mm, height);
  expect_every_box_inside(page, width, height);
  const QrCode* qr = find_qr(doc);
  ASSERT_NE(qr, nullptr);
  EXPECT_GE(qr->x_mm, 3.0);
  EXPECT_LE(qr->x_mm + qr->size_mm, width - 3.0);
  EXPECT_GE(qr->size_mm, 25.0) << "large enough for a counter's scanner";
  const auto lines = tests::pdf_text_lines(render(doc));
  for (const std::string expected :
       {"みどり町役場", "受付票", "A-0123", "住民票の写しの交付", "300円", "クレジットカード",
        "令和7年4月1日 10:32", "番号が呼ばれるまでお待ちください"}) {
    EXPECT_NE(
        std::ranges::find_if(
            lines, [&](const std::string& l) { return l.find(expected) != std::string::npos; }),
        lines.end())
        << expected;
  }
}

// A move's applications paid together (転入届, 国民健康保険, 児童手当): one slip lists every
// reception number with its procedure, the documents the kiosk could not take, and a QR code
// of every number — on every paper, inside it, the QR code still large enough.
TEST_P(SlipOnPaper, ListsEveryApplicationOfABundleAndTheDocumentsToHandIn) {
  const auto [paper, width, height] = GetParam();
  ReceptionSlip slip = tests::sample_reception_slip();
  slip.paper = paper;
  slip.procedure_title = "住民異動届（転入届）";
  slip.reception_number = "1207-001";
  slip.also = {{"1207-002", "国民健康保険 加入の届"}, {"1207-003", "児童手当 住所変更の届"}};
  slip.to_hand_in = {"転出証明書", "健康保険の資格喪失証明書"};
  const Document doc = make_reception_slip(slip);
  const Page& page = doc.pages.at(0);
  expect_every_box_inside(page, width, height);
  const QrCode* qr = find_qr(doc);
  ASSERT_NE(qr, nullptr);
  EXPECT_EQ(qr->data, "madoguchi:reception:1207-001,1207-002,1207-003");
  EXPECT_GE(qr->size_mm, 25.0) << "large enough for a counter's scanner";
  EXPECT_LE(qr->y_mm + qr->size_mm, height - 3.0);
  // Titles and the documents' line wrap where the paper is narrow (at a space, left out).
  std::string text;
  for (const std::string& line : tests::pdf_text_lines(render(doc))) text += line;
  std::erase(text, ' ');
  for (const std::string expected :
       {"1207-001", "住民異動届（転入届）", "1207-002", "国民健康保険加入の届", "1207-003",
        "児童手当住所変更の届", "転出証明書", "健康保険の資格喪失証明書", "300円"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " in " << text;
  }
}

// 住宅改修's documents with two more applications do not all fit above the QR code: those
// that fit, and the others counted; the slip still draws on every paper.
TEST_P(SlipOnPaper, ManyDocumentsToHandInAreCountedWhereTheyDoNotFit) {
  const auto [paper, width, height] = GetParam();
  ReceptionSlip slip = tests::sample_reception_slip();
  slip.paper = paper;
  slip.also = {{"A-0124", "福祉用具購入費の支給申請"}, {"A-0125", "介護保険証の再交付"}};
  slip.to_hand_in = {"領収書（原本）",         "工事費内訳書",         "改修前後の写真（日付入り）",
                     "住宅改修が必要な理由書", "住宅の所有者の承諾書", "通帳またはキャッシュカード",
                     "介護保険被保険者証"};
  const Document doc = make_reception_slip(slip);
  const QrCode* qr = find_qr(doc);
  ASSERT_NE(qr, nullptr);
  EXPECT_GE(qr->size_mm, 25.0);
  for (const auto& item : doc.pages.at(0).items) {
    if (const auto* box = std::get_if<TextBox>(&item); box && box->field == "slip.to_hand_in") {
      EXPECT_NE(box->text.find("領収書（原本）"), std::string::npos) << box->text;
      EXPECT_LE(box->y_mm + box->h_mm, qr->y_mm + 0.01) << "above the QR code";
    }
  }
  std::string text;
  for (const std::string& line : tests::pdf_text_lines(render(doc))) text += line;
  if (paper != SlipPaper::A4) {  // A4 has room for them all
    EXPECT_NE(text.find("点"), std::string::npos) << "the documents left out are counted: " << text;
  }
}

INSTANTIATE_TEST_SUITE_P(Papers, SlipOnPaper,
                         ::testing::Values(std::make_tuple(SlipPaper::A6, 105.0, 148.0),
                                           std::make_tuple(SlipPaper::Receipt80mm, 80.0, 150.0),
                                           std::make_tuple(SlipPaper::A4, 210.0, 297.0)));

TEST(ReceptionSlip, PaperNamesOfficeJsonUses) {
  EXPECT_EQ(slip_paper_from_name("a6"), SlipPaper::A6);
  EXPECT_EQ(slip_paper_from_name("receipt-80mm"), SlipPaper::Receipt80mm);
  EXPECT_EQ(slip_paper_from_name("a4"), SlipPaper::A4);
  EXPECT_EQ(slip_paper_from_name("A4"), std::nullopt);
  EXPECT_EQ(slip_paper_from_name("letter"), std::nullopt);
}

TEST(ReceptionSlip, LongProcedureTitleWrapsOnTwoLines) {
  ReceptionSlip slip = tests::sample_reception_slip();
  slip.procedure_title = "印鑑登録証明書の交付および住民票記載事項証明書の交付";
  const std::string pdf = render(make_reception_slip(slip));
  EXPECT_FALSE(pdf.empty());
}

}  // namespace
}  // namespace madoguchi::printer
