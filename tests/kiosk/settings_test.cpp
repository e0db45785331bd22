// The settings files the town edits (office.json, the volunteer roster, the language files) and
// the kiosk's option values: every mistake refused, naming the file, the JSON pointer (or the
// option) and the reason; nothing wrapped, nothing ignored, nothing thrown.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "madoguchi/kiosk/command_line.hpp"
#include "madoguchi/kiosk/office_settings.hpp"
#include "madoguchi/kiosk/roster.hpp"
#include "madoguchi/kiosk/translations.hpp"

namespace madoguchi::kiosk {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class SettingsFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("madoguchi-settings-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path file = dir_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  fs::path dir_;
};

std::string repeat(const std::string& text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

// One bad office.json: what the message must say (after "FILE: ").
struct BadOffice {
  const char* name;
  std::string text;  // the file's content; "<dir>" puts a directory in its place
  std::string pointer;
  std::string reason;
};

TEST_F(SettingsFiles, EveryBadOfficeFileIsRefusedNamingTheFileTheKeyAndTheReason) {
  const std::vector<BadOffice> rows = {
      {"directory in its place", "<dir>", "", "is a directory"},
      {"not JSON", "{\"town_name\": \"みどり町\",}", "", "this is not valid JSON"},
      {"not an object", "[1, 2]", "", "must be the town hall's settings, written as an object"},
      {"100,000-character town name", "{\"town_name\": \"" + repeat("町", 100000) + "\"}",
       "/town_name", "is 100000 characters long; at most 12 characters fit the header"},
      {"10 MB town name", "{\"town_name\": \"" + repeat("x", 10'000'000) + "\"}", "",
       "bytes; a settings file is at most 1048576 bytes"},
      {"long town name", "{\"town_name\": \"" + repeat("町", 13) + "\"}", "/town_name",
       "is 13 characters long; at most 12 characters fit the header"},
      {"town name 3000 characters", "{\"town_name\": \"" + repeat("町", 3000) + "\"}", "/town_name",
       "is 3000 characters long; at most 12"},
      {"empty town name", R"({"town_name": ""})", "/town_name", "must not be empty"},
      {"town name on two lines", R"({"town_name": "みどり\n町"})", "/town_name", "one line"},
      {"town name a number", R"({"town_name": 5})", "/town_name",
       "must be text in double quotes, not a number"},
      {"long addressee", "{\"addressee\": \"" + repeat("長", 17) + "\"}", "/addressee",
       "is 17 characters long; at most 16"},
      {"wrapping quiet_seconds", R"({"idle": {"quiet_seconds": 4294967306}})",
       "/idle/quiet_seconds", "from 10 to 3600, not 4294967306"},
      {"beyond 64 bits", R"({"idle": {"quiet_seconds": 18446744073709551616}})",
       "/idle/quiet_seconds", "a whole number of seconds from 10 to 3600, not a number"},
      {"negative countdown", R"({"idle": {"countdown_seconds": -30}})", "/idle/countdown_seconds",
       "from 20 to 3600, not -30"},
      {"countdown too short", R"({"idle": {"countdown_seconds": 5}})", "/idle/countdown_seconds",
       "from 20 to 3600, not 5"},
      {"fractional seconds", R"({"idle": {"card_back_seconds": 60.5}})", "/idle/card_back_seconds",
       "whole number of seconds from 20 to 3600, not a number"},
      {"seconds as text", R"({"idle": {"quiet_seconds": "90"}})", "/idle/quiet_seconds",
       "not text"},
      {"idle not an object", R"({"idle": 90})", "/idle",
       "must be the idle time-out, written as an object { … }, not a number"},
      {"idle a list", R"({"idle": [90, 30]})", "/idle", "not a list"},
      {"misspelt idle key", R"({"idle": {"quiet_second": 90}})", "/idle/quiet_second",
       "unknown key \"quiet_second\" (did you mean \"quiet_seconds\"?)"},
      {"misspelt top key", R"({"town_nme": "みどり町"})", "/town_nme",
       "unknown key \"town_nme\" (did you mean \"town_name\"?)"},
      {"unknown key", R"({"printer": "ipp://x/ipp/print"})", "/printer",
       "unknown key \"printer\"; the keys allowed here are: town_name, addressee, slip_paper, "
       "idle, note"},
      {"note not text", R"({"note": 1})", "/note", "a note must be text"},
      {"key written twice", R"({"town_name": "A町", "town_name": "B町"})", "/town_name",
       "written twice"},
      {"bad slip_paper", R"({"slip_paper": "b5"})", "/slip_paper",
       "must be \"a6\", \"receipt-80mm\" or \"a4\", not \"b5\""},
      {"slip_paper not text", R"({"slip_paper": 80})", "/slip_paper", "not a number"},
  };
  for (const BadOffice& row : rows) {
    SCOPED_TRACE(row.name);
    fs::path file;
    if (row.text == "<dir>") {
      file = dir_ / "office-dir.json";
      fs::create_directories(file);
    } else {
      file = write("office.json", row.text);
    }
    const auto started = std::chrono::steady_clock::now();
    const auto loaded = load_office_settings(file);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(500));
    ASSERT_FALSE(loaded.has_value());
    EXPECT_EQ(loaded.error().file, file.string());
    EXPECT_EQ(loaded.error().pointer, row.pointer);
    EXPECT_THAT(loaded.error().message, HasSubstr(row.reason));
    const std::string line = loaded.error().to_string();
    EXPECT_THAT(line,
                HasSubstr(file.string() + ": " + (row.pointer.empty() ? "" : row.pointer + ": ")));
  }
}

TEST_F(SettingsFiles, AGoodOfficeFileAndAMissingOneAreRead) {
  const auto file = write("office.json", R"({"town_name": "北海道虻田郡ニセコ町",
    "addressee": "北海道虻田郡ニセコ町長", "slip_paper": "receipt-80mm",
    "idle": {"quiet_seconds": 3600, "countdown_seconds": 20, "card_back_seconds": 45}})");
  const auto office = load_office_settings(file);
  ASSERT_TRUE(office.has_value()) << office.error().to_string();
  EXPECT_EQ(office->office.town_name, "北海道虻田郡ニセコ町");
  EXPECT_EQ(office->office.addressee, "北海道虻田郡ニセコ町長");
  EXPECT_EQ(office->slip_paper, printer::SlipPaper::Receipt80mm);
  EXPECT_EQ(office->idle.quiet, std::chrono::seconds(3600));
  EXPECT_EQ(office->idle.countdown, std::chrono::seconds(20));
  EXPECT_EQ(office->idle.card_back, std::chrono::seconds(45));

  const auto defaults = load_office_settings(dir_ / "missing.json");
  ASSERT_TRUE(defaults.has_value());
  EXPECT_EQ(defaults->office.town_name, forms::Office{}.town_name);
  EXPECT_EQ(defaults->idle.quiet, std::chrono::seconds(90));

  const auto shipped = load_office_settings(fs::path(MADOGUCHI_SOURCE_DIR) / "assets/office.json");
  EXPECT_TRUE(shipped.has_value()) << shipped.error().to_string();
}

TEST_F(SettingsFiles, AnAddresseeTheFormsCannotHoldIsOfficeJsonsMistake) {
  // The longest addressee allowed fits every box of the shipped catalogue…
  OfficeSettings longest;
  longest.office.addressee = repeat("長", kAddresseeLongest);
  longest.office.town_name = repeat("町", kTownNameLongest);
  const auto shipped = forms::load_catalog(fs::path(MADOGUCHI_SOURCE_DIR) / "forms/catalog");
  EXPECT_FALSE(office_misfit(longest, dir_ / "office.json", shipped.procedures).has_value());

  // …but not a box a town made narrower: refused, naming office.json's key and the box.
  const fs::path catalog = dir_ / "catalog";
  fs::create_directories(catalog);
  std::ifstream in(fs::path(MADOGUCHI_SOURCE_DIR) / "forms/catalog/juminhyo.json");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::string text = bytes.str();
  const std::string box =
      R"("bind": "office.addressee", "format": "（あて先）{}", "x": 12, "y": 28, "w": 90)";
  const auto at = text.find(box);
  ASSERT_NE(at, std::string::npos);
  text.replace(at + box.size() - 2, 2, "40");
  // Alone in its folder: without the offer that names 転入届 and 転居届 (not there).
  const auto offer = text.find("  \"offered_after\"");
  ASSERT_NE(offer, std::string::npos);
  text.erase(offer, text.find('\n', offer) + 1 - offer);
  std::ofstream(catalog / "juminhyo.json") << text;
  const auto narrowed = forms::load_catalog(catalog);
  ASSERT_TRUE(narrowed.errors.empty()) << narrowed.errors.front().to_string();
  OfficeSettings niseko;
  niseko.office.addressee = "北海道虻田郡ニセコ町長";
  const auto misfit = office_misfit(niseko, dir_ / "office.json", narrowed.procedures);
  ASSERT_TRUE(misfit.has_value());
  EXPECT_EQ(misfit->file, (dir_ / "office.json").string());
  EXPECT_EQ(misfit->pointer, "/addressee");
  EXPECT_THAT(misfit->message, HasSubstr((catalog / "juminhyo.json").string() + " at /layout/"));
  EXPECT_THAT(misfit->message,
              HasSubstr("\"（あて先）北海道虻田郡ニセコ町長\" does not fit this box"));
  EXPECT_FALSE(office_misfit(OfficeSettings{}, dir_ / "office.json", narrowed.procedures));
}

TEST_F(SettingsFiles, TheVolunteerRosterRefusesUnknownKeysAndLongNames) {
  // A well-formed Argon2id hash (of no code in particular: the file is only read here).
  const std::string hash =
      "$argon2id$v=19$m=19456,t=8,p=1$AZ7sd+XlEDlcIuAXLgarVA$Hq2E/"
      "v82sxhsF5cvGWkIaO2gkWL6Y6D3eGK3GTDL6ds";
  const auto entry = [&](const std::string& extra) {
    return R"({"volunteers": [{"id": "V001", "name": "佐藤", "code_argon2id": ")" + hash + "\"" +
           extra + "}]}";
  };
  struct Row {
    const char* name;
    std::string text;
    std::string expected;
  };
  const std::vector<Row> rows = {
      {"misspelt key", entry(R"(, "nme": "x")"),
       ": /volunteers/0/nme: unknown key \"nme\" (did you mean \"name\"?)"},
      {"the code itself", entry(R"(, "code": "246810")"),
       ": /volunteers/0/code: write code_argon2id, never the code itself"},
      {"top-level typo", R"({"volunteer": []})",
       ": /volunteer: unknown key \"volunteer\" (did you mean \"volunteers\"?)"},
      {"not a list", R"({"volunteers": {}})", ": /volunteers: must be a list"},
      {"name too long",
       R"({"volunteers": [{"id": "V001", "name": "あいうえおかきくけ", "code_argon2id": ")" + hash +
           "\"}]}",
       ": /volunteers/0/name: is 9 characters long; at most 8"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const auto file = write("roster.json", row.text);
    const auto roster = Roster::load(file, RosterKind::Volunteers);
    ASSERT_FALSE(roster.has_value());
    EXPECT_THAT(roster.error(), HasSubstr(file.string() + row.expected));
  }
  fs::create_directories(dir_ / "roster-dir.json");
  const auto directory = Roster::load(dir_ / "roster-dir.json", RosterKind::Volunteers);
  ASSERT_FALSE(directory.has_value());
  EXPECT_THAT(directory.error(), HasSubstr("is a directory"));
  EXPECT_TRUE(Roster::load(write("ok.json", entry("")), RosterKind::Volunteers).has_value());
}

TEST_F(SettingsFiles, ALanguageFileRefusesUnknownKeys) {
  struct Row {
    const char* name;
    std::string text;
    std::string expected;
  };
  const std::vector<Row> rows = {
      {"misspelt texts", R"({"language": {"code": "xx", "name": "X"}, "text": {}})",
       ": /text: unknown key \"text\" (did you mean \"texts\"?)"},
      {"misspelt procedures",
       R"({"language": {"code": "xx", "name": "X", "procedure": "en"}, "texts": {}})",
       ": /language/procedure: unknown key \"procedure\" (did you mean \"procedures\"?)"},
      {"sentence not text", R"({"language": {"code": "xx", "name": "X"}, "texts": {"戻る": 1}})",
       ": /texts/戻る: must be non-empty text, not a number"},
      {"no language", R"({"texts": {}})", ": \"language\" is missing"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const fs::path folder = dir_ / "lang";
    fs::remove_all(folder);
    fs::create_directories(folder);
    std::ofstream(folder / "xx.json") << row.text;
    const auto translations = Translations::load(folder);
    ASSERT_FALSE(translations.has_value());
    EXPECT_THAT(translations.error(), HasSubstr((folder / "xx.json").string() + row.expected));
  }
}

TEST(CommandLine, PortsAreOneTo65535AndNeverWrapped) {
  using command_line::endpoint;
  const auto good = endpoint("127.0.0.1:8443");
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(good->host, "127.0.0.1");
  EXPECT_EQ(good->port, 8443);
  const auto v6 = endpoint("[::1]:65535");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 65535);

  struct Row {
    const char* text;
    const char* reason;
  };
  for (const Row& row : std::vector<Row>{
           {"127.0.0.1", "has no port"},
           {"host:abc", "the port \"abc\" is not a whole number from 1 to 65535"},
           {"host:99999", "the port \"99999\" is out of range"},
           {"host:0", "the port \"0\" is out of range"},
           {"host:-1", "out of range"},
           {"host:8443x", "not a whole number"},
           {"host:", "not a whole number"},
           {":8443", "has no host"},
           {"host:18446744073709551617", "out of range"},
       }) {
    SCOPED_TRACE(row.text);
    const auto parsed = endpoint(row.text);
    ASSERT_FALSE(parsed.has_value()) << parsed->host << ":" << parsed->port;
    EXPECT_THAT(parsed.error(), HasSubstr(row.reason));
  }
}

TEST(CommandLine, PrintersAreIppUrisWithAValidPort) {
  using command_line::printer_uri;
  for (const char* good : {"ipp://127.0.0.1:8631/ipp/print", "ipps://printer.town/ipp/print",
                           "ipp://[::1]:631/ipp/print"}) {
    EXPECT_TRUE(printer_uri(good).has_value()) << good;
  }
  struct Row {
    const char* text;
    const char* reason;
  };
  for (const Row& row : std::vector<Row>{
           {"http://127.0.0.1:631/ipp/print", "is not an IPP printer"},
           {"127.0.0.1:631", "is not an IPP printer"},
           {"ipp://127.0.0.1:99999/ipp/print", "the port \"99999\" is out of range"},
           {"ipp://127.0.0.1:abc/ipp/print", "the port \"abc\" is not a whole number"},
           {"ipp://127.0.0.1:631", "has no path"},
           {"ipp://:631/ipp/print", "has no host"},
       }) {
    SCOPED_TRACE(row.text);
    const auto parsed = printer_uri(row.text);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_THAT(parsed.error(), HasSubstr(row.reason));
  }
}

// The reason a value is refused; a value taken instead fails the test.
template <class T>
std::string refusal(const std::expected<T, std::string>& parsed) {
  EXPECT_FALSE(parsed.has_value());
  return parsed.has_value() ? std::string("(accepted)") : parsed.error();
}

TEST(CommandLine, BackOfficeAndIdleValuesAreChecked) {
  EXPECT_TRUE(command_line::back_office("postgres:host=db dbname=intake").has_value());
  EXPECT_TRUE(command_line::back_office("dir:/var/spool/madoguchi").has_value());
  EXPECT_THAT(refusal(command_line::back_office("postgresql://db/intake")),
              HasSubstr("is neither postgres: nor dir:"));
  EXPECT_THAT(refusal(command_line::back_office("dir:")), HasSubstr("needs a directory"));

  const auto idle = command_line::idle("90,30,60");
  ASSERT_TRUE(idle.has_value());
  EXPECT_EQ(idle->quiet, std::chrono::seconds(90));
  EXPECT_EQ(idle->card_back, std::chrono::seconds(60));
  EXPECT_THAT(refusal(command_line::idle("4294967306,30")), HasSubstr("out of range"));
  EXPECT_THAT(refusal(command_line::idle("90")), HasSubstr("two or three numbers"));
  EXPECT_THAT(refusal(command_line::idle("90,30x")), HasSubstr("not a whole number"));
  EXPECT_THAT(refusal(command_line::idle("90,0")), HasSubstr("out of range"));
}

}  // namespace
}  // namespace madoguchi::kiosk
