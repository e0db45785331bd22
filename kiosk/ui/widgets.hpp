// The kiosk's design system: colours with ≥ 7:1 text contrast, big touch
// targets (≥ 88 px), text that wraps Japanese without splitting forbidden
// punctuation, and a registry of every button drawn in the frame (the
// headless driver taps buttons by id or label through it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "glyph_atlas.hpp"
#include "madoguchi/kiosk/translations.hpp"

namespace madoguchi::kiosk::ui {

struct Theme {
  ImU32 background = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  ImU32 text = IM_COL32(0x1A, 0x1A, 0x1A, 0xFF);        // 17:1 on white
  ImU32 muted_text = IM_COL32(0x40, 0x40, 0x40, 0xFF);  // 10:1 on white
  ImU32 header = IM_COL32(0x0B, 0x3A, 0x66, 0xFF);      // white text 11:1
  ImU32 header_text = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  ImU32 primary = IM_COL32(0x0B, 0x4F, 0x9C, 0xFF);  // white text 8.2:1
  ImU32 primary_pressed = IM_COL32(0x06, 0x2E, 0x5C, 0xFF);
  ImU32 primary_text = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  ImU32 secondary = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  ImU32 secondary_pressed = IM_COL32(0xD6, 0xE4, 0xF5, 0xFF);
  ImU32 secondary_text = IM_COL32(0x0B, 0x3A, 0x66, 0xFF);  // 11:1 on white
  ImU32 border = IM_COL32(0x0B, 0x3A, 0x66, 0xFF);
  ImU32 panel = IM_COL32(0xF2, 0xF5, 0xF9, 0xFF);
  ImU32 selected = IM_COL32(0xE3, 0xEE, 0xFB, 0xFF);
  ImU32 notice = IM_COL32(0x9E, 0x00, 0x00, 0xFF);  // 8.6:1 on white
  ImU32 notice_panel = IM_COL32(0xFD, 0xEC, 0xEC, 0xFF);
  ImU32 success = IM_COL32(0x0A, 0x5C, 0x2E, 0xFF);  // 7.6:1 on white
};

// The high-contrast theme (画面を見やすく): white and yellow on black, 15:1 and more.
inline Theme high_contrast_theme() {
  Theme t;
  t.background = IM_COL32(0x00, 0x00, 0x00, 0xFF);
  t.text = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);  // 21:1
  t.muted_text = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  t.header = IM_COL32(0x00, 0x00, 0x00, 0xFF);
  t.header_text = IM_COL32(0xFF, 0xE6, 0x00, 0xFF);  // 16:1
  t.primary = IM_COL32(0xFF, 0xE6, 0x00, 0xFF);
  t.primary_pressed = IM_COL32(0xC8, 0xB4, 0x00, 0xFF);
  t.primary_text = IM_COL32(0x00, 0x00, 0x00, 0xFF);  // 16:1 on yellow
  t.secondary = IM_COL32(0x00, 0x00, 0x00, 0xFF);
  t.secondary_pressed = IM_COL32(0x33, 0x33, 0x33, 0xFF);
  t.secondary_text = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  t.border = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  t.panel = IM_COL32(0x00, 0x00, 0x00, 0xFF);
  t.selected = IM_COL32(0x00, 0x2B, 0x55, 0xFF);  // white text 14:1
  t.notice = IM_COL32(0xFF, 0xE6, 0x00, 0xFF);
  t.notice_panel = IM_COL32(0x00, 0x00, 0x00, 0xFF);
  t.success = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  return t;
}

enum class ButtonStyle { Primary, Secondary, Choice, ChoiceSelected, Key };

struct ButtonRecord {
  std::string id;
  std::string label;
  ImVec2 min;
  ImVec2 max;
  bool hidden = false;  // a gesture area with nothing drawn (assist mode's corner)
};

class Ui {
 public:
  Ui(GlyphAtlas& atlas, ImVec2 screen_size) : atlas_(atlas), screen_(screen_size) {}

  void begin_frame();
  const std::vector<ButtonRecord>& buttons() const { return buttons_; }
  const Theme& theme() const { return theme_; }
  // The resident's choices for this frame: 画面を見やすく (high contrast) and 文字を大きく
  // (body text drawn a quarter larger; headings are large already).
  void use_view(bool high_contrast, bool large_text) {
    theme_ = high_contrast ? high_contrast_theme() : Theme{};
    body_scale_ = large_text ? 1.25F : 1.0F;
  }
  ImVec2 screen() const { return screen_; }
  GlyphAtlas& atlas() { return atlas_; }

  // The resident's language for this frame; tr() gives a kiosk sentence (written in
  // Japanese in the code) in that language.
  void use_language(const Translations& translations, std::size_t language) {
    translations_ = &translations;
    language_ = language;
  }
  std::string tr(std::string_view japanese, const Placeholders& placeholders = {}) const {
    return translations_ == nullptr ? fill_placeholders(std::string(japanese), placeholders)
                                    : translations_->text(language_, japanese, placeholders);
  }

  // A button at an absolute position. `label` is drawn centred (wrapped when
  // long); `sublabel` is an optional smaller second line.
  bool button(std::string_view id, std::string_view label, ImVec2 pos, ImVec2 size,
              ButtonStyle style, std::string_view sublabel = {});

  // An area that takes taps and draws nothing (the volunteer's corner gesture).
  bool hidden_target(std::string_view id, ImVec2 pos, ImVec2 size);

  // Draws text at `pos`, wrapped at `wrap_width` (0 = no wrap); returns the
  // height used.
  float text(std::string_view text, TextSize size, ImVec2 pos, ImU32 color,
             float wrap_width = 0.0F);
  float text_centered(std::string_view text, TextSize size, float y, ImU32 color, float wrap_width);
  ImVec2 measure(std::string_view text, TextSize size) const;
  void rect(ImVec2 min, ImVec2 max, ImU32 fill, float rounding = 0.0F);
  void frame(ImVec2 min, ImVec2 max, ImU32 color, float thickness, float rounding = 0.0F);
  ImDrawList* draw_list() const;

 private:
  const Translations* translations_ = nullptr;
  std::size_t language_ = 0;
  GlyphAtlas& atlas_;
  ImVec2 screen_;
  Theme theme_;
  float body_scale_ = 1.0F;
  std::vector<ButtonRecord> buttons_;
};

// Breaks `text` into lines no wider than `width` for `font`, never starting a
// line with closing punctuation or small kana and never ending one with an
// opening bracket (禁則). Explicit '\n' always breaks.
std::vector<std::string> wrap_japanese(ImFont* font, std::string_view text, float width);

}  // namespace madoguchi::kiosk::ui
