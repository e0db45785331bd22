// What the kiosk says for a sentence: the town's recording when it has one for that sentence
// and language, synthesis otherwise.
#pragma once

#include <expected>
#include <string_view>

#include "madoguchi/speech/audio.hpp"
#include "madoguchi/speech/recordings.hpp"
#include "madoguchi/speech/speaker.hpp"

namespace madoguchi::speech {

enum class Source { kRecording, kSynthesis };

struct Spoken {
  Source source = Source::kSynthesis;
  Ending ending = Ending::kFinished;
};

struct SpokenAudio {
  Audio audio;
  Source source = Source::kSynthesis;
};

class SpokenGuidance {
 public:
  // Both must outlive the guidance.
  SpokenGuidance(Speaker& speaker, const RecordedVoices& recordings);

  // Says `text` (the sentence in `language`) whose Japanese source sentence is `key`: the
  // recording of `key` in `language` if there is one, in pieces of about 60 ms at the
  // recording's own rate; otherwise `text` through the Speaker. A recording that went bad since
  // it was loaded is passed over for synthesis.
  std::expected<Spoken, SpeechError> say(std::string_view key, std::string_view text,
                                         std::string_view language, const PcmSink& sink);

  // The same, whole.
  std::expected<SpokenAudio, SpeechError> audio(std::string_view key, std::string_view text,
                                                std::string_view language);

 private:
  Speaker& speaker_;
  const RecordedVoices& recordings_;
};

}  // namespace madoguchi::speech
