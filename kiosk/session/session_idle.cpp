// The resident's presence: the idle time-out, the wait for the card to come back, and the
// staff menu left open (the timer itself is idle_timer.cpp).
#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk {

// Screens where a resident who walked away is erased: every screen that holds their data.
// Not while the card is read, the terminal takes the payment or the money is given back (the
// devices answer within their own limits), nor on the welcome screen unless a visit holds the
// resident's details. Printing and the print problem included: a job held for paper must not
// come out later for whoever stands there, so the resident's leaving withdraws it.
bool Session::idle_applies() const {
  if (timer_.card_away()) return false;  // the card dialog has its own time limit
  switch (screen_) {
    case Screen::Welcome:
      return visit_.in_visit;
    case Screen::PlaceCard:
    case Screen::EnterPin:
    case Screen::ConfirmIdentity:
    case Screen::MyNumberConsent:
    case Screen::Question:
    case Screen::CheckAnswers:
    case Screen::Related:
    case Screen::HandIn:
    case Screen::SignPassword:
    case Screen::PaymentProblem:
    case Screen::TakeCard:
    case Screen::Counter:
    case Screen::Printing:
    case Screen::PrintProblem:
      return true;
    case Screen::CheckingCard:
    case Screen::ReadingCard:
    case Screen::Paying:
    case Screen::Signing:
    case Screen::Refunding:
      return false;
  }
  return false;
}

void Session::touched() { timer_.touched(clock_()); }

void Session::keep_going() { timer_.restart(clock_()); }

int Session::idle_seconds_left() const { return timer_.seconds_left(clock_()); }

int Session::card_back_seconds_left() const { return timer_.card_back_seconds_left(clock_()); }

bool Session::tick() {
  if (take_code_check()) return true;  // a code pad's answer: the pad redraws
  if (sign_in_.staff_menu_open() && clock_() - timer_.last_activity() >= kStaffMenuTimeout) {
    close_staff_menu();
    return true;
  }
  switch (timer_.tick(clock_(), idle_applies())) {
    case IdleTimer::Tick::Nothing:
      return false;
    case IdleTimer::Tick::Redraw:
      return true;
    case IdleTimer::Tick::CardNotBack:
      give_up_waiting_for_card();  // gone with the card: erased, as on the idle time-out
      return true;
    case IdleTimer::Tick::Expired:
      if (screen_ == Screen::TakeCard || screen_ == Screen::Counter) {
        finish();  // the card may still be on the reader: the next resident must not find a visit
      } else if (screen_ == Screen::Welcome) {
        wipe();
        go(Screen::Welcome);
      } else {
        time_out();
      }
      return true;
  }
  return false;
}

void Session::give_up_waiting_for_card() {
  if (!timer_.card_away()) return;
  timer_.card_back();
  commands_.push_back(StopWaitingForCard{});
  resident_gone(Outcome::CardTakenAway);
}

}  // namespace madoguchi::kiosk
