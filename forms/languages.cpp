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

std::string_view Texts::in(Language language) const {
  if (language == Language::Ja || !has(language)) return ja;
  const std::size_t i = index_of(language);
  return std::string_view(translated_).substr(ends_[i - 1], ends_[i] - ends_[i - 1]);
}

bool Texts::has(Language language) const {
  if (language == Language::Ja) return !ja.empty();
  const std::size_t i = index_of(language);
  return ends_[i] > ends_[i - 1];
}

void Texts::set(Language language, std::string_view text) {
  if (language == Language::Ja) {
    ja = text;
    return;
  }
  const std::size_t i = index_of(language);
  const std::size_t begin = ends_[i - 1], old_size = ends_[i] - begin;
  translated_.replace(begin, old_size, text);
  translated_.shrink_to_fit();
  for (std::size_t k = i; k < kLanguageCount; ++k) {
    ends_[k] = static_cast<std::uint32_t>(ends_[k] - old_size + text.size());
  }
}

}  // namespace madoguchi::forms
