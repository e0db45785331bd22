#include "madoguchi/kiosk/session.hpp"

#include "madoguchi/forms/japanese_date.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
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
  const auto date = forms::to_wareki(forms::civil_date_in_japan(when));
  return date.value_or("") + " " + clock;
}

}  // namespace

std::string_view screen_id(Screen screen) {
  switch (screen) {
    case Screen::Welcome:
      return "welcome";
    case Screen::PlaceCard:
      return "place_card";
    case Screen::CheckingCard:
      return "checking_card";
    case Screen::EnterPin:
      return "enter_pin";
    case Screen::ReadingCard:
      return "reading_card";
    case Screen::ConfirmIdentity:
      return "confirm_identity";
    case Screen::Question:
      return "question";
    case Screen::CheckAnswers:
      return "check_answers";
    case Screen::Paying:
      return "paying";
    case Screen::PaymentProblem:
      return "payment_problem";
    case Screen::Printing:
      return "printing";
    case Screen::PrintProblem:
      return "print_problem";
    case Screen::Refunding:
      return "refunding";
    case Screen::TakeCard:
      return "take_card";
    case Screen::Counter:
      return "counter";
  }
  return "unknown";
}

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::InProgress:
      return "in_progress";
    case Outcome::Printed:
      return "printed";
    case Outcome::Cancelled:
      return "cancelled";
    case Outcome::SentToCounter:
      return "sent_to_counter";
    case Outcome::TimedOut:
      return "timed_out";
    case Outcome::CardTakenAway:
      return "card_taken_away";
    case Outcome::Refunded:
      return "refunded";
  }
  return "unknown";
}

std::string_view command_name(const Command& command) {
  struct Namer {
    std::string_view operator()(const ConnectCard&) const { return "connect_card"; }
    std::string_view operator()(const VerifyPinAndRead&) const { return "verify_pin_and_read"; }
    std::string_view operator()(const TakePayment&) const { return "take_payment"; }
    std::string_view operator()(const PrintDocuments&) const { return "print_documents"; }
    std::string_view operator()(const CheckPrintable&) const { return "check_printable"; }
    std::string_view operator()(const EndCard&) const { return "end_card"; }
    std::string_view operator()(const StopWaitingForCard&) const { return "stop_waiting_for_card"; }
    std::string_view operator()(const WaitForCardBack&) const { return "wait_for_card_back"; }
    std::string_view operator()(const AbortPayment&) const { return "abort_payment"; }
    std::string_view operator()(const PayAtCounter&) const { return "pay_at_counter"; }
    std::string_view operator()(const HandToCounter&) const { return "hand_to_counter"; }
    std::string_view operator()(const RefundPayment&) const { return "refund_payment"; }
    std::string_view operator()(const ResidentLeft&) const { return "resident_left"; }
  };
  return std::visit(Namer{}, command);
}

Session::Session(std::vector<forms::Procedure> catalogue)
    : catalogue_(std::move(catalogue)), clock_([] { return std::chrono::system_clock::now(); }) {}

void Session::set_reception_number_source(ReceptionNumberSource source) {
  reception_source_ = std::move(source);
}

void Session::set_clock(std::function<std::chrono::system_clock::time_point()> clock) {
  clock_ = std::move(clock);
  last_activity_ = clock_();
}

std::vector<Command> Session::take_commands() { return std::exchange(commands_, {}); }

void Session::go(Screen screen) {
  screen_ = screen;
  notice_.clear();
  notice_values_.clear();
  // A new screen starts the quiet period afresh (a card read or a payment may take a while).
  last_activity_ = clock_ ? clock_() : std::chrono::system_clock::now();
  idle_warning_ = false;
}

// Screens where a resident who walked away is erased: every screen that holds their data.
// Not while the card is read, the terminal takes the payment or the money is given back (the
// devices answer within their own limits), nor on the welcome screen unless a visit holds the
// resident's details. Printing and the print problem included: a job held for paper must not
// come out later for whoever stands there, so the resident's leaving withdraws it.
bool Session::idle_applies() const {
  if (card_away_) return false;  // the card dialog has its own time limit
  switch (screen_) {
    case Screen::Welcome:
      return in_visit_;
    case Screen::PlaceCard:
    case Screen::EnterPin:
    case Screen::ConfirmIdentity:
    case Screen::Question:
    case Screen::CheckAnswers:
    case Screen::PaymentProblem:
    case Screen::TakeCard:
    case Screen::Counter:
    case Screen::Printing:
    case Screen::PrintProblem:
      return true;
    case Screen::CheckingCard:
    case Screen::ReadingCard:
    case Screen::Paying:
    case Screen::Refunding:
      return false;
  }
  return false;
}

void Session::touched() {
  // While the countdown shows, only 続ける closes it: a tap elsewhere must not fall through
  // to a button under the dialog (支払う, 変更…) once the dialog is gone.
  if (!idle_warning_) last_activity_ = clock_();
}

void Session::keep_going() {
  idle_warning_ = false;
  last_activity_ = clock_();
}

int Session::idle_seconds_left() const {
  if (!idle_warning_) return -1;
  const auto left =
      idle_.countdown - std::chrono::duration_cast<std::chrono::seconds>(clock_() - warning_since_);
  return static_cast<int>(std::max<std::chrono::seconds::rep>(0, left.count()));
}

int Session::card_back_seconds_left() const {
  if (!card_away_) return -1;
  const auto left = idle_.card_back -
                    std::chrono::duration_cast<std::chrono::seconds>(clock_() - card_away_since_);
  return static_cast<int>(std::max<std::chrono::seconds::rep>(0, left.count()));
}

// The card came off the reader after its details were read (on a screen where the resident
// answers): everything stays, a dialog asks for the same card back.
void Session::card_taken_away() {
  card_connected_ = false;
  if (card_away_) return;
  card_away_ = true;
  card_away_since_ = clock_();
  idle_warning_ = false;
  shown_seconds_left_ = card_back_seconds_left();
  commands_.push_back(WaitForCardBack{});
}

void Session::set_roster(CodePad which, Roster roster, CodeLockout lockout) {
  pad(which).roster = std::make_shared<const Roster>(std::move(roster));
  pad(which).lockout = std::move(lockout);
}

bool Session::pad_available(CodePad which) const { return !pad(which).roster->empty(); }

void Session::check_code(CodePad which, std::string code) {
  const auto now = clock_();
  last_activity_ = now;
  const bool staff_may = which != CodePad::Staff || (screen_ == Screen::Welcome && !in_visit_);
  if (checking_.valid()) {
    wiping::wipe(code);
    return;  // one check at a time: the pad waits for the answer
  }
  if (!pad_available(which) || !staff_may) {
    wiping::wipe(code);
    code_answer_ = CodeAnswer::NoRoster;
    return;
  }
  if (pad(which).lockout.locked(now)) {
    wiping::wipe(code);
    code_answer_ = CodeAnswer::Locked;
    return;
  }
  checking_pad_ = which;
  checking_ = std::async(std::launch::async,
                         [roster = pad(which).roster, code = std::move(code)]() mutable {
                           auto found = roster->match(code);
                           wiping::wipe(code);
                           return found;
                         });
}

bool Session::take_code_check() {
  if (!checking_.valid() ||
      checking_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    return false;
  }
  auto found = checking_.get();
  Pad& checked = pad(checking_pad_);
  const auto now = clock_();
  if (found) {
    checked.lockout.right_code();
    code_answer_ = CodeAnswer::Accepted;
    if (checking_pad_ == CodePad::Volunteer) {
      volunteer_ = std::move(*found);
      large_text_ = true;
    } else if (screen_ == Screen::Welcome && !in_visit_) {
      staff_ = std::move(*found);
    }
  } else {
    code_answer_ = checked.lockout.wrong_code(now) ? CodeAnswer::Locked : CodeAnswer::WrongCode;
  }
  last_activity_ = now;
  return true;
}

int Session::code_lock_seconds_left(CodePad which) const {
  return pad(which).lockout.seconds_left(clock_());
}

void Session::close_staff_menu() { staff_ = RosterEntry{}; }

void Session::stop_kiosk() {
  if (staff_menu_open()) stopped_by_ = staff_.id;
  staff_ = RosterEntry{};
}

void Session::end_assist() {
  volunteer_ = RosterEntry{};
  large_text_ = false;
}

bool Session::may_jump() const {
  // Only once the resident has confirmed the card's details themselves.
  if (!assisting() || card_away_ || procedure_ == nullptr || !identity_confirmed_) return false;
  switch (screen_) {
    case Screen::ConfirmIdentity:
    case Screen::Question:
    case Screen::CheckAnswers:
    case Screen::PaymentProblem:
      return true;
    default:
      return false;
  }
}

bool Session::may_jump_to_check() const {
  if (!may_jump()) return false;
  for (const forms::Question* q : questions()) {
    const auto it = answers_.find(q->id);
    if (it == answers_.end()) {
      if (!q->required) continue;
      return false;
    }
    if (!forms::is_well_formed_answer(*q, it->second)) return false;
  }
  return true;
}

void Session::jump_to_identity() {
  if (!may_jump()) return;
  return_to_check_ = false;
  go(Screen::ConfirmIdentity);
}

void Session::jump_to_question(std::size_t index) {
  if (!may_jump() || index >= questions().size()) return;
  question_ = index;
  return_to_check_ = false;
  print_check_ = PrintCheckState::NotChecked;
  go(Screen::Question);
}

void Session::jump_to_check() {
  if (!may_jump_to_check()) return;
  return_to_check_ = false;
  print_check_ = PrintCheckState::NotChecked;
  go(Screen::CheckAnswers);
}

void Session::give_up_waiting_for_card() {
  if (!card_away_) return;
  card_away_ = false;
  commands_.push_back(StopWaitingForCard{});
  resident_gone(Outcome::CardTakenAway);
}

void Session::resident_gone(Outcome outcome) {
  std::string kept;
  const bool paid = payment_.status == PaymentStatus::Approved && !payment_.payment_id.empty();
  if ((screen_ == Screen::Printing || screen_ == Screen::PrintProblem) &&
      !reception_number_.empty()) {
    commands_.push_back(
        ResidentLeft{reception_number_, paid ? payment_.payment_id : std::string{}});
    kept = reception_number_;  // a reception number is not personal: the slip's only link
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

bool Session::tick() {
  if (take_code_check()) return true;  // a code pad's answer: the pad redraws
  if (staff_menu_open() && clock_() - last_activity_ >= kStaffMenuTimeout) {
    close_staff_menu();
    return true;
  }
  if (card_away_) {
    if (clock_() - card_away_since_ >= idle_.card_back) {
      give_up_waiting_for_card();  // gone with the card: erased, as on the idle time-out
      return true;
    }
    const int left = card_back_seconds_left();
    if (left == shown_seconds_left_) return false;
    shown_seconds_left_ = left;
    return true;
  }
  if (!idle_applies()) {
    const bool was_warning = idle_warning_;
    idle_warning_ = false;
    return was_warning;
  }
  const auto now = clock_();
  if (!idle_warning_) {
    if (now - last_activity_ < idle_.quiet) return false;
    idle_warning_ = true;
    warning_since_ = now;
    shown_seconds_left_ = idle_seconds_left();
    return true;
  }
  if (now - warning_since_ >= idle_.countdown) {
    idle_warning_ = false;
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
  const int left = idle_seconds_left();
  if (left == shown_seconds_left_) return false;
  shown_seconds_left_ = left;
  return true;
}

namespace {

// Answers typed on a keyboard (dates, postal codes, phones, kana, text), normalised on 次へ.
bool is_typed(const forms::Question& question) {
  using K = forms::QuestionKind;
  return question.kind != K::Number && question.kind != K::Choice && question.kind != K::YesNo;
}

}  // namespace

std::vector<const forms::Question*> Session::summary_questions() const {
  if (procedure_ == nullptr) return {};
  return forms::questions_to_ask(*procedure_, answers_);
}

std::vector<const forms::Question*> Session::questions() const {
  auto list = summary_questions();
  std::erase_if(list, [this](const forms::Question* q) { return carried_.contains(q->id); });
  return list;
}

bool Session::carried_from_earlier(std::string_view question_id) const {
  return carried_.contains(question_id);
}

const forms::Question* Session::current_question() const {
  const auto list = questions();
  if (screen_ != Screen::Question || question_ >= list.size()) return nullptr;
  return list[question_];
}

std::string Session::current_answer() const {
  const auto* q = current_question();
  if (q == nullptr) return {};
  const auto it = answers_.find(q->id);
  return it == answers_.end() ? std::string{} : it->second;
}

forms::FeeQuote Session::fee() const {
  if (procedure_ == nullptr) return {};
  return forms::quote_fee(*procedure_, answers_);
}

// Confirm identity, the questions, and check answers (with the fee and the pay button).
int Session::step_count() const { return static_cast<int>(questions().size()) + 2; }

int Session::step_number() const {
  switch (screen_) {
    case Screen::ConfirmIdentity:
      return 1;
    case Screen::Question:
      return static_cast<int>(question_) + 2;
    case Screen::CheckAnswers:
    case Screen::Paying:
    case Screen::PaymentProblem:
      return step_count();
    default:
      return 0;
  }
}

std::size_t Session::question_index(std::string_view id) const {
  const auto list = questions();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i]->id == id) return i;
  }
  return list.size();
}

void Session::choose_procedure(std::string_view procedure_id) {
  if (screen_ != Screen::Welcome) return;
  left_for_counter_.clear();
  const auto it = std::find_if(catalogue_.begin(), catalogue_.end(),
                               [&](const forms::Procedure& p) { return p.id == procedure_id; });
  if (it == catalogue_.end()) return;
  procedure_ = &*it;
  answers_ = forms::default_answers(*procedure_);
  outcome_ = Outcome::InProgress;
  if (in_visit_) {
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

void Session::confirm_identity() {
  if (screen_ != Screen::ConfirmIdentity) return;
  if (procedure_ != nullptr) {  // answers the card already gives (procedure "prefill")
    answers_ = forms::prefill_answers(*procedure_, resident_facts(), answers_);
    // ... and those given for an earlier procedure of this visit, which are not asked again.
    carried_.clear();
    for (const forms::Question& q : procedure_->questions) {
      if (!forms::answered_earlier_in_visit(q, shared_)) continue;
      answers_[q.id] = shared_.at(q.share_as);
      carried_.insert(q.id);
    }
  }
  question_ = 0;
  return_to_check_ = false;
  identity_confirmed_ = true;
  go(questions().empty() ? Screen::CheckAnswers : Screen::Question);
}

void Session::set_answer(std::string value) {
  const auto* q = current_question();
  if (q == nullptr || !forms::may_change_answer(*q)) return;
  answers_[q->id] = std::move(value);
  notice_.clear();
  notice_values_.clear();
}

void Session::next() {
  switch (screen_) {
    case Screen::ConfirmIdentity:
      confirm_identity();
      return;
    case Screen::Question: {
      const auto* q = current_question();
      if (q == nullptr) return;
      if (!is_typed(*q)) {
        const forms::AnswerContext context{procedure_language(),
                                           forms::civil_date_in_japan(clock_())};
        if (const auto error = forms::validate_answer(*q, current_answer(), context)) {
          notice_ = *error;
          return;
        }
      } else {
        // What was typed ("昭和55年2月17日", "123-4567", "やまだ") becomes the stored answer.
        const forms::AnswerContext context{procedure_language(),
                                           forms::civil_date_in_japan(clock_())};
        auto stored = forms::normalize_answer(*q, current_answer(), context);
        if (!stored) {
          notice_ = stored.error();
          return;
        }
        if (forms::may_change_answer(*q)) answers_[q->id] = std::move(*stored);
      }
      const auto count = questions().size();
      if (return_to_check_ || question_ + 1 >= count) {
        return_to_check_ = false;
        go(Screen::CheckAnswers);
      } else {
        ++question_;
        go(Screen::Question);
      }
      return;
    }
    case Screen::CheckAnswers:
      pay();
      return;
    default:
      return;
  }
}

void Session::back() {
  switch (screen_) {
    case Screen::PlaceCard:
      commands_.push_back(StopWaitingForCard{});
      end_session(Outcome::Cancelled);
      return;
    case Screen::ConfirmIdentity:
      if (in_visit_) {  // back to this visit's list of procedures, the card still read
        wipe_procedure();
        go(Screen::Welcome);
        return;
      }
      end_session(Outcome::Cancelled);
      return;
    case Screen::EnterPin:
      end_session(Outcome::Cancelled);
      return;
    case Screen::Question:
      if (return_to_check_) {
        return_to_check_ = false;
        go(Screen::CheckAnswers);
      } else if (question_ == 0) {
        go(Screen::ConfirmIdentity);
      } else {
        --question_;
        go(Screen::Question);
      }
      return;
    case Screen::CheckAnswers: {
      const auto count = questions().size();
      if (count == 0) {
        go(Screen::ConfirmIdentity);
      } else {
        question_ = count - 1;
        go(Screen::Question);
      }
      return;
    }
    case Screen::PaymentProblem:
      go(Screen::CheckAnswers);
      return;
    default:
      return;
  }
}

void Session::change(std::string_view question_id) {
  if (screen_ != Screen::CheckAnswers) return;
  // A carried answer the resident wants to change is asked in this procedure from now on.
  if (const auto carried = carried_.find(question_id); carried != carried_.end()) {
    carried_.erase(carried);
  }
  const auto index = question_index(question_id);
  if (index >= questions().size()) return;
  question_ = index;
  return_to_check_ = true;
  print_check_ = PrintCheckState::NotChecked;  // the form will change: draw it again
  go(Screen::Question);
}

void Session::pay() {
  if (screen_ != Screen::CheckAnswers && screen_ != Screen::PaymentProblem) return;
  if (card_away_) return;  // nothing is paid while the card dialog shows
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

bool Session::take_reception_number() {
  if (!reception_number_.empty()) return true;  // a retry keeps the number it was given
  auto number =
      reception_source_
          ? reception_source_()
          : std::expected<std::string, std::string>(std::unexpected("no reception number source"));
  if (!number || number->empty()) {
    go_to_counter(
        say("受付番号を出せませんでした。お金はかかっていません。係員にお声がけください。"));
    return false;
  }
  reception_number_ = std::move(*number);
  return true;
}

void Session::send_payment() {
  // The number the slip and the application carry is taken before any money moves: a store
  // that cannot give one sends the resident to the counter unpaid, never with a made-up one.
  if (!take_reception_number()) return;
  const auto quote = fee();
  if (quote.total_yen <= 0) {
    payment_ = PaymentDone{PaymentStatus::Approved, "手数料はかかりません", "", "", ""};
    start_printing();
    return;
  }
  // Each attempt is a new transaction for the payment desk, which makes its id and journals
  // it before the terminal is called; a retry after a failure is a new attempt.
  TakePayment command;
  command.attempt = ++payment_attempt_;
  command.amount_yen = quote.total_yen;
  command.description = fee_description();
  command.reference = procedure_ ? procedure_->id : std::string{};
  cancelling_ = false;
  commands_.push_back(std::move(command));
}

std::string Session::fee_description() const {
  if (procedure_ == nullptr) return {};
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
  const auto quote = fee();
  if (quote.total_yen <= 0) return;
  cash_requested_ = true;
  go(Screen::Paying);
  commands_.push_back(PayAtCounter{quote.total_yen, fee_description(), procedure_->id});
}

// Only for a job the printer confirmed can no longer print: money and paper always agree.
bool Session::may_refund() const {
  return screen_ == Screen::PrintProblem && payment_.status == PaymentStatus::Approved &&
         !payment_.payment_id.empty() && print_refundable_;
}

void Session::collect_at_counter() {
  if (screen_ != Screen::PrintProblem) return;
  // Withdrawn from the printer even when unpaid (cash, free): the paper must not come out later
  // for whoever stands there.
  commands_.push_back(HandToCounter{
      payment_.status == PaymentStatus::Approved ? payment_.payment_id : std::string{},
      reception_number_});
  go_to_counter(say("受付番号 {number} を窓口でお伝えください。お支払いは済んでいます。"),
                {{"number", reception_number_}});
}

void Session::refund() {
  if (!may_refund()) return;
  go(Screen::Refunding);
  commands_.push_back(RefundPayment{payment_.payment_id, reception_number_});
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

void Session::set_translations(std::shared_ptr<const Translations> translations) {
  if (translations) translations_ = std::move(translations);
  language_ = 0;
}

void Session::set_language(std::size_t index) {
  if (index < translations_->languages().size()) language_ = index;
}

forms::Language Session::procedure_language() const {
  return translations_->languages().at(language_).procedures;
}

std::string Session::tr(std::string_view japanese, const Placeholders& placeholders) const {
  return translations_->text(language_, japanese, placeholders);
}

std::string Session::notice() const { return tr(notice_, notice_values_); }

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
  if (screen_ != Screen::TakeCard || identity_.name.empty()) return;
  wipe_procedure();
  in_visit_ = true;
  go(Screen::Welcome);
}

void Session::end_visit() {
  if (screen_ != Screen::Welcome || !in_visit_) return;
  wipe();
  go(Screen::Welcome);
}

void Session::time_out() {
  if (screen_ == Screen::Welcome) return;
  resident_gone(Outcome::TimedOut);
}

void Session::end_session(Outcome outcome) {
  outcome_ = outcome;
  pin_.wipe();
  identity_.wipe();
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
  card_away_ = false;
  volunteer_ = RosterEntry{};  // assist mode ends with the session; the lock-out stays
  staff_ = RosterEntry{};
  language_ = 0;  // the next resident starts in Japanese, with the usual screen
  large_text_ = false;
  high_contrast_ = false;
  identity_.wipe();
  for (auto& [name, value] : shared_) wiping::wipe(value);
  shared_.clear();
  in_visit_ = false;
  procedures_done_ = 0;
  wipe_procedure();
}

void Session::wipe_procedure() {
  pin_.wipe();
  identity_confirmed_ = false;
  carried_.clear();
  for (auto& [id, value] : answers_) wiping::wipe(value);
  answers_.clear();
  procedure_ = nullptr;
  question_ = 0;
  return_to_check_ = false;
  tries_left_ = -1;
  wiping::wipe(reception_number_);
  payment_ = {};
  print_refundable_ = false;
  cancelling_ = false;
  cash_requested_ = false;
  notice_.clear();
  notice_values_.clear();
  print_check_ = PrintCheckState::NotChecked;
  pay_when_checked_ = false;
}

std::expected<forms::FilledForm, std::string> Session::fill_form(
    const std::string& reception_number, std::chrono::system_clock::time_point when) const {
  return forms::fill_form(*procedure_, resident_facts(), answers_, reception_number, when, office_);
}

void Session::check_printable() {
  if (procedure_ == nullptr) return;
  // The real reception number is given when the fee is approved; one of the same width
  // stands in for the check.
  auto filled = fill_form("0000-000", clock_());
  if (!filled) {
    go_to_counter(
        say("申請書を作れませんでした。お金はかかっていません。係員にお声がけください。"));
    return;
  }
  print_check_ = PrintCheckState::Pending;
  commands_.push_back(
      CheckPrintable{std::move(*filled), procedure_->title, fee().total_yen, ++check_id_});
}

void Session::start_printing() {
  if (procedure_ == nullptr) return;
  if (!take_reception_number()) return;
  const auto now = clock_();
  auto filled = fill_form(reception_number_, now);
  if (!filled) {
    // A broken layout must never block a paid resident: send to the counter
    // with the reception number so the clerk can finish by hand.
    go_to_counter(say("申請書を作れませんでした。受付番号 {number} を係員にお伝えください。"),
                  {{"number", reception_number_}});
    return;
  }
  PrintDocuments command;
  command.form = std::move(*filled);
  command.payment_id = payment_.payment_id;
  command.pay_at_counter = paying_at_counter();
  command.reception_number = reception_number_;
  command.procedure_id = procedure_->id;
  command.procedure_title = procedure_->title;
  command.fee_paid_yen = fee().total_yen;
  command.payment_method = payment_.method_used;
  command.issued_at = format_japan_time(now);
  go(Screen::Printing);
  commands_.push_back(std::move(command));
}

void Session::on(const DeviceEvent& event) {
  if (const auto* kept = std::get_if<KeptForCounter>(&event)) {
    if (screen_ != Screen::Welcome || in_visit_ || kept->reception_numbers.empty()) return;
    std::string numbers;
    for (const auto& n : kept->reception_numbers) numbers += (numbers.empty() ? "" : "、") + n;
    notice_ =
        say("受付番号 {number} "
            "の申請は保存されています。お支払いも済んでいます。申請書は窓口でお渡しします。");
    notice_values_ = {{"number", numbers}};
    return;
  }
  if (const auto* ready = std::get_if<CardReady>(&event)) {
    if (screen_ != Screen::PlaceCard && screen_ != Screen::CheckingCard) return;
    card_connected_ = true;
    tries_left_ = ready->tries_left;
    if (tries_left_ <= 1) {
      go_to_counter(
          tries_left_ <= 0
              ? say("暗証番号がロックされています。窓口で解除の手続きをしてください。")
              : say("暗証番号の残り回数が1回です。カードを守るため、窓口でお手続きください。"));
      return;
    }
    go(Screen::EnterPin);
    return;
  }
  if (const auto* problem = std::get_if<CardProblem>(&event)) {
    if (problem->tries_left >= 0) tries_left_ = problem->tries_left;
    switch (problem->kind) {
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
        go_to_counter(
            say("暗証番号の残り回数が1回です。カードを守るため、窓口でお手続きください。"));
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
    return;
  }
  if (const auto* read = std::get_if<IdentityRead>(&event)) {
    if (screen_ != Screen::ReadingCard) return;
    identity_ = read->identity;
    go(Screen::ConfirmIdentity);
    return;
  }
  if (const auto* paid = std::get_if<PaymentDone>(&event)) {
    if (screen_ != Screen::Paying) return;
    payment_ = *paid;
    cancelling_ = false;
    cash_requested_ = false;
    switch (paid->status) {
      case PaymentStatus::Approved:
      case PaymentStatus::CashAtCounter:
        start_printing();
        return;
      case PaymentStatus::Unknown:
      case PaymentStatus::Timeout:
        // Money may have been taken: nothing is printed, and no new payment is offered (it
        // could charge twice). Staff settle it from the journal with the terminal.
        go_to_counter(say("{message}（取引番号 {id}）"),
                      {{"message", tr(paid->message)}, {"id", paid->payment_id}});
        return;
      default:
        go(Screen::PaymentProblem);
        notice_ = paid->message;
        return;
    }
  }
  if (const auto* progress = std::get_if<PrintProgressNote>(&event)) {
    if (screen_ != Screen::Printing) return;
    // Shown under the spinner; a held job resumes by itself once staff refill or clear it.
    notice_ = progress->waiting_for_staff ? progress->message : std::string{};
    notice_values_.clear();
    return;
  }
  if (const auto* refunded = std::get_if<RefundDone>(&event)) {
    if (screen_ != Screen::Refunding) return;
    if (refunded->refunded) {
      go_to_counter(refunded->message);
      outcome_ = Outcome::Refunded;
    } else {
      go(Screen::PrintProblem);  // the payment stands: its document at the counter
      notice_ = refunded->message;
    }
    return;
  }
  if (const auto* check = std::get_if<PrintCheck>(&event)) {
    if (print_check_ != PrintCheckState::Pending || check->check_id != check_id_) return;
    if (screen_ != Screen::Paying || !pay_when_checked_) {
      print_check_ = PrintCheckState::NotChecked;  // the resident went back: check again later
      pay_when_checked_ = false;
      return;
    }
    if (!check->ok) {
      print_check_ = PrintCheckState::NotChecked;
      pay_when_checked_ = false;
      // check->message (the renderer's reason) is for staff; the resident hears what to do.
      go_to_counter(
          say("この申請書には、機械では印刷できない文字か、欄に入りきらない内容があります。"
              "お金はかかっていません。窓口でお手続きください。"));
      return;
    }
    print_check_ = PrintCheckState::Ok;
    if (std::exchange(pay_when_checked_, false)) send_payment();
    return;
  }
  if (const auto* printed = std::get_if<PrintDone>(&event)) {
    if (screen_ != Screen::Printing) return;
    if (printed->ok) {
      outcome_ = Outcome::Printed;
      ++procedures_done_;
      // Kept for another procedure of this visit; erased when the card is taken.
      if (procedure_ != nullptr) forms::share_answers(*procedure_, answers_, shared_);
      if (card_away_) {
        // The card was taken while the paper came out: nothing to wait for; the take-card
        // screen ends the session once the reader is found empty.
        card_away_ = false;
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
      print_refundable_ = printed->refundable;
      go(Screen::PrintProblem);  // a card-back dialog open stays open
      notice_ = printed->message;
    }
    return;
  }
  if (std::holds_alternative<CardRemoved>(event)) {
    card_connected_ = false;
    switch (screen_) {
      case Screen::TakeCard:
      case Screen::Counter:
        finish();
        return;
      case Screen::Welcome:
        // The card taken while choosing the next procedure of a visit: the visit is over.
        if (in_visit_) wipe();
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
      case Screen::Question:
      case Screen::CheckAnswers:
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
      case Screen::Refunding:
        // The terminal is at work: the card is not needed; the screen after it decides.
        return;
    }
    return;
  }
  if (const auto* back = std::get_if<CardBack>(&event)) {
    if (!card_away_) return;
    card_away_ = false;
    if (back->same_card) {
      card_connected_ = true;
      last_activity_ = clock_();  // the resident is back: the quiet period starts afresh
      return;
    }
    // Someone else's card: the resident who was here has gone; nothing of theirs stays.
    commands_.push_back(EndCard{});
    card_connected_ = false;
    resident_gone(Outcome::CardTakenAway);
    if (left_for_counter_.empty()) {
      notice_ = say("別のカードが置かれたので、前の方が入力した内容は消しました。");
    }
    return;
  }
}

}  // namespace madoguchi::kiosk
