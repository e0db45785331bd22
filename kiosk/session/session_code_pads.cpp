// The code pads as the session sees them: a code is taken only where it may be, and assist mode
// brings 文字を大きく (the checking itself is sign_in.cpp).
#include "madoguchi/kiosk/session.hpp"

#include <string>
#include <utility>

namespace madoguchi::kiosk {

void Session::set_roster(CodePad which, Roster roster, CodeLockout lockout) {
  sign_in_.set_roster(which, std::move(roster), std::move(lockout));
}

void Session::check_code(CodePad which, std::string code) {
  const auto now = clock_();
  timer_.active(now);
  const bool allowed = which != CodePad::Staff || (screen_ == Screen::Welcome && !visit_.in_visit);
  sign_in_.check_code(which, std::move(code), now, allowed);
}

bool Session::take_code_check() {
  if (!sign_in_.checking()) return false;
  const auto now = clock_();
  const auto checked = sign_in_.take_check(now, screen_ == Screen::Welcome && !visit_.in_visit);
  if (!checked) return false;
  // Assist mode starts with 文字を大きく.
  if (checked->accepted && checked->pad == CodePad::Volunteer) view_.set_large_text(true);
  timer_.active(now);
  return true;
}

int Session::code_lock_seconds_left(CodePad which) const {
  return sign_in_.lock_seconds_left(which, clock_());
}

void Session::end_assist() {
  sign_in_.end_assist();
  view_.set_large_text(false);
}

}  // namespace madoguchi::kiosk
