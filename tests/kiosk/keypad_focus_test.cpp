// The keypad's way through a screen (screens/keypad_focus.hpp) on hand-made frames: the reading
// order, where the focus starts, where each arrow takes it, and what a digit does.
#include "screens/keypad_focus.hpp"

#include <gtest/gtest.h>

#include <SDL_scancode.h>

namespace madoguchi::kiosk::ui {
namespace {

constexpr float kHeader = 130.0F;

ButtonRecord target(std::string id, float x, float y, ButtonStyle style = ButtonStyle::Secondary,
                    std::string label = "") {
  ButtonRecord b;
  b.id = std::move(id);
  b.label = label.empty() ? b.id : std::move(label);
  b.min = ImVec2(x, y);
  b.max = ImVec2(x + 200.0F, y + 100.0F);
  b.style = style;
  return b;
}

// A question as the screens draw it: the header's two buttons first, then two columns of
// choices, then 戻る and 次へ in the footer; a hidden corner for the volunteer.
std::vector<ButtonRecord> question_frame() {
  std::vector<ButtonRecord> b;
  b.push_back(target("view_options", 1200, 17));
  b.push_back(target("call_staff", 1500, 17));
  ButtonRecord corner = target("assist_corner", 0, 0);
  corner.hidden = true;
  b.push_back(corner);
  b.push_back(target("choice:a", 120, 400, ButtonStyle::Choice));
  b.push_back(target("choice:b", 400, 400, ButtonStyle::ChoiceSelected));
  b.push_back(target("choice:c", 120, 550, ButtonStyle::Choice));
  b.push_back(target("choice:d", 400, 550, ButtonStyle::Choice));
  b.push_back(target("back", 120, 900));
  b.push_back(target("next", 1300, 900, ButtonStyle::Primary));
  return b;
}

std::vector<std::string> ids(const std::vector<ButtonRecord>& buttons) {
  std::vector<std::string> out;
  for (const auto i : focus_order(buttons, kHeader)) out.push_back(buttons[i].id);
  return out;
}

TEST(KeypadFocus, TheScreensTargetsComeInTheOrderDrawnThenTheHeadersAndNoHiddenOne) {
  EXPECT_EQ(ids(question_frame()),
            (std::vector<std::string>{"choice:a", "choice:b", "choice:c", "choice:d", "back",
                                      "next", "view_options", "call_staff"}));
}

TEST(KeypadFocus, TheFocusStartsOnTheChoiceMadeElseTheFirstChoiceElseThePrimaryButton) {
  auto frame = question_frame();
  EXPECT_EQ(first_focus(frame, kHeader), "choice:b");
  frame[4].style = ButtonStyle::Choice;
  EXPECT_EQ(first_focus(frame, kHeader), "choice:a");
  std::erase_if(frame, [](const ButtonRecord& b) { return b.id.starts_with("choice:"); });
  EXPECT_EQ(first_focus(frame, kHeader), "next");
  EXPECT_EQ(first_focus({}, kHeader), "");
}

TEST(KeypadFocus, LeftAndRightGoThroughTheReadingOrderRoundItsEnds) {
  const auto frame = question_frame();
  EXPECT_EQ(moved_focus(frame, kHeader, "choice:a", KeypadKey::Right), "choice:b");
  EXPECT_EQ(moved_focus(frame, kHeader, "choice:b", KeypadKey::Left), "choice:a");
  EXPECT_EQ(moved_focus(frame, kHeader, "call_staff", KeypadKey::Right), "choice:a");
  EXPECT_EQ(moved_focus(frame, kHeader, "choice:a", KeypadKey::Left), "call_staff");
  // A target no longer on screen: the focus starts again.
  EXPECT_EQ(moved_focus(frame, kHeader, "gone", KeypadKey::Right), "choice:b");
}

TEST(KeypadFocus, UpAndDownGoToTheNearestTargetAboveOrBelowInLine) {
  const auto frame = question_frame();
  EXPECT_EQ(moved_focus(frame, kHeader, "choice:b", KeypadKey::Down), "choice:d");
  EXPECT_EQ(moved_focus(frame, kHeader, "choice:c", KeypadKey::Up), "choice:a");
  EXPECT_EQ(moved_focus(frame, kHeader, "choice:c", KeypadKey::Down), "back");
  EXPECT_EQ(moved_focus(frame, kHeader, "choice:b", KeypadKey::Up), "view_options");
  // Nothing below the footer: on to the next in reading order.
  EXPECT_EQ(moved_focus(frame, kHeader, "next", KeypadKey::Down), "view_options");
}

TEST(KeypadFocus, OnTheScreenOfThePinTheDigitsAreTypedAndTheirKeysAreNotTargets) {
  auto frame = question_frame();
  EXPECT_FALSE(types_digits(frame));
  for (char d = '0'; d <= '9'; ++d) {
    frame.push_back(
        target(std::string("key:") + d, 1300, 200, ButtonStyle::Key, std::string(1, d)));
  }
  EXPECT_TRUE(types_digits(frame));
  for (const auto& id : ids(frame)) EXPECT_FALSE(id.starts_with("key:")) << id;
  const KeypadPress five{KeypadKey::Digit, '5'};
  EXPECT_EQ(keypad_meaning(five, true).key, KeypadKey::Digit);
  EXPECT_EQ(keypad_meaning(five, true).digit, '5');
  // Elsewhere the keypad's digits are its arrows: 8 ↑ 2 ↓ 4 ← 6 →, 5 taps, 0 says again.
  EXPECT_EQ(keypad_meaning(five, false).key, KeypadKey::Activate);
  EXPECT_EQ(keypad_meaning({KeypadKey::Digit, '8'}, false).key, KeypadKey::Up);
  EXPECT_EQ(keypad_meaning({KeypadKey::Digit, '2'}, false).key, KeypadKey::Down);
  EXPECT_EQ(keypad_meaning({KeypadKey::Digit, '4'}, false).key, KeypadKey::Left);
  EXPECT_EQ(keypad_meaning({KeypadKey::Digit, '6'}, false).key, KeypadKey::Right);
  EXPECT_EQ(keypad_meaning({KeypadKey::Digit, '0'}, false).key, KeypadKey::Repeat);
}

TEST(KeypadFocus, TheKeypadsKeysAreKnownByTheirPlaceWhateverNumLockSays) {
  EXPECT_EQ(keypad_press(SDL_SCANCODE_KP_5)->digit, '5');
  EXPECT_EQ(keypad_press(SDL_SCANCODE_KP_1)->digit, '1');
  EXPECT_EQ(keypad_press(SDL_SCANCODE_KP_9)->digit, '9');
  EXPECT_EQ(keypad_press(SDL_SCANCODE_KP_0)->digit, '0');
  EXPECT_EQ(keypad_press(SDL_SCANCODE_KP_ENTER)->key, KeypadKey::Activate);
  EXPECT_EQ(keypad_press(SDL_SCANCODE_RETURN)->key, KeypadKey::Activate);
  EXPECT_EQ(keypad_press(SDL_SCANCODE_KP_PLUS)->key, KeypadKey::Help);
  EXPECT_EQ(keypad_press(SDL_SCANCODE_DOWN)->key, KeypadKey::Down);
  EXPECT_FALSE(keypad_press(SDL_SCANCODE_A).has_value());
  EXPECT_FALSE(keypad_press(SDL_SCANCODE_5).has_value())
      << "the keyboard's digits are not the keypad's";
  EXPECT_FALSE(keypad_press(SDL_SCANCODE_ESCAPE).has_value());
}

}  // namespace
}  // namespace madoguchi::kiosk::ui
