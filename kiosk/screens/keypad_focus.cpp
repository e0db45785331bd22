#include "keypad_focus.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <SDL_scancode.h>

namespace madoguchi::kiosk::ui {

namespace {

bool is_digit_key(const ButtonRecord& b) {
  return b.style == ButtonStyle::Key && b.label.size() == 1 && b.label[0] >= '0' &&
         b.label[0] <= '9';
}

}  // namespace

std::optional<KeypadPress> keypad_press(int sdl_scancode) {
  switch (sdl_scancode) {
    case SDL_SCANCODE_UP:
      return KeypadPress{KeypadKey::Up};
    case SDL_SCANCODE_DOWN:
      return KeypadPress{KeypadKey::Down};
    case SDL_SCANCODE_LEFT:
      return KeypadPress{KeypadKey::Left};
    case SDL_SCANCODE_RIGHT:
      return KeypadPress{KeypadKey::Right};
    case SDL_SCANCODE_RETURN:
    case SDL_SCANCODE_KP_ENTER:
      return KeypadPress{KeypadKey::Activate};
    case SDL_SCANCODE_KP_PLUS:
      return KeypadPress{KeypadKey::Help};
    case SDL_SCANCODE_KP_MULTIPLY:
    case SDL_SCANCODE_KP_PERIOD:
      return KeypadPress{KeypadKey::Repeat};
    case SDL_SCANCODE_KP_0:
      return KeypadPress{KeypadKey::Digit, '0'};
    default:
      break;
  }
  // SDL_SCANCODE_KP_1 … KP_9 are consecutive.
  if (sdl_scancode >= SDL_SCANCODE_KP_1 && sdl_scancode <= SDL_SCANCODE_KP_9) {
    return KeypadPress{KeypadKey::Digit, static_cast<char>('1' + sdl_scancode - SDL_SCANCODE_KP_1)};
  }
  return std::nullopt;
}

KeypadPress keypad_meaning(KeypadPress press, bool digits_typed) {
  if (press.key != KeypadKey::Digit || digits_typed) return press;
  switch (press.digit) {
    case '8':
      return {KeypadKey::Up};
    case '2':
      return {KeypadKey::Down};
    case '4':
      return {KeypadKey::Left};
    case '6':
      return {KeypadKey::Right};
    case '5':
      return {KeypadKey::Activate};
    case '0':
      return {KeypadKey::Repeat};
    default:
      return {KeypadKey::Repeat};  // 1, 3, 7, 9: the screen again, rather than nothing
  }
}

const ButtonRecord* digit_key(const std::vector<ButtonRecord>& buttons, char digit) {
  for (const auto& b : buttons) {
    if (is_digit_key(b) && b.label[0] == digit) return &b;
  }
  return nullptr;
}

bool types_digits(const std::vector<ButtonRecord>& buttons) {
  unsigned seen = 0;
  for (const auto& b : buttons) {
    if (is_digit_key(b)) seen |= 1U << (b.label[0] - '0');
  }
  return seen == 0x3FFU;
}

std::vector<std::size_t> focus_order(const std::vector<ButtonRecord>& buttons,
                                     float header_bottom) {
  const bool digits = types_digits(buttons);
  std::vector<std::size_t> screen, header;
  for (std::size_t i = 0; i < buttons.size(); ++i) {
    const auto& b = buttons[i];
    if (b.hidden || (digits && is_digit_key(b))) continue;
    (b.max.y <= header_bottom ? header : screen).push_back(i);
  }
  screen.insert(screen.end(), header.begin(), header.end());
  return screen;
}

std::string first_focus(const std::vector<ButtonRecord>& buttons, float header_bottom) {
  const auto order = focus_order(buttons, header_bottom);
  for (const auto pick :
       {+[](const ButtonRecord& b) { return b.style == ButtonStyle::ChoiceSelected; },
        +[](const ButtonRecord& b) { return is_choice(b); },
        +[](const ButtonRecord& b) { return b.style == ButtonStyle::Primary; },
        +[](const ButtonRecord&) { return true; }}) {
    for (const auto i : order) {
      if (pick(buttons[i])) return buttons[i].id;
    }
  }
  return {};
}

const ButtonRecord* find_target(const std::vector<ButtonRecord>& buttons, const std::string& id) {
  for (const auto& b : buttons) {
    if (b.id == id && !b.hidden) return &b;
  }
  return nullptr;
}

std::string moved_focus(const std::vector<ButtonRecord>& buttons, float header_bottom,
                        const std::string& current, KeypadKey arrow) {
  const auto order = focus_order(buttons, header_bottom);
  if (order.empty()) return {};
  const auto at = std::find_if(order.begin(), order.end(),
                               [&](std::size_t i) { return buttons[i].id == current; });
  if (at == order.end()) return first_focus(buttons, header_bottom);
  const auto n = static_cast<std::ptrdiff_t>(order.size());
  const std::ptrdiff_t here = at - order.begin();
  const auto step = [&](std::ptrdiff_t by) {
    return buttons[order[static_cast<std::size_t>(((here + by) % n + n) % n)]].id;
  };
  if (arrow == KeypadKey::Left) return step(-1);
  if (arrow == KeypadKey::Right) return step(+1);
  // ↑ ↓: the nearest target wholly above or below, the one most in line with this one first.
  const ButtonRecord& from = buttons[*at];
  const ImVec2 c = centre_of(from);
  const bool up = arrow == KeypadKey::Up;
  float best = std::numeric_limits<float>::max();
  const ButtonRecord* found = nullptr;
  for (const auto i : order) {
    const ButtonRecord& b = buttons[i];
    if (&b == &from) continue;
    const ImVec2 o = centre_of(b);
    const bool beyond = up ? b.max.y <= from.min.y + 1.0F : b.min.y >= from.max.y - 1.0F;
    if (!beyond) continue;
    const float across = std::max({0.0F, b.min.x - from.max.x, from.min.x - b.max.x});
    const float score = std::fabs(o.y - c.y) + 3.0F * across + 0.1F * std::fabs(o.x - c.x);
    if (score < best) {
      best = score;
      found = &b;
    }
  }
  if (found != nullptr) return found->id;
  return step(up ? -1 : +1);
}

}  // namespace madoguchi::kiosk::ui
