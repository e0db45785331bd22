// How the resident wants the screens: the language, 文字を大きく (larger text), 画面を見やすく
// (high contrast), 車いすの方 (every button within a seated resident's reach) and 音声案内 (the
// screens spoken). Kept for the session, reset for the next
// resident (日本語, the usual screen; the voice on only while a headset is plugged in).
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
  // 車いすの方: every target within a seated resident's reach (widgets.hpp, reach_band.cpp).
  bool low_reach() const { return low_reach_; }
  void toggle_low_reach() { low_reach_ = !low_reach_; }
  bool voice() const { return voice_; }
  void set_voice(bool on) { voice_ = on; }
  void toggle_voice() { voice_ = !voice_; }
  // 音声案内 for every resident (a kiosk set up for it, the demo's --voice); and on for the next
  // resident while headphones are plugged in (headset.hpp).
  void set_voice_by_default(bool on) { voice_by_default_ = on; }
  void set_headset(bool plugged) { headset_ = plugged; }
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
  bool low_reach_ = false;
  bool voice_ = false;
  bool voice_by_default_ = false;
  bool headset_ = false;
};

}  // namespace madoguchi::kiosk
