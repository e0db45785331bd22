// Draws the session's current screen and turns taps into resident actions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "keyboards.hpp"
#include "madoguchi/kiosk/session.hpp"
#include "widgets.hpp"

namespace madoguchi::kiosk::ui {

struct ScreenState {
  // The group shown on the welcome screen; 証明書がほしい first, as most residents come for one.
  forms::ProcedureGroup group = forms::ProcedureGroup::Certificates;
  TypingState typing;              // the keyboard of the question on screen
  bool choosing_language = false;  // the language chooser is open
  std::size_t check_page = 0;      // the page of the check-your-answers screen
  // A group with more procedures than fit (子育て has 15): its page, and how many pages it had
  // when last drawn (the audit walks them).
  std::size_t welcome_page = 0;
  std::size_t welcome_pages = 1;
  // The code pads: the taps on the hidden top-left corner (three within three seconds open the
  // volunteer's pad), the hold on the hidden bottom-right corner of the welcome screen (three
  // seconds open the staff's pad), the code typed (masked, wiped on close), the volunteer's
  // step menu.
  std::vector<double> corner_taps;
  double staff_hold_since = -1.0;  // seconds; -1 while the corner is not held
  bool staff_hold_used = false;    // the hold opened the pad: nothing more until it is let go
  std::optional<Session::CodePad> code_pad;  // the pad open, if any
  std::string pad_code;
  std::string pad_message;  // in Japanese, translated when drawn
  bool assist_menu = false;
  bool read_name = false;  // お名前を読み上げる was tapped (confirm_identity.cpp)
  double now = 0.0;        // seconds, for the corner gestures
};

void draw_screen(Session& session, Ui& ui, ScreenState& state, double time_seconds);

// The height of the header (town or procedure, step counter, 言語, 係員を呼ぶ) on every screen.
float header_height();

// The width the header's title ("{town}　かかない窓口", or the procedure's name) may take on
// one line, left of the step counter, 言語 and 係員を呼ぶ. A title wider than this at heading
// size is drawn at body size, and one wider still is cut with "…" (office.json's town_name
// limit, kTownNameLongest, is what fits whole).
float header_title_room(float screen_width);

// True while the screen animates (waiting spinners, the card placement
// animation): the loop keeps drawing frames then.
bool screen_animates(const Session& session);

}  // namespace madoguchi::kiosk::ui
