#include "madoguchi/kiosk/sign_in.hpp"

#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::kiosk {

void SignIn::set_roster(CodePad which, Roster roster, CodeLockout lockout) {
  pad(which).roster = std::make_shared<const Roster>(std::move(roster));
  pad(which).lockout = std::move(lockout);
}

bool SignIn::pad_available(CodePad which) const { return !pad(which).roster->empty(); }

void SignIn::check_code(CodePad which, std::string code, TimePoint now, bool allowed) {
  if (checking_.valid()) {
    wiping::wipe(code);
    return;  // one check at a time: the pad waits for the answer
  }
  if (!pad_available(which) || !allowed) {
    wiping::wipe(code);
    code_answer_ = CodeAnswer::NoRoster;
    return;
  }
  if (pad(which).lockout.locked(now)) {
    wiping::wipe(code);
    code_answer_ = CodeAnswer::Locked;
    return;
  }
  checking_pad_ = which;
  checking_ = std::async(std::launch::async,
                         [roster = pad(which).roster, code = std::move(code)]() mutable {
                           auto found = roster->match(code);
                           wiping::wipe(code);
                           return found;
                         });
}

std::optional<SignIn::Checked> SignIn::take_check(TimePoint now, bool staff_may) {
  if (!checking_.valid() ||
      checking_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    return std::nullopt;
  }
  auto found = checking_.get();
  Pad& checked = pad(checking_pad_);
  if (found) {
    checked.lockout.right_code();
    code_answer_ = CodeAnswer::Accepted;
    if (checking_pad_ == CodePad::Volunteer) {
      volunteer_ = std::move(*found);
    } else if (staff_may) {
      staff_ = std::move(*found);
    }
  } else {
    code_answer_ = checked.lockout.wrong_code(now) ? CodeAnswer::Locked : CodeAnswer::WrongCode;
  }
  return Checked{checking_pad_, found.has_value()};
}

int SignIn::lock_seconds_left(CodePad which, TimePoint now) const {
  return pad(which).lockout.seconds_left(now);
}

void SignIn::stop_kiosk() {
  if (staff_menu_open()) stopped_by_ = staff_.id;
  staff_ = RosterEntry{};
}

void SignIn::sign_out() {
  volunteer_ = RosterEntry{};
  staff_ = RosterEntry{};
}

}  // namespace madoguchi::kiosk
