// The languages of the screens and of a procedure file's texts.
#include <algorithm>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {

namespace {

// In the order of Language.
constexpr std::array<std::string_view, kLanguageCount> kCodes{
    "ja", "ja-easy", "en", "zh-Hans", "zh-Hant", "ko", "vi", "pt-BR", "tl", "ne"};

std::size_t index_of(Language language) { return static_cast<std::size_t>(language); }

}  // namespace

std::string_view language_code(Language language) { return kCodes[index_of(language)]; }

std::optional<Language> language_of(std::string_view code) {
  const auto found = std::find(kCodes.begin(), kCodes.end(), code);
  if (found == kCodes.end()) return std::nullopt;
  return kLanguages[static_cast<std::size_t>(found - kCodes.begin())];
}

bool is_japanese(Language language) {
  return language == Language::Ja || language == Language::JaEasy;
}

const std::string& Texts::in(Language language) const {
  return has(language) && language != Language::Ja ? translated_[index_of(language)] : ja;
}

bool Texts::has(Language language) const {
  return language == Language::Ja ? !ja.empty() : !translated_[index_of(language)].empty();
}

void Texts::set(Language language, std::string text) {
  (language == Language::Ja ? ja : translated_[index_of(language)]) = std::move(text);
}

}  // namespace madoguchi::forms
