// The town's recorded voices, which take precedence over synthesis. A folder holds one folder
// per language code, each with a manifest and its WAV files:
//
//   <folder>/ja/recordings.json     {"住民票の写しを取ります": "juminhyo.wav", …}
//   <folder>/ja/juminhyo.wav
//   <folder>/en/recordings.json     {"住民票の写しを取ります": "certificate.wav"}
//
// A manifest maps a key, the Japanese source sentence exactly as the kiosk writes it, to a WAV
// file in the same folder (16-bit PCM, mono or stereo, any rate: wav.hpp). docs/speech.md.
#pragma once

#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/speech/audio.hpp"
#include "madoguchi/speech/speech_error.hpp"

namespace madoguchi::speech {

// Something in the folder that could not be used: a manifest or a WAV file and why. The rest
// of the folder is used all the same.
struct RecordingProblem {
  std::filesystem::path file;
  std::string message;  // names the file and the cause
};

class RecordedVoices {
 public:
  RecordedVoices() = default;  // no recordings

  // Reads every <folder>/<language>/recordings.json and checks each WAV file it names (read in
  // full, then let go: the sound is read again when it is played). A broken manifest, a
  // language folder that is not a language of the kiosk, a missing or broken WAV is left out
  // and reported in problems(); nothing else is lost. A folder that does not exist means no
  // recordings and no problem.
  static RecordedVoices load(const std::filesystem::path& folder);

  bool has(std::string_view language, std::string_view key) const;

  // The recording's sound; kNoRecording if there is none, kFile if its file went bad since
  // load().
  std::expected<Audio, SpeechError> audio(std::string_view language, std::string_view key) const;

  std::size_t size() const;
  const std::vector<RecordingProblem>& problems() const { return problems_; }

 private:
  void load_language(const std::filesystem::path& folder, const std::string& language);
  const std::filesystem::path* file_for(std::string_view language, std::string_view key) const;

  // language (as languages.hpp spells it) → key → WAV file
  std::map<std::string, std::map<std::string, std::filesystem::path, std::less<>>, std::less<>>
      files_;
  std::vector<RecordingProblem> problems_;
};

}  // namespace madoguchi::speech
