// Which voice speaks each of the kiosk's languages (languages.hpp, docs/speech.md).
#include "madoguchi/speech/languages.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>

#include "support/run_program.hpp"

namespace madoguchi::speech {
namespace {

TEST(Languages, EachKioskLanguageHasItsVoice) {
  const std::map<std::string, std::string> expected{{"ja", "ja"},
                                                    {"ja-easy", "ja"},
                                                    {"en", "en-us"},
                                                    {"zh-Hans", "cmn-latn-pinyin"},
                                                    {"zh-Hant", "cmn-latn-pinyin"},
                                                    {"ko", "ko"},
                                                    {"vi", "vi"},
                                                    {"pt-BR", "pt-br"},
                                                    {"tl", "id"},
                                                    {"ne", "ne"}};
  ASSERT_EQ(voice_choices().size(), expected.size());
  for (const auto& [language, voice] : expected) {
    const auto choice = voice_for(language);
    ASSERT_TRUE(choice) << language;
    EXPECT_EQ(choice->espeak_voice, voice) << language;
    EXPECT_EQ(choice->reads_japanese, language.starts_with("ja")) << language;
  }
}

TEST(Languages, CodesAreComparedWithoutCase) {
  ASSERT_TRUE(voice_for("pt-br"));
  EXPECT_EQ(voice_for("pt-br")->language, "pt-BR");
  EXPECT_EQ(voice_for("ZH-HANT")->language, "zh-Hant");
}

TEST(Languages, AnUnknownCodeIsNamed) {
  for (const char* unknown : {"fr", "", "ja-", "tagalog"}) {
    const auto choice = voice_for(unknown);
    ASSERT_FALSE(choice) << unknown;
    EXPECT_EQ(choice.error().kind, SpeechError::Kind::kUnknownLanguage);
    EXPECT_NE(choice.error().message.find("\"" + std::string(unknown) + "\""), std::string::npos)
        << choice.error().message;
  }
}

TEST(Languages, EveryVoiceIsOneTheEspeakNgProgramLists) {
  // espeak-ng --voices: "Pty Language Age/Gender VoiceName File Other Languages".
  const auto listed = madoguchi::tests::run_program({"espeak-ng", "--voices"});
  ASSERT_EQ(listed.exit_code, 0);
  std::set<std::string> names;
  std::istringstream lines(listed.output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string priority, language;
    words >> priority >> language;
    names.insert(language);
  }
  for (const VoiceChoice& choice : voice_choices()) {
    EXPECT_TRUE(names.contains(std::string(choice.espeak_voice))) << choice.espeak_voice;
  }
}

}  // namespace
}  // namespace madoguchi::speech
