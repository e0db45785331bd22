#include "madoguchi/speech/languages.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace madoguchi::speech {
namespace {

// Debian 12's espeak-ng 1.51 voices. zh-Hans and zh-Hant both speak Mandarin through
// "cmn-latn-pinyin": the plain "cmn" voice turns 汉字 into pinyin with tone digits and then
// reads that pinyin as English ("ni three hao three"); the pinyin voice reads its own pinyin.
// There is no Tagalog voice: Indonesian ("id") is the nearest, an Austronesian language with
// the same Latin spelling of most sounds, so a Tagalog sentence stays intelligible.
constexpr std::array kVoices{
    VoiceChoice{"ja", "ja", true},
    VoiceChoice{"ja-easy", "ja", true},
    VoiceChoice{"en", "en-us", false},
    VoiceChoice{"zh-Hans", "cmn-latn-pinyin", false},
    VoiceChoice{"zh-Hant", "cmn-latn-pinyin", false},
    VoiceChoice{"ko", "ko", false},
    VoiceChoice{"vi", "vi", false},
    VoiceChoice{"pt-BR", "pt-br", false},
    VoiceChoice{"tl", "id", false},
    VoiceChoice{"ne", "ne", false},
};

bool same_code(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return std::ranges::equal(a, b, [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

std::span<const VoiceChoice> voice_choices() { return kVoices; }

std::expected<VoiceChoice, SpeechError> voice_for(std::string_view language) {
  for (const VoiceChoice& choice : kVoices) {
    if (same_code(choice.language, language)) return choice;
  }
  std::string known;
  for (const VoiceChoice& choice : kVoices) {
    known += known.empty() ? "" : ", ";
    known += choice.language;
  }
  return std::unexpected(SpeechError{
      SpeechError::Kind::kUnknownLanguage,
      "no voice for language \"" + std::string(language) + "\" (the voices speak " + known + ")"});
}

}  // namespace madoguchi::speech
