// How the resident wants the screens: the language, 文字を大きく (larger text) and 画面を見やすく
// (high contrast). Kept for the session, reset for the next resident (日本語, the usual screen).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/translations.hpp"

namespace madoguchi::kiosk {

class ViewPreferences {
 public:
  void set_translations(std::shared_ptr<const Translations> translations);
  const Translations& translations() const { return *translations_; }
  std::size_t language() const { return language_; }
  void set_language(std::size_t index);  // ignored when there is no such language
  bool large_text() const { return large_text_; }
  bool high_contrast() const { return high_contrast_; }
  void set_large_text(bool on) { large_text_ = on; }
  void toggle_large_text() { large_text_ = !large_text_; }
  void toggle_high_contrast() { high_contrast_ = !high_contrast_; }
  forms::Language procedure_language() const;  // which texts of the procedure files to show
  // A sentence of the kiosk (written in Japanese) in the resident's language.
  std::string tr(std::string_view japanese, const Placeholders& placeholders = {}) const;
  // The next resident starts in Japanese, with the usual screen.
  void reset();

 private:
  std::shared_ptr<const Translations> translations_ = std::make_shared<Translations>();
  std::size_t language_ = 0;
  bool large_text_ = false;
  bool high_contrast_ = false;
};

}  // namespace madoguchi::kiosk
