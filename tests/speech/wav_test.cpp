// WAV files written (the headless demo's utterances) and read (the town's recordings).
#include "madoguchi/speech/wav.hpp"

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_program.hpp"
#include "support/test_folder.hpp"
#include "wav_builder.hpp"

namespace madoguchi::speech {
namespace {

namespace fs = std::filesystem;
using tests::wav_file;
using tests::WavShape;

std::expected<Audio, std::string> decode(const std::string& bytes) {
  return decode_wav(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

class WavTest : public ::testing::Test {
 protected:
  void SetUp() override { folder_ = madoguchi::tests::make_test_folder("speech-wav"); }
  void TearDown() override { madoguchi::tests::remove_test_folder(folder_); }
  fs::path folder_;
};

TEST_F(WavTest, WrittenThenReadBackEqual) {
  Audio audio{{}, 22050};
  std::mt19937 random(21);
  std::uniform_int_distribution<int> sample(-32768, 32767);
  for (int i = 0; i < 22050; ++i)
    audio.samples.push_back(static_cast<std::int16_t>(sample(random)));
  audio.samples.push_back(-32768);
  audio.samples.push_back(32767);
  const fs::path file = folder_ / "step-3.wav";
  ASSERT_TRUE(write_wav(file, audio));
  EXPECT_EQ(fs::file_size(file), 44 + 2 * audio.samples.size());
  const auto back = read_wav(file);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->sample_rate, 22050);
  EXPECT_EQ(back->samples, audio.samples);
}

TEST_F(WavTest, PythonsWaveModuleReadsWhatIsWritten) {
  // Another program's reader: Python's wave module, its header fields and its frames.
  const Audio audio{{0, 1, -1, 1000, -1000, 32767, -32768}, 16000};
  const fs::path file = folder_ / "utterance.wav";
  ASSERT_TRUE(write_wav(file, audio));
  const auto python = madoguchi::tests::run_program(
      {"python3", "-c",
       "import sys, wave, struct\n"
       "w = wave.open(sys.argv[1])\n"
       "n = w.getnframes()\n"
       "print(w.getnchannels(), w.getsampwidth(), w.getframerate(), n,\n"
       "      *struct.unpack('<%dh' % n, w.readframes(n)))\n",
       file.string()});
  ASSERT_EQ(python.exit_code, 0);
  EXPECT_EQ(python.output, "1 2 16000 7 0 1 -1 1000 -1000 32767 -32768\n");
}

TEST_F(WavTest, StereoIsMixedDownAndAnyRateIsReported) {
  const auto audio = decode(
      wav_file({.channels = 2, .sample_rate = 44100}, {1000, 3000, -2000, -4000, 32767, 32767}));
  ASSERT_TRUE(audio) << audio.error();
  EXPECT_EQ(audio->sample_rate, 44100);
  EXPECT_EQ(audio->samples, (std::vector<std::int16_t>{2000, -3000, 32767}));
}

TEST_F(WavTest, ExtensiblePcmAndOtherChunksAreRead) {
  // WAVE_FORMAT_EXTENSIBLE with the PCM sub-format, and an odd-sized LIST chunk (padded) before
  // the data, as recorders and editors write them.
  const auto audio = decode(wav_file(
      {.format = 0xFFFE, .sample_rate = 48000, .chunks_before_data = tests::chunk("LIST", "INFOx")},
      {5, -5, 7}));
  ASSERT_TRUE(audio) << audio.error();
  EXPECT_EQ(audio->sample_rate, 48000);
  EXPECT_EQ(audio->samples, (std::vector<std::int16_t>{5, -5, 7}));
}

TEST_F(WavTest, WhatIsNotSixteenBitPcmIsRefusedWithItsCause) {
  const std::vector<std::int16_t> some{1, 2, 3, 4};
  const std::vector<std::pair<std::string, std::string>> cases{
      {"not a WAV", "not a WAV file"},
      {wav_file({.bits = 8}, some), "8-bit samples"},
      {wav_file({.format = 3, .bits = 32}, some), "format 3"},
      {wav_file({.format = 0xFFFE, .sub_format = 3}, some), "format 3"},
      {wav_file({.channels = 6}, some), "6 channels"},
      {wav_file({.sample_rate = 0}, some), "sample rate 0"},
      {wav_file({.data_size_delta = 88200}, some), "the data chunk says 88208 bytes, 8 are there"},
      {wav_file({}, {}), "no samples"},
      {wav_file({}, some).substr(0, 36), "no data chunk"},
  };
  for (const auto& [bytes, cause] : cases) {
    const auto audio = decode(bytes);
    ASSERT_FALSE(audio) << cause;
    EXPECT_NE(audio.error().find(cause), std::string::npos) << audio.error();
  }
}

TEST_F(WavTest, FileErrorsNameTheFile) {
  const auto missing = read_wav(folder_ / "absent.wav");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, SpeechError::Kind::kFile);
  EXPECT_NE(missing.error().message.find("absent.wav"), std::string::npos);
  tests::write_file(folder_ / "eight-bit.wav", wav_file({.bits = 8}, {1, 2}));
  const auto eight = read_wav(folder_ / "eight-bit.wav");
  ASSERT_FALSE(eight);
  EXPECT_NE(eight.error().message.find("eight-bit.wav: 8-bit samples"), std::string::npos)
      << eight.error().message;
  const auto unwritable = write_wav(folder_ / "no-such-folder" / "step.wav", Audio{{1}, 22050});
  ASSERT_FALSE(unwritable);
  EXPECT_EQ(unwritable.error().kind, SpeechError::Kind::kFile);
  EXPECT_NE(unwritable.error().message.find("no-such-folder/step.wav: No such file or directory"),
            std::string::npos)
      << unwritable.error().message;
}

}  // namespace
}  // namespace madoguchi::speech
