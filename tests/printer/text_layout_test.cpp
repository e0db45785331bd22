// Shrink-to-fit, as a pure function (the line breaking itself: tests/text/).
#include "madoguchi/printer/text_layout.hpp"

#include <gtest/gtest.h>

namespace madoguchi::printer {
namespace {

// Full-width characters are 1 wide, ASCII half width, like BIZ UD Gothic (in ems).
double em(char32_t c) { return c < 0x80 ? 0.5 : 1.0; }

TEST(CodePointName, NamesTheCodePoint) {
  EXPECT_EQ(code_point_name(U'\U00020BB7'), "U+20BB7");
  EXPECT_EQ(code_point_name(U'あ'), "U+3042");
}

TEST(FitText, KeepsTheRequestedSizeWhenTheTextFits) {
  const auto fitted =
      fit_text(U"あいうえお", {.width_pt = 100, .height_pt = 20, .size_pt = 12}, em);
  ASSERT_TRUE(fitted);
  EXPECT_DOUBLE_EQ(fitted->size_pt, 12);
  EXPECT_EQ(fitted->lines.size(), 1u);
  EXPECT_DOUBLE_EQ(fitted->block_height_pt, 12);
}

TEST(FitText, ShrinksUntilOneLineFits) {
  // 20 characters: 240 pt at 12 pt, 200 pt at 10 pt; the box takes one line only.
  const std::u32string text(20, U'漢');
  const auto fitted =
      fit_text(text, {.width_pt = 200, .height_pt = 15, .size_pt = 12, .min_size_pt = 8}, em);
  ASSERT_TRUE(fitted);
  EXPECT_DOUBLE_EQ(fitted->size_pt, 10);
  EXPECT_EQ(fitted->lines.size(), 1u);
}

TEST(FitText, UsesSeveralLinesWhenTheHeightAllows) {
  const std::u32string text(20, U'漢');
  const auto fitted = fit_text(text, {.width_pt = 200, .height_pt = 40, .size_pt = 12}, em);
  ASSERT_TRUE(fitted);
  EXPECT_DOUBLE_EQ(fitted->size_pt, 12);
  ASSERT_EQ(fitted->lines.size(), 2u);
  EXPECT_DOUBLE_EQ(fitted->block_height_pt, 12 + 12 * 1.25);
}

TEST(FitText, ShrinksRatherThanExceedMaxLines) {
  const std::u32string text(20, U'漢');
  const auto fitted = fit_text(
      text, {.width_pt = 200, .height_pt = 40, .size_pt = 12, .min_size_pt = 8, .max_lines = 1},
      em);
  ASSERT_TRUE(fitted);
  EXPECT_DOUBLE_EQ(fitted->size_pt, 10);
}

TEST(FitText, GivesUpBelowTheMinimumSize) {
  const std::u32string text(40, U'漢');
  EXPECT_FALSE(
      fit_text(text, {.width_pt = 200, .height_pt = 15, .size_pt = 12, .min_size_pt = 9}, em));
  // The minimum itself is tried even when it is not a whole step below the size.
  const std::u32string twenty_two(22, U'漢');  // 9.09 pt wide each at 200 pt
  EXPECT_FALSE(fit_text(twenty_two,
                        {.width_pt = 200, .height_pt = 15, .size_pt = 12, .min_size_pt = 9.2}, em));
  const auto at_min = fit_text(
      twenty_two, {.width_pt = 200, .height_pt = 15, .size_pt = 12, .min_size_pt = 9.05}, em);
  ASSERT_TRUE(at_min);
  EXPECT_DOUBLE_EQ(at_min->size_pt, 9.05);
}

}  // namespace
}  // namespace madoguchi::printer
