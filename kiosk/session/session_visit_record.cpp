// The town's numbers: each procedure's end becomes one anonymous RecordVisit — the procedure, how
// and where it ended, the time it took, the language and view, a volunteer or not, the fee kept
// and how it was paid. A bundle (procedures paid together) gives one for each of its procedures.
// Noted when the outcome is known (before the screen and view are reset), sent when the
// procedure is wiped.
#include "madoguchi/kiosk/session.hpp"

namespace madoguchi::kiosk {

void Session::conclude(Outcome outcome) {
  outcome_ = outcome;
  if (procedure_ == nullptr || !endings_.empty()) return;
  const auto record = [&](const forms::Procedure& procedure, const forms::Answers& answers,
                          std::chrono::system_clock::time_point started) {
    RecordVisit r;
    r.started = started;
    r.ended = clock_();
    r.procedure_id = procedure.id;
    r.outcome = std::string(outcome_name(outcome));
    r.ended_screen = std::string(screen_id(screen_));
    r.ended_step = step_number();
    r.language = view_.translations().languages().at(view_.language()).code;
    if (view_.large_text()) r.view_options.emplace_back("large_text");
    if (view_.high_contrast()) r.view_options.emplace_back("high_contrast");
    r.assisted = sign_in_.assisting();
    r.fee_yen = forms::quote_fee(procedure, answers).total_yen;  // settled when sent
    endings_.push_back(std::move(r));
  };
  for (const ReadyApplication& ready : visit_.ready) {
    record(*ready.procedure, ready.answers, ready.started);
  }
  record(*procedure_, visit_.answers, procedure_started_);
}

void Session::send_visit_record() {
  for (RecordVisit& r : endings_) {
    // The outcome may have changed since (paid, not printed, then given back).
    r.outcome = std::string(outcome_name(outcome_));
    const bool refunded = outcome_ == Outcome::Refunded;
    if (refunded || r.fee_yen <= 0) {
      r.payment = "none";  // given back, or nothing to pay
    } else if (payment_.status == PaymentStatus::Approved) {
      r.payment = payment_.method.empty() ? "card" : payment_.method;
    } else if (payment_.status == PaymentStatus::CashAtCounter) {
      r.payment = "cash_at_counter";
    } else {
      r.payment = "none";
    }
    if (r.payment == "none") r.fee_yen = 0;
    commands_.push_back(std::move(r));
  }
  endings_.clear();
}

}  // namespace madoguchi::kiosk
