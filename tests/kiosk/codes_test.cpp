// The volunteers' and staff's codes (kiosk/access_code.hpp, kiosk/roster.hpp) and the code pads'
// lock-out kept in the state folder (kiosk/code_lockout.hpp).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "code_answer.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/access_code.hpp"
#include "madoguchi/kiosk/code_lockout.hpp"
#include "madoguchi/kiosk/roster.hpp"
#include "madoguchi/kiosk/session.hpp"

namespace fs = std::filesystem;
using namespace madoguchi::kiosk;
using ::testing::HasSubstr;

namespace {

class Codes : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("madoguchi-codes-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  fs::path dir_;
};

using madoguchi::tests::answer;

std::vector<madoguchi::forms::Procedure> catalogue() {
  return madoguchi::forms::load_catalog(fs::path(MADOGUCHI_SOURCE_DIR) / "forms" / "catalog")
      .procedures;
}

}  // namespace

TEST(AccessCode, AnArgon2idEntryVerifiesOnlyItsOwnCode) {
  const auto phc = hash_access_code("246810");
  ASSERT_TRUE(phc.has_value()) << phc.error();
  EXPECT_THAT(*phc, ::testing::StartsWith("$argon2id$v=19$m=19456,t=8,p=1$"));
  EXPECT_FALSE(access_code_hash_problem(*phc).has_value());
  EXPECT_TRUE(access_code_matches(*phc, "246810"));
  EXPECT_FALSE(access_code_matches(*phc, "246811"));
  EXPECT_FALSE(access_code_matches(*phc, "2468100"));
  const auto again = hash_access_code("246810");
  EXPECT_NE(*phc, *again) << "a fresh salt each time";
}

TEST(AccessCode, CodesOfFewerThanSixDigitsAreRefused) {
  for (const char* code : {"24681", "2468", "", "24681a", "123456789"}) {
    SCOPED_TRACE(code);
    const auto phc = hash_access_code(code);
    ASSERT_FALSE(phc.has_value());
    EXPECT_THAT(phc.error(), HasSubstr("6 to 8 digits"));
  }
  // A (hand-made) entry whose code is five digits never matches: the kiosk takes 6 to 8.
  const auto six = hash_access_code("135790");
  ASSERT_TRUE(six);
  EXPECT_FALSE(access_code_matches(*six, "13579"));
  EXPECT_TRUE(well_formed_code("135790"));
  EXPECT_FALSE(well_formed_code("13579"));
}

TEST(AccessCode, TooCheapOrTooDearHashesAreRefused) {
  const auto cheap = hash_access_code("246810", CodeCost{4096, 1, 1});
  ASSERT_TRUE(cheap);
  ASSERT_TRUE(access_code_hash_problem(*cheap).has_value());
  EXPECT_THAT(*access_code_hash_problem(*cheap), HasSubstr("too low"));
  EXPECT_FALSE(access_code_matches(*cheap, "246810")) << "a weak entry is never accepted";
  EXPECT_THAT(
      access_code_hash_problem("$argon2id$v=19$m=4194304,t=8,p=1$"
                               "AZ7sd+XlEDlcIuAXLgarVA$Hq2E/v82sxhsF5cvGWkIaO2gkWL6Y6D3eGK3GTDL6ds")
          .value_or(""),
      HasSubstr("too high"));
  EXPECT_THAT(access_code_hash_problem("$argon2i$v=19$m=19456,t=8,p=1$abc$def").value_or(""),
              HasSubstr("Argon2id"));
}

TEST_F(Codes, AnOldSha256EntryIsRefusedNamingTheFileTheEntryAndTheCommand) {
  const auto file = write("volunteers.json",
                          R"({"volunteers": [{"id": "V001", "name": "佐藤",
      "salt": "5672824dd10105d27d63a33010cafd23",
      "code_sha256": "23bf23c57fb4c0f5a76d7d8dec262b89b434ffeb1f3b0277e15d23df3c008959"}]})");
  const auto roster = Roster::load(file, RosterKind::Volunteers);
  ASSERT_FALSE(roster.has_value());
  EXPECT_THAT(roster.error(), HasSubstr(file.string() + ": /volunteers/0/code_sha256: \"V001\""));
  EXPECT_THAT(roster.error(), HasSubstr("old salted SHA-256 entry"));
  EXPECT_THAT(roster.error(), HasSubstr("printf '%s' CODE | madoguchi_volunteer_code ID NAME"));
  const auto staff = write("staff.json", R"({"staff": [{"id": "S001", "name": "田中",
      "salt": "00", "code_sha256": "00"}]})");
  const auto staff_roster = Roster::load(staff, RosterKind::Staff);
  ASSERT_FALSE(staff_roster.has_value());
  EXPECT_THAT(staff_roster.error(), HasSubstr("madoguchi_volunteer_code --staff ID NAME"));
}

TEST_F(Codes, TheStaffRosterIsItsOwnFile) {
  const std::string phc = hash_access_code("135790").value();
  const auto staff = write("staff.json", R"({"staff": [{"id": "S001", "name": "田中", )"
                                         R"("code_argon2id": ")" +
                                             phc + "\"}]}");
  const auto roster = Roster::load(staff, RosterKind::Staff);
  ASSERT_TRUE(roster.has_value()) << roster.error();
  EXPECT_EQ(roster->match("135790")->id, "S001");
  EXPECT_FALSE(roster->match("135791"));
  EXPECT_FALSE(Roster::load(staff, RosterKind::Volunteers).has_value())
      << "a staff file is not a volunteer roster";
}

TEST_F(Codes, TheLockOutIsKeptAcrossARestart) {
  const fs::path file = dir_ / "staff-code-lockout.json";
  // Whole seconds, as the file keeps them.
  const std::chrono::system_clock::time_point now =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const Roster roster({RosterEntry{"S001", "田中", hash_access_code("135790").value()}});
  {
    Session first(catalogue());
    first.set_clock([now] { return now; });
    first.set_roster(Session::CodePad::Staff, roster, CodeLockout::open(file, now).lockout);
    EXPECT_EQ(answer(first, Session::CodePad::Staff, "111111"), Session::CodeAnswer::WrongCode);
    EXPECT_EQ(answer(first, Session::CodePad::Staff, "222222"), Session::CodeAnswer::WrongCode);
    // Killed here (nothing of `first` is destroyed before the file is read again).
    const auto reopened = CodeLockout::open(file, now);
    EXPECT_TRUE(reopened.problem.empty()) << reopened.problem;
    EXPECT_EQ(reopened.lockout.wrong_codes(), 2) << "each wrong code is on disk at once";
    EXPECT_EQ(answer(first, Session::CodePad::Staff, "333333"), Session::CodeAnswer::Locked);
  }
  // The kiosk starts again a minute later: still locked, even for the right code.
  const auto later = now + std::chrono::minutes(1);
  Session second(catalogue());
  second.set_clock([later] { return later; });
  second.set_roster(Session::CodePad::Staff, roster, CodeLockout::open(file, later).lockout);
  EXPECT_EQ(answer(second, Session::CodePad::Staff, "135790"), Session::CodeAnswer::Locked);
  EXPECT_EQ(second.code_lock_seconds_left(Session::CodePad::Staff), 240);
  EXPECT_FALSE(second.sign_in().staff_menu_open());
  // Once the five minutes are over, the right code opens the menu.
  const auto after = now + std::chrono::minutes(6);
  Session third(catalogue());
  third.set_clock([after] { return after; });
  third.set_roster(Session::CodePad::Staff, roster, CodeLockout::open(file, after).lockout);
  EXPECT_EQ(answer(third, Session::CodePad::Staff, "135790"), Session::CodeAnswer::Accepted);
  EXPECT_TRUE(third.sign_in().staff_menu_open());
}

TEST_F(Codes, ADamagedLockOutFileLocksThePadAndSaysSo) {
  const auto file = write("volunteer-code-lockout.json", "{not json");
  const auto now = std::chrono::system_clock::now();
  const auto opened = CodeLockout::open(file, now);
  EXPECT_THAT(opened.problem, HasSubstr(file.string() + ": cannot be read"));
  EXPECT_TRUE(opened.lockout.locked(now));
}

TEST_F(Codes, TheStaffMenuOpensOnlyBetweenVisitsAndStopsTheKioskNamingWho) {
  const Roster roster({RosterEntry{"S001", "田中", hash_access_code("135790").value()}});
  Session session(catalogue());
  session.set_roster(Session::CodePad::Staff, roster);
  session.choose_procedure(session.catalogue().front().id);
  ASSERT_NE(session.screen(), Screen::Welcome);
  EXPECT_EQ(answer(session, Session::CodePad::Staff, "135790"), Session::CodeAnswer::NoRoster)
      << "not while a resident's procedure is open";
  EXPECT_FALSE(session.sign_in().staff_menu_open());
  session.time_out();
  ASSERT_EQ(session.screen(), Screen::Welcome);
  EXPECT_EQ(answer(session, Session::CodePad::Staff, "135791"), Session::CodeAnswer::WrongCode);
  EXPECT_FALSE(session.sign_in().staff_menu_open());
  EXPECT_EQ(answer(session, Session::CodePad::Staff, "135790"), Session::CodeAnswer::Accepted);
  EXPECT_TRUE(session.sign_in().staff_menu_open());
  EXPECT_EQ(session.sign_in().staff().name, "田中");
  EXPECT_TRUE(session.sign_in().stopped_by().empty());
  session.close_staff_menu();  // 戻る
  EXPECT_FALSE(session.sign_in().staff_menu_open());
  session.stop_kiosk();
  EXPECT_TRUE(session.sign_in().stopped_by().empty()) << "終了 only from the open menu";
  ASSERT_EQ(answer(session, Session::CodePad::Staff, "135790"), Session::CodeAnswer::Accepted);
  session.stop_kiosk();
  EXPECT_EQ(session.sign_in().stopped_by(), "S001");
}

TEST_F(Codes, AStaffMenuLeftOpenClosesByItself) {
  const Roster roster({RosterEntry{"S001", "田中", hash_access_code("135790").value()}});
  Session session(catalogue());
  auto now = std::chrono::system_clock::now();
  session.set_clock([&now] { return now; });
  session.set_roster(Session::CodePad::Staff, roster);
  ASSERT_EQ(answer(session, Session::CodePad::Staff, "135790"), Session::CodeAnswer::Accepted);
  now += Session::kStaffMenuTimeout - std::chrono::seconds(1);
  session.tick();
  EXPECT_TRUE(session.sign_in().staff_menu_open());
  now += std::chrono::seconds(1);
  EXPECT_TRUE(session.tick()) << "the screen redraws without the menu";
  EXPECT_FALSE(session.sign_in().staff_menu_open()) << "the next resident must not find 終了";
  session.stop_kiosk();
  EXPECT_TRUE(session.sign_in().stopped_by().empty());
}
