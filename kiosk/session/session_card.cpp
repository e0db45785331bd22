// The card and the PIN: a procedure chosen, the card placed and read, the PIN entered and
// verified, the card taken off and put back.
#include "madoguchi/kiosk/session.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace madoguchi::kiosk {

void Session::choose_procedure(std::string_view procedure_id) {
  if (screen_ != Screen::Welcome) return;
  left_for_counter_.clear();
  const auto it = std::find_if(catalogue_.begin(), catalogue_.end(),
                               [&](const forms::Procedure& p) { return p.id == procedure_id; });
  if (it == catalogue_.end()) return;
  procedure_ = load_chosen(*it);
  if (procedure_ == nullptr) {
    // Read at start, unreadable now (changed or broken since): nothing is lost, staff can see
    // why on the kiosk's log.
    notice_ = say("この手続きは、いま機械ではお受けできません。係員にお声がけください。");
    notice_values_.clear();
    return;
  }
  visit_.seen.insert(procedure_->id);
  offers_decided_ = false;
  visit_.answers = forms::default_answers(*procedure_);
  outcome_ = Outcome::InProgress;
  procedure_started_ = clock_();
  if (!visit_.in_visit) forget_answered_staff_call();
  if (visit_.in_visit) {
    // The card was read for an earlier procedure of this visit: straight to the details.
    go(Screen::ConfirmIdentity);
    return;
  }
  go(Screen::PlaceCard);
  commands_.push_back(ConnectCard{});
}

void Session::press_digit(char digit) {
  if (screen_ != Screen::EnterPin || digit < '0' || digit > '9') return;
  pin_.push_digit(digit);
}

void Session::erase_digit() {
  if (screen_ != Screen::EnterPin || pin_.empty()) return;
  pin_.pop_digit();
}

void Session::submit_pin() {
  if (screen_ != Screen::EnterPin) return;
  if (!pin_.full()) {
    notice_ = say("4けたの数字を押してください");
    return;
  }
  VerifyPinAndRead command;
  command.pin = std::move(pin_);  // the move wipes the session's copy
  go(Screen::ReadingCard);
  commands_.push_back(std::move(command));
}

void Session::handle(const CardReady& ready) {
  if (screen_ != Screen::PlaceCard && screen_ != Screen::CheckingCard) return;
  card_connected_ = true;
  tries_left_ = ready.tries_left;
  if (tries_left_ <= 1) {
    go_to_counter(
        tries_left_ <= 0
            ? say("暗証番号がロックされています。窓口で解除の手続きをしてください。")
            : say("暗証番号の残り回数が1回です。カードを守るため、窓口でお手続きください。"));
    return;
  }
  go(Screen::EnterPin);
}

void Session::handle(const CardProblem& problem) {
  if (problem.tries_left >= 0) tries_left_ = problem.tries_left;
  switch (problem.kind) {
    case CardProblemKind::WrongPin:
      if (screen_ != Screen::ReadingCard) return;
      card_connected_ = true;
      if (tries_left_ <= 1) {
        go_to_counter(
            say("暗証番号が違います。残り1回のため、カードを守るためにここで止めました。"
                "窓口でお手続きください。"));
        return;
      }
      go(Screen::EnterPin);
      notice_ = say("暗証番号が違います。あと{n}回まちがえるとカードがロックされます。");
      notice_values_ = {{"n", std::to_string(tries_left_)}};
      return;
    case CardProblemKind::LastTry:
      go_to_counter(say("暗証番号の残り回数が1回です。カードを守るため、窓口でお手続きください。"));
      return;
    case CardProblemKind::Blocked:
      go_to_counter(say("暗証番号がロックされています。窓口で解除の手続きをしてください。"));
      return;
    case CardProblemKind::NotMyNumberCard:
      if (screen_ != Screen::PlaceCard && screen_ != Screen::CheckingCard) return;
      go(Screen::PlaceCard);
      notice_ = say("このカードは使えません。マイナンバーカードを置いてください。");
      commands_.push_back(ConnectCard{});
      return;
    case CardProblemKind::NoReader:
      go_to_counter(say("カードを読む機械が使えません。係員をお呼びください。"));
      return;
    case CardProblemKind::Removed:
      card_connected_ = false;
      if (screen_ == Screen::ReadingCard || screen_ == Screen::CheckingCard ||
          screen_ == Screen::EnterPin) {
        pin_.wipe();
        go(Screen::PlaceCard);
        notice_ = say("カードが外れました。もう一度カードを置いてください。");
        commands_.push_back(ConnectCard{});
      }
      return;
    case CardProblemKind::Unreadable:
      go_to_counter(say("カードを読み取れませんでした。係員をお呼びください。"));
      return;
  }
}

void Session::handle(const IdentityRead& read) {
  if (screen_ != Screen::ReadingCard) return;
  visit_.identity = read.identity;
  go(Screen::ConfirmIdentity);
}

void Session::handle(const CardRemoved&) {
  card_connected_ = false;
  switch (screen_) {
    case Screen::TakeCard:
    case Screen::Counter:
      finish();
      return;
    case Screen::Welcome:
      // The card taken while choosing the next procedure of a visit: the visit is over.
      if (visit_.in_visit) wipe();
      return;
    case Screen::EnterPin:
    case Screen::ReadingCard:
    case Screen::CheckingCard:
      pin_.wipe();
      go(Screen::PlaceCard);
      notice_ = say("カードが外れました。もう一度カードを置いてください。");
      commands_.push_back(ConnectCard{});
      return;
    case Screen::ConfirmIdentity:
    case Screen::MyNumberConsent:
    case Screen::Question:
    case Screen::CheckAnswers:
    case Screen::Related:
    case Screen::HandIn:
    case Screen::SignPassword:
    case Screen::PaymentProblem:
    case Screen::Printing:
    case Screen::PrintProblem:
      // While the paper comes out the card is not needed, but a resident who takes it may be
      // leaving: the same countdown as elsewhere, and at its end the application is withdrawn
      // from the printer and kept for the counter.
      card_taken_away();
      return;
    case Screen::PlaceCard:
    case Screen::Paying:
    case Screen::Signing:  // the worker signing finds the card gone itself
    case Screen::Refunding:
      // The terminal is at work: the card is not needed; the screen after it decides.
      return;
  }
}

// The card came off the reader after its details were read (on a screen where the resident
// answers): everything stays, a dialog asks for the same card back.
void Session::card_taken_away() {
  card_connected_ = false;
  if (timer_.card_away()) return;
  timer_.card_taken_away(clock_());
  commands_.push_back(WaitForCardBack{});
}

void Session::handle(const CardBack& back) {
  if (!timer_.card_away()) return;
  timer_.card_back();
  if (back.same_card) {
    card_connected_ = true;
    timer_.active(clock_());  // the resident is back: the quiet period starts afresh
    return;
  }
  // Someone else's card: the resident who was here has gone; nothing of theirs stays.
  commands_.push_back(EndCard{});
  card_connected_ = false;
  resident_gone(Outcome::CardTakenAway);
  if (left_for_counter_.empty()) {
    notice_ = say("別のカードが置かれたので、前の方が入力した内容は消しました。");
  }
}

}  // namespace madoguchi::kiosk
