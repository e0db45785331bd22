// The 署名用パスワード's holder: what the keyboard may type, the card's rule, and wiping.
#include "madoguchi/card/sign_password.hpp"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::card {
namespace {

std::string text_of(const SignPassword& password) {
  return password.reveal([](std::string_view t) { return std::string(t); });
}

TEST(SignPassword, TakesLettersAndDigitsUpperCasedAndNothingElse) {
  SignPassword password;
  for (const char c : std::string("ab-C 1２")) password.push(c);
  EXPECT_EQ(text_of(password), "ABC1") << "'-', ' ' and the bytes of a full-width digit refused";
  EXPECT_FALSE(password.well_formed()) << "shorter than 6";
  for (const char c : std::string("2345")) password.push(c);
  EXPECT_TRUE(password.well_formed());
  password.pop();
  EXPECT_EQ(text_of(password), "ABC1234");
  EXPECT_FALSE(SignPassword("ABCDEFG").well_formed()) << "no digit";
  EXPECT_FALSE(SignPassword("1234567").well_formed()) << "no letter";
  EXPECT_TRUE(SignPassword("ABCDEFGHIJKLMNO1").well_formed()) << "16 is the most";
  EXPECT_TRUE(SignPassword("ABCDEFGHIJKLMNOP1").empty()) << "17 never fits";
  EXPECT_TRUE(SignPassword("ABC-123").empty());
}

TEST(SignPassword, IsWipedWhenMovedFromAndWhenWiped) {
  SignPassword password("HANAKO2026");
  SignPassword moved(std::move(password));
  EXPECT_TRUE(password.empty());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_EQ(text_of(moved), "HANAKO2026");
  moved.wipe();
  EXPECT_TRUE(moved.empty());
  // The buffer itself holds no character of the password any more.
  const auto* bytes = reinterpret_cast<const char*>(&moved);
  EXPECT_EQ(std::string(bytes, sizeof moved).find("HANAKO"), std::string::npos);
}

}  // namespace
}  // namespace madoguchi::card
