// On-screen keyboards for typed answers: a numeric keypad (郵便番号, 電話番号, dates with
// their era buttons), the 50音 kana keyboard with 濁点・半濁点・小文字, and an alphabet
// keyboard for foreign residents' names. No hardware keyboard is needed.
#pragma once

#include <string>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/session.hpp"
#include "madoguchi/kiosk/typing.hpp"
#include "widgets.hpp"

namespace madoguchi::kiosk::ui {

// What the keyboards remember between frames for the question on screen.
struct TypingState {
  std::string question_id;  // the question this state belongs to; reset when it changes
  typing::DateParts date;
  typing::DatePart part = typing::DatePart::Year;
  bool alphabet = false;  // text questions: the alphabet keyboard instead of kana
};

// Draws the answer being typed and its keyboard below `top` (the answer box no wider than
// `box_width`), between the margins and above `bottom`, and hands every key to the session
// (set_answer).
void typed_answer(Session& session, Ui& ui, TypingState& state, const forms::Question& question,
                  float top, float bottom, float box_width);

// The least height the digit keypad (date, postal code, phone) needs: four rows of keys of
// the smallest size a finger takes.
float keypad_least_height();

}  // namespace madoguchi::kiosk::ui
