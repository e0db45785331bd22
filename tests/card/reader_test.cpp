// Integration: the card module against the real stack — pcscd, the vsmartcard vpcd
// reader and virtual-mynumber-card — one pcscd per test (RESOURCE_LOCK pcscd).
#include "madoguchi/card/reader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "card_stack_test.hpp"
#include "support/pcscd_fixture.hpp"

namespace madoguchi::card {
namespace {

using namespace std::chrono_literals;
using tests::PcscdWithVirtualReader;
using tests::persona_path;

using card_tests::joined;
using card_tests::persona_json;

int count_containing(const std::vector<std::string>& lines, const std::string& part) {
  return static_cast<int>(std::count_if(lines.begin(), lines.end(), [&](const std::string& l) {
    return l.find(part) != std::string::npos;
  }));
}

class CardReaderTest : public card_tests::CardStackTest {
 protected:
  std::expected<MyNumberCard, CardError> connect() { return readers_->connect(reader()); }
};

TEST_F(CardReaderTest, ListsTheTestReaders) {
  const auto readers = readers_->list();
  ASSERT_TRUE(readers) << describe(readers.error());
  EXPECT_EQ(*readers,
            (std::vector<std::string>{"Madoguchi Test PCD 00 00", "Madoguchi Test PCD 00 01"}));
  EXPECT_EQ(readers_->card_present(reader()), false);
  const auto unknown = readers_->card_present("No Such Reader 00 00");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, CardErrorKind::NoReader);
}

// --- reading the 基本4情報 -------------------------------------------------------------

class ReadsBasicInfo : public CardReaderTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(ReadsBasicInfo, ExactlyAsInThePersona) {
  const std::string file = GetParam();
  const auto persona = persona_json(file);
  insert(file);

  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error()) << "\n" << stack_->logs();
  EXPECT_EQ(card->protocol(), "T=1");
  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin(persona["pin"].get<std::string>())));
  const auto info = card->read_basic_info();
  ASSERT_TRUE(info) << describe(info.error());
  EXPECT_EQ(info->name, persona["name"].get<std::string>());
  EXPECT_EQ(info->address, persona["address"].get<std::string>());
  EXPECT_EQ(info->birth_date, persona["birth_date"].get<std::string>());
  EXPECT_EQ(info->sex, persona["sex"].get<std::string>());

  // SELECT AP, SELECT 0011, tries check, VERIFY, SELECT 0002, READ — and one more READ
  // only when the file is longer than 256 bytes.
  const int reads = count_containing(card->trace(), "READ BINARY");
  EXPECT_EQ(card->apdu_count(), 5 + reads) << joined(card->trace());
  if (file == "long-address.json") {
    EXPECT_EQ(reads, 2) << joined(card->trace());
  } else {
    EXPECT_EQ(card->apdu_count(), 6) << joined(card->trace());
  }
}

INSTANTIATE_TEST_SUITE_P(Personas, ReadsBasicInfo,
                         ::testing::Values("yamada-taro.json", "takahashi-hanako.json",
                                           "long-address.json"),
                         [](const ::testing::TestParamInfo<const char*>& param) {
                           std::string name = param.param;
                           name = name.substr(0, name.find('.'));
                           std::erase(name, '-');
                           return name;
                         });

TEST_F(CardReaderTest, WorksWithAContactAtrToo) {
  insert("yamada-taro.json", {"--atr", "3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B"});
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  EXPECT_EQ(card->protocol(), "T=1");
  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin("1234")));
  const auto info = card->read_basic_info();
  ASSERT_TRUE(info) << describe(info.error());
  EXPECT_EQ(info->name, "山田　太郎");
}

// --- PIN tries -------------------------------------------------------------------------

TEST_F(CardReaderTest, WrongPinsCountTheTriesDown) {
  insert("yamada-taro.json");
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  EXPECT_EQ(card->pin_tries_left(), 3);

  auto result = card->verify_pin(madoguchi::card::Pin("0000"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, CardErrorKind::PinWrong);
  EXPECT_EQ(result.error().tries_left, 2);
  EXPECT_EQ(card->pin_tries_left(), 2);

  result = card->verify_pin(madoguchi::card::Pin("1111"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, CardErrorKind::PinWrong);
  EXPECT_EQ(result.error().tries_left, 1);

  // One try left: even the right PIN is not sent.
  result = card->verify_pin(madoguchi::card::Pin("1234"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, CardErrorKind::PinLastTry);
  EXPECT_EQ(result.error().tries_left, 1);
  EXPECT_EQ(count_containing(card->trace(), "VERIFY PIN"), 2) << joined(card->trace());

  // The card itself still has its last try, across sessions.
  card->end_session();
  auto again = connect();
  ASSERT_TRUE(again) << describe(again.error());
  EXPECT_EQ(again->pin_tries_left(), 1);
}

TEST_F(CardReaderTest, ARightPinRestoresTheTries) {
  insert("yamada-taro.json");
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  ASSERT_FALSE(card->verify_pin(madoguchi::card::Pin("9999")));
  EXPECT_EQ(card->pin_tries_left(), 2);
  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin("1234")));
  EXPECT_EQ(card->pin_tries_left(), 3);
}

TEST_F(CardReaderTest, NeverSpendsTheLastTry) {
  insert("suzuki-ichiro-1try.json");
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  const auto result =
      card->verify_pin(madoguchi::card::Pin("2468"));  // the right PIN, but the last try
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, CardErrorKind::PinLastTry);
  EXPECT_EQ(result.error().tries_left, 1);
  EXPECT_EQ(count_containing(card->trace(), "VERIFY PIN"), 0) << joined(card->trace());
  EXPECT_EQ(card->pin_tries_left(), 1);

  const auto info = card->read_basic_info();
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().kind, CardErrorKind::AccessDenied);
}

TEST_F(CardReaderTest, ReportsABlockedPin) {
  insert("blocked.json");
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  const auto tries = card->pin_tries_left();
  ASSERT_FALSE(tries);
  EXPECT_EQ(tries.error().kind, CardErrorKind::PinBlocked);
  EXPECT_EQ(tries.error().tries_left, 0);
  const auto result = card->verify_pin(madoguchi::card::Pin("1357"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, CardErrorKind::PinBlocked);
  EXPECT_EQ(count_containing(card->trace(), "VERIFY PIN"), 0);
}

TEST_F(CardReaderTest, RefusesAPinThatIsNotFourDigitsWithoutSendingIt) {
  insert("yamada-taro.json");
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  const int before = card->apdu_count();
  for (const char* pin : {"", "123", "12345", "12a4", "１２３４"}) {
    const auto result = card->verify_pin(madoguchi::card::Pin(pin));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, CardErrorKind::PinWrong) << pin;
    EXPECT_EQ(result.error().tries_left, -1);
  }
  EXPECT_EQ(card->apdu_count(), before);
  EXPECT_EQ(card->pin_tries_left(), 3);
}

// --- privacy ---------------------------------------------------------------------------

TEST_F(CardReaderTest, TheTraceNeverShowsThePinOrTheData) {
  insert("yamada-taro.json");
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin("1234")));
  ASSERT_TRUE(card->read_basic_info());
  const std::string trace = joined(card->trace());
  for (const char* secret :
       {"1234", "31 32 33 34", "31323334", "山田", "19500415", "31 39 35 30"}) {
    EXPECT_EQ(trace.find(secret), std::string::npos) << secret << " in\n" << trace;
  }
  EXPECT_NE(trace.find("VERIFY PIN: 00 20 00 80 Lc=04 -> 90 00"), std::string::npos) << trace;
  std::cout << "APDU trace of a full read:\n" << trace;
}

// --- sessions and card removal ---------------------------------------------------------

TEST_F(CardReaderTest, EndingTheSessionForgetsTheVerifiedPin) {
  insert("yamada-taro.json");
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin("1234")));
  ASSERT_TRUE(card->read_basic_info());
  card->end_session();
  card->end_session();  // idempotent
  EXPECT_FALSE(card->in_session());
  const auto after_end = card->read_basic_info();
  ASSERT_FALSE(after_end);
  EXPECT_EQ(after_end.error().kind, CardErrorKind::Transport);

  auto next = connect();
  ASSERT_TRUE(next) << describe(next.error());
  const auto info = next->read_basic_info();
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().kind, CardErrorKind::AccessDenied) << describe(info.error());
}

TEST_F(CardReaderTest, ACardRemovedBeforeReadingGivesCardRemoved) {
  insert("yamada-taro.json");
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin("1234")));
  stack_->remove_card();
  const auto info = card->read_basic_info();
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().kind, CardErrorKind::CardRemoved) << describe(info.error());
  const auto tries = card->pin_tries_left();
  ASSERT_FALSE(tries);
  EXPECT_EQ(tries.error().kind, CardErrorKind::CardRemoved) << describe(tries.error());
  card->end_session();
}

TEST_F(CardReaderTest, ACardPulledMidSessionGivesCardRemoved) {
  insert("yamada-taro.json");
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  ASSERT_TRUE(card->verify_pin(madoguchi::card::Pin("1234")));
  stack_->remove_card(/*wait_until_noticed=*/false);  // before pcscd's next presence poll
  const auto info = card->read_basic_info();
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().kind, CardErrorKind::CardRemoved) << describe(info.error());
}

TEST_F(CardReaderTest, ConnectingToAnEmptyReaderGivesNoCard) {
  const auto card = connect();
  ASSERT_FALSE(card);
  EXPECT_EQ(card.error().kind, CardErrorKind::NoCard) << describe(card.error());
}

TEST_F(CardReaderTest, AnotherCardIsNotAMyNumberCardAndIsLeftAlone) {
  insert("yamada-taro.json", {"--not-mynumber"});
  const auto card = connect();
  ASSERT_FALSE(card);
  EXPECT_EQ(card.error().kind, CardErrorKind::NotMyNumberCard) << describe(card.error());
  EXPECT_EQ(readers_->card_present(reader()), true);
  // Released: a second attempt is not blocked by the first exclusive connection.
  const auto again = connect();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, CardErrorKind::NotMyNumberCard);
}

// --- waiting for cards -----------------------------------------------------------------

TEST_F(CardReaderTest, WaitsForACardAndForItsRemoval) {
  const auto nothing = readers_->wait_for_card(300ms);
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().kind, CardErrorKind::Timeout);

  auto placing = std::async(std::launch::async, [this] {
    std::this_thread::sleep_for(300ms);
    return stack_->insert_card(persona_path("yamada-taro.json"));
  });
  const auto placed = readers_->wait_for_card(10s);
  ASSERT_TRUE(placed) << describe(placed.error());
  EXPECT_EQ(*placed, reader());
  ASSERT_TRUE(placing.get());
  EXPECT_EQ(readers_->card_present(reader()), true);
  EXPECT_EQ(readers_->wait_for_card(1s, reader()), reader());

  EXPECT_EQ(readers_->wait_for_removal(reader(), 300ms), false);
  auto taking = std::async(std::launch::async, [this] {
    std::this_thread::sleep_for(300ms);
    stack_->remove_card(false);
  });
  EXPECT_EQ(readers_->wait_for_removal(reader(), 10s), true);
  taking.get();
  EXPECT_EQ(readers_->card_present(reader()), false);
}

TEST_F(CardReaderTest, WaitsOnlyOnThePreferredReader) {
  insert("yamada-taro.json");  // slot 0
  const auto other_slot = readers_->wait_for_card(300ms, stack_->reader_name(1));
  ASSERT_FALSE(other_slot);
  EXPECT_EQ(other_slot.error().kind, CardErrorKind::Timeout);
}

TEST_F(CardReaderTest, CancelWakesAWaitingThread) {
  const auto start = std::chrono::steady_clock::now();
  auto waiting = std::async(std::launch::async, [this] { return readers_->wait_for_card(20s); });
  std::this_thread::sleep_for(200ms);
  readers_->cancel();
  const auto result = waiting.get();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, CardErrorKind::Timeout);
  EXPECT_NE(result.error().message.find("cancelled"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

// --- speed -----------------------------------------------------------------------------

TEST_F(CardReaderTest, ApdusTakeMillisecondsNotTensOfMilliseconds) {
  // Without TCP_QUICKACK in the virtual card, Debian's vpcd 0.8 costs ~44 ms per APDU.
  insert("yamada-taro.json");
  auto card = connect();
  ASSERT_TRUE(card) << describe(card.error());
  ASSERT_TRUE(card->pin_tries_left());  // selects EF 0011
  constexpr int kQueries = 40;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kQueries; ++i) ASSERT_EQ(card->pin_tries_left(), 3);
  const auto per_apdu = (std::chrono::steady_clock::now() - start) / kQueries;
  EXPECT_LT(per_apdu, 15ms);
  std::cout << "mean time per APDU: "
            << std::chrono::duration_cast<std::chrono::microseconds>(per_apdu).count() << " us\n";
}

// --- no pcscd at all -------------------------------------------------------------------

TEST(CardReadersWithoutPcscd, ReportNoReaderService) {
  if (const auto other = tests::other_pcscd_running()) GTEST_SKIP() << *other;
  const auto readers = CardReaders::open();
  ASSERT_FALSE(readers);
  EXPECT_EQ(readers.error().kind, CardErrorKind::NoReaderService) << describe(readers.error());
}

}  // namespace
}  // namespace madoguchi::card
