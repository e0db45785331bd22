#include "madoguchi/kiosk/sentences.hpp"

#include <algorithm>

namespace madoguchi::kiosk {

Sentences::Sentences(const std::map<std::string, std::string, std::less<>>& sentences) {
  std::size_t japanese = 0, translated = 0;
  for (const auto& [key, value] : sentences) {
    japanese += key.size();
    translated += value.size();
  }
  japanese_.reserve(japanese);
  translated_.reserve(translated);
  japanese_ends_.reserve(sentences.size());
  translated_ends_.reserve(sentences.size());
  for (const auto& [key, value] : sentences) {  // in the map's order: sorted
    japanese_ += key;
    translated_ += value;
    japanese_ends_.push_back(static_cast<std::uint32_t>(japanese_.size()));
    translated_ends_.push_back(static_cast<std::uint32_t>(translated_.size()));
  }
}

Sentences::Entry Sentences::entry(std::size_t at) const {
  const std::uint32_t key_from = at == 0 ? 0 : japanese_ends_[at - 1];
  const std::uint32_t value_from = at == 0 ? 0 : translated_ends_[at - 1];
  return {std::string_view(japanese_).substr(key_from, japanese_ends_[at] - key_from),
          std::string_view(translated_).substr(value_from, translated_ends_[at] - value_from)};
}

Sentences::const_iterator Sentences::find(std::string_view japanese) const {
  std::size_t low = 0, high = size();
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (entry(middle).first < japanese) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low < size() && entry(low).first == japanese ? const_iterator(this, low) : end();
}

}  // namespace madoguchi::kiosk
