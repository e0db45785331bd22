// Integration: reading the 個人番号 (EF 0001) through pcscd + vpcd + the virtual card —
// only after the PIN, exactly the persona's digits, and never in the APDU trace.
#include <gtest/gtest.h>

#include <string>

#include "card_stack_test.hpp"
#include "madoguchi/card/my_number.hpp"
#include "madoguchi/card/reader.hpp"

namespace madoguchi::card {
namespace {

class ReadsMyNumber : public card_tests::CardStackTest {
 protected:
  void SetUp() override {
    CardStackTest::SetUp();
    if (HasFatalFailure()) return;
    insert("yamada-taro.json");
    persona_ = card_tests::persona_json("yamada-taro.json");
  }

  nlohmann::json persona_;
};

TEST_F(ReadsMyNumber, OnlyAfterThePinAndExactlyAsOnTheCard) {
  auto card = readers_->connect(reader());
  ASSERT_TRUE(card) << describe(card.error());

  const auto before_pin = card->read_my_number();
  ASSERT_FALSE(before_pin);
  EXPECT_EQ(before_pin.error().kind, CardErrorKind::AccessDenied) << describe(before_pin.error());

  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin(persona_["pin"].get<std::string>())));
  const int apdus_before = card->apdu_count();
  const auto number = card->read_my_number();
  ASSERT_TRUE(number) << describe(number.error());
  const std::string expected = persona_["my_number"].get<std::string>();
  EXPECT_TRUE(number->reveal([&](std::string_view digits) { return digits == expected; }));
  EXPECT_EQ(number->last_four(), expected.substr(8));
  EXPECT_EQ(card->apdu_count() - apdus_before, 2) << "SELECT EF 0001 + one READ BINARY";

  // The 基本4情報 can still be read after it (the card keeps the VERIFY).
  EXPECT_TRUE(card->read_basic_info());

  for (const auto& line : card->trace()) {
    EXPECT_EQ(line.find(expected), std::string::npos) << line;
    EXPECT_EQ(line.find("31 32 33 34"), std::string::npos) << "PIN bytes: " << line;
  }
}

TEST_F(ReadsMyNumber, IsForgottenByTheCardWhenTheSessionEnds) {
  auto card = readers_->connect(reader());
  ASSERT_TRUE(card) << describe(card.error());
  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin(persona_["pin"].get<std::string>())));
  card->end_session();
  EXPECT_FALSE(card->read_my_number());
  auto next = readers_->connect(reader());
  ASSERT_TRUE(next) << describe(next.error());
  const auto again = next->read_my_number();
  ASSERT_FALSE(again) << "a new session must VERIFY again";
  EXPECT_EQ(again.error().kind, CardErrorKind::AccessDenied);
}

TEST_F(ReadsMyNumber, TheUserAuthenticationCertificateNeedsNoPin) {
  auto card = readers_->connect(reader());
  ASSERT_TRUE(card) << describe(card.error());
  const int apdus_before = card->apdu_count();
  const auto cert = card->read_user_auth_certificate();
  ASSERT_TRUE(cert) << describe(cert.error()) << "\n" << stack_->logs();
  EXPECT_EQ(cert->subject, "CN=Madoguchi Test User Authentication,O=Madoguchi Test,C=JP");
  // A serial of this card's own (the kiosk tells a card put back from another one by it).
  EXPECT_FALSE(cert->serial_hex.empty());
  EXPECT_NE(cert->serial_hex, "4D41444F") << "not the serial every virtual card used to share";
  EXPECT_TRUE(cert->valid_at(std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}));
  EXPECT_GT(cert->der.size(), 700U);
  // SELECT JPKI-AP, SELECT 000A, READ 4, READ ⌈rest/256⌉, SELECT 入力補助AP back.
  const int reads = static_cast<int>((cert->der.size() - 4 + 255) / 256);
  EXPECT_EQ(card->apdu_count() - apdus_before, 3 + reads + 1);

  // Back on the 入力補助AP: the PIN and the 基本4情報 work as before.
  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin(persona_["pin"].get<std::string>())));
  const auto info = card->read_basic_info();
  ASSERT_TRUE(info) << describe(info.error());
  EXPECT_EQ(info->name, persona_["name"].get<std::string>());
}

}  // namespace
}  // namespace madoguchi::card
