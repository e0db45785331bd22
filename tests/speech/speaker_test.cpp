// The Speaker (espeak-ng through its C library): every language speaks, as the espeak-ng
// program would with the same voice; a stop from the sink stops; rate and volume; one Speaker
// a process; nothing printed.
#include "madoguchi/speech/speaker.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "madoguchi/speech/languages.hpp"
#include "sound_measures.hpp"
#include "support/own_mappings.hpp"

namespace madoguchi::speech {
namespace {

using tests::espeak_program;
using tests::likeness;
using tests::rms;
using tests::voiced_fraction;

struct Sentence {
  std::string language;
  std::string voice;  // the espeak-ng voice that must speak it (docs/speech.md)
  std::string text;
};

// "Please enter your PIN" in each language of the kiosk.
const std::vector<Sentence>& sentences() {
  static const std::vector<Sentence> all{
      {"ja", "ja", "暗証番号を入力してください。"},
      {"ja-easy", "ja", "{暗証番号|あんしょうばんごう}を {入|い}れて ください。"},
      {"en", "en-us", "Please enter your PIN."},
      {"zh-Hans", "cmn-latn-pinyin", "请输入密码。"},
      {"zh-Hant", "cmn-latn-pinyin", "請輸入密碼。"},
      {"ko", "ko", "비밀번호를 입력하세요."},
      {"vi", "vi", "Vui lòng nhập mã PIN."},
      {"pt-BR", "pt-br", "Digite sua senha."},
      {"tl", "id", "Pakilagay ang iyong PIN."},
      {"ne", "ne", "कृपया आफ्नो पिन प्रविष्ट गर्नुहोस्।"},
  };
  return all;
}

// A Speaker for each test (there can be only one in a process: a test that opens its own
// closes this one first).
class SpeakerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Speaker::open();
    ASSERT_TRUE(opened) << opened.error().message;
    opened_.emplace(std::move(*opened));
  }
  Speaker& speaker() { return *opened_; }
  void close() { opened_.reset(); }

 private:
  std::optional<Speaker> opened_;
};

// Starting the engine opens no sound device: espeak-ng 1.51 would make one with pcaudiolib and
// connect to PulseAudio (here a server's socket of the test's own) though the Speaker plays
// nothing itself. It speaks all the same.
TEST(SpeakerDevice, StartingTheEngineConnectsToNoSoundServer) {
  const std::filesystem::path socket_path =
      std::filesystem::temp_directory_path() / ("madoguchi-pulse-" + std::to_string(::getpid()));
  std::filesystem::remove(socket_path);
  const int server = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(server, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
  ASSERT_EQ(::bind(server, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(server, 4), 0);
  ::setenv("PULSE_SERVER", ("unix:" + socket_path.string()).c_str(), 1);

  auto speaker = Speaker::open();
  ASSERT_TRUE(speaker) << speaker.error().message;
  std::size_t samples = 0;
  const PcmSink sink = [&](std::span<const std::int16_t> pcm, int) {
    samples += pcm.size();
    return Flow::kGoOn;
  };
  ASSERT_TRUE(speaker->speak("Please enter your PIN.", "en", sink));
  EXPECT_GT(samples, 1000U);
  pollfd waiting{server, POLLIN, 0};
  EXPECT_EQ(::poll(&waiting, 1, 300), 0) << "something connected to the sound server";
  ::unsetenv("PULSE_SERVER");
  ::close(server);
  std::filesystem::remove(socket_path);
}

TEST_F(SpeakerTest, EveryLanguageSpeaksAudibly) {
  ASSERT_EQ(sentences().size(), voice_choices().size());
  for (const Sentence& sentence : sentences()) {
    const auto audio = speaker().utterance(sentence.text, sentence.language);
    ASSERT_TRUE(audio) << sentence.language << ": " << audio.error().message;
    EXPECT_EQ(audio->sample_rate, 22050) << sentence.language;
    // A short sentence: about one to four seconds at 150 words a minute, pause included.
    EXPECT_GT(audio->seconds(), 0.8) << sentence.language;
    EXPECT_LT(audio->seconds(), 6.0) << sentence.language;
    EXPECT_GT(rms(audio->samples), 1000) << sentence.language;
    EXPECT_GT(voiced_fraction(*audio), 0.4) << sentence.language;
  }
}

TEST_F(SpeakerTest, EachLanguageSoundsAsTheEspeakNgProgramWithItsVoice) {
  // As `espeak-ng -v VOICE -s 150 -a 100` says it: the right voice for each code (tl in
  // Indonesian, zh in pinyin Mandarin), Japanese as the kana JapaneseReader gives; and not as
  // the English voice (or, for Chinese, the plain cmn voice, which reads its pinyin in English).
  JapaneseReader reader = *JapaneseReader::open();
  for (const Sentence& sentence : sentences()) {
    const std::string said =
        sentence.language.starts_with("ja") ? reader.katakana(sentence.text) : sentence.text;
    const auto audio = speaker().utterance(sentence.text, sentence.language);
    ASSERT_TRUE(audio) << sentence.language;
    const Audio program = espeak_program(sentence.voice, 150, 100, said);
    EXPECT_GT(likeness(*audio, program), 0.9) << sentence.language;
    const std::string other = sentence.voice == "en-us"             ? "id"
                              : sentence.voice == "cmn-latn-pinyin" ? "cmn"
                                                                    : "en-us";
    EXPECT_LT(likeness(*audio, espeak_program(other, 150, 100, said)), 0.8)
        << sentence.language << " sounds like " << other;
  }
}

TEST_F(SpeakerTest, TheFirstUtteranceIsTheProgramsToTheSample) {
  // In a fresh process the engine's state is the program's: the very same samples.
  const auto audio = speaker().utterance("Please enter your PIN.", "en");
  ASSERT_TRUE(audio);
  if (::testing::UnitTest::GetInstance()->test_to_run_count() > 1) {
    GTEST_SKIP() << "only the first utterance of a process (ctest runs each test alone)";
  }
  EXPECT_EQ(audio->samples, espeak_program("en-us", 150, 100, "Please enter your PIN.").samples);
}

TEST_F(SpeakerTest, JapaneseIsReadNotSpelledAsChineseLetters) {
  // espeak-ng on the kanji themselves says "Chinese letter" for each (in English): far longer.
  const auto audio = speaker().utterance("住民票の写し", "ja");
  ASSERT_TRUE(audio);
  const Audio kanji = espeak_program("ja", 150, 100, "住民票の写し");
  const Audio kana = espeak_program("ja", 150, 100, "ジューミンヒョーノウツシ");
  EXPECT_GT(likeness(*audio, kana), 0.95);
  EXPECT_GT(kanji.seconds(), 1.5 * kana.seconds());
}

TEST_F(SpeakerTest, AtRestTheDictionaryIsLetGoAndJapaneseIsReadAfterAsBefore) {
  const std::string folder(kIpadicFolder);
  const auto before = speaker().utterance("住民票の写しを申請します。", "ja");
  ASSERT_TRUE(before) << before.error().message;
  EXPECT_GT(madoguchi::tests::resident_kb_of(folder), 1024)
      << "MeCab's pages of ipadic, while open";
  speaker().rest();
  EXPECT_EQ(madoguchi::tests::resident_kb_of(folder), 0);
  speaker().rest();  // twice is once
  const auto after = speaker().utterance("住民票の写しを申請します。", "ja");
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_GT(likeness(*after, *before), 0.95);  // espeak-ng varies a little from one to the next
  EXPECT_TRUE(speaker().utterance("Thank you.", "en"));
}

TEST_F(SpeakerTest, PiecesArriveAsTheyAreMade) {
  std::vector<std::size_t> pieces;
  const auto spoken = speaker().speak("Please take your card and your receipt.", "en",
                                      [&](std::span<const std::int16_t> piece, int rate) {
                                        EXPECT_EQ(rate, 22050);
                                        pieces.push_back(piece.size());
                                        return Flow::kGoOn;
                                      });
  ASSERT_TRUE(spoken);
  EXPECT_EQ(*spoken, Ending::kFinished);
  EXPECT_GT(pieces.size(), 10u);
  for (const std::size_t piece : pieces) EXPECT_LE(piece, 22050u * 70 / 1000);
}

TEST_F(SpeakerTest, AStopFromTheSinkStopsEarly) {
  const std::string text =
      "住民票の写しを取ります。手数料は300円です。暗証番号を入力してください。";
  const auto whole = speaker().utterance(text, "ja");
  ASSERT_TRUE(whole);
  std::size_t pieces = 0;
  std::size_t samples = 0;
  const auto spoken = speaker().speak(text, "ja", [&](std::span<const std::int16_t> piece, int) {
    ++pieces;
    samples += piece.size();
    return pieces == 3 ? Flow::kStop : Flow::kGoOn;
  });
  ASSERT_TRUE(spoken);
  EXPECT_EQ(*spoken, Ending::kStopped);
  EXPECT_EQ(pieces, 3u);
  EXPECT_LT(samples * 5, whole->samples.size());
  // What comes after a stop is whole again: nothing left over from the stopped one, nothing
  // missing from the new one.
  const auto again = speaker().utterance(text, "ja");
  ASSERT_TRUE(again);
  EXPECT_NEAR(again->seconds(), whole->seconds(), 0.02 * whole->seconds());
  EXPECT_NEAR(rms(again->samples), rms(whole->samples), 0.1 * rms(whole->samples));
}

TEST_F(SpeakerTest, ASinksExceptionReachesTheCallerAndSpeechGoesOn) {
  EXPECT_THROW((void)speaker().speak("Hello", "en",
                                     [](std::span<const std::int16_t>, int) -> Flow {
                                       throw std::runtime_error("the audio device is gone");
                                     }),
               std::runtime_error);
  const auto audio = speaker().utterance("Hello", "en");
  ASSERT_TRUE(audio);
  EXPECT_GT(audio->seconds(), 0.3);
}

TEST_F(SpeakerTest, SlowerByDefaultAndTheRateChangesTheLength) {
  EXPECT_EQ(speaker().words_per_minute(), 150);  // espeak-ng's own is 175
  const std::string text = "Please wait until your number is called.";
  ASSERT_TRUE(speaker().set_words_per_minute(100));
  const double slow = speaker().utterance(text, "en")->seconds();
  ASSERT_TRUE(speaker().set_words_per_minute(300));
  const double fast = speaker().utterance(text, "en")->seconds();
  ASSERT_TRUE(speaker().set_words_per_minute(150));
  EXPECT_GT(slow, 1.8 * fast) << slow << " s against " << fast << " s";
  // The rate holds across a change of voice.
  ASSERT_TRUE(speaker().set_words_per_minute(100));
  (void)speaker().utterance("こんにちは", "ja");
  EXPECT_NEAR(speaker().utterance(text, "en")->seconds(), slow, 0.01);
  ASSERT_TRUE(speaker().set_words_per_minute(150));
}

TEST_F(SpeakerTest, TheVolumeChangesTheLoudness) {
  const std::string text = "Please wait until your number is called.";
  ASSERT_TRUE(speaker().set_volume(40));
  const double quiet = rms(speaker().utterance(text, "en")->samples);
  ASSERT_TRUE(speaker().set_volume(160));
  const double loud = rms(speaker().utterance(text, "en")->samples);
  EXPECT_GT(loud, 2.5 * quiet) << loud << " against " << quiet;
  // The volume holds across a change of voice.
  ASSERT_TRUE(speaker().set_volume(40));
  (void)speaker().utterance("こんにちは", "ja");
  EXPECT_NEAR(rms(speaker().utterance(text, "en")->samples), quiet, 0.1 * quiet);
  ASSERT_TRUE(speaker().set_volume(100));
}

TEST_F(SpeakerTest, SettingsOutOfRangeAreRefusedAndChangeNothing) {
  for (const int rate : {79, 451, -1}) {
    const auto set = speaker().set_words_per_minute(rate);
    ASSERT_FALSE(set) << rate;
    EXPECT_EQ(set.error().kind, SpeechError::Kind::kBadSetting);
    EXPECT_NE(set.error().message.find(std::to_string(rate)), std::string::npos);
  }
  EXPECT_EQ(speaker().words_per_minute(), 150);
  for (const int volume : {-1, 201}) EXPECT_FALSE(speaker().set_volume(volume)) << volume;
  EXPECT_EQ(speaker().volume(), 100);
}

TEST_F(SpeakerTest, AnUnknownLanguageIsNamed) {
  const auto spoken = speaker().utterance("Bonjour", "fr");
  ASSERT_FALSE(spoken);
  EXPECT_EQ(spoken.error().kind, SpeechError::Kind::kUnknownLanguage);
  EXPECT_NE(spoken.error().message.find("\"fr\""), std::string::npos) << spoken.error().message;
}

TEST_F(SpeakerTest, OneSpeakerAProcess) {
  const auto second = Speaker::open();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, SpeechError::Kind::kEngineUnavailable);
}

TEST_F(SpeakerTest, AnotherSpeakerOnceTheFirstIsGone) {
  const std::string text = "Thank you.";
  close();
  Audio first;
  {
    auto opened = Speaker::open();
    ASSERT_TRUE(opened) << opened.error().message;
    first = *opened->utterance(text, "en");
  }
  auto reopened = Speaker::open();
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_GT(likeness(*reopened->utterance(text, "en"), first), 0.9);
}

TEST_F(SpeakerTest, WithoutTheDictionaryOnlyJapaneseIsRefused) {
  close();
  SpeakerSettings settings;
  settings.ipadic_folder = "/nonexistent/ipadic";
  auto opened = Speaker::open(settings);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_TRUE(opened->utterance("Thank you.", "en"));
  const auto japanese = opened->utterance("ありがとうございます", "ja");
  ASSERT_FALSE(japanese);
  EXPECT_EQ(japanese.error().kind, SpeechError::Kind::kDictionaryMissing);
  EXPECT_NE(japanese.error().message.find("/nonexistent/ipadic"), std::string::npos);
}

TEST_F(SpeakerTest, NothingOfTheTextIsPrintedOrLogged) {
  // A resident's name and address, spoken: standard output and standard error stay empty.
  close();
  const std::string output = ::testing::TempDir() + "speech-output.txt";
  const int file = ::open(output.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  ASSERT_GE(file, 0);
  std::fflush(stdout);
  std::fflush(stderr);
  const int saved_out = ::dup(STDOUT_FILENO);
  const int saved_err = ::dup(STDERR_FILENO);
  ::dup2(file, STDOUT_FILENO);
  ::dup2(file, STDERR_FILENO);
  {
    auto opened = Speaker::open();
    if (opened) {
      (void)opened->utterance("山田太郎様、東京都千代田区1-2-3", "ja");
      (void)opened->utterance("Yamada Taro, 1-2-3 Chiyoda", "en");
      (void)opened->utterance("Yamada Taro", "fr");
    }
  }
  std::fflush(stdout);
  std::fflush(stderr);
  ::dup2(saved_out, STDOUT_FILENO);
  ::dup2(saved_err, STDERR_FILENO);
  ::close(saved_out);
  ::close(saved_err);
  ::close(file);
  EXPECT_EQ(std::filesystem::file_size(output), 0u);
  std::filesystem::remove(output);
}

}  // namespace
}  // namespace madoguchi::speech
