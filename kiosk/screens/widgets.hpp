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
#include "madoguchi/text/line_break.hpp"
#include "madoguchi/text/ruby.hpp"

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
  // The keypad's focus ring round a target (keypad_focus.hpp): 5.3:1 on white, 3.4:1 on the
  // primary blue, distinct from every fill.
  ImU32 focus = IM_COL32(0xB3, 0x4A, 0x00, 0xFF);
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
  t.focus = IM_COL32(0x00, 0xE5, 0xFF, 0xFF);  // cyan, 14:1 on black
  return t;
}

// A text with furigana markup {漢字|かんじ} taken apart (madoguchi/text/ruby.hpp).
using text::RubyText;
// Where a button's label goes (widgets.cpp).
struct LabelArea;

enum class ButtonStyle { Primary, Secondary, Choice, ChoiceSelected, Key };

struct ButtonRecord {
  std::string id;
  std::string label;
  ImVec2 min;
  ImVec2 max;
  ButtonStyle style = ButtonStyle::Secondary;
  bool hidden = false;  // a gesture area with nothing drawn (assist mode's corner)
  std::string sublabel = {};
  // Drawn while Ui::Unspoken holds (the PIN's and the password's keys): its label is never
  // spoken.
  bool secret = false;
};

// A choice among others (a radio mark on its left), selected or not.
inline bool is_choice(const ButtonRecord& b) {
  return b.style == ButtonStyle::Choice || b.style == ButtonStyle::ChoiceSelected;
}

// Where a finger taps a target: its middle.
inline ImVec2 centre_of(const ButtonRecord& b) {
  return ImVec2((b.min.x + b.max.x) * 0.5F, (b.min.y + b.max.y) * 0.5F);
}

// What a line of text is on the screen, for the accessibility audit (tests/kiosk/driver/audit.hpp):
// the furigana (ruby) are deliberately small and are held to their own threshold.
enum class TextRole { Body, Heading, Huge, Label, Sublabel, Ruby };
std::string_view text_role_name(TextRole role);

// A box drawn with Ui::panel: text laid out from inside it must stay in it.
struct PanelRecord {
  ImVec2 min;
  ImVec2 max;
};

// One line of text as the Ui drew it (recorded only while record_text(true), i.e. by the
// audit): the glyph quads it wrote into the draw list, and the box it has to stay in.
struct TextRun {
  std::string text;
  TextRole role = TextRole::Body;
  const ImDrawList* list = nullptr;
  int index_begin = 0;  // list->IdxBuffer[index_begin, index_end): this line's glyph quads
  int index_end = 0;
  float px = 0.0F;  // the size it was drawn at
  int button = -1;  // index in Ui::buttons() when it is a button's label
  ImVec2 box_min;   // the box it must stay in: its button, its wrap width, the screen
  ImVec2 box_max;
  ImVec2 laid_min;  // where the line was laid out, whether or not any of it was drawn
  ImVec2 laid_max;
};

class Ui {
 public:
  Ui(GlyphAtlas& atlas, ImVec2 screen_size) : atlas_(atlas), screen_(screen_size) {}

  void begin_frame();
  const std::vector<ButtonRecord>& buttons() const { return buttons_; }

  // ---- what the frame says (spoken_screen.hpp) ----
  // Every text drawn with text() or text_centered() is also what the screen says, in the order
  // drawn, unless an Unspoken is alive: the resident's name and address, the 個人番号's last
  // digits, the typed answer are shown and not said (the name is said on request only).
  const std::vector<std::string>& spoken() const { return spoken_; }
  // A sentence said and not drawn (「2けた入力しました」 in place of the PIN's dots).
  void say(std::string sentence) { spoken_.push_back(std::move(sentence)); }
  // While one is alive, choice buttons are ticked boxes rather than radio marks: several may be
  // chosen (the procedures offered after another).
  class SeveralChoices {
   public:
    explicit SeveralChoices(Ui& ui) : ui_(ui), was_(ui.several_) { ui.several_ = true; }
    ~SeveralChoices() { ui_.several_ = was_; }
    SeveralChoices(const SeveralChoices&) = delete;
    SeveralChoices& operator=(const SeveralChoices&) = delete;

   private:
    Ui& ui_;
    bool was_;
  };
  class Unspoken {
   public:
    explicit Unspoken(Ui& ui) : ui_(ui), was_(ui.unspoken_) { ui.unspoken_ = true; }
    ~Unspoken() { ui_.unspoken_ = was_; }
    Unspoken(const Unspoken&) = delete;
    Unspoken& operator=(const Unspoken&) = delete;

   private:
    Ui& ui_;
    bool was_;
  };
  // The target the keypad's focus ring is on (its id; empty: none), drawn round it.
  void set_focus(std::string id) { focus_ = std::move(id); }
  const std::string& focus() const { return focus_; }

  // The audit's view of the text of this frame (off in the kiosk: nothing is recorded).
  void record_text(bool on) { record_text_ = on; }
  const std::vector<TextRun>& text_runs() const { return text_runs_; }
  const std::vector<PanelRecord>& panels() const { return panels_; }
  const Theme& theme() const { return theme_; }
  // The resident's choices for this frame: 画面を見やすく (high contrast) and 文字を大きく
  // (body text drawn a quarter larger; headings are large already).
  void use_view(bool high_contrast, bool large_text) {
    theme_ = high_contrast ? high_contrast_theme() : Theme{};
    body_scale_ = large_text ? 1.25F : 1.0F;
  }
  // The room the screen lays itself out in: the whole screen, or with 車いすの方 the part above
  // the reach band.
  ImVec2 screen() const { return reach_ ? ImVec2(screen_.x, reach_band_top_) : screen_; }
  ImVec2 whole_screen() const { return screen_; }  // the band included

  // ---- 車いすの方 (reach_band.cpp, docs/accessibility.md "Low reach") ----
  // Every target the screen draws goes instead to a band across the foot of the screen, within
  // a seated resident's reach, at full size: button() records it and answers the tap made on
  // it in the band (a frame later). The screen's words stay above the band.
  void use_reach(bool on) { reach_ = on; }
  bool reach() const { return reach_; }
  // The reach line: no target above it (reach_band.cpp has the numbers).
  static float reach_top();
  // Where this screen's band starts: as high as its rows need, never above the reach line (the
  // last frame's, which the screen lays itself out above).
  float reach_band_top() const;
  // The band's top moved in this frame: the screen was laid out for another (the frame is
  // drawn again before it is shown, as for a glyph the atlas lacked).
  bool reach_moved() const { return reach_ && reach_moved_; }
  // After the screen: the band with the targets recorded this frame, a page at a time when
  // they are more than it holds (ほかのボタン turns the page); the header's targets (those ending
  // above `header_bottom`) last.
  void draw_reach_band(float header_bottom);
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
  // The height a button of `width` needs for its label and sublabel at the smallest sizes
  // they may shrink to (a layout that gives less makes the label overflow).
  float button_height(std::string_view label, float width, ButtonStyle style,
                      std::string_view sublabel = {});

  // An area that takes taps and draws nothing (the volunteer's corner gesture).
  bool hidden_target(std::string_view id, ImVec2 pos, ImVec2 size);
  // The same, true while a finger holds it (the staff's corner gesture).
  bool hidden_held(std::string_view id, ImVec2 pos, ImVec2 size);

  // Draws text at `pos`, wrapped at `wrap_width` (0 = no wrap); returns the
  // height used.
  float text(std::string_view text, TextSize size, ImVec2 pos, ImU32 color,
             float wrap_width = 0.0F);
  float text_centered(std::string_view text, TextSize size, float y, ImU32 color, float wrap_width);
  ImVec2 measure(std::string_view text, TextSize size) const;
  void rect(ImVec2 min, ImVec2 max, ImU32 fill, float rounding = 0.0F);
  // A filled box that the text drawn in it must stay in (a notice, an answer box, a dialog):
  // drawn as rect(), and recorded for the audit.
  void panel(ImVec2 min, ImVec2 max, ImU32 fill, float rounding = 0.0F);
  // The height text() takes for `text` wrapped at `wrap_width` (furigana included).
  float text_height(std::string_view text, TextSize size, float wrap_width) const;
  // `text` cut to at most `max_lines` lines at `wrap_width`, the last one ending in "…" (text
  // with furigana is left whole).
  std::string cut_to_lines(std::string_view text, TextSize size, float wrap_width,
                           std::size_t max_lines) const;
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
  std::vector<std::string> spoken_;
  bool unspoken_ = false;
  bool several_ = false;  // SeveralChoices
  struct ReachTarget {
    std::string id, label, sublabel;
    ButtonStyle style;
    float bottom;  // where it would have ended on the screen (the header's go last)
    bool secret;
  };
  bool reach_ = false;
  float reach_band_top_ = 640.0F;
  bool reach_moved_ = false;
  std::vector<ReachTarget> reach_targets_;
  std::string reach_tapped_;  // the target tapped in the band, answered by the next button()
  std::size_t reach_page_ = 0;
  std::string reach_page_of_;  // the targets the page counts through (a new set: page 0)
  std::string focus_;
  bool record_text_ = false;
  std::vector<TextRun> text_runs_;
  std::vector<PanelRecord> panels_;
  int current_button_ = -1;  // while a button draws its label

  // A text's furigana, font and line metrics at `size` within `wrap_width` (0: no wrapping),
  // as text(), text_centered() and text_height() all lay it out. To draw it, layout_to_draw()
  // notes its characters first: fetching the font adds what was noted to the atlas, and a
  // character noted after that is drawn as '?' in this frame.
  struct TextLayout {
    RubyText ruby;
    ImFont* font = nullptr;
    float px = 0.0F;           // the font's size on screen
    float wrap = 0.0F;         // the wrapping width at the font's own size
    float ruby_px = 0.0F;      // the furigana's line above each line, 0 without furigana
    float line_height = 0.0F;  // one line, its furigana included
  };
  TextLayout layout_text(RubyText ruby, TextSize size, float wrap_width) const;
  TextLayout layout_to_draw(std::string_view original, TextSize size, float wrap_width);
  // Every line of text goes through here (and is recorded for the audit when asked).
  void add_text(ImFont* font, float px, ImVec2 pos, ImU32 color, const std::string& line,
                TextRole role, ImVec2 box_min, ImVec2 box_max);
  struct LabelFit;
  LabelFit fit_label(const std::string& label, const RubyText& label_ruby,
                     const std::string& sublabel, const RubyText& sub_ruby, const LabelArea& area,
                     ButtonStyle style) const;
  // One line with the readings of the bases on it drawn above.
  void ruby_line(ImFont* font, float px, ImVec2 pos, ImU32 color, const std::string& line,
                 std::size_t line_start, const RubyText& ruby, TextRole role, ImVec2 box_min,
                 ImVec2 box_max);
};

// The screen's wrapping: `text` broken into lines no wider than `width` by text::break_lines,
// the paper's own 禁則 (docs/japanese-text.md), with each character's advance from `advance`;
// then no paragraph ends with a stub (「す。」 alone under a full line). Explicit '\n' always
// breaks; empty text gives no line.
std::vector<std::string> wrap_japanese(std::string_view text, float width,
                                       const text::MeasureFunction& advance);
// The same with the advances of `font`'s glyphs.
std::vector<std::string> wrap_japanese(ImFont* font, std::string_view text, float width);

}  // namespace madoguchi::kiosk::ui
