// Persona files (docs/persona-format.md) and how virtual-mynumber-card reports bad ones.
#include "persona.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "madoguchi/card/input_support_ap.hpp"
#include "madoguchi/card/tlv.hpp"
#include "madoguchi/kiosk/child_process.hpp"
#include "support/pcscd_fixture.hpp"

namespace madoguchi::card {
namespace {

using madoguchi::tests::persona_path;

const std::string kGood = R"({
  "name": "山田　太郎",
  "address": "東京都千代田区霞が関１－２－３",
  "birth_date": "19500415",
  "sex": "1",
  "my_number": "000000000001",
  "pin": "4321",
  "pin_tries_left": 3
})";

// kGood with one key's raw JSON value replaced (or the key removed when value is empty).
std::string with(const std::string& key, const std::string& value) {
  std::string text = kGood;
  const auto at = text.find("\"" + key + "\"");
  const auto line_end = text.find('\n', at);
  std::string line = value.empty() ? "" : "\"" + key + "\": " + value;
  const bool last = text[line_end - 1] != ',';
  if (!line.empty() && !last) line += ",";
  text.replace(at, line_end - at, line);
  return text;
}

std::string error_for(const std::string& json) {
  const auto persona = parse_persona(json, "persona.json");
  EXPECT_FALSE(persona.has_value());
  return persona ? "" : persona.error();
}

TEST(Persona, LoadsAValidPersona) {
  const auto persona = parse_persona(kGood, "persona.json");
  ASSERT_TRUE(persona) << persona.error();
  EXPECT_EQ(persona->basic_info.name, "山田　太郎");
  EXPECT_EQ(persona->basic_info.birth_date, "19500415");
  EXPECT_EQ(persona->pin_tries_left, 3);
  EXPECT_TRUE(persona->atr.empty());
}

TEST(Persona, LoadsEveryPersonaOfTheTestSuite) {
  for (const char* file :
       {"yamada-taro.json", "takahashi-hanako.json", "suzuki-ichiro-1try.json", "blocked.json",
        "long-address.json", "longest-name-address.json", "foreign-resident.json",
        "foreign-resident-tsusho.json", "yoshida-beyond-bmp.json", "tanaka-2tries.json",
        "corrupt-length.json"}) {
    const auto persona = load_persona(persona_path(file));
    EXPECT_TRUE(persona) << persona.error();
  }
  const auto takahashi = load_persona(persona_path("takahashi-hanako.json"));
  ASSERT_TRUE(takahashi);
  EXPECT_EQ(takahashi->basic_info.name.rfind("\xE9\xAB\x99", 0), 0u);                // 髙 U+9AD9
  EXPECT_NE(takahashi->basic_info.address.find("\xEF\xA8\x91"), std::string::npos);  // 﨑 U+FA11
  const auto long_address = load_persona(persona_path("long-address.json"));
  ASSERT_TRUE(long_address);
  EXPECT_GT(long_address->basic_info.address.size(), 127u);
  EXPECT_EQ(load_persona(persona_path("suzuki-ichiro-1try.json"))->pin_tries_left, 1);
  EXPECT_EQ(load_persona(persona_path("blocked.json"))->pin_tries_left, 0);
  EXPECT_EQ(load_persona(persona_path("tanaka-2tries.json"))->pin_tries_left, 2);
  EXPECT_TRUE(load_persona(persona_path("corrupt-length.json"))->faults.corrupt_length);
  EXPECT_FALSE(load_persona(persona_path("yamada-taro.json"))->faults.any());
  const auto yoshida = load_persona(persona_path("yoshida-beyond-bmp.json"));
  ASSERT_TRUE(yoshida);
  EXPECT_EQ(yoshida->basic_info.name.rfind("\xF0\xA0\xAE\xB7", 0), 0u);  // 𠮷 U+20BB7
  // The longest persona fills the FF 20 object to the last byte READ BINARY can reach.
  const auto longest = load_persona(persona_path("longest-name-address.json"));
  ASSERT_TRUE(longest);
  EXPECT_EQ(encode_basic_info(longest->basic_info).size(), kMaxReadOffset);
}

TEST(Persona, RefusesOneByteMoreThanTheLongest) {
  const auto longest = load_persona(persona_path("longest-name-address.json"));
  ASSERT_TRUE(longest);
  nlohmann::json json = {{"name", longest->basic_info.name},
                         {"address", longest->basic_info.address + "1"},
                         {"birth_date", "20000101"},
                         {"sex", "1"},
                         {"my_number", "000000000006"},
                         {"pin", "8642"},
                         {"pin_tries_left", 3}};
  EXPECT_NE(error_for(json.dump()).find("too long to fit EF 0002"), std::string::npos);
}

// kGood plus a "faults" object given as raw JSON.
std::string with_faults(const std::string& faults) {
  std::string json = kGood;
  json.insert(1, "\"faults\": " + faults + ",");
  return json;
}

TEST(Persona, ReadsTheFaults) {
  const auto persona =
      parse_persona(with_faults(R"({"remove_at_apdu": 4, "delay_ms": 20, "corrupt_length": true,
                      "status_word": "6F 00", "at_apdu": 2})"),
                    "persona.json");
  ASSERT_TRUE(persona) << persona.error();
  EXPECT_EQ(persona->faults.remove_at_apdu, 4);
  EXPECT_EQ(persona->faults.delay_ms, 20);
  EXPECT_TRUE(persona->faults.corrupt_length);
  EXPECT_EQ(persona->faults.status_word, 0x6F00);
  EXPECT_EQ(persona->faults.at_apdu, 2);
  EXPECT_TRUE(parse_persona(with_faults("{}"), "p.json"));
}

TEST(Persona, ChecksTheFaultsStrictly) {
  EXPECT_NE(error_for(with_faults(R"({"remove_at": 3})")).find("unknown key \"faults.remove_at\""),
            std::string::npos);
  EXPECT_NE(error_for(with_faults("[]")).find("key \"faults\": must be an object"),
            std::string::npos);
  EXPECT_NE(error_for(with_faults(R"({"remove_at_apdu": 0})")).find("must be 1..1000000"),
            std::string::npos);
  EXPECT_NE(error_for(with_faults(R"({"remove_at_apdu": "3"})")).find("must be an integer"),
            std::string::npos);
  EXPECT_NE(error_for(with_faults(R"({"delay_ms": -1})")).find("faults.delay_ms"),
            std::string::npos);
  EXPECT_NE(error_for(with_faults(R"({"delay_ms": 60001})")).find("0..60000"), std::string::npos);
  EXPECT_NE(error_for(with_faults(R"({"corrupt_length": 1})")).find("must be true or false"),
            std::string::npos);
  EXPECT_NE(error_for(with_faults(R"({"status_word": "6F00"})")).find("go together"),
            std::string::npos);
  EXPECT_NE(error_for(with_faults(R"({"at_apdu": 2})")).find("go together"), std::string::npos);
  EXPECT_NE(error_for(with_faults(R"({"status_word": "6F0", "at_apdu": 2})")).find("4 hex digits"),
            std::string::npos);
  EXPECT_NE(error_for(with_faults(R"({"status_word": "1234", "at_apdu": 2})")).find("SW1 must be"),
            std::string::npos);
  EXPECT_NE(error_for(with_faults(R"({"status_word": "6F00", "at_apdu": 2, "remove_at_apdu": 2})"))
                .find("both answer and leave"),
            std::string::npos);
  EXPECT_EQ(parse_status_word_hex("69:83"), 0x6983);
  EXPECT_EQ(parse_status_word_hex("9000"), 0x9000);
  EXPECT_FALSE(parse_status_word_hex("6G00"));
}

TEST(Persona, NamesTheFileTheKeyAndTheProblem) {
  EXPECT_EQ(error_for(with("address", "")), "persona.json: key \"address\": is missing");
  EXPECT_EQ(error_for(with("sex", "1")),
            "persona.json: key \"sex\": must be a string, found an integer");
  EXPECT_NE(error_for(with("birth_date", "\"1950-04-15\"")).find("key \"birth_date\": must be 8"),
            std::string::npos);
  EXPECT_NE(error_for(with("birth_date", "\"19500231\"")).find("not a date"), std::string::npos);
  EXPECT_NE(error_for(with("sex", "\"M\"")).find("key \"sex\""), std::string::npos);
  EXPECT_NE(error_for(with("pin_tries_left", "4")).find("must be 0..3"), std::string::npos);
  EXPECT_NE(error_for(with("pin_tries_left", "\"3\"")).find("must be an integer"),
            std::string::npos);
  EXPECT_NE(error_for(with("name", "\"\"")).find("key \"name\": must not be empty"),
            std::string::npos);
  EXPECT_NE(error_for(with("name", "\"山田\\n太郎\"")).find("control characters"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"name": "x", "pin_tries": 3})").find("unknown key \"pin_tries\""),
            std::string::npos);
  EXPECT_EQ(error_for("[1, 2]"), "persona.json: must be a JSON object, found an array");
}

TEST(Persona, ChecksTheOptionalAtr) {
  std::string json = kGood;
  json.insert(1, "\"atr\": \"3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B\",");
  const auto persona = parse_persona(json, "persona.json");
  ASSERT_TRUE(persona) << persona.error();
  EXPECT_EQ(persona->atr.size(), 19u);

  std::string bad = kGood;
  bad.insert(1, "\"atr\": \"12 34\",");
  EXPECT_NE(error_for(bad).find("key \"atr\": ATR: must start with 3B or 3F"), std::string::npos);
  EXPECT_FALSE(parse_atr_hex("3B 8"));
  EXPECT_FALSE(parse_atr_hex("3B ZZ"));
  EXPECT_EQ(parse_atr_hex("3b:80:80:01:01")->size(), 5u);
}

TEST(Persona, NeverQuotesThePinOrTheMyNumber) {
  const std::string bad_pin = error_for(with("pin", "\"98765\""));
  EXPECT_EQ(bad_pin, "persona.json: key \"pin\": must be a string of 4 ASCII digits");
  EXPECT_EQ(bad_pin.find("98765"), std::string::npos);
  const std::string bad_number = error_for(with("my_number", "\"12345678901\""));
  EXPECT_EQ(bad_number.find("12345678901"), std::string::npos);
  EXPECT_NE(bad_number.find("key \"my_number\""), std::string::npos);
  // A syntax error right after the PIN: the parser's own message would quote it.
  const std::string syntax = error_for(with("pin", "4321x"));
  EXPECT_NE(syntax.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(syntax.find("4321"), std::string::npos) << syntax;
}

TEST(Persona, RejectsInvalidUtf8) {
  std::string json = kGood;
  json.replace(json.find("山"), 3, "\xE5\xB1");
  EXPECT_NE(error_for(json).find("not valid JSON (UTF-8)"), std::string::npos);
}

// The program: exit code 2 and a clear message, without the PIN, for a bad persona.
TEST(VirtualCardProgram, ExitsWithCode2OnABadPersona) {
  char dir_template[] = "/tmp/madoguchi-persona-test-XXXXXX";
  ASSERT_NE(::mkdtemp(dir_template), nullptr);
  const std::filesystem::path dir = dir_template;
  std::ofstream(dir / "bad.json") << with("pin", "\"98765\"");
  const auto log = dir / "card.log";
  auto card = kiosk::ChildProcess::start({tests::virtual_card_program().string(), "--persona",
                                          (dir / "bad.json").string(), "--port", "1"},
                                         log);
  ASSERT_TRUE(card) << card.error();
  const int status = card->wait(std::chrono::seconds(5));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  std::stringstream output;
  output << std::ifstream(log).rdbuf();
  EXPECT_NE(output.str().find((dir / "bad.json").string() + ": key \"pin\""), std::string::npos)
      << output.str();
  EXPECT_EQ(output.str().find("98765"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(VirtualCardProgram, ExitsWithCode2OnABadCommandLine) {
  auto card = kiosk::ChildProcess::start({tests::virtual_card_program().string(), "--port", "x"});
  ASSERT_TRUE(card) << card.error();
  const int status = card->wait(std::chrono::seconds(5));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

TEST(VirtualCardProgram, ExitsWithCode2OnBadFaultFlags) {
  const std::string persona = persona_path("yamada-taro.json").string();
  for (const std::vector<std::string>& flags : std::vector<std::vector<std::string>>{
           {"--remove-at-apdu", "0"},
           {"--delay-ms", "x"},
           {"--delay-ms", "60001"},
           {"--status-word", "6F00"},
           {"--at-apdu", "3"},
           {"--status-word", "12", "--at-apdu", "3"},
           {"--status-word", "6F00", "--at-apdu", "3", "--remove-at-apdu", "3"}}) {
    std::vector<std::string> argv = {tests::virtual_card_program().string(), "--persona", persona,
                                     "--port", "1"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    auto card = kiosk::ChildProcess::start(argv);
    ASSERT_TRUE(card) << card.error();
    const int status = card->wait(std::chrono::seconds(5));
    ASSERT_TRUE(WIFEXITED(status)) << flags[0];
    EXPECT_EQ(WEXITSTATUS(status), 2) << flags[0] << " " << flags[1];
  }
}

}  // namespace
}  // namespace madoguchi::card
