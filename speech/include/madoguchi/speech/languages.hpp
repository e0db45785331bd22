// Which espeak-ng voice speaks each of the kiosk's languages (docs/speech.md has the table and
// the reasons). Japanese and やさしい日本語 go through JapaneseReader first: espeak-ng's Japanese
// voice reads kana only.
#pragma once

#include <expected>
#include <span>
#include <string_view>

#include "madoguchi/speech/speech_error.hpp"

namespace madoguchi::speech {

struct VoiceChoice {
  std::string_view language;      // the kiosk's code: "ja", "ja-easy", "pt-BR", "tl", …
  std::string_view espeak_voice;  // the espeak-ng voice that speaks it: "ja", "pt-br", "id", …
  bool reads_japanese = false;    // the text becomes kana (JapaneseReader) before espeak-ng
};

// Every language the library speaks, in the kiosk's order.
std::span<const VoiceChoice> voice_choices();

// The voice for a language code (compared without regard to case: "pt-br" is "pt-BR");
// kUnknownLanguage naming the code and the known ones otherwise.
std::expected<VoiceChoice, SpeechError> voice_for(std::string_view language);

}  // namespace madoguchi::speech
