// Integration: every test persona read back byte for byte, and every fault of the
// virtual card (docs/persona-format.md, "faults") ending in a clean, typed CardError,
// through the real stack — pcscd, the vsmartcard vpcd reader and virtual-mynumber-card
// (RESOURCE_LOCK pcscd). Every card operation runs under a deadline: a call that does
// not return in time fails the test, and the card is then pulled so that the blocked
// SCardTransmit returns and the test can end.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "card_stack_test.hpp"
#include "madoguchi/card/reader.hpp"
#include "madoguchi/card/tlv.hpp"
#include "support/pcscd_fixture.hpp"

namespace madoguchi::card {
namespace {

using namespace std::chrono_literals;

using card_tests::joined;
using card_tests::persona_json;

// What one attempt to read the 基本4情報 gave: connect + verify_pin + read_basic_info.
struct ReadOutcome {
  std::expected<BasicInfo, CardError> info =
      std::unexpected(CardError{CardErrorKind::Transport, ""});
  int apdus = -1;  // -1: connect failed, so no MyNumberCard to ask (SELECT AP was APDU 1)
  std::vector<std::string> trace;
  std::chrono::steady_clock::duration took{};
};

class PersonaMatrixTest : public card_tests::CardStackTest {
 protected:
  void TearDown() override {
    readers_.reset();  // released before pcscd stops
  }

  // The whole read, on another thread, with a deadline. When the deadline passes the
  // test fails and the card is pulled, which makes a blocked SCardTransmit return.
  ReadOutcome read_with_deadline(const std::string& pin, std::chrono::milliseconds deadline) {
    auto reading = std::async(std::launch::async, [this, pin] {
      ReadOutcome outcome;
      const auto start = std::chrono::steady_clock::now();
      auto card = readers_->connect(reader());
      if (!card) {
        outcome.info = std::unexpected(card.error());
      } else {
        if (auto verified = card->verify_pin(madoguchi::card::Pin(pin)); !verified) {
          outcome.info = std::unexpected(verified.error());
        } else {
          outcome.info = card->read_basic_info();
        }
        outcome.apdus = card->apdu_count();
        outcome.trace = card->trace();
        card->end_session();
      }
      outcome.took = std::chrono::steady_clock::now() - start;
      return outcome;
    });
    if (reading.wait_for(deadline) != std::future_status::ready) {
      ADD_FAILURE() << "the read did not return within " << deadline.count()
                    << " ms; pulling the card\n"
                    << stack_->logs();
      stack_->remove_card(/*wait_until_noticed=*/false);
      if (reading.wait_for(10s) != std::future_status::ready) {
        ADD_FAILURE() << "still blocked 10 s after the card was pulled";
        std::abort();  // the future's destructor would wait forever
      }
    }
    return reading.get();
  }

  // After a fault: the card is gone (or taken off) before the next case. vpcd only
  // accepts the next card during pcscd's presence poll (every 400 ms); a card placed
  // before pcscd's event thread has seen the previous one leave can go unnoticed, so
  // wait for two polls after the reader shows empty.
  void take_card_off() {
    stack_->remove_card();
    const auto gone = readers_->wait_for_removal(reader(), 5s);
    ASSERT_TRUE(gone.has_value());
    EXPECT_TRUE(*gone) << "the reader still shows a card";
    std::this_thread::sleep_for(900ms);
  }
};

// --- every persona, byte for byte ------------------------------------------------------

class EveryPersona : public PersonaMatrixTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(EveryPersona, ReadsBackExactly) {
  const std::string file = GetParam();
  const auto persona = persona_json(file);
  insert(file);
  const auto outcome = read_with_deadline(persona["pin"].get<std::string>(), 20s);
  ASSERT_TRUE(outcome.info) << describe(outcome.info.error()) << "\n" << joined(outcome.trace);
  const BasicInfo& info = *outcome.info;
  EXPECT_EQ(info.name, persona["name"].get<std::string>());
  EXPECT_EQ(info.address, persona["address"].get<std::string>());
  EXPECT_EQ(info.birth_date, persona["birth_date"].get<std::string>());
  EXPECT_EQ(info.sex, persona["sex"].get<std::string>());

  // 5 APDUs before the data (SELECT AP, SELECT 0011, tries check, VERIFY, SELECT 0002),
  // then one READ BINARY per started 256 bytes of the FF 20 object.
  const std::size_t object = encode_basic_info(info).size();
  const int reads = static_cast<int>((object + 255) / 256);
  EXPECT_EQ(outcome.apdus, 5 + reads) << object << " bytes\n" << joined(outcome.trace);
  // The trace never holds the data.
  const std::string trace = joined(outcome.trace);
  EXPECT_EQ(trace.find(info.name.substr(0, 6)), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Personas, EveryPersona,
                         ::testing::Values("yamada-taro.json", "takahashi-hanako.json",
                                           "long-address.json", "longest-name-address.json",
                                           "foreign-resident.json", "foreign-resident-tsusho.json",
                                           "yoshida-beyond-bmp.json", "tanaka-2tries.json"),
                         [](const ::testing::TestParamInfo<const char*>& param) {
                           std::string name = param.param;
                           name = name.substr(0, name.find('.'));
                           std::erase(name, '-');
                           return name;
                         });

TEST_F(PersonaMatrixTest, TwoTriesLeftStillAllowsOneAttempt) {
  insert("tanaka-2tries.json");
  auto card = readers_->connect(reader());
  ASSERT_TRUE(card) << describe(card.error());
  EXPECT_EQ(card->pin_tries_left(), 2);
  const auto wrong = card->verify_pin(madoguchi::card::Pin("0000"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, CardErrorKind::PinWrong);
  EXPECT_EQ(wrong.error().tries_left, 1);
  const auto last = card->verify_pin(madoguchi::card::Pin("7531"));  // right, but the last try
  ASSERT_FALSE(last);
  EXPECT_EQ(last.error().kind, CardErrorKind::PinLastTry);
}

TEST_F(PersonaMatrixTest, TwoTriesLeftAndTheRightPinRestoresThree) {
  insert("tanaka-2tries.json");
  auto card = readers_->connect(reader());
  ASSERT_TRUE(card) << describe(card.error());
  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin("7531")));
  EXPECT_EQ(card->pin_tries_left(), 3);
}

// --- faults: the card leaves at every APDU of the read ---------------------------------

struct RemovalCase {
  const char* persona;
  int apdus;  // APDUs of a full read with this persona
};

class RemovalAtEveryApdu : public PersonaMatrixTest,
                           public ::testing::WithParamInterface<RemovalCase> {};

// The card closes the vpcd connection after vpcd sent the APDU, so vpcd's recv() sees
// the end of the stream (0 bytes) and reports IFD_SUCCESS with an empty answer:
// SCardTransmit succeeds with 0 bytes (a card already gone before the send gives
// SCARD_E_NOT_TRANSACTED instead, see reader_test.cpp). Both are CardRemoved.

TEST_P(RemovalAtEveryApdu, GivesATypedErrorAndNoData) {
  const auto [file, apdus] = GetParam();
  const std::string pin = persona_json(file)["pin"].get<std::string>();
  for (int n = 1; n <= apdus; ++n) {
    SCOPED_TRACE("card removed at APDU " + std::to_string(n));
    insert(file, {"--remove-at-apdu", std::to_string(n)});
    const auto outcome = read_with_deadline(pin, 10s);
    ASSERT_FALSE(outcome.info) << "read succeeded although the card left";
    EXPECT_EQ(outcome.info.error().kind, CardErrorKind::CardRemoved)
        << describe(outcome.info.error()) << "\n"
        << joined(outcome.trace);
    EXPECT_EQ(outcome.apdus, n == 1 ? -1 : n) << joined(outcome.trace);
    EXPECT_LT(outcome.took, 5s);
    take_card_off();
  }
}

INSTANTIATE_TEST_SUITE_P(Positions, RemovalAtEveryApdu,
                         ::testing::Values(RemovalCase{"yamada-taro.json", 6},
                                           RemovalCase{"long-address.json", 7}),
                         [](const ::testing::TestParamInfo<RemovalCase>& param) {
                           std::string name = param.param.persona;
                           name = name.substr(0, name.find('.'));
                           std::erase(name, '-');
                           return name;
                         });

// --- faults: an unexpected status word at every APDU -----------------------------------

TEST_F(PersonaMatrixTest, AnUnexpectedStatusWordAtEveryApduIsTyped) {
  // 6F 00 ("no precise diagnosis"; one card answered it after a power cycle, §3.3).
  const CardErrorKind expected[] = {
      CardErrorKind::NotMyNumberCard,   // SELECT 券面事項入力補助AP
      CardErrorKind::UnexpectedStatus,  // SELECT EF 0011
      CardErrorKind::UnexpectedStatus,  // VERIFY (tries left)
      CardErrorKind::UnexpectedStatus,  // VERIFY PIN
      CardErrorKind::UnexpectedStatus,  // SELECT EF 0002
      CardErrorKind::UnexpectedStatus,  // READ BINARY
  };
  for (int n = 1; n <= 6; ++n) {
    SCOPED_TRACE("6F 00 at APDU " + std::to_string(n));
    insert("yamada-taro.json", {"--status-word", "6F00", "--at-apdu", std::to_string(n)});
    const auto outcome = read_with_deadline("1234", 10s);
    ASSERT_FALSE(outcome.info);
    EXPECT_EQ(outcome.info.error().kind, expected[n - 1]) << describe(outcome.info.error());
    EXPECT_NE(outcome.info.error().message.find("6F 00"), std::string::npos)
        << outcome.info.error().message;
    take_card_off();
  }
}

TEST_F(PersonaMatrixTest, BlockedStatusWordsGivePinBlocked) {
  // The reference (§3.1) gives 69 84 for a blocked PIN; 69 83 (ISO 7816-4
  // "authentication method blocked") is treated the same by the library. Both, at the
  // tries check (APDU 3) and at the VERIFY itself (APDU 4).
  for (const char* sw : {"6983", "6984"}) {
    for (const int n : {3, 4}) {
      SCOPED_TRACE(std::string(sw) + " at APDU " + std::to_string(n));
      insert("yamada-taro.json", {"--status-word", sw, "--at-apdu", std::to_string(n)});
      const auto outcome = read_with_deadline("1234", 10s);
      ASSERT_FALSE(outcome.info);
      EXPECT_EQ(outcome.info.error().kind, CardErrorKind::PinBlocked)
          << describe(outcome.info.error());
      EXPECT_EQ(outcome.info.error().tries_left, 0);
      EXPECT_EQ(outcome.apdus, n) << joined(outcome.trace);
      take_card_off();
    }
  }
}

TEST_F(PersonaMatrixTest, AnEmptyEndOfFileAnswerIsMalformedData) {
  // 62 82 with no data to the READ BINARY: nothing to parse.
  insert("yamada-taro.json", {"--status-word", "6282", "--at-apdu", "6"});
  const auto outcome = read_with_deadline("1234", 10s);
  ASSERT_FALSE(outcome.info);
  EXPECT_EQ(outcome.info.error().kind, CardErrorKind::MalformedData)
      << describe(outcome.info.error());
}

TEST_F(PersonaMatrixTest, AReadPastTheEndOnTheSecondReadIsMalformedData) {
  // long-address.json needs 2 READ BINARY; the 2nd (APDU 7) answers 6B 00.
  insert("long-address.json", {"--status-word", "6B00", "--at-apdu", "7"});
  const auto outcome = read_with_deadline("9753", 10s);
  ASSERT_FALSE(outcome.info);
  EXPECT_EQ(outcome.info.error().kind, CardErrorKind::MalformedData)
      << describe(outcome.info.error());
  EXPECT_EQ(outcome.apdus, 7);
}

TEST_F(PersonaMatrixTest, AnUnexpectedStatusOnTheSecondReadIsUnexpectedStatus) {
  insert("long-address.json", {"--status-word", "6F00", "--at-apdu", "7"});
  const auto outcome = read_with_deadline("9753", 10s);
  ASSERT_FALSE(outcome.info);
  EXPECT_EQ(outcome.info.error().kind, CardErrorKind::UnexpectedStatus)
      << describe(outcome.info.error());
}

// --- faults: a corrupt FF 20 length ----------------------------------------------------

TEST_F(PersonaMatrixTest, ACorruptLengthIsMalformedDataInEveryLengthForm) {
  // From the persona file (short form), and from the flag on personas whose object
  // needs 82 xx xx (two READs, and 128 READs for the longest).
  struct Case {
    const char* persona;
    std::vector<std::string> args;
    const char* pin;
  };
  const Case cases[] = {{"corrupt-length.json", {}, "1234"},
                        {"long-address.json", {"--corrupt-length"}, "9753"},
                        {"longest-name-address.json", {"--corrupt-length"}, "8642"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.persona);
    insert(c.persona, c.args);
    const auto outcome = read_with_deadline(c.pin, 20s);
    ASSERT_FALSE(outcome.info);
    EXPECT_EQ(outcome.info.error().kind, CardErrorKind::MalformedData)
        << describe(outcome.info.error());
    take_card_off();
  }
}

// --- faults: a slow card ---------------------------------------------------------------

TEST_F(PersonaMatrixTest, ASlowCardIsReadCorrectlyOnlySlower) {
  insert("yamada-taro.json", {"--delay-ms", "50"});
  const auto outcome = read_with_deadline("1234", 10s);
  ASSERT_TRUE(outcome.info) << describe(outcome.info.error());
  EXPECT_EQ(outcome.info->name, "山田　太郎");
  EXPECT_EQ(outcome.apdus, 6);
  EXPECT_GE(outcome.took, 6 * 50ms);
  std::cout << "read with 50 ms per answer: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(outcome.took).count()
            << " ms\n";
}

TEST_F(PersonaMatrixTest, AStalledCardBlocksUntilItIsTakenOff) {
  // A card that stops answering: PC/SC has no deadline for SCardTransmit (a real CCID
  // driver times out on its own; vpcd does not), so the read waits; taking the card off
  // ends it with CardRemoved — not a crash, not data.
  insert("yamada-taro.json", {"--delay-ms", "30000"});
  auto reading = std::async(std::launch::async, [this] {
    auto card = readers_->connect(reader());
    if (!card) return card.error();
    auto verified = card->verify_pin(madoguchi::card::Pin("1234"));
    return verified ? CardError{CardErrorKind::Transport, "verified?"} : verified.error();
  });
  EXPECT_EQ(reading.wait_for(1500ms), std::future_status::timeout);
  const auto pulled = std::chrono::steady_clock::now();
  stack_->remove_card(/*wait_until_noticed=*/false);
  ASSERT_EQ(reading.wait_for(10s), std::future_status::ready) << stack_->logs();
  const CardError error = reading.get();
  EXPECT_LT(std::chrono::steady_clock::now() - pulled, 5s);
  EXPECT_EQ(error.kind, CardErrorKind::CardRemoved) << describe(error);
}

}  // namespace
}  // namespace madoguchi::card
