// The screen and the paper break a text at the same places when their characters have the same
// advances: the kiosk's wrapping (kiosk/screens/widgets.hpp, wrap_japanese) and the PDF's layout
// (printer::fit_text) both go through text::break_lines, so an address cannot break one way on
// the check-your-answers screen and another on the printed form (issue 16). The screen adds one
// rule of its own: a paragraph never ends with a stub (a last line under three characters or a
// quarter of the one above), for which it narrows its lines; where the paper's lines have no
// stub, the screen's lines are the paper's.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "madoguchi/printer/text_layout.hpp"
#include "madoguchi/text/utf8.hpp"
#include "screens/widgets.hpp"

namespace madoguchi {
namespace {

using Lines = std::vector<std::string>;

// BIZ UD Gothic's advances, in ems: ASCII and half-width katakana half an em, the rest one.
double em(char32_t c) { return c < 0x80 || (c >= 0xFF61 && c <= 0xFF9F) ? 0.5 : 1.0; }

constexpr double kPaperPt = 10.5;   // a form's text size
constexpr float kScreenPx = 36.0F;  // the screens' body text

// The paper: the lines of the box at one size, as the PDF draws them.
Lines paper_lines(const std::string& text, double width_em) {
  const auto decoded = text::decode_utf8(text);
  const printer::FitRequest box{.width_pt = width_em * kPaperPt,
                                .height_pt = 10000,
                                .size_pt = kPaperPt,
                                .min_size_pt = kPaperPt};
  const auto fitted = printer::fit_text(decoded, box, em);
  Lines out;
  if (!fitted) return out;
  for (const auto& line : fitted->lines) out.push_back(text::encode_utf8(line));
  return out;
}

// The screen: the lines the kiosk draws, with the same advances in pixels.
Lines screen_lines(const std::string& text, double width_em) {
  return kiosk::ui::wrap_japanese(text, static_cast<float>(width_em) * kScreenPx,
                                  [](char32_t c) { return em(c) * kScreenPx; });
}

std::size_t characters(const std::string& line) { return text::decode_utf8(line).size(); }

// The screen's own rule leaves these lines alone: no stub at the end.
bool ends_without_stub(const Lines& lines) {
  if (lines.size() < 2) return true;
  const std::size_t above = characters(lines[lines.size() - 2]);
  return characters(lines.back()) >= std::max<std::size_t>(3, above / 4);
}

TEST(ScreenAndPaper, BreakAnAddressAtTheSamePlaces) {
  // Nine characters a line: １－１ stays whole, line 3 ends with 。 (it fits), and シ goes
  // down with ョ rather than leave a small kana to start line 5.
  const std::string address =
      "東京都千代田区千代田１－１「ハイツ千代田」１０１号室。キャンセル待ち、ショートステイ";
  const Lines expected{"東京都千代田区千代", "田１－１「ハイツ千", "代田」１０１号室。",
                       "キャンセル待ち、", "ショートステイ"};
  EXPECT_EQ(paper_lines(address, 9), expected);
  EXPECT_EQ(screen_lines(address, 9), expected);
  // 。 would start line 2 at five characters a line: お goes down with it (追い出し).
  EXPECT_EQ(paper_lines("あいうえお。かきく", 5), (Lines{"あいうえ", "お。かきく"}));
  EXPECT_EQ(screen_lines("あいうえお。かきく", 5), (Lines{"あいうえ", "お。かきく"}));
}

TEST(ScreenAndPaper, BreakEveryTextAtTheSamePlacesAtEveryWidth) {
  const std::vector<std::string> texts = {
      "東京都千代田区千代田１－１　ＡＢＣマンション１０１号室",
      "〒100-8111 東京都千代田区千代田１丁目１番１号「皇居東御苑」内、ちょっと先。",
      "住民票の写しを１通ください。本人確認書類（マイナンバーカード）をお持ちください。",
      "キャッシュカードとチェックシート、ショッピングセンターのジャケット。",
      "髙﨑　太郎（たかさき　たろう）様、電話03-1234-5678までご連絡ください。",
      "コンピューター、プリンター、ファックス……。「はい」と「いいえ」、どちらか？",
  };
  int compared = 0;
  for (const std::string& text : texts) {
    for (double width = 4; width <= 30; width += 0.5) {
      const Lines paper = paper_lines(text, width);
      ASSERT_FALSE(paper.empty()) << text << " at " << width << " em";
      if (!ends_without_stub(paper)) continue;  // the screen narrows these (its own rule)
      EXPECT_EQ(screen_lines(text, width), paper) << text << " at " << width << " em";
      ++compared;
    }
  }
  EXPECT_GT(compared, 200) << "too few widths compared to mean anything";
}

}  // namespace
}  // namespace madoguchi
