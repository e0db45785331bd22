// What the kiosk says for a frame, when 音声案内 is on (docs/speech.md): the screen's texts in
// the order drawn (its heading, the question and its help, a notice, the fee, 印刷しています…),
// a question's choices each with its place in the list, then the target in the keypad's focus.
// Built from what the frame drew (Ui::spoken), so every screen and dialog speaks without a
// script of its own; what a screen draws under Ui::Unspoken (the resident's name, the PIN's
// keys) is never in it.
#pragma once

#include <string>
#include <vector>

#include "widgets.hpp"

namespace madoguchi::kiosk::ui {

// What the target with `id` says when the focus comes to it: its label, its sublabel (a
// procedure's fee), 選んでいます when it is the choice made, and where it is:
// 「3個のうち1番目」 among the choices, or among all the targets. A secret key says ボタン.
std::vector<std::string> focus_sentences(const Ui& ui, float header_bottom, const std::string& id);

// Everything the frame says on arrival: the texts, the choices (targets "choice:…", their
// labels) with their places, then the focus's sentences (unless it is one of those choices);
// on a screen of digit keys (the PIN),
// how to type them.
std::vector<std::string> screen_sentences(const Ui& ui, float header_bottom,
                                          const std::string& focus);

// The sentences joined as one line (session.json's "spoken").
std::string joined(const std::vector<std::string>& sentences);

}  // namespace madoguchi::kiosk::ui
