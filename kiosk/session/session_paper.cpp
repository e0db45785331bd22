// The paper: the form filled and printed, the printer's progress, the print problem screen, and
// the applications a crash left for the counter.
#include "madoguchi/kiosk/session.hpp"

#include "madoguchi/text/japanese_date.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <utility>

namespace madoguchi::kiosk {

namespace {

// The slip's 受付日時 in Japan's time, the date as on the forms: "令和8年12月2日 7:05".
std::string format_japan_time(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when + std::chrono::hours(9));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char clock[16];
  std::snprintf(clock, sizeof clock, "%d:%02d", tm.tm_hour, tm.tm_min);
  const auto date = text::to_wareki(text::civil_date_in_japan(when));
  return date.value_or("") + " " + clock;
}

}  // namespace

std::expected<forms::FilledForm, std::string> Session::fill_form(
    const Paper& paper, const std::string& reception_number,
    std::chrono::system_clock::time_point when) const {
  // The 個人番号 read with the resident's consent goes to the form's cells only, in a wiping
  // string for the call.
  const card::MyNumber* my_number = paper.my_number->get();
  if (my_number == nullptr) {
    return forms::fill_form(*paper.procedure, visit_.facts(), *paper.answers, reception_number,
                            when, office_);
  }
  const wiping::WipingString digits =
      my_number->reveal([](std::string_view revealed) { return wiping::WipingString(revealed); });
  return forms::fill_form(*paper.procedure, visit_.facts(), *paper.answers, reception_number, when,
                          office_, &digits);
}

void Session::start_printing() {
  if (procedure_ == nullptr) return;
  if (!take_reception_number()) return;
  // A signed application is the one signed: the same date on it.
  const auto now = application_signed_ ? signed_at_ : clock_();
  PrintDocuments command;
  for (const Paper& paper : papers()) {
    auto filled = fill_form(paper, *paper.reception_number, now);
    if (!filled) {
      // A broken layout must never block a paid resident: send to the counter
      // with the reception number so the clerk can finish by hand.
      go_to_counter(say("申請書を作れませんでした。受付番号 {number} を係員にお伝えください。"),
                    {{"number", *paper.reception_number}});
      return;
    }
    ApplicationToPrint application;
    application.form = std::move(*filled);
    application.my_number = *paper.my_number;  // a MyNumber of the command's own, wiped with it
    application.reception_number = *paper.reception_number;
    application.procedure_id = paper.procedure->id;
    application.procedure_title = paper.procedure->title;
    application.fee_yen = forms::quote_fee(*paper.procedure, *paper.answers).total_yen;
    application.to_hand_in = forms::documents_to_hand_in(*paper.procedure, forms::Language::Ja);
    command.applications.push_back(std::move(application));
  }
  command.signed_application = application_signed_;
  command.payment_id = payment_.payment_id;
  command.pay_at_counter = paying_at_counter();
  command.fee_paid_yen = visit_fee_yen();
  command.payment_method = payment_.method_used;
  command.issued_at = format_japan_time(now);
  go(Screen::Printing);
  commands_.push_back(std::move(command));
}

void Session::handle(const PrintProgressNote& progress) {
  if (screen_ != Screen::Printing) return;
  // Shown under the spinner; a held job resumes by itself once staff refill or clear it.
  notice_ = progress.waiting_for_staff ? progress.message : std::string{};
  notice_values_.clear();
}

void Session::handle(const PrintDone& printed) {
  if (screen_ != Screen::Printing) return;
  if (printed.ok) {
    conclude(Outcome::Printed);
    ++visit_.procedures_done;
    // Kept for another procedure of this visit; erased when the card is taken.
    if (procedure_ != nullptr) forms::share_answers(*procedure_, visit_.answers, visit_.shared);
    if (timer_.card_away()) {
      // The card was taken while the paper came out: nothing to wait for; the take-card
      // screen ends the session once the reader is found empty.
      timer_.card_back();
      commands_.push_back(StopWaitingForCard{});
      commands_.push_back(EndCard{});
      card_connected_ = false;
    }
    if (card_connected_) {
      commands_.push_back(EndCard{});
      card_connected_ = false;
    }
    go(Screen::TakeCard);
  } else {
    print_refundable_ = printed.refundable;
    go(Screen::PrintProblem);  // a card-back dialog open stays open
    notice_ = printed.message;
  }
}

void Session::collect_at_counter() {
  if (screen_ != Screen::PrintProblem) return;
  // Withdrawn from the printer even when unpaid (cash, free): the paper must not come out later
  // for whoever stands there.
  const std::vector<std::string> numbers = reception_numbers();
  commands_.push_back(HandToCounter{
      payment_.status == PaymentStatus::Approved ? payment_.payment_id : std::string{}, numbers});
  go_to_counter(say("受付番号 {number} を窓口でお伝えください。お支払いは済んでいます。"),
                {{"number", number_list(numbers)}});
}

void Session::handle(const KeptForCounter& kept) {
  if (screen_ != Screen::Welcome || visit_.in_visit || kept.reception_numbers.empty()) return;
  notice_ =
      say("受付番号 {number} "
          "の申請は保存されています。お支払いも済んでいます。申請書は窓口でお渡しします。");
  notice_values_ = {{"number", number_list(kept.reception_numbers)}};
}

std::string Session::number_list(const std::vector<std::string>& numbers) {
  std::string listed;
  for (const std::string& n : numbers) listed += (listed.empty() ? "" : "、") + n;
  return listed;
}

std::string Session::hand_in_instruction() const {
  if (application_signed_) {
    return say("申請書は電子署名をつけて窓口へ送りました。お控えを持って、窓口でお待ちください。");
  }
  if (procedure_ != nullptr && procedure_->needs_signature) {
    return say(
        "印刷された申請書の「自署」の欄にお名前を書いて、お控えと一緒に窓口へお出しください。");
  }
  return say("印刷された申請書を、お控えと一緒に窓口へお出しください。");
}

}  // namespace madoguchi::kiosk
