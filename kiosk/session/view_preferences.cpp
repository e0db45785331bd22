#include "madoguchi/kiosk/view_preferences.hpp"

#include <utility>

namespace madoguchi::kiosk {

void ViewPreferences::set_translations(std::shared_ptr<const Translations> translations) {
  if (translations) translations_ = std::move(translations);
  language_ = 0;
}

void ViewPreferences::set_language(std::size_t index) {
  if (index < translations_->languages().size()) language_ = index;
}

forms::Language ViewPreferences::procedure_language() const {
  return translations_->languages().at(language_).procedures;
}

std::string ViewPreferences::tr(std::string_view japanese, const Placeholders& placeholders) const {
  return translations_->text(language_, japanese, placeholders);
}

void ViewPreferences::reset() {
  language_ = 0;
  large_text_ = false;
  high_contrast_ = false;
  low_reach_ = false;
  voice_ = voice_by_default_ || headset_;
}

}  // namespace madoguchi::kiosk
