// The town's numbers: each procedure's end becomes one anonymous RecordVisit — the procedure, how
// and where it ended, the time it took, the language and view, a volunteer or not, the fee kept
// and how it was paid. Noted when the outcome is known (before the screen and view are reset),
// sent when the procedure is wiped.
#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk {

void Session::conclude(Outcome outcome) {
  outcome_ = outcome;
  if (procedure_ == nullptr || ending_) return;
  RecordVisit r;
  r.started = procedure_started_;
  r.ended = clock_();
  r.procedure_id = procedure_->id;
  r.outcome = std::string(outcome_name(outcome));
  r.ended_screen = std::string(screen_id(screen_));
  r.ended_step = step_number();
  r.language = view_.translations().languages().at(view_.language()).code;
  if (view_.large_text()) r.view_options.emplace_back("large_text");
  if (view_.high_contrast()) r.view_options.emplace_back("high_contrast");
  r.assisted = sign_in_.assisting();
  ending_ = std::move(r);
}

void Session::send_visit_record() {
  if (!ending_) return;
  RecordVisit r = std::move(*ending_);
  ending_.reset();
  // The outcome may have changed since (paid, not printed, then given back).
  r.outcome = std::string(outcome_name(outcome_));
  const bool refunded = outcome_ == Outcome::Refunded;
  if (refunded || fee().total_yen <= 0) {
    r.payment = "none";  // given back, or nothing to pay
  } else if (payment_.status == PaymentStatus::Approved) {
    r.payment = payment_.method.empty() ? "card" : payment_.method;
  } else if (payment_.status == PaymentStatus::CashAtCounter) {
    r.payment = "cash_at_counter";
  } else {
    r.payment = "none";
  }
  r.fee_yen = r.payment == "none" ? 0 : fee().total_yen;
  commands_.push_back(std::move(r));
}

}  // namespace madoguchi::kiosk
