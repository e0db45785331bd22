#include "madoguchi/card/status_word.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "madoguchi/card/card_error.hpp"

namespace madoguchi::card {
namespace {

TEST(StatusWord, ClassifiesWhatTheKioskBranchesOn) {
  EXPECT_EQ(classify({0x90, 0x00}), StatusClass::Success);
  EXPECT_EQ(classify({0x63, 0xC3}), StatusClass::VerifyFailed);
  EXPECT_EQ(classify({0x63, 0xC0}), StatusClass::VerifyFailed);
  EXPECT_EQ(classify({0x63, 0x00}), StatusClass::VerifyFailedNoCounter);
  EXPECT_EQ(classify({0x69, 0x84}), StatusClass::AuthenticationBlocked);
  EXPECT_EQ(classify({0x69, 0x83}), StatusClass::AuthenticationBlocked);
  EXPECT_EQ(classify({0x69, 0x82}), StatusClass::SecurityNotSatisfied);
  EXPECT_EQ(classify({0x6A, 0x82}), StatusClass::FileNotFound);
  EXPECT_EQ(classify({0x6B, 0x00}), StatusClass::WrongParameters);
  EXPECT_EQ(classify({0x6A, 0x86}), StatusClass::WrongParameters);
  EXPECT_EQ(classify({0x62, 0x82}), StatusClass::EndOfFileWarning);
  EXPECT_EQ(classify({0x67, 0x00}), StatusClass::WrongLength);
  EXPECT_EQ(classify({0x6C, 0x11}), StatusClass::WrongLength);
  EXPECT_EQ(classify({0x6D, 0x00}), StatusClass::InstructionNotSupported);
  EXPECT_EQ(classify({0x6E, 0x00}), StatusClass::ClassNotSupported);
  EXPECT_EQ(classify({0x6F, 0x00}), StatusClass::Other);
  EXPECT_EQ(classify({0x63, 0xD1}), StatusClass::Other);
}

TEST(StatusWord, ReadsTriesLeftFrom63Cx) {
  EXPECT_EQ(tries_left({0x63, 0xC3}), 3);
  EXPECT_EQ(tries_left({0x63, 0xC1}), 1);
  EXPECT_EQ(tries_left({0x63, 0xC0}), 0);
  EXPECT_EQ(tries_left({0x63, 0xCF}), 15);
  EXPECT_EQ(tries_left({0x90, 0x00}), std::nullopt);
  EXPECT_EQ(tries_left({0x69, 0x84}), std::nullopt);
  EXPECT_EQ(tries_left({0x63, 0x00}), std::nullopt);
}

TEST(StatusWord, TakesTheLastTwoBytesOfAnAnswer) {
  const std::vector<std::uint8_t> answer = {0xFF, 0x20, 0x01, 0x90, 0x00};
  EXPECT_EQ(status_word_of(answer), (StatusWord{0x90, 0x00}));
  EXPECT_EQ(status_word_of(std::vector<std::uint8_t>{0x90}), std::nullopt);
  EXPECT_EQ((StatusWord{0x6A, 0x82}).value(), 0x6A82);
  EXPECT_TRUE((StatusWord{0x90, 0x00}).ok());
}

TEST(StatusWord, DescribesForMessages) {
  EXPECT_EQ(describe(StatusWord{0x6A, 0x82}), "6A 82 (file or application not found)");
  EXPECT_EQ(describe(StatusWord{0x63, 0xC2}), "63 C2 (verification failed, 2 tries left)");
  EXPECT_EQ(describe(StatusWord{0x12, 0x34}), "12 34");
}

TEST(CardError, NamesEveryKind) {
  EXPECT_EQ(to_string(CardErrorKind::NoReaderService), "NoReaderService");
  EXPECT_EQ(to_string(CardErrorKind::PinLastTry), "PinLastTry");
  EXPECT_EQ(to_string(CardErrorKind::Transport), "Transport");
  EXPECT_EQ(describe(CardError{CardErrorKind::PinWrong, "wrong PIN", 2}),
            "PinWrong: wrong PIN (tries left: 2)");
}

}  // namespace
}  // namespace madoguchi::card
