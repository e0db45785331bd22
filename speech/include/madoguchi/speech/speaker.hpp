// The kiosk's synthetic voice: espeak-ng, with Japanese first turned into kana by MeCab
// (JapaneseReader). It hands out 16-bit mono PCM as espeak-ng makes it; playing it is the
// caller's business.
//
// espeak-ng keeps its state in process globals, so there is at most one Speaker in a process:
// a second open() is refused (kEngineUnavailable) while the first lives. Use it from one
// thread. Opening it sets the C library's LC_CTYPE to C.UTF-8 (espeak-ng needs a UTF-8 locale
// for its character classes).
//
// The text spoken may be personal (a resident's name): the Speaker never logs, prints or
// stores it; it goes to espeak-ng and nowhere else.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "madoguchi/speech/audio.hpp"
#include "madoguchi/speech/japanese_reading.hpp"
#include "madoguchi/speech/speech_error.hpp"

namespace madoguchi::speech {

// What the caller says after each piece of sound: go on, or stop now (the resident tapped).
enum class Flow { kGoOn, kStop };

// Receives the sound in pieces as it is made (a piece is about 60 ms for synthesis).
using PcmSink = std::function<Flow(std::span<const std::int16_t> samples, int sample_rate)>;

// How speaking ended.
enum class Ending { kFinished, kStopped };

struct SpeakerSettings {
  // Words per minute, 80–450. espeak-ng's default is 175; older listeners follow a little
  // slower speech more easily.
  int words_per_minute = 150;
  // 0–200; 100 is espeak-ng's normal loudness.
  int volume = 100;
  // Where JapaneseReader finds ipadic (Japanese and やさしい日本語 need it; the other
  // languages speak without it).
  std::filesystem::path ipadic_folder = kIpadicFolder;
  // The readings of the kiosk's own sentences, prepared ahead (prepared_readings.hpp): MeCab
  // then opens only for words they lack. None: MeCab reads every word.
  std::shared_ptr<const PreparedReadings> prepared_readings;
};

class Speaker {
 public:
  static constexpr int kSlowest = 80;
  static constexpr int kFastest = 450;
  static constexpr int kLoudest = 200;

  // Starts espeak-ng (kEngineUnavailable if it cannot, or if a Speaker is already open) and
  // MeCab (if that fails, open still succeeds and only Japanese answers kDictionaryMissing).
  static std::expected<Speaker, SpeechError> open(const SpeakerSettings& settings = {});

  Speaker(Speaker&&) noexcept;
  Speaker& operator=(Speaker&&) noexcept;
  // Another Speaker may then be opened. espeak-ng itself stays started, its data mapped, until
  // the process ends: Debian 12's espeak-ng 1.51 hangs if it is stopped and started again.
  ~Speaker();

  // Speaks `text` in `language` ("ja", "ja-easy", "en", "zh-Hans", "zh-Hant", "ko", "vi",
  // "pt-BR", "tl", "ne": languages.hpp), handing each piece of sound to `sink` as espeak-ng
  // makes it, until the end or until the sink says kStop. kUnknownLanguage for another code.
  // If the sink throws, speaking stops and the exception reaches the caller.
  std::expected<Ending, SpeechError> speak(std::string_view text, std::string_view language,
                                           const PcmSink& sink);

  // The whole utterance at once.
  std::expected<Audio, SpeechError> utterance(std::string_view text, std::string_view language);

  // kBadSetting, naming the value and its range, when it is out of range (nothing changes).
  std::expected<void, SpeechError> set_words_per_minute(int words_per_minute);
  std::expected<void, SpeechError> set_volume(int volume);
  int words_per_minute() const;
  int volume() const;

  // Lets go of MeCab between utterances: the pages of ipadic it read stay resident while it
  // is open, 5 MB after one sentence and 19 MB after the kiosk's 280 (docs/benchmarks.md,
  // "Speech"). The next Japanese word the prepared readings lack opens it again, which costs
  // about 2 ms.
  void rest();
  // Runs of Japanese words MeCab read since open (the prepared readings lacked them).
  std::size_t words_from_mecab() const;

  // espeak-ng's output rate (22050 Hz with Debian's voices).
  int sample_rate() const;

 private:
  struct Engine;
  explicit Speaker(std::unique_ptr<Engine> engine);
  std::unique_ptr<Engine> engine_;
};

}  // namespace madoguchi::speech
