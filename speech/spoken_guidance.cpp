#include "madoguchi/speech/spoken_guidance.hpp"

#include <algorithm>

namespace madoguchi::speech {

SpokenGuidance::SpokenGuidance(Speaker& speaker, const RecordedVoices& recordings)
    : speaker_(speaker), recordings_(recordings) {}

std::expected<Spoken, SpeechError> SpokenGuidance::say(std::string_view key, std::string_view text,
                                                       std::string_view language,
                                                       const PcmSink& sink) {
  if (auto recording = recordings_.audio(language, key)) {
    // The same size of piece as synthesis, so a stop takes effect as soon.
    const std::size_t piece = static_cast<std::size_t>(recording->sample_rate) * 60 / 1000;
    const std::span<const std::int16_t> samples(recording->samples);
    for (std::size_t at = 0; at < samples.size(); at += piece) {
      const auto part = samples.subspan(at, std::min(piece, samples.size() - at));
      if (sink(part, recording->sample_rate) == Flow::kStop) {
        return Spoken{Source::kRecording, Ending::kStopped};
      }
    }
    return Spoken{Source::kRecording, Ending::kFinished};
  }
  const auto spoken = speaker_.speak(text, language, sink);
  if (!spoken) return std::unexpected(spoken.error());
  return Spoken{Source::kSynthesis, *spoken};
}

std::expected<SpokenAudio, SpeechError> SpokenGuidance::audio(std::string_view key,
                                                              std::string_view text,
                                                              std::string_view language) {
  Audio audio;
  const auto spoken = say(key, text, language, [&](std::span<const std::int16_t> piece, int rate) {
    audio.sample_rate = rate;
    audio.samples.insert(audio.samples.end(), piece.begin(), piece.end());
    return Flow::kGoOn;
  });
  if (!spoken) return std::unexpected(spoken.error());
  if (audio.sample_rate == 0) audio.sample_rate = speaker_.sample_rate();
  return SpokenAudio{std::move(audio), spoken->source};
}

}  // namespace madoguchi::speech
