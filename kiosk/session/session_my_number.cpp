// The 個人番号 on a form that needs it (needs_my_number): asked once per procedure, after the
// card's details are confirmed — read from the card for the form's cells, or left for the
// counter. The number lives in the visit until the procedure ends (wiped), goes with the print in
// its wiping type, and no screen shows more than its last four digits.
#include "madoguchi/kiosk/session.hpp"

#include <utility>

namespace madoguchi::kiosk {

Screen Session::before_questions() const {
  return procedure_ != nullptr && procedure_->needs_my_number ? Screen::MyNumberConsent
                                                              : Screen::ConfirmIdentity;
}

void Session::to_first_question() {
  question_ = 0;
  return_to_check_ = false;
  go(questions().empty() ? Screen::CheckAnswers : Screen::Question);
}

void Session::back_before_questions() {
  if (before_questions() == Screen::ConfirmIdentity && !visit_.ready.empty()) {
    back_in_bundle();  // a bundled procedure's details were confirmed with the first one's
    return;
  }
  if (before_questions() == Screen::MyNumberConsent) {
    visit_.my_number.wipe();
    my_number_choice_ = MyNumberChoice::NotAsked;
    print_check_ = PrintCheckState::NotChecked;
  }
  go(before_questions());
}

void Session::read_my_number() {
  if (screen_ != Screen::MyNumberConsent || my_number_failed_ ||
      my_number_choice_ == MyNumberChoice::Reading) {
    return;
  }
  my_number_choice_ = MyNumberChoice::Reading;
  notice_.clear();
  notice_values_.clear();
  commands_.push_back(ReadMyNumber{});
}

void Session::write_my_number_at_counter() {
  if (screen_ != Screen::MyNumberConsent || my_number_choice_ == MyNumberChoice::Reading) return;
  visit_.my_number.wipe();
  my_number_choice_ = MyNumberChoice::AtCounter;
  print_check_ = PrintCheckState::NotChecked;
  to_first_question();
}

void Session::handle(const MyNumberRead& read) {
  if (screen_ != Screen::MyNumberConsent || my_number_choice_ != MyNumberChoice::Reading) return;
  if (read.number.empty()) {
    // Nothing is lost: the cells stay empty and the resident writes the number at the counter.
    my_number_choice_ = MyNumberChoice::NotAsked;
    my_number_failed_ = true;
    notice_ = read.problem == CardProblemKind::Removed
                  ? say("カードが外れたため、個人番号を読み取れませんでした。申請書の個人番号の欄は"
                        "空けて印刷します。窓口で書いてください。")
                  : say("カードから個人番号を読み取れませんでした。申請書の個人番号の欄は空けて"
                        "印刷します。窓口で書いてください。");
    notice_values_.clear();
    return;
  }
  visit_.my_number = read.number;
  my_number_choice_ = MyNumberChoice::FromCard;
  print_check_ = PrintCheckState::NotChecked;
  to_first_question();
}

}  // namespace madoguchi::kiosk
