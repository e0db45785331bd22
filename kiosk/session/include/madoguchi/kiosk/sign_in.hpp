// The code pads: a volunteer signs in (assist mode) and staff open the staff menu. A hidden
// gesture opens a pad; the code is checked against the pad's roster (Argon2id, roster.hpp) on a
// thread of its own, so the screen goes on drawing meanwhile. Three wrong codes in a row lock
// that pad for five minutes, kept across restarts (code_lockout.hpp). The session says when a
// pad may be used and what signing in changes on the screen.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "madoguchi/kiosk/code_lockout.hpp"
#include "madoguchi/kiosk/roster.hpp"

namespace madoguchi::kiosk {

class SignIn {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  enum class CodePad { Volunteer, Staff };
  enum class CodeAnswer { Accepted, WrongCode, Locked, NoRoster };

  void set_roster(CodePad pad, Roster roster, CodeLockout lockout = {});
  bool pad_available(CodePad pad) const;  // its roster has someone in it
  // Starts the check of `code` (moved in, wiped once checked). `allowed`: whether the pad may
  // be used now (the staff's only between visits); if not, the answer is NoRoster.
  void check_code(CodePad pad, std::string code, TimePoint now, bool allowed);
  bool checking() const { return checking_.valid(); }
  std::optional<CodeAnswer> take_answer() { return std::exchange(code_answer_, {}); }
  int lock_seconds_left(CodePad pad, TimePoint now) const;
  // The check's end, once it has ended: the pad checked and whether its code was right (the
  // volunteer is then signed in; the staff member too when `staff_may` still holds).
  struct Checked {
    CodePad pad;
    bool accepted;
  };
  std::optional<Checked> take_check(TimePoint now, bool staff_may);

  bool assisting() const { return !volunteer_.id.empty(); }
  const RosterEntry& volunteer() const { return volunteer_; }
  void end_assist() { volunteer_ = RosterEntry{}; }
  bool staff_menu_open() const { return !staff_.id.empty(); }
  const RosterEntry& staff() const { return staff_; }
  void close_staff_menu() { staff_ = RosterEntry{}; }
  void stop_kiosk();  // 終了: names the staff member who stopped it
  const std::string& stopped_by() const { return stopped_by_; }
  // The session ends: the volunteer and the staff member are signed out; the lock-outs stay.
  void sign_out();

 private:
  // The rosters live as long as the kiosk (shared with a check's thread); the volunteer as long
  // as the session; the staff member while the staff menu is open.
  struct Pad {
    std::shared_ptr<const Roster> roster = std::make_shared<const Roster>();
    CodeLockout lockout;
  };
  Pad& pad(CodePad which) { return pads_[which == CodePad::Staff ? 1 : 0]; }
  const Pad& pad(CodePad which) const { return pads_[which == CodePad::Staff ? 1 : 0]; }
  Pad pads_[2];
  std::future<std::optional<RosterEntry>> checking_;
  CodePad checking_pad_ = CodePad::Volunteer;
  std::optional<CodeAnswer> code_answer_;
  RosterEntry volunteer_;
  RosterEntry staff_;
  std::string stopped_by_;
};

}  // namespace madoguchi::kiosk
