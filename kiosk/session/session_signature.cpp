// Submitting without paper: the way of handing in (paper, signed, or the resident's choice), the
// 署名用パスワード typed on the kiosk's keyboard, and the card's signature, made before any money
// is asked for. The password's last try is never spent (as with the PIN): the resident is sent to
// paper, or to the counter.
#include "madoguchi/kiosk/session.hpp"

#include <utility>

namespace madoguchi::kiosk {

void Session::choose_delivery(Delivery delivery) {
  if (screen_ != Screen::HandIn || procedure_ == nullptr) return;
  delivery_ = delivery;
  delivery_chosen_ = true;
  go(Screen::CheckAnswers);
  pay();
}

void Session::start_signature() {
  // The form carries the reception number: it is taken before the signature, and kept.
  if (!take_reception_number()) return;
  password_.wipe();
  sign_tries_left_ = -1;
  go(Screen::Signing);
  commands_.push_back(CheckSignature{});
}

void Session::press_password_key(char key) {
  if (screen_ != Screen::SignPassword) return;
  password_.push(key);
}

void Session::erase_password_key() {
  if (screen_ != Screen::SignPassword) return;
  password_.pop();
}

void Session::submit_password() {
  if (screen_ != Screen::SignPassword || procedure_ == nullptr) return;
  if (!password_.well_formed()) {
    // Nothing is sent: a password the card cannot have spends no try.
    notice_ = say("署名用パスワードは、英字と数字をまぜて6〜16文字です。");
    notice_values_.clear();
    return;
  }
  signed_at_ = clock_();
  // Signed applications go alone (a bundle is printed): this procedure's paper only.
  const Paper paper{procedure_, &visit_.answers, &visit_.my_number, &visit_.reception_number};
  auto filled = fill_form(paper, visit_.reception_number, signed_at_);
  if (!filled) {
    password_.wipe();
    go_to_counter(
        say("申請書を作れませんでした。お金はかかっていません。係員にお声がけください。"));
    return;
  }
  SignApplication command;
  command.password = std::move(password_);
  command.form = std::move(*filled);
  command.reception_number = visit_.reception_number;
  command.holder = visit_.identity;
  command.signing_time = signed_at_;
  go(Screen::Signing);
  commands_.push_back(std::move(command));
}

void Session::signature_refused(std::string reason) {
  password_.wipe();
  if (procedure_ != nullptr && procedure_->hand_in == forms::HandIn::Either) {
    // Paper is still open to them: back to the check screen, which says why.
    delivery_ = Delivery::Paper;
    delivery_chosen_ = true;
    go(Screen::CheckAnswers);
    notice_ = std::move(reason);
    return;
  }
  go_to_counter(std::move(reason));
}

void Session::handle(const SigningNews& news) {
  if (screen_ != Screen::Signing) return;
  switch (news.outcome) {
    case SigningOutcome::Ready:
      if (news.tries_left <= 1) {
        signature_refused(
            say("署名用パスワードは、あと1回まちがえるとロックされます。この機械では署名しません。"
                "紙で出すか、窓口でお手続きください。お金はかかっていません。"));
        return;
      }
      sign_tries_left_ = news.tries_left;
      go(Screen::SignPassword);
      return;
    case SigningOutcome::Signed:
      application_signed_ = true;
      proceed_to_payment();
      return;
    case SigningOutcome::WrongPassword:
      sign_tries_left_ = news.tries_left;
      if (news.tries_left <= 1) {
        signature_refused(
            say("署名用パスワードがちがいます。あと1回まちがえるとロックされるため、"
                "この機械では署名しません。お金はかかっていません。"));
        return;
      }
      go(Screen::SignPassword);
      notice_ = say("署名用パスワードがちがいます。あと{tries}回まちがえるとロックされます。");
      notice_values_ = {{"tries", std::to_string(news.tries_left)}};
      return;
    case SigningOutcome::LastTry:
      signature_refused(
          say("署名用パスワードは、あと1回まちがえるとロックされます。この機械では署名しません。"
              "紙で出すか、窓口でお手続きください。お金はかかっていません。"));
      return;
    case SigningOutcome::NotThisCard:
      password_.wipe();
      go_to_counter(
          say("はじめに読んだカードと違うカードです。お金はかかっていません。"
              "係員にお声がけください。"));
      return;
    case SigningOutcome::NoSignature:
      signature_refused(
          say("このカードでは電子署名ができません（署名用電子証明書がないか、使えません）。"
              "お金はかかっていません。"));
      return;
    case SigningOutcome::Unavailable:
      signature_refused(say("この機械では、いま電子署名ができません。お金はかかっていません。"));
      return;
    case SigningOutcome::Failed:
      signature_refused(say("電子署名ができませんでした。お金はかかっていません。"));
      return;
  }
}

}  // namespace madoguchi::kiosk
