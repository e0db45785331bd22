// The 個人番号 type: exact parsing of EF 0001, masking, wiping.
#include "madoguchi/card/my_number.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace madoguchi::card {
namespace {

std::vector<std::uint8_t> ef0001(const std::string& digits, bool filler = true) {
  std::vector<std::uint8_t> file;
  file.reserve(3 + digits.size() + 2);
  for (const std::uint8_t b : {0xFF, 0x10, 0x0C}) file.push_back(b);
  for (const char c : digits) file.push_back(static_cast<std::uint8_t>(c));
  if (filler) {
    file.push_back(0xFF);
    file.push_back(0xFF);
  }
  return file;
}

std::string digits_of(const MyNumber& number) {
  return number.reveal([](std::string_view d) { return std::string(d); });
}

// Streaming must not compile (operator<< is deleted).
template <typename T, typename = void>
struct Streamable : std::false_type {};
template <typename T>
struct Streamable<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<T>())>>
    : std::true_type {};
static_assert(!Streamable<const MyNumber&>::value, "a 個人番号 must not be streamable");
static_assert(!std::is_copy_constructible_v<MyNumber>, "a 個人番号 must not be copied");
static_assert(!std::is_convertible_v<MyNumber, std::string>);

TEST(MyNumberFile, ParsesTheCardLayoutWithAndWithoutFiller) {
  const auto with = parse_my_number(ef0001("123456789018"));
  ASSERT_TRUE(with) << with.error().message;
  EXPECT_EQ(digits_of(*with), "123456789018");
  const auto without = parse_my_number(ef0001("123456789018", false));
  ASSERT_TRUE(without) << without.error().message;
  EXPECT_EQ(digits_of(*without), "123456789018");
}

TEST(MyNumberFile, RejectsEveryOtherLayoutWithoutQuotingTheDigits) {
  auto bad_tag = ef0001("123456789018");
  bad_tag[1] = 0x20;
  auto bad_length = ef0001("123456789018");
  bad_length[2] = 0x0B;
  auto bad_digit = ef0001("12345678901A");
  auto bad_filler = ef0001("123456789018");
  bad_filler.back() = 0x00;
  const std::vector<std::uint8_t> short_file = {0xFF, 0x10, 0x0C, '1', '2'};
  for (const auto& file : {bad_tag, bad_length, bad_digit, bad_filler, short_file}) {
    const auto parsed = parse_my_number(file);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().kind, CardErrorKind::MalformedData);
    EXPECT_EQ(parsed.error().message.find("12345678901"), std::string::npos)
        << parsed.error().message;
    EXPECT_NE(parsed.error().message.find("EF 0001"), std::string::npos);
  }
}

TEST(MyNumber, IsShownMaskedExceptTheLastFour) {
  const auto number = MyNumber::from_digits("123456789018");
  ASSERT_TRUE(number);
  EXPECT_EQ(number->masked(), "●●●●●●●●9018");
  EXPECT_EQ(number->last_four(), "9018");
  EXPECT_EQ(number->masked().find("1234"), std::string::npos);
}

TEST(MyNumber, MovingOrWipingLeavesNoDigitsBehind) {
  auto number = MyNumber::from_digits("123456789018");
  ASSERT_TRUE(number);
  MyNumber moved = std::move(*number);
  EXPECT_TRUE(number->empty());  // NOLINT(bugprone-use-after-move): checking the wipe
  EXPECT_EQ(digits_of(*number), "");
  EXPECT_EQ(number->masked(), "");
  EXPECT_EQ(digits_of(moved), "123456789018");
  moved.wipe();
  EXPECT_TRUE(moved.empty());
  EXPECT_EQ(digits_of(moved), "");
}

TEST(MyNumber, ChecksTheCheckDigit) {
  // 12345678901 → weights from the right 2..7,2..6: sum 1·2+0·3+9·4+8·5+7·6+6·7+5·2+4·3+3·4+2·5+1·6
  // = 212, 212 mod 11 = 3, check digit 11 − 3 = 8.
  EXPECT_TRUE(MyNumber::from_digits("123456789018")->has_valid_check_digit());
  EXPECT_FALSE(MyNumber::from_digits("123456789012")->has_valid_check_digit());
  // Remainder 0 or 1 gives check digit 0: 00000000000 sums to 0.
  EXPECT_TRUE(MyNumber::from_digits("000000000000")->has_valid_check_digit());
  EXPECT_FALSE(MyNumber::from_digits("12345678901")) << "11 digits";
  EXPECT_FALSE(MyNumber::from_digits("1234567890１８")) << "full-width digits";
}

}  // namespace
}  // namespace madoguchi::card
