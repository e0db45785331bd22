// 係員を呼ぶ: the call goes out as a command (the device worker hands it to the call board,
// counter/call_board.hpp) and its news comes back as StaffCallNews.
#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk {

void Session::call_staff() {
  if (staff_call_ == StaffCall::Calling || staff_call_ == StaffCall::Called) return;
  CallStaff call;
  call.screen = std::string(screen_id(screen_));
  call.step = step_number();
  call.steps = call.step > 0 ? step_count() : 0;
  call.language = view_.translations().languages().at(view_.language()).code;
  call.assisted = sign_in_.assisting();
  staff_call_ = StaffCall::Calling;
  commands_.push_back(std::move(call));
}

void Session::forget_answered_staff_call() {
  if (staff_call_ == StaffCall::Coming || staff_call_ == StaffCall::Unreachable) {
    staff_call_ = StaffCall::None;
  }
}

void Session::handle(const StaffCallNews& news) {
  // News of a call made before this resident's visit began is not theirs.
  if (staff_call_ == StaffCall::None) return;
  switch (news.state) {
    case StaffCallNews::State::Sent:
      if (staff_call_ == StaffCall::Calling) staff_call_ = StaffCall::Called;
      break;
    case StaffCallNews::State::Taken:
      staff_call_ = StaffCall::Coming;
      break;
    case StaffCallNews::State::Unreachable:
      staff_call_ = StaffCall::Unreachable;
      break;
  }
}

}  // namespace madoguchi::kiosk
