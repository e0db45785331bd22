#include "voice.hpp"

#include "audio_device.hpp"

#include <SDL.h>

#include <atomic>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "madoguchi/speech/recordings.hpp"
#include "madoguchi/speech/speaker.hpp"
#include "madoguchi/speech/spoken_guidance.hpp"
#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::kiosk::ui {

namespace {

// Between two sentences: enough to hear where one ends.
constexpr double kPauseSeconds = 0.18;
// Sound queued ahead of the device at most; the thread waits beyond it, so that a cut is
// heard at once and the queue never holds a long text's whole sound.
constexpr double kAheadSeconds = 0.5;
// espeak-ng's rate with Debian's voices: the device's, and the rate a recording made at
// another (44.1 kHz, 48 kHz) is converted to.
constexpr int kVoiceRate = 22050;

// `pcm` at `rate` as it sounds at kVoiceRate (SDL's converter); as it is when the rates agree.
std::vector<std::int16_t> at_voice_rate(std::span<const std::int16_t> pcm, int rate) {
  if (rate == kVoiceRate || pcm.empty()) return {pcm.begin(), pcm.end()};
  SDL_AudioStream* stream = SDL_NewAudioStream(AUDIO_S16SYS, 1, rate, AUDIO_S16SYS, 1, kVoiceRate);
  if (stream == nullptr) return {};
  std::vector<std::int16_t> out;
  if (SDL_AudioStreamPut(stream, pcm.data(), static_cast<int>(pcm.size_bytes())) == 0 &&
      SDL_AudioStreamFlush(stream) == 0) {
    out.resize(static_cast<std::size_t>(SDL_AudioStreamAvailable(stream)) / 2);
    const int got = SDL_AudioStreamGet(stream, out.data(), static_cast<int>(out.size() * 2));
    out.resize(got > 0 ? static_cast<std::size_t>(got) / 2 : 0);
  }
  SDL_FreeAudioStream(stream);
  return out;
}

}  // namespace

struct Voice::Impl {
  std::filesystem::path recordings_folder;
  std::filesystem::path prepared_readings;
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  // The job: what to say, and a number that grows with every say() or stop() (the sink stops
  // when it is no longer its own).
  std::vector<std::string> sentences;
  std::string language;
  Clock::time_point asked_at;
  std::uint64_t generation = 0;
  bool has_job = false;
  bool speaking = false;
  // rest(): the audio device goes once what it holds has played (a new job cancels that).
  bool rest_asked = false;
  std::atomic<bool> device_open{false};
  // A render() request and its answer.
  const std::vector<std::string>* render_sentences = nullptr;
  std::string render_language;
  std::optional<std::expected<speech::Audio, std::string>> rendered;
  bool quit = false;

  std::vector<double> latencies;
  std::size_t said = 0;
  std::size_t samples = 0;
  std::size_t words_from_mecab = 0;
  std::string problem;

  // Only the thread touches these.
  std::optional<speech::Speaker> speaker;
  speech::RecordedVoices recordings;
  SDL_AudioDeviceID device = 0;
  std::thread thread;

  bool start_engine();
  bool open_device();
  void count_mecab_words() {
    const std::lock_guard lock(mutex);
    words_from_mecab = speaker->words_from_mecab();
  }
  void speak(const std::vector<std::string>& job, const std::string& lang, Clock::time_point asked,
             std::uint64_t generation);
  std::expected<speech::Audio, std::string> make(const std::vector<std::string>& job,
                                                 const std::string& lang);
  void run();
  // With the mutex held: waits (unlocked) until the device has played what it holds, or a new
  // job comes, and closes it if none did.
  void rest_device(std::unique_lock<std::mutex>& lock);
};

void Voice::Impl::rest_device(std::unique_lock<std::mutex>& lock) {
  rest_asked = false;
  while (device != 0 && !has_job && !quit && SDL_GetQueuedAudioSize(device) != 0) {
    changed.wait_for(lock, std::chrono::milliseconds(50));
  }
  if (device == 0 || has_job || quit) return;
  SDL_CloseAudioDevice(device);
  device = 0;
  device_open = false;
}

bool Voice::Impl::start_engine() {
  if (speaker) return true;
  speech::SpeakerSettings settings;
  if (!prepared_readings.empty()) {
    const auto stamp = speech::PreparedReadings::dictionary_stamp(settings.ipadic_folder);
    auto readings = stamp ? speech::PreparedReadings::read(prepared_readings, *stamp)
                          : std::unexpected(stamp.error());
    if (readings) {
      settings.prepared_readings =
          std::make_shared<const speech::PreparedReadings>(std::move(*readings));
    } else {
      std::cerr << "kiosk: 音声案内: " << readings.error().message << "; MeCab reads every word\n";
    }
  }
  auto opened = speech::Speaker::open(settings);
  if (!opened) {
    const std::lock_guard lock(mutex);
    problem = "音声案内: " + opened.error().message;
    return false;
  }
  speaker.emplace(std::move(*opened));
  recordings = speech::RecordedVoices::load(recordings_folder);
  return true;
}

bool Voice::Impl::open_device() {
  if (device != 0) return true;
  device = open_mono_audio(kVoiceRate, 512);
  if (device == 0) {
    const std::lock_guard lock(mutex);
    problem = std::string("音声案内: no audio device (") + SDL_GetError() + ")";
    return false;
  }
  SDL_PauseAudioDevice(device, 0);
  device_open = true;
  return true;
}

void Voice::Impl::speak(const std::vector<std::string>& job, const std::string& lang,
                        Clock::time_point asked, std::uint64_t job_generation) {
  if (!start_engine()) return;
  speech::SpokenGuidance guidance(*speaker, recordings);
  bool first = true;
  const auto current = [&] {
    const std::lock_guard lock(mutex);
    return generation == job_generation && !quit;
  };
  const speech::PcmSink sink = [&](std::span<const std::int16_t> pcm, int rate) {
    if (!current()) return speech::Flow::kStop;
    if (!open_device()) return speech::Flow::kStop;
    // Keep at most kAheadSeconds queued: a cut is then heard at once.
    const auto ahead = static_cast<Uint32>(kAheadSeconds * kVoiceRate * 2);
    while (SDL_GetQueuedAudioSize(device) > ahead) {
      if (!current()) return speech::Flow::kStop;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto sound = at_voice_rate(pcm, rate);
    SDL_QueueAudio(device, sound.data(), static_cast<Uint32>(sound.size() * 2));
    const std::lock_guard lock(mutex);
    if (first && asked != Clock::time_point{}) {
      first = false;
      latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - asked).count());
    }
    samples += sound.size();
    return speech::Flow::kGoOn;
  };
  for (const auto& sentence : job) {
    if (!current()) break;
    // A recording's key is the Japanese sentence as the kiosk writes it; in Japanese that is
    // the sentence said.
    const auto spoken = guidance.say(sentence, sentence, lang, sink);
    speaker->rest();  // one sentence's pages of the dictionary at a time (Speaker::rest)
    count_mecab_words();
    if (!spoken) {
      const std::lock_guard lock(mutex);
      problem = "音声案内: " + spoken.error().message;
      continue;
    }
    if (spoken->ending == speech::Ending::kStopped) break;
    const std::lock_guard lock(mutex);
    ++said;
    if (device != 0) {
      const std::vector<std::int16_t> pause(static_cast<std::size_t>(kPauseSeconds * kVoiceRate));
      SDL_QueueAudio(device, pause.data(), static_cast<Uint32>(pause.size() * 2));
    }
  }
}

std::expected<speech::Audio, std::string> Voice::Impl::make(const std::vector<std::string>& job,
                                                            const std::string& lang) {
  if (!start_engine()) return std::unexpected(problem);
  speech::SpokenGuidance guidance(*speaker, recordings);
  speech::Audio whole{.samples = {}, .sample_rate = kVoiceRate};
  for (const auto& sentence : job) {
    auto spoken = guidance.audio(sentence, sentence, lang);
    speaker->rest();
    count_mecab_words();
    if (!spoken) return std::unexpected(spoken.error().message);
    const auto sound = at_voice_rate(spoken->audio.samples, spoken->audio.sample_rate);
    whole.samples.insert(whole.samples.end(), sound.begin(), sound.end());
    whole.samples.resize(whole.samples.size() +
                         static_cast<std::size_t>(kPauseSeconds * kVoiceRate));
  }
  return whole;
}

void Voice::Impl::run() {
  std::unique_lock lock(mutex);
  while (true) {
    changed.wait(lock,
                 [&] { return quit || has_job || render_sentences != nullptr || rest_asked; });
    if (quit) break;
    if (rest_asked && !has_job && render_sentences == nullptr) {
      rest_device(lock);
      continue;
    }
    if (render_sentences != nullptr) {
      const auto* job = render_sentences;
      const std::string lang = render_language;
      lock.unlock();
      auto made = make(*job, lang);
      lock.lock();
      rendered = std::move(made);
      render_sentences = nullptr;
      changed.notify_all();
      continue;
    }
    auto job = std::move(sentences);
    const std::string lang = language;
    const auto asked = asked_at;
    const auto job_generation = generation;
    has_job = false;
    speaking = true;
    lock.unlock();
    if (device != 0) SDL_ClearQueuedAudio(device);  // cut what was being said
    speak(job, lang, asked, job_generation);
    for (auto& sentence : job) wiping::wipe(sentence);  // お名前は…です, when it was asked for
    lock.lock();
    speaking = false;
    changed.notify_all();
  }
  lock.unlock();
  if (device != 0) SDL_CloseAudioDevice(device);
  device = 0;
  // SDL keeps per-thread data (its error message) for a thread it did not start; this thread
  // ends here, and so does that.
  SDL_TLSCleanup();
}

Voice::Voice(std::filesystem::path recordings, std::filesystem::path prepared_readings)
    : impl_(std::make_unique<Impl>()) {
  impl_->recordings_folder = std::move(recordings);
  impl_->prepared_readings = std::move(prepared_readings);
  impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

Voice::~Voice() {
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->quit = true;
    ++impl_->generation;
  }
  impl_->changed.notify_all();
  impl_->thread.join();
}

void Voice::say(std::vector<std::string> sentences, std::string language,
                Clock::time_point asked_at) {
  {
    const std::lock_guard lock(impl_->mutex);
    for (auto& cut : impl_->sentences) wiping::wipe(cut);  // never said: a newer job came
    impl_->sentences = std::move(sentences);
    impl_->language = std::move(language);
    impl_->asked_at = asked_at;
    ++impl_->generation;
    impl_->has_job = true;
    impl_->rest_asked = false;
  }
  impl_->changed.notify_all();
}

void Voice::rest() {
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->rest_asked = true;
  }
  impl_->changed.notify_all();
}

bool Voice::device_open() const { return impl_->device_open; }

void Voice::stop() {
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->sentences.clear();
    impl_->has_job = false;
    ++impl_->generation;
  }
  impl_->changed.notify_all();
}

std::expected<speech::Audio, std::string> Voice::render(const std::vector<std::string>& sentences,
                                                        const std::string& language) {
  std::unique_lock lock(impl_->mutex);
  impl_->sentences.clear();
  impl_->has_job = false;
  ++impl_->generation;  // what is being said is cut
  impl_->changed.wait(lock, [&] { return !impl_->speaking; });
  impl_->render_sentences = &sentences;
  impl_->render_language = language;
  impl_->rendered.reset();
  impl_->changed.notify_all();
  impl_->changed.wait(lock, [&] { return impl_->rendered.has_value(); });
  auto out = std::move(*impl_->rendered);
  impl_->rendered.reset();
  return out;
}

bool Voice::idle() const {
  const std::lock_guard lock(impl_->mutex);
  return !impl_->has_job && !impl_->speaking;
}

bool Voice::wait_idle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout,
                                 [&] { return !impl_->has_job && !impl_->speaking; });
}

std::vector<double> Voice::latencies_ms() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->latencies;
}
std::size_t Voice::sentences_said() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->said;
}
std::size_t Voice::samples_played() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->samples;
}
std::string Voice::problem() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->problem;
}
std::size_t Voice::words_from_mecab() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->words_from_mecab;
}

}  // namespace madoguchi::kiosk::ui
