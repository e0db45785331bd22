// The virtual card's behaviour, APDU by APDU, without pcscd.
#include "virtual_card.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "madoguchi/card/input_support_ap.hpp"
#include "madoguchi/card/tlv.hpp"

namespace madoguchi::card {
namespace {

using Bytes = std::vector<std::uint8_t>;

Persona yamada(int tries = 3) {
  Persona p;
  p.basic_info = {"山田　太郎", "東京都千代田区霞が関１－２－３", "19500415", "1"};
  p.my_number = "000000000001";
  p.pin = "1234";
  p.pin_tries_left = tries;
  return p;
}

Bytes select_ap() {
  Bytes c = {0x00, 0xA4, 0x04, 0x0C, 0x0A};
  c.insert(c.end(), kInputSupportAid.begin(), kInputSupportAid.end());
  return c;
}
Bytes select_file(std::uint16_t fid) {
  return {0x00,
          0xA4,
          0x02,
          0x0C,
          0x02,
          static_cast<std::uint8_t>(fid >> 8),
          static_cast<std::uint8_t>(fid)};
}
Bytes verify(const std::string& pin) {
  Bytes c = {0x00, 0x20, 0x00, 0x80};
  if (!pin.empty()) {
    c.push_back(static_cast<std::uint8_t>(pin.size()));
    c.insert(c.end(), pin.begin(), pin.end());
  }
  return c;
}
Bytes read_binary(std::size_t offset, std::uint8_t le) {
  return {0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8), static_cast<std::uint8_t>(offset),
          le};
}
std::uint16_t sw(const Bytes& answer) {
  return static_cast<std::uint16_t>(answer[answer.size() - 2] << 8 | answer.back());
}
Bytes data(const Bytes& answer) { return Bytes(answer.begin(), answer.end() - 2); }

class VirtualCardTest : public ::testing::Test {
 protected:
  void verified() {
    ASSERT_EQ(sw(card.respond(select_ap())), 0x9000);
    ASSERT_EQ(sw(card.respond(select_file(kPinFile))), 0x9000);
    ASSERT_EQ(sw(card.respond(verify("1234"))), 0x9000);
  }
  VirtualMyNumberCard card{yamada(), {}};
};

TEST_F(VirtualCardTest, PresentsTheContactlessMyNumberAtrByDefault) {
  EXPECT_EQ(card.atr(),
            (Bytes{0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x05, 0xE0, 0xB3, 0x81, 0xA1, 0x00, 0x7F}));
}

TEST_F(VirtualCardTest, SelectsTheInputSupportAp) {
  EXPECT_EQ(card.respond(select_ap()), (Bytes{0x90, 0x00}));
  // With an FCI: 6F 0C 84 0A <AID> 90 00.
  Bytes with_fci = {0x00, 0xA4, 0x04, 0x00, 0x0A};
  with_fci.insert(with_fci.end(), kInputSupportAid.begin(), kInputSupportAid.end());
  with_fci.push_back(0x00);
  const Bytes answer = card.respond(with_fci);
  EXPECT_EQ(sw(answer), 0x9000);
  ASSERT_EQ(answer.size(), 2u + 2u + 2u + 10u);
  EXPECT_EQ(answer[0], 0x6F);
  EXPECT_EQ(answer[2], 0x84);
}

TEST_F(VirtualCardTest, AnswersNotFoundToOtherApplicationsAndFiles) {
  // 券面AP (the card-face application) is not served.
  Bytes face = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10,
                0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02};
  EXPECT_EQ(sw(card.respond(face)), 0x6A82);
  Bytes prefix = {0x00, 0xA4, 0x04, 0x0C, 0x08};
  prefix.insert(prefix.end(), kInputSupportAid.begin(), kInputSupportAid.begin() + 8);
  EXPECT_EQ(sw(card.respond(prefix)), 0x6A82);
  EXPECT_EQ(sw(card.respond(select_file(kBasicInfoFile))), 0x6A82);  // no AP selected yet
  ASSERT_EQ(sw(card.respond(select_ap())), 0x9000);
  EXPECT_EQ(sw(card.respond(select_file(0x0003))), 0x6A82);
  EXPECT_EQ(sw(card.respond(select_file(0x3F00))), 0x6A82);
  EXPECT_EQ(sw(card.respond(select_file(kBasicInfoFile))), 0x9000);
}

TEST_F(VirtualCardTest, ServesTheJpkiUserAuthenticationCertificateWithoutAPin) {
  Bytes jpki = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0,
                0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
  ASSERT_EQ(sw(card.respond(jpki)), 0x9000);
  EXPECT_EQ(sw(card.respond(select_file(kPinFile))), 0x6A82) << "not under the JPKI-AP";
  ASSERT_EQ(sw(card.respond(select_file(0x000A))), 0x9000);
  const Bytes head = card.respond(Bytes{0x00, 0xB0, 0x00, 0x00, 0x04});
  ASSERT_EQ(head.size(), 6U);
  EXPECT_EQ(head[0], 0x30);
  EXPECT_EQ(head[1], 0x82);
  const std::size_t size = (static_cast<std::size_t>(head[2]) << 8 | head[3]) + 4;
  EXPECT_EQ(size, card.jpki_auth_certificate().size());
}

TEST_F(VirtualCardTest, RefusesOtherClassesAndInstructions) {
  EXPECT_EQ(sw(card.respond(Bytes{0x80, 0xA4, 0x04, 0x0C})), 0x6E00);
  EXPECT_EQ(sw(card.respond(Bytes{0x0C, 0xB0, 0x00, 0x00, 0x00})), 0x6E00);
  EXPECT_EQ(sw(card.respond(Bytes{0x00, 0x84, 0x00, 0x00, 0x10})), 0x6D00);
  EXPECT_EQ(sw(card.respond(Bytes{0x00, 0xA4, 0x04})), 0x6700);                    // too short
  EXPECT_EQ(sw(card.respond(Bytes{0x00, 0xA4, 0x04, 0x0C, 0x05, 0x01})), 0x6700);  // Lc lies
}

TEST_F(VirtualCardTest, CountsPinTriesDownAndBlocks) {
  ASSERT_EQ(sw(card.respond(select_ap())), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kPinFile))), 0x9000);
  EXPECT_EQ(sw(card.respond(verify(""))), 0x63C3);  // no try spent
  EXPECT_EQ(sw(card.respond(verify(""))), 0x63C3);
  EXPECT_EQ(sw(card.respond(verify("0000"))), 0x63C2);
  EXPECT_EQ(sw(card.respond(verify("1234"))), 0x9000);  // success restores the counter
  EXPECT_EQ(sw(card.respond(verify(""))), 0x63C3);
  EXPECT_EQ(sw(card.respond(verify("1111"))), 0x63C2);
  EXPECT_EQ(sw(card.respond(verify("2222"))), 0x63C1);
  EXPECT_EQ(sw(card.respond(verify("3333"))), 0x63C0);  // the try that blocks
  EXPECT_EQ(sw(card.respond(verify(""))), 0x6984);
  EXPECT_EQ(sw(card.respond(verify("1234"))), 0x6984);  // even the right PIN
  EXPECT_EQ(card.pin_tries_left(), 0);
}

TEST_F(VirtualCardTest, VerifiesByShortFileIdentifier) {
  ASSERT_EQ(sw(card.respond(select_ap())), 0x9000);
  EXPECT_EQ(sw(card.respond(Bytes{0x00, 0x20, 0x00, 0x91})), 0x63C3);
  EXPECT_EQ(sw(card.respond(Bytes{0x00, 0x20, 0x00, 0x80})), 0x6A88);  // no key EF selected
}

TEST_F(VirtualCardTest, ReadsNothingBeforeVerify) {
  ASSERT_EQ(sw(card.respond(select_ap())), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kBasicInfoFile))), 0x9000);
  EXPECT_EQ(card.respond(read_binary(0, 0)), (Bytes{0x69, 0x82}));
  ASSERT_EQ(sw(card.respond(select_file(kMyNumberFile))), 0x9000);
  EXPECT_EQ(card.respond(read_binary(0, 0x11)), (Bytes{0x69, 0x82}));
}

TEST_F(VirtualCardTest, ReadsTheBasicInfoFileWithFiller) {
  verified();
  ASSERT_EQ(sw(card.respond(select_file(kBasicInfoFile))), 0x9000);
  const Bytes answer = card.respond(read_binary(0, 0));
  ASSERT_EQ(sw(answer), 0x9000);
  const Bytes file = data(answer);
  EXPECT_EQ(file, card.basic_info_file());
  EXPECT_EQ(file.size() % 128, 0u);
  EXPECT_EQ(file.back(), 0xFF);
  const auto parsed = parse_basic_info(file);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, yamada().basic_info);
}

TEST_F(VirtualCardTest, ReadsByOffsetAndStopsAtTheEnd) {
  verified();
  ASSERT_EQ(sw(card.respond(select_file(kBasicInfoFile))), 0x9000);
  const Bytes& file = card.basic_info_file();
  const Bytes part = card.respond(read_binary(10, 7));
  ASSERT_EQ(sw(part), 0x9000);
  EXPECT_EQ(data(part), Bytes(file.begin() + 10, file.begin() + 17));
  // Le larger than what is left: what is left.
  const Bytes rest = card.respond(read_binary(file.size() - 3, 0));
  ASSERT_EQ(sw(rest), 0x9000);
  EXPECT_EQ(data(rest).size(), 3u);
  EXPECT_EQ(card.respond(read_binary(file.size(), 0)), (Bytes{0x6B, 0x00}));
  EXPECT_EQ(card.respond(read_binary(file.size() + 5, 1)), (Bytes{0x6B, 0x00}));
  EXPECT_EQ(sw(card.respond(Bytes{0x00, 0xB0, 0x00, 0x00})), 0x6700);  // no Le
}

TEST_F(VirtualCardTest, ReadsTheMyNumberFile) {
  verified();
  ASSERT_EQ(sw(card.respond(select_file(kMyNumberFile))), 0x9000);
  const Bytes answer = card.respond(read_binary(0, 0));
  Bytes expected = {0xFF, 0x10, 0x0C};
  for (const char c : std::string("000000000001")) expected.push_back(static_cast<std::uint8_t>(c));
  expected.insert(expected.end(), {0xFF, 0xFF, 0x90, 0x00});
  EXPECT_EQ(answer, expected);
}

TEST_F(VirtualCardTest, ReadsByShortFileIdentifierAndExtendedLe) {
  verified();
  const Bytes answer = card.respond(Bytes{0x00, 0xB0, 0x82, 0x00, 0x00, 0x00, 0x00});
  ASSERT_EQ(sw(answer), 0x9000);
  EXPECT_EQ(data(answer), card.basic_info_file());
  EXPECT_EQ(sw(card.respond(Bytes{0x00, 0xB0, 0x91, 0x00, 0x00})), 0x6981);  // the key file
}

TEST_F(VirtualCardTest, PowerCyclesForgetTheVerifiedPin) {
  for (const auto event : {&VirtualMyNumberCard::power_off, &VirtualMyNumberCard::power_on,
                           &VirtualMyNumberCard::reset}) {
    verified();
    EXPECT_TRUE(card.pin_verified());
    (card.*event)();
    EXPECT_FALSE(card.pin_verified());
    ASSERT_EQ(sw(card.respond(select_file(kBasicInfoFile))), 0x6A82);  // AP deselected too
    ASSERT_EQ(sw(card.respond(select_ap())), 0x9000);
    ASSERT_EQ(sw(card.respond(select_file(kBasicInfoFile))), 0x9000);
    EXPECT_EQ(sw(card.respond(read_binary(0, 0))), 0x6982);
  }
}

TEST_F(VirtualCardTest, TriesSurviveAPowerCycle) {
  ASSERT_EQ(sw(card.respond(select_ap())), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kPinFile))), 0x9000);
  EXPECT_EQ(sw(card.respond(verify("9999"))), 0x63C2);
  card.power_off();
  card.power_on();
  ASSERT_EQ(sw(card.respond(select_ap())), 0x9000);
  ASSERT_EQ(sw(card.respond(select_file(kPinFile))), 0x9000);
  EXPECT_EQ(sw(card.respond(verify(""))), 0x63C2);
}

TEST(VirtualCard, ActsAsAnotherCardWhenAsked) {
  VirtualMyNumberCard other(yamada(), {.not_my_number = true});
  EXPECT_EQ(other.respond(select_ap()), (Bytes{0x6A, 0x82}));
}

TEST(VirtualCard, StartsBlockedWhenThePersonaIs) {
  VirtualMyNumberCard blocked(yamada(0), {});
  ASSERT_EQ(sw(blocked.respond(select_ap())), 0x9000);
  ASSERT_EQ(sw(blocked.respond(select_file(kPinFile))), 0x9000);
  EXPECT_EQ(sw(blocked.respond(verify(""))), 0x6984);
}

TEST(VirtualCard, PadsALongBasicInfoFileAndKeepsLongForms) {
  Persona p = yamada();
  p.basic_info.address.clear();
  for (int i = 0; i < 83; ++i) p.basic_info.address += "住";  // 249 bytes
  VirtualMyNumberCard card(p, {});
  const Bytes& file = card.basic_info_file();
  EXPECT_EQ(file[2], 0x82);  // outer length needs two bytes
  EXPECT_GT(file.size(), 256u);
  const auto parsed = parse_basic_info(file);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->address, p.basic_info.address);
}

// --- faults --------------------------------------------------------------------------

TEST(VirtualCardFaults, ACorruptLengthMakesTheFileUnparseable) {
  for (const std::size_t address_chars : {10u, 40u, 83u}) {  // short, 81 xx and 82 xx xx forms
    Persona p = yamada();
    p.basic_info.address.clear();
    for (std::size_t i = 0; i < address_chars; ++i) p.basic_info.address += "住";
    const Bytes good = VirtualMyNumberCard(p, {}).basic_info_file();
    p.faults.corrupt_length = true;
    const Bytes bad = VirtualMyNumberCard(p, {}).basic_info_file();
    ASSERT_TRUE(parse_basic_info(good));
    const auto good_header = parse_tlv_header(good);
    ASSERT_TRUE(good_header);
    // Only the length changed, by one.
    std::vector<std::size_t> differing;
    for (std::size_t i = 0; i < good.size(); ++i) {
      if (good[i] != bad[i]) differing.push_back(i);
    }
    EXPECT_FALSE(differing.empty());
    EXPECT_LT(differing.back(), good_header->header_size) << address_chars;
    const auto parsed = parse_basic_info(bad);
    ASSERT_FALSE(parsed) << address_chars;
    EXPECT_EQ(parsed.error().kind, CardErrorKind::MalformedData);
  }
}

TEST(VirtualCardFaults, AnswersTheChosenApduWithTheBareStatusWord) {
  Persona p = yamada();
  p.faults.status_word = 0x6F00;
  p.faults.at_apdu = 2;
  VirtualMyNumberCard card(p, {});
  EXPECT_EQ(card.respond(select_ap()), (Bytes{0x90, 0x00}));
  EXPECT_EQ(card.respond(select_file(kPinFile)), (Bytes{0x6F, 0x00}));  // and nothing selected
  EXPECT_EQ(sw(card.respond(verify(""))), 0x6A88);
  EXPECT_EQ(sw(card.respond(select_file(kPinFile))), 0x9000);  // APDU 4: normal again
  EXPECT_EQ(sw(card.respond(verify(""))), 0x63C3);
  EXPECT_EQ(card.apdus_received(), 5);
}

TEST(VirtualCardFaults, CountsTheApduAtWhichItLeaves) {
  Persona p = yamada();
  p.faults.remove_at_apdu = 3;
  VirtualMyNumberCard card(p, {});
  for (int n = 1; n <= 2; ++n) {
    EXPECT_FALSE(card.removal_due());
    card.respond(select_ap());
  }
  EXPECT_TRUE(card.removal_due());
  EXPECT_EQ(card.apdus_received(), 3);
  EXPECT_FALSE(card.removal_due());  // once only
  VirtualMyNumberCard plain(yamada(), {});
  EXPECT_FALSE(plain.removal_due());
}

}  // namespace
}  // namespace madoguchi::card
