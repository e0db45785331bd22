// 言語・見やすさ: the language, 文字を大きく, the high-contrast screen, 車いすの方 and 音声案内.
#include "screen_parts.hpp"

#include <algorithm>
#include <string>

namespace madoguchi::kiosk::ui::screens {

// The languages as big buttons in two columns, each in its own language; on the right the
// ways of seeing the screens, each one tap to turn on or off.
void view_options_dialog(Session& session, Ui& ui, ScreenState& state) {
  const auto& t = ui.theme();
  dim_behind_dialog(ui);
  auto& view = session.view();
  const auto& languages = view.translations().languages();
  const float w = 1760.0F, gap = 18.0F, margin = 50.0F;
  const float language_w = 400.0F, options_w = w - 2.0F * margin - 2.0F * language_w - 3.0F * gap;
  struct Option {
    const char* id;
    std::string label;
    std::string sublabel;
    bool on;
    void (ViewPreferences::*toggle)();
  };
  const Option options[] = {
      {"large_text",
       ui.tr("文字を大きくする"),
       {},
       view.large_text(),
       &ViewPreferences::toggle_large_text},
      {"high_contrast",
       ui.tr("画面を見やすくする（白黒）"),
       {},
       view.high_contrast(),
       &ViewPreferences::toggle_high_contrast},
      {"low_reach", ui.tr("車いすの方"), ui.tr("ボタンを画面の下の方にまとめます"),
       view.low_reach(), &ViewPreferences::toggle_low_reach},
      {"voice", ui.tr("音声案内"), {}, view.voice(), &ViewPreferences::toggle_voice},
  };
  // As high as the longest label needs (in やさしい日本語 they have furigana).
  float option_h = 104.0F, language_h = 96.0F;
  for (const Option& option : options) {
    option_h = std::max(
        option_h, ui.button_height(option.label, options_w, ButtonStyle::Choice, option.sublabel));
  }
  for (const Language& language : languages) {
    language_h =
        std::max(language_h, ui.button_height(language.name, language_w, ButtonStyle::Choice));
  }
  const std::size_t language_rows = (languages.size() + 1) / 2;
  const float languages_h = static_cast<float>(language_rows) * (language_h + gap);
  const float options_h = static_cast<float>(std::size(options)) * (option_h + gap);
  const float h = 110.0F + std::max(languages_h, options_h) + 150.0F;
  const ImVec2 min((ui.screen().x - w) * 0.5F, kHeaderHeight + 16.0F);
  dialog_card(ui, min, ImVec2(w, h));
  ui.text_centered("Language・言語・見やすさ", TextSize::Heading, min.y + 28.0F, t.text,
                   ui.screen().x);
  const float top = min.y + 110.0F;
  for (std::size_t i = 0; i < languages.size(); ++i) {
    const float column = static_cast<float>(i / language_rows);
    const float row = static_cast<float>(i % language_rows);
    const ImVec2 pos(min.x + margin + column * (language_w + gap), top + row * (language_h + gap));
    if (ui.button("language:" + languages[i].code, languages[i].name, pos,
                  ImVec2(language_w, language_h),
                  i == view.language() ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice)) {
      view.set_language(i);
    }
  }
  const float right_x = min.x + w - margin - options_w;
  for (std::size_t i = 0; i < std::size(options); ++i) {
    const Option& option = options[i];
    const ImVec2 pos(right_x, top + static_cast<float>(i) * (option_h + gap));
    if (ui.button(option.id, option.label, pos, ImVec2(options_w, option_h),
                  option.on ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice, option.sublabel)) {
      (view.*option.toggle)();
    }
  }
  const float close_w = 520.0F;
  if (ui.button("close_options", ui.tr("閉じる"),
                ImVec2((ui.screen().x - close_w) * 0.5F, min.y + h - 136.0F),
                ImVec2(close_w, 112.0F), ButtonStyle::Primary)) {
    state.choosing_language = false;
  }
}

}  // namespace madoguchi::kiosk::ui::screens
