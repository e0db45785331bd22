// The town's recorded voices: they take precedence over synthesis, and a broken manifest or
// WAV is refused with its file named while the rest of the folder is kept.
#include "madoguchi/speech/recordings.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/speech/spoken_guidance.hpp"
#include "sound_measures.hpp"
#include "support/test_folder.hpp"
#include "wav_builder.hpp"

namespace madoguchi::speech {
namespace {

namespace fs = std::filesystem;
using tests::wav_file;
using tests::write_file;

const std::string kCertificate = "住民票の写しを取ります";
const std::string kPin = "暗証番号を入力してください";

// Half a second of a 440 Hz tone: nothing espeak-ng would make.
std::vector<std::int16_t> tone(int rate) {
  std::vector<std::int16_t> samples;
  for (int i = 0; i < rate / 2; ++i) {
    samples.push_back(static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * 440 * i / rate)));
  }
  return samples;
}

class RecordingsTest : public ::testing::Test {
 protected:
  void SetUp() override { folder_ = madoguchi::tests::make_test_folder("speech-recordings"); }
  void TearDown() override { madoguchi::tests::remove_test_folder(folder_); }

  void recording(const std::string& language, const std::string& name, int rate = 8000) {
    write_file(folder_ / language / name,
               wav_file({.sample_rate = static_cast<std::uint32_t>(rate)}, tone(rate)));
  }
  void manifest(const std::string& language, const std::string& json) {
    write_file(folder_ / language / "recordings.json", json);
  }
  // The one problem whose message names `file`, or none.
  std::optional<std::string> problem_naming(const RecordedVoices& voices, const fs::path& file) {
    std::optional<std::string> found;
    for (const RecordingProblem& problem : voices.problems()) {
      if (problem.file == file && problem.message.find(file.string()) != std::string::npos) {
        found = problem.message;
      }
    }
    return found;
  }

  fs::path folder_;
};

TEST_F(RecordingsTest, ARecordingTakesPrecedenceOverSynthesis) {
  recording("ja", "certificate.wav");
  recording("en", "certificate-en.wav", 44100);
  manifest("ja", R"({")" + kCertificate + R"(": "certificate.wav"})");
  manifest("en", R"({")" + kCertificate + R"(": "certificate-en.wav"})");
  const RecordedVoices voices = RecordedVoices::load(folder_);
  EXPECT_TRUE(voices.problems().empty());
  EXPECT_EQ(voices.size(), 2u);
  EXPECT_TRUE(voices.has("ja", kCertificate));
  EXPECT_FALSE(voices.has("ja", kPin));
  EXPECT_FALSE(voices.has("ko", kCertificate));

  auto speaker = Speaker::open();
  ASSERT_TRUE(speaker) << speaker.error().message;
  SpokenGuidance guidance(*speaker, voices);
  const auto ja = guidance.audio(kCertificate, kCertificate, "ja");
  ASSERT_TRUE(ja);
  EXPECT_EQ(ja->source, Source::kRecording);
  EXPECT_EQ(ja->audio.sample_rate, 8000);
  EXPECT_EQ(ja->audio.samples, tone(8000));
  const auto en = guidance.audio(kCertificate, "We will print your residence certificate.", "en");
  ASSERT_TRUE(en);
  EXPECT_EQ(en->source, Source::kRecording);
  EXPECT_EQ(en->audio.sample_rate, 44100);
  // No recording for this sentence, or in this language: the Speaker says the text.
  const auto pin = guidance.audio(kPin, kPin, "ja");
  ASSERT_TRUE(pin);
  EXPECT_EQ(pin->source, Source::kSynthesis);
  EXPECT_GT(tests::likeness(pin->audio, *speaker->utterance(kPin, "ja")), 0.9);
  const auto korean = guidance.audio(kCertificate, "주민표 사본을 발급합니다", "ko");
  ASSERT_TRUE(korean);
  EXPECT_EQ(korean->source, Source::kSynthesis);
  EXPECT_EQ(korean->audio.sample_rate, 22050);
}

TEST_F(RecordingsTest, AStopDuringARecordingStopsIt) {
  recording("ja", "certificate.wav");
  manifest("ja", R"({")" + kCertificate + R"(": "certificate.wav"})");
  const RecordedVoices voices = RecordedVoices::load(folder_);
  auto speaker = Speaker::open();
  ASSERT_TRUE(speaker);
  SpokenGuidance guidance(*speaker, voices);
  std::size_t pieces = 0;
  std::size_t samples = 0;
  const auto said = guidance.say(kCertificate, kCertificate, "ja",
                                 [&](std::span<const std::int16_t> piece, int rate) {
                                   EXPECT_EQ(rate, 8000);
                                   samples += piece.size();
                                   return ++pieces == 2 ? Flow::kStop : Flow::kGoOn;
                                 });
  ASSERT_TRUE(said);
  EXPECT_EQ(said->source, Source::kRecording);
  EXPECT_EQ(said->ending, Ending::kStopped);
  EXPECT_EQ(samples, 2u * 480);  // two pieces of 60 ms at 8 kHz, of a 4000-sample recording
}

TEST_F(RecordingsTest, ABrokenManifestIsNamedAndTheOtherLanguagesKept) {
  recording("en", "pin.wav");
  manifest("en", R"({")" + kPin + R"(": "pin.wav"})");
  manifest("ja", R"({")" + kPin + R"(": "pin.wav",})");  // a trailing comma
  manifest("ko", R"(["pin.wav"])");
  const RecordedVoices voices = RecordedVoices::load(folder_);
  EXPECT_TRUE(voices.has("en", kPin));
  EXPECT_FALSE(voices.has("ja", kPin));
  ASSERT_EQ(voices.problems().size(), 2u);
  const auto ja = problem_naming(voices, folder_ / "ja" / "recordings.json");
  ASSERT_TRUE(ja);
  EXPECT_NE(ja->find("not JSON: parse error at line 1"), std::string::npos) << *ja;
  const auto ko = problem_naming(voices, folder_ / "ko" / "recordings.json");
  ASSERT_TRUE(ko);
  EXPECT_NE(ko->find("must be an object"), std::string::npos) << *ko;
}

TEST_F(RecordingsTest, BrokenWavFilesAreNamedAndTheRestKept) {
  recording("ja", "good.wav");
  write_file(folder_ / "ja" / "eight-bit.wav", wav_file({.bits = 8}, {1, 2, 3}));
  write_file(folder_ / "ja" / "cut.wav", wav_file({}, tone(8000)).substr(0, 1000));
  write_file(folder_ / "ja" / "text.wav", "ID3 not a wave");
  manifest("ja", R"({"良い": "good.wav", "八": "eight-bit.wav", "切": "cut.wav",
                     "文": "text.wav", "無": "absent.wav", "外": "../outside.wav", "数": 7})");
  const RecordedVoices voices = RecordedVoices::load(folder_);
  EXPECT_TRUE(voices.has("ja", "良い"));
  EXPECT_EQ(voices.size(), 1u);
  EXPECT_EQ(voices.problems().size(), 6u);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"eight-bit.wav", "8-bit samples"},
      {"cut.wav", "the data chunk says 8000 bytes, 956 are there"},
      {"text.wav", "not a WAV file"},
      {"absent.wav", "No such file or directory"},
  };
  for (const auto& [name, cause] : expected) {
    const auto message = problem_naming(voices, folder_ / "ja" / name);
    ASSERT_TRUE(message) << name;
    EXPECT_NE(message->find(cause), std::string::npos) << *message;
  }
  const auto manifest_problems = [&](const std::string& part) {
    return std::ranges::count_if(voices.problems(), [&](const RecordingProblem& problem) {
      return problem.file == folder_ / "ja" / "recordings.json" &&
             problem.message.find(part) != std::string::npos;
    });
  };
  EXPECT_EQ(manifest_problems("\"外\": \"../outside.wav\" is not the name of a file"), 1);
  EXPECT_EQ(manifest_problems("\"数\": 7 is not the name of a file"), 1);
}

TEST_F(RecordingsTest, FoldersAreLanguagesOfTheKiosk) {
  recording("pt-br", "pin.wav");
  manifest("pt-br", R"({")" + kPin + R"(": "pin.wav"})");
  recording("fr", "pin.wav");
  manifest("fr", R"({")" + kPin + R"(": "pin.wav"})");
  fs::create_directories(folder_ / "ko");  // a language folder without its manifest
  write_file(folder_ / "README.txt", "録音の置き場所");
  const RecordedVoices voices = RecordedVoices::load(folder_);
  EXPECT_TRUE(voices.has("pt-BR", kPin));
  EXPECT_TRUE(voices.has("pt-br", kPin));
  ASSERT_EQ(voices.problems().size(), 2u);
  const auto fr = problem_naming(voices, folder_ / "fr");
  ASSERT_TRUE(fr);
  EXPECT_NE(fr->find("not a language of the kiosk"), std::string::npos) << *fr;
  const auto ko = problem_naming(voices, folder_ / "ko" / "recordings.json");
  ASSERT_TRUE(ko);
  EXPECT_NE(ko->find("missing"), std::string::npos) << *ko;
}

TEST_F(RecordingsTest, NoFolderMeansNoRecordings) {
  const RecordedVoices voices = RecordedVoices::load(folder_ / "recordings");
  EXPECT_EQ(voices.size(), 0u);
  EXPECT_TRUE(voices.problems().empty());
  const auto audio = voices.audio("ja", kPin);
  ASSERT_FALSE(audio);
  EXPECT_EQ(audio.error().kind, SpeechError::Kind::kNoRecording);
}

TEST_F(RecordingsTest, ARecordingGoneBadSinceLoadingGivesWayToSynthesis) {
  recording("ja", "pin.wav");
  manifest("ja", R"({")" + kPin + R"(": "pin.wav"})");
  const RecordedVoices voices = RecordedVoices::load(folder_);
  ASSERT_TRUE(voices.has("ja", kPin));
  fs::remove(folder_ / "ja" / "pin.wav");
  const auto audio = voices.audio("ja", kPin);
  ASSERT_FALSE(audio);
  EXPECT_EQ(audio.error().kind, SpeechError::Kind::kFile);
  auto speaker = Speaker::open();
  ASSERT_TRUE(speaker);
  SpokenGuidance guidance(*speaker, voices);
  const auto said = guidance.audio(kPin, kPin, "ja");
  ASSERT_TRUE(said);
  EXPECT_EQ(said->source, Source::kSynthesis);
}

}  // namespace
}  // namespace madoguchi::speech
