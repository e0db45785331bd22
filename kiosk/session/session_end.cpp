// How a session ends: sent to the counter, finished, cancelled, timed out, or the resident gone;
// and what is erased then (the whole visit, or this procedure only).
#include "madoguchi/kiosk/session.hpp"

#include <string>
#include <utility>

namespace madoguchi::kiosk {

void Session::go_to_counter(std::string reason, Placeholders placeholders) {
  if (screen_ == Screen::Welcome || screen_ == Screen::Counter) return;
  if (screen_ == Screen::PlaceCard) commands_.push_back(StopWaitingForCard{});
  end_session(Outcome::SentToCounter);
  screen_ = Screen::Counter;
  notice_ = std::move(reason);
  notice_values_ = std::move(placeholders);
}

void Session::finish() {
  if (screen_ != Screen::TakeCard && screen_ != Screen::Counter) return;
  wipe();
  go(Screen::Welcome);
}

void Session::another_procedure() {
  if (screen_ != Screen::TakeCard || visit_.identity.name.empty()) return;
  wipe_procedure();
  visit_.in_visit = true;
  go(Screen::Welcome);
}

void Session::end_visit() {
  if (screen_ != Screen::Welcome || !visit_.in_visit) return;
  wipe();
  go(Screen::Welcome);
}

void Session::time_out() {
  if (screen_ == Screen::Welcome) return;
  resident_gone(Outcome::TimedOut);
}

void Session::resident_gone(Outcome outcome) {
  std::string kept;
  const bool paid = payment_.status == PaymentStatus::Approved && !payment_.payment_id.empty();
  if ((screen_ == Screen::Printing || screen_ == Screen::PrintProblem) &&
      !visit_.reception_number.empty()) {
    const std::vector<std::string> numbers = reception_numbers();
    commands_.push_back(ResidentLeft{numbers, paid ? payment_.payment_id : std::string{}});
    kept = number_list(numbers);  // a reception number is not personal: the slip's only link
  }
  if (screen_ == Screen::PlaceCard) commands_.push_back(StopWaitingForCard{});
  end_session(outcome);
  wipe();
  go(Screen::Welcome);
  left_for_counter_ = kept;
  if (!kept.empty()) {
    notice_ = paid
                  ? say("受付番号 {number} の申請は保存されています。お支払いも済んでいます。"
                        "申請書は窓口でお渡しします。")
                  : say("受付番号 {number} の申請は保存されています。申請書は窓口でお渡しします。");
    notice_values_ = {{"number", kept}};
  }
}

void Session::end_session(Outcome outcome) {
  password_.wipe();
  conclude(outcome);
  pin_.wipe();
  visit_.identity.wipe();
  if (card_connected_) {
    commands_.push_back(EndCard{});
    card_connected_ = false;
  }
  if (outcome == Outcome::Cancelled) {
    wipe();
    go(Screen::Welcome);
  }
}

void Session::wipe() {
  timer_.card_back();
  sign_in_.sign_out();  // assist mode ends with the session; the lock-out stays
  view_.reset();        // the next resident starts in Japanese, with the usual screen
  staff_call_ = StaffCall::None;
  visit_.wipe();
  wipe_procedure();
}

void Session::wipe_procedure() {
  send_visit_record();
  pin_.wipe();
  password_.wipe();
  delivery_ = Delivery::Paper;
  delivery_chosen_ = false;
  my_number_choice_ = MyNumberChoice::NotAsked;
  my_number_failed_ = false;
  application_signed_ = false;
  sign_tries_left_ = -1;
  visit_.wipe_procedure();
  procedure_ = nullptr;
  loaded_.clear();
  offers_decided_ = false;
  ticked_.clear();
  question_ = 0;
  return_to_check_ = false;
  tries_left_ = -1;
  payment_ = {};
  print_refundable_ = false;
  cancelling_ = false;
  cash_requested_ = false;
  notice_.clear();
  notice_values_.clear();
  print_check_ = PrintCheckState::NotChecked;
  pay_when_checked_ = false;
}

}  // namespace madoguchi::kiosk
