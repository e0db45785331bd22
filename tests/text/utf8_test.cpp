// UTF-8: the lenient reading that screens and forms measure with, the strict one for card fields
// and for text before it is drawn on paper.
#include "madoguchi/text/utf8.hpp"

#include <gtest/gtest.h>

namespace madoguchi::text {
namespace {

TEST(Utf8, RoundTripsJapaneseAndSupplementaryCharacters) {
  const std::string text = "住民票の写し 𠮷野 ｶﾞ é";
  const auto decoded = decode_utf8_strict(text);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->size(), 14u);
  EXPECT_EQ((*decoded)[7], U'𠮷');
  EXPECT_EQ(encode_utf8(*decoded), text);
  EXPECT_EQ(decode_utf8(text), *decoded);
}

TEST(Utf8, StrictReadingNamesTheFirstBadByte) {
  EXPECT_EQ(decode_utf8_strict("ab\xC0\xAF").error().offset, 2u);  // overlong "/"
  EXPECT_FALSE(decode_utf8_strict("\xED\xA0\x80"));                // a surrogate
  EXPECT_FALSE(decode_utf8_strict("\xF4\x90\x80\x80"));            // above U+10FFFF
  EXPECT_EQ(decode_utf8_strict("あ\xE3\x81").error().offset, 3u);  // cut short
  EXPECT_FALSE(decode_utf8_strict("\x80"));
  EXPECT_TRUE(decode_utf8_strict(""));
}

TEST(Utf8, LenientReadingReplacesEachBadByte) {
  EXPECT_EQ(decode_utf8("a\xFF"
                        "b"),
            U"a\uFFFDb");
  EXPECT_EQ(decode_utf8("\xC0\xAF"), U"\uFFFD\uFFFD");
  EXPECT_EQ(decode_utf8("あ\xE3\x81"), U"あ\uFFFD\uFFFD");
}

TEST(Utf8, CountsCharactersAsTheLenientReadingSeesThem) {
  EXPECT_EQ(count_characters(""), 0u);
  EXPECT_EQ(count_characters("千代田区 𠮷野"), 7u);
  EXPECT_EQ(count_characters("a\xFF"
                             "b"),
            3u);
  EXPECT_EQ(count_characters("あ\xE3\x81"), decode_utf8("あ\xE3\x81").size());
}

TEST(Utf8, FindsWhereTheLastCharacterStarts) {
  EXPECT_EQ(last_character_start(""), 0u);
  EXPECT_EQ(last_character_start("ab"), 1u);
  EXPECT_EQ(last_character_start("aあ"), 1u);
  EXPECT_EQ(last_character_start("あ𠮷"), 3u);
}

TEST(Utf8, NextCodePointStopsAtABadSequence) {
  const std::string_view text = "A住\x80";
  std::size_t at = 0;
  EXPECT_EQ(next_code_point(text, at), U'A');
  EXPECT_EQ(next_code_point(text, at), U'住');
  EXPECT_EQ(at, 4u);
  EXPECT_FALSE(next_code_point(text, at));
  EXPECT_EQ(at, 4u);
}

}  // namespace
}  // namespace madoguchi::text
