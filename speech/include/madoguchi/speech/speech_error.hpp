// What can go wrong in speech, as a value. A message names the language, the file or the
// setting and the cause; it never holds the text that was to be spoken (it may be a resident's
// name or address).
#pragma once

#include <string>

namespace madoguchi::speech {

struct SpeechError {
  enum class Kind {
    kUnknownLanguage,    // a language code with no voice (the message names it)
    kEngineUnavailable,  // espeak-ng could not start, or a Speaker is already open
    kDictionaryMissing,  // MeCab or its ipadic dictionary could not be opened
    kBadSetting,         // a speaking rate or volume out of its range
    kSynthesisFailed,    // espeak-ng refused the text
    kFile,               // a recordings manifest or a WAV file unreadable, broken or unwritable
    kNoRecording,        // no recording for that language and key
  };
  Kind kind = Kind::kSynthesisFailed;
  std::string message;
};

}  // namespace madoguchi::speech
