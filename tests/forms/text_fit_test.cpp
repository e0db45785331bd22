#include "madoguchi/forms/text_fit.hpp"

#include <gtest/gtest.h>

namespace madoguchi::forms {
namespace {

TEST(EstimatedTextWidth, FullWidthIsOneEmAndAsciiHalf) {
  EXPECT_DOUBLE_EQ(estimated_text_width_mm("あ", 72), 25.4);  // 72 pt = 1 inch
  EXPECT_DOUBLE_EQ(estimated_text_width_mm("A", 72), 12.7);
  EXPECT_DOUBLE_EQ(estimated_text_width_mm("ｱ", 72), 12.7);  // half-width katakana
  EXPECT_DOUBLE_EQ(estimated_text_width_mm("", 72), 0);
  EXPECT_DOUBLE_EQ(estimated_text_width_mm("山田　太郎", 72), 5 * 25.4);
}

TEST(EstimatedTextWidth, SurvivesBrokenUtf8) {
  EXPECT_DOUBLE_EQ(estimated_text_width_mm("\xE3\x81", 72), 2 * 25.4);  // two stray bytes
}

TEST(LinesThatFit, FollowsThePrintersSpacing) {
  const double em = 10 * kMillimetresPerPoint;  // 3.53 mm
  EXPECT_EQ(lines_that_fit(em * 0.99, 10), 0);
  EXPECT_EQ(lines_that_fit(em, 10), 1);
  EXPECT_EQ(lines_that_fit(em * 2.24, 10), 1);
  EXPECT_EQ(lines_that_fit(em * 2.25, 10), 2);  // 1 em + 1.25 em
  EXPECT_EQ(lines_that_fit(em * 3.5, 10), 3);
}

TEST(TextFits, WrapsWhenTheBoxIsTallEnough) {
  // Four full-width characters at 72 pt need 101.6 mm on one line.
  EXPECT_TRUE(text_fits("あいうえ", 104, 26, 72));  // one line: 102 mm inside the padding
  EXPECT_FALSE(text_fits("あいうえ", 80, 26, 72));  // needs two lines, the box has one
  EXPECT_TRUE(text_fits("あいうえ", 80, 58, 72));   // two lines
  EXPECT_FALSE(text_fits("あ", 20, 100, 72));       // not even one character is narrow enough
  EXPECT_TRUE(text_fits("", 1, 1, 72));
}

}  // namespace
}  // namespace madoguchi::forms
