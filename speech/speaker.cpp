#include "madoguchi/speech/speaker.hpp"

#include <espeak-ng/espeak_ng.h>

#include <atomic>
#include <exception>
#include <string>

#include "madoguchi/speech/languages.hpp"

// espeak-ng 1.51 (Debian 12) makes an audio device with pcaudiolib in espeak_ng_InitializeOutput
// whatever the output mode (speech.c: "if (my_audio == NULL) my_audio =
// create_audio_device_object(...)"; from 1.52 only for ENOUTPUT_MODE_SPEAK_AUDIO), and pcaudiolib
// opens one to try it: it connects to PulseAudio, or opens ALSA's default device, and keeps the
// object. A Speaker plays nothing itself (its samples go to a sink; the kiosk plays them with
// SDL). Defined in the program, this is found before pcaudiolib's own, and espeak-ng gets no
// device, which 1.51 touches only in ENOUTPUT_MODE_SPEAK_AUDIO (its playback, cancel and
// terminate check the mode first).
extern "C" struct audio_object* create_audio_device_object(const char* /*device*/,
                                                           const char* /*application_name*/,
                                                           const char* /*description*/) {
  return nullptr;
}

namespace madoguchi::speech {
namespace {

// espeak-ng's state is the process's: one Speaker at a time.
std::atomic<bool> g_engine_taken{false};

// espeak-ng's pieces of sound, in milliseconds: its smallest, so the first piece (and a stop)
// comes as soon as it can.
constexpr int kPieceMilliseconds = 60;

// What the callback needs while one speak() runs; espeak-ng hands it back in each event.
struct Speaking {
  const PcmSink* sink = nullptr;
  int sample_rate = 0;
  bool stopped = false;
  std::exception_ptr failure;
};

// espeak-ng's synthesis callback: 0 goes on, 1 stops. No exception may cross espeak-ng's C.
int on_sound(short* samples, int count, espeak_EVENT* events) {
  if (events == nullptr || events->user_data == nullptr) return 0;
  auto& speaking = *static_cast<Speaking*>(events->user_data);
  if (samples == nullptr || count <= 0) return 0;  // the end, or an empty piece
  try {
    const std::span<const std::int16_t> piece(samples, static_cast<std::size_t>(count));
    if ((*speaking.sink)(piece, speaking.sample_rate) == Flow::kStop) {
      speaking.stopped = true;
      return 1;
    }
  } catch (...) {
    speaking.failure = std::current_exception();
    return 1;
  }
  return 0;
}

std::string status_text(espeak_ng_STATUS status) {
  char text[512] = {};
  espeak_ng_GetStatusCodeMessage(status, text, sizeof text);
  return text;
}

SpeechError error(SpeechError::Kind kind, std::string message) {
  return SpeechError{kind, std::move(message)};
}

std::expected<void, SpeechError> check_range(std::string_view what, int value, int lowest,
                                             int highest) {
  if (value >= lowest && value <= highest) return {};
  return std::unexpected(error(SpeechError::Kind::kBadSetting,
                               std::string(what) + " " + std::to_string(value) + " is not in " +
                                   std::to_string(lowest) + "–" + std::to_string(highest)));
}

std::expected<void, SpeechError> check_rate(int words_per_minute) {
  return check_range("speaking rate (words per minute)", words_per_minute, Speaker::kSlowest,
                     Speaker::kFastest);
}

std::expected<void, SpeechError> check_volume(int volume) {
  return check_range("volume", volume, 0, Speaker::kLoudest);
}

}  // namespace

namespace {

// espeak-ng is started once in a process and never stopped. Debian 12's espeak-ng 1.51 hangs in
// espeak_ng_Terminate once it has been terminated and initialised again (its queue thread's
// "command running" flag outlives the first espeak_ng_Terminate; fixed in 1.52 by upstream
// commit 820b85ed), so a Speaker closed and another opened reuse the started engine. Its
// data stays mapped until the process ends. The sample rate, or why it could not start.
std::expected<int, SpeechError> started_engine() {
  static const std::expected<int, SpeechError> started = []() -> std::expected<int, SpeechError> {
    const auto cannot_start = [](espeak_ng_STATUS status) {
      return std::unexpected(error(SpeechError::Kind::kEngineUnavailable,
                                   "espeak-ng cannot start: " + status_text(status)));
    };
    espeak_ng_InitializePath(nullptr);  // espeak-ng-data where Debian installs it
    espeak_ng_ERROR_CONTEXT context = nullptr;
    espeak_ng_STATUS status = espeak_ng_Initialize(&context);
    espeak_ng_ClearErrorContext(&context);
    if (status != ENS_OK) return cannot_start(status);
    status = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, kPieceMilliseconds, nullptr);
    if (status != ENS_OK) return cannot_start(status);
    espeak_SetSynthCallback(on_sound);
    return espeak_ng_GetSampleRate();
  }();
  return started;
}

}  // namespace

struct Speaker::Engine {
  int words_per_minute = 0;
  int volume = 0;
  int sample_rate = 0;
  std::string voice;  // the espeak-ng voice chosen now
  std::expected<JapaneseReader, SpeechError> reader =
      std::unexpected(error(SpeechError::Kind::kDictionaryMissing, "not opened"));

  Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine() { g_engine_taken = false; }

  void apply_settings() const {
    espeak_ng_SetParameter(espeakRATE, words_per_minute, 0);
    espeak_ng_SetParameter(espeakVOLUME, volume, 0);
  }
};

Speaker::Speaker(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {}
Speaker::Speaker(Speaker&&) noexcept = default;
Speaker& Speaker::operator=(Speaker&&) noexcept = default;
Speaker::~Speaker() = default;

std::expected<Speaker, SpeechError> Speaker::open(const SpeakerSettings& settings) {
  if (auto rate = check_rate(settings.words_per_minute); !rate) {
    return std::unexpected(rate.error());
  }
  if (auto volume = check_volume(settings.volume); !volume) {
    return std::unexpected(volume.error());
  }
  if (g_engine_taken.exchange(true)) {
    return std::unexpected(error(SpeechError::Kind::kEngineUnavailable,
                                 "a Speaker is already open in this process (espeak-ng keeps one "
                                 "state per process)"));
  }
  const auto sample_rate = started_engine();
  if (!sample_rate) {
    g_engine_taken = false;
    return std::unexpected(sample_rate.error());
  }
  auto engine = std::make_unique<Engine>();
  engine->words_per_minute = settings.words_per_minute;
  engine->volume = settings.volume;
  engine->sample_rate = *sample_rate;
  engine->apply_settings();
  engine->reader = JapaneseReader::open(settings.ipadic_folder, settings.prepared_readings);
  return Speaker(std::move(engine));
}

std::expected<Ending, SpeechError> Speaker::speak(std::string_view text, std::string_view language,
                                                  const PcmSink& sink) {
  const auto choice = voice_for(language);
  if (!choice) return std::unexpected(choice.error());
  Engine& engine = *engine_;
  std::string said;
  if (choice->reads_japanese) {
    if (!engine.reader) return std::unexpected(engine.reader.error());
    said = engine.reader->katakana(text);
    if (engine.reader->problem()) return std::unexpected(*engine.reader->problem());
  } else {
    said = text;
  }
  if (engine.voice != choice->espeak_voice) {
    const std::string voice(choice->espeak_voice);
    const espeak_ng_STATUS status = espeak_ng_SetVoiceByName(voice.c_str());
    if (status != ENS_OK) {
      engine.voice.clear();
      return std::unexpected(error(SpeechError::Kind::kEngineUnavailable,
                                   "espeak-ng has no voice \"" + voice + "\" for language " +
                                       std::string(choice->language) + ": " + status_text(status)));
    }
    engine.voice = voice;  // espeak-ng keeps the rate and volume across a change of voice
  }
  Speaking speaking{&sink, engine.sample_rate, false, nullptr};
  // No SSML and no [[phonemes]]: the text is only ever text, whatever it holds. ENDPAUSE: the
  // pause after a sentence, so that utterances played one after another do not run together.
  const espeak_ng_STATUS status =
      espeak_ng_Synthesize(said.c_str(), said.size() + 1, 0, POS_CHARACTER, 0,
                           espeakCHARS_UTF8 | espeakENDPAUSE, nullptr, &speaking);
  if (speaking.failure) std::rethrow_exception(speaking.failure);
  if (speaking.stopped) return Ending::kStopped;
  if (status != ENS_OK) {
    return std::unexpected(error(
        SpeechError::Kind::kSynthesisFailed,
        "espeak-ng could not speak in voice \"" + engine.voice + "\": " + status_text(status)));
  }
  return Ending::kFinished;
}

std::expected<Audio, SpeechError> Speaker::utterance(std::string_view text,
                                                     std::string_view language) {
  Audio audio{{}, sample_rate()};
  const auto spoken = speak(text, language, [&](std::span<const std::int16_t> piece, int) {
    audio.samples.insert(audio.samples.end(), piece.begin(), piece.end());
    return Flow::kGoOn;
  });
  if (!spoken) return std::unexpected(spoken.error());
  return audio;
}

std::expected<void, SpeechError> Speaker::set_words_per_minute(int words_per_minute) {
  if (auto checked = check_rate(words_per_minute); !checked) return checked;
  engine_->words_per_minute = words_per_minute;
  engine_->apply_settings();
  return {};
}

std::expected<void, SpeechError> Speaker::set_volume(int volume) {
  if (auto checked = check_volume(volume); !checked) return checked;
  engine_->volume = volume;
  engine_->apply_settings();
  return {};
}

void Speaker::rest() {
  if (engine_->reader) engine_->reader->rest();
}

std::size_t Speaker::words_from_mecab() const {
  return engine_->reader ? engine_->reader->words_from_mecab() : 0;
}

int Speaker::words_per_minute() const { return engine_->words_per_minute; }
int Speaker::volume() const { return engine_->volume; }
int Speaker::sample_rate() const { return engine_->sample_rate; }

}  // namespace madoguchi::speech
