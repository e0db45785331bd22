// The keypad's way through a screen without seeing it (docs/accessibility.md): a USB numeric
// keypad or a keyboard's arrows and Enter move a focus ring over the frame's targets in reading
// order, 5 or Enter taps the one in focus, 0 says the screen again, + says how to use the keys.
// Where the screen types digits (the PIN), the digit keys type them and Enter taps.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "widgets.hpp"

namespace madoguchi::kiosk::ui {

enum class KeypadKey { Up, Down, Left, Right, Activate, Repeat, Help, Digit };

struct KeypadPress {
  KeypadKey key = KeypadKey::Repeat;
  char digit = '\0';  // for KeypadKey::Digit: '0'…'9'
};

// What a key of the keypad or the keyboard is, by its place (SDL_Scancode, so NumLock changes
// nothing), if it is one of them: the arrows, Enter, the keypad's Enter, +, *, . and 0–9 (as
// `Digit`: keypad_meaning says what a digit does on the screen). Not: letters, the keyboard's
// digits, Escape and the rest (a developer's Ctrl+Esc stays theirs).
std::optional<KeypadPress> keypad_press(int sdl_scancode);

// The keypad's digits read as the focus keys: 8 ↑, 2 ↓, 4 ←, 6 →, 5 taps, 0 says again —
// except on a screen that types digits (`types_digits`), where they are typed.
KeypadPress keypad_meaning(KeypadPress press, bool types_digits);

// The digit key labelled `digit` ('0'…'9', ButtonStyle::Key), if the frame has one.
const ButtonRecord* digit_key(const std::vector<ButtonRecord>& buttons, char digit);

// Whether the frame has the ten digit keys (ButtonStyle::Key labelled 0–9): the PIN pad.
bool types_digits(const std::vector<ButtonRecord>& buttons);

// The targets the focus goes through, as indices into `buttons`, in reading order: the
// screen's in the order it drew them (its own reading order: the heading's row, the choices,
// the footer), then the header's. Hidden gesture areas are not targets; on a screen that types
// digits neither are its digit keys.
std::vector<std::size_t> focus_order(const std::vector<ButtonRecord>& buttons, float header_bottom);

// Where the focus starts on a screen: the choice selected, else the first choice, else the
// first primary button, else the first target. Empty when the screen has no target.
std::string first_focus(const std::vector<ButtonRecord>& buttons, float header_bottom);

// The target after `current` for an arrow: ← and → the one before and after in reading order
// (round the ends); ↑ and ↓ the nearest target above or below, else the one before or after.
// `current` not on screen: first_focus.
std::string moved_focus(const std::vector<ButtonRecord>& buttons, float header_bottom,
                        const std::string& current, KeypadKey arrow);

// The target with `id`, if it is on screen.
const ButtonRecord* find_target(const std::vector<ButtonRecord>& buttons, const std::string& id);

}  // namespace madoguchi::kiosk::ui
