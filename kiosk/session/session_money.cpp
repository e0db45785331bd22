// The money: the print check that comes before it, the reception number, the payment and its
// retries, cash at the counter, and the refund after a print failure.
#include "madoguchi/kiosk/session.hpp"

#include <expected>
#include <string>
#include <utility>

namespace madoguchi::kiosk {

forms::FeeQuote Session::fee() const {
  if (procedure_ == nullptr) return {};
  return forms::quote_fee(*procedure_, visit_.answers);
}

void Session::pay() {
  if (screen_ != Screen::CheckAnswers && screen_ != Screen::PaymentProblem) return;
  if (timer_.card_away()) return;  // nothing is paid while the card dialog shows
  if (screen_ == Screen::CheckAnswers && procedure_ != nullptr) {
    // The procedures that usually follow this one are offered first; the ticked ones are
    // answered before anything is paid (session_bundle.cpp).
    if (!related_offers().empty()) {
      ticked_.clear();
      go(Screen::Related);
      return;
    }
    offers_decided_ = true;
    if (!visit_.queued.empty()) {
      next_in_bundle();
      return;
    }
    // Several applications are paid and printed together, on paper.
    if (!visit_.ready.empty()) delivery_chosen_ = true;
    // How it is handed in is settled first; a signed application is signed before any money.
    if (procedure_->hand_in == forms::HandIn::Either && !delivery_chosen_) {
      go(Screen::HandIn);
      return;
    }
    if (procedure_->hand_in == forms::HandIn::Signed) delivery_ = Delivery::Signed;
    if (delivery_ == Delivery::Signed && !application_signed_) {
      start_signature();
      return;
    }
  }
  proceed_to_payment();
}

void Session::proceed_to_payment() {
  go(Screen::Paying);
  if (print_check_ != PrintCheckState::Ok) {
    // Pay only once the form is known to print; the check answers in a fraction of a
    // second, and the payment starts by itself then.
    pay_when_checked_ = true;
    if (print_check_ == PrintCheckState::NotChecked) check_printable();
    return;
  }
  send_payment();
}

void Session::check_printable() {
  if (procedure_ == nullptr) return;
  // The real reception numbers are given when the fee is approved; one of the same width
  // stands in for the check.
  CheckPrintable check;
  for (const Paper& paper : papers()) {
    auto filled = fill_form(paper, "0000-000", clock_());
    if (!filled) {
      go_to_counter(
          say("申請書を作れませんでした。お金はかかっていません。係員にお声がけください。"));
      return;
    }
    check.forms.push_back(std::move(*filled));
    check.procedure_titles.push_back(paper.procedure->title);
    for (std::string& document :
         forms::documents_to_hand_in(*paper.procedure, forms::Language::Ja)) {
      check.to_hand_in.push_back(std::move(document));
    }
  }
  check.fee_yen = visit_fee_yen();
  check.check_id = ++check_id_;
  print_check_ = PrintCheckState::Pending;
  commands_.push_back(std::move(check));
}

void Session::handle(const PrintCheck& check) {
  if (print_check_ != PrintCheckState::Pending || check.check_id != check_id_) return;
  if (screen_ != Screen::Paying || !pay_when_checked_) {
    print_check_ = PrintCheckState::NotChecked;  // the resident went back: check again later
    pay_when_checked_ = false;
    return;
  }
  if (!check.ok) {
    print_check_ = PrintCheckState::NotChecked;
    pay_when_checked_ = false;
    // check.message (the renderer's reason) is for staff; the resident hears what to do.
    go_to_counter(
        say("この申請書には、機械では印刷できない文字か、欄に入りきらない内容があります。"
            "お金はかかっていません。窓口でお手続きください。"));
    return;
  }
  print_check_ = PrintCheckState::Ok;
  if (std::exchange(pay_when_checked_, false)) send_payment();
}

bool Session::take_reception_number() {
  for (const Paper& paper : papers()) {
    if (!paper.reception_number->empty()) continue;  // a retry keeps the number it was given
    auto number = reception_source_ ? reception_source_()
                                    : std::expected<std::string, std::string>(
                                          std::unexpected("no reception number source"));
    if (!number || number->empty()) {
      go_to_counter(
          say("受付番号を出せませんでした。お金はかかっていません。係員にお声がけください。"));
      return false;
    }
    *paper.reception_number = std::move(*number);
  }
  return true;
}

void Session::send_payment() {
  // The number the slip and the application carry is taken before any money moves: a store
  // that cannot give one sends the resident to the counter unpaid, never with a made-up one.
  if (!take_reception_number()) return;
  const int total_yen = visit_fee_yen();
  if (total_yen <= 0) {
    payment_ = PaymentDone{PaymentStatus::Approved, "手数料はかかりません", "", "", ""};
    start_printing();
    return;
  }
  // Each attempt is a new transaction for the payment desk, which makes its id and journals
  // it before the terminal is called; a retry after a failure is a new attempt.
  TakePayment command;
  command.attempt = ++payment_attempt_;
  command.amount_yen = total_yen;
  command.description = fee_description();
  command.reference = procedure_ ? procedure_->id : std::string{};
  cancelling_ = false;
  commands_.push_back(std::move(command));
}

std::string Session::fee_description() const {
  if (procedure_ == nullptr) return {};
  if (!visit_.ready.empty()) {  // "住民異動届（転入届） ほか2件": the terminal's receipt line
    const forms::Procedure& first = *visit_.ready.front().procedure;
    return first.title + " ほか" + std::to_string(visit_.ready.size()) + "件";
  }
  const auto quote = fee();
  return procedure_->title + (procedure_->fee.copies_question.empty()
                                  ? std::string{}
                                  : " " + std::to_string(quote.copies) + "通");
}

void Session::cancel_payment() {
  if (screen_ != Screen::Paying || cancelling_ || pay_when_checked_ || cash_requested_) return;
  cancelling_ = true;
  commands_.push_back(AbortPayment{});
}

void Session::pay_at_counter() {
  if (screen_ != Screen::PaymentProblem || procedure_ == nullptr) return;
  const int total_yen = visit_fee_yen();
  if (total_yen <= 0) return;
  cash_requested_ = true;
  go(Screen::Paying);
  commands_.push_back(PayAtCounter{total_yen, fee_description(), procedure_->id});
}

void Session::handle(const PaymentDone& paid) {
  if (screen_ != Screen::Paying) return;
  payment_ = paid;
  cancelling_ = false;
  cash_requested_ = false;
  switch (paid.status) {
    case PaymentStatus::Approved:
    case PaymentStatus::CashAtCounter:
      start_printing();
      return;
    case PaymentStatus::Unknown:
    case PaymentStatus::Timeout:
      // Money may have been taken: nothing is printed, and no new payment is offered (it
      // could charge twice). Staff settle it from the journal with the terminal.
      go_to_counter(say("{message}（取引番号 {id}）"),
                    {{"message", tr(paid.message)}, {"id", paid.payment_id}});
      return;
    default:
      go(Screen::PaymentProblem);
      notice_ = paid.message;
      return;
  }
}

void Session::retry() {
  switch (screen_) {
    case Screen::PaymentProblem:
      pay();
      return;
    case Screen::PrintProblem:
      start_printing();
      return;
    case Screen::EnterPin:
      return;
    default:
      return;
  }
}

// Only for a job the printer confirmed can no longer print: money and paper always agree.
bool Session::may_refund() const {
  return screen_ == Screen::PrintProblem && payment_.status == PaymentStatus::Approved &&
         !payment_.payment_id.empty() && print_refundable_;
}

void Session::refund() {
  if (!may_refund()) return;
  go(Screen::Refunding);
  commands_.push_back(RefundPayment{payment_.payment_id, reception_numbers()});
}

void Session::handle(const RefundDone& refunded) {
  if (screen_ != Screen::Refunding) return;
  if (refunded.refunded) {
    go_to_counter(refunded.message);
    outcome_ = Outcome::Refunded;
  } else {
    go(Screen::PrintProblem);  // the payment stands: its document at the counter
    notice_ = refunded.message;
  }
}

}  // namespace madoguchi::kiosk
