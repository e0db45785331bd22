#include "spoken_screen.hpp"

#include <algorithm>

#include "keypad_focus.hpp"

namespace madoguchi::kiosk::ui {

namespace {

bool is_question_choice(const ButtonRecord& b) { return b.id.starts_with("choice:"); }

// "3個のうち1番目": the place of buttons[index] among the targets like it.
std::string place(const Ui& ui, const std::vector<ButtonRecord>& buttons,
                  const std::vector<std::size_t>& order, std::size_t index) {
  const bool choice = is_choice(buttons[index]);
  std::size_t n = 0, total = 0;
  for (const auto i : order) {
    if (choice && !is_choice(buttons[i])) continue;
    ++total;
    if (i == index) n = total;
  }
  return ui.tr("{total}個のうち{n}番目",
               {{"total", std::to_string(total)}, {"n", std::to_string(n)}});
}

// `with_sublabel`: the choice's help too (when the focus is on it; the list of choices on
// arrival says their labels only, or a question of six choices took fifty seconds).
std::vector<std::string> target_sentences(const Ui& ui, const std::vector<ButtonRecord>& buttons,
                                          const std::vector<std::size_t>& order, std::size_t index,
                                          bool with_sublabel = true) {
  const ButtonRecord& b = buttons[index];
  std::vector<std::string> out;
  if (b.secret || b.label.empty()) {
    out.push_back(ui.tr("ボタン"));
  } else {
    out.push_back(b.label);
    if (with_sublabel && !b.sublabel.empty()) out.push_back(b.sublabel);
  }
  if (b.style == ButtonStyle::ChoiceSelected) out.push_back(ui.tr("選んでいます"));
  out.push_back(place(ui, buttons, order, index));
  return out;
}

}  // namespace

std::vector<std::string> focus_sentences(const Ui& ui, float header_bottom, const std::string& id) {
  const auto& buttons = ui.buttons();
  const auto order = focus_order(buttons, header_bottom);
  for (const auto i : order) {
    if (buttons[i].id == id) return target_sentences(ui, buttons, order, i);
  }
  return {};
}

std::vector<std::string> screen_sentences(const Ui& ui, float header_bottom,
                                          const std::string& focus) {
  std::vector<std::string> out = ui.spoken();
  const auto& buttons = ui.buttons();
  const auto order = focus_order(buttons, header_bottom);
  bool focus_said = false;
  for (const auto i : order) {
    if (!is_question_choice(buttons[i])) continue;
    const auto said = target_sentences(ui, buttons, order, i, false);
    out.insert(out.end(), said.begin(), said.end());
    focus_said = focus_said || buttons[i].id == focus;
  }
  if (!focus_said && !focus.empty()) {
    const auto said = focus_sentences(ui, header_bottom, focus);
    out.insert(out.end(), said.begin(), said.end());
  }
  if (types_digits(buttons))
    out.push_back(ui.tr("数字は、テンキーの数字で押します。エンターで決めます。"));
  return out;
}

std::string joined(const std::vector<std::string>& sentences) {
  std::string out;
  for (const auto& s : sentences) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

}  // namespace madoguchi::kiosk::ui
