// The questions: the details from the card confirmed, one question per screen, the check of
// the answers, and the assisting volunteer's free moves between them.
#include "madoguchi/kiosk/session.hpp"

#include <string>
#include <utility>
#include <vector>

namespace madoguchi::kiosk {

namespace {

// Answers typed on a keyboard (dates, postal codes, phones, kana, text), normalised on 次へ.
bool is_typed(const forms::Question& question) {
  using K = forms::QuestionKind;
  return question.kind != K::Number && question.kind != K::Choice && question.kind != K::YesNo;
}

}  // namespace

std::vector<const forms::Question*> Session::summary_questions() const {
  if (procedure_ == nullptr) return {};
  return forms::questions_to_ask(*procedure_, visit_.answers);
}

std::vector<const forms::Question*> Session::questions() const {
  auto list = summary_questions();
  std::erase_if(list, [this](const forms::Question* q) {
    return visit_.carried.contains(q->id) || !forms::asked_on_a_screen(*q);
  });
  return list;
}

bool Session::carried_from_earlier(std::string_view question_id) const {
  return visit_.carried.contains(question_id);
}

const forms::Question* Session::current_question() const {
  const auto list = questions();
  if (screen_ != Screen::Question || question_ >= list.size()) return nullptr;
  return list[question_];
}

std::string Session::current_answer() const {
  const auto* q = current_question();
  if (q == nullptr) return {};
  const auto it = visit_.answers.find(q->id);
  return it == visit_.answers.end() ? std::string{} : it->second;
}

// Confirm identity, the questions, and check answers (with the fee and the pay button).
int Session::step_count() const { return static_cast<int>(questions().size()) + 2; }

int Session::step_number() const {
  switch (screen_) {
    case Screen::ConfirmIdentity:
    case Screen::MyNumberConsent:
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

void Session::confirm_identity() {
  if (screen_ != Screen::ConfirmIdentity) return;
  if (procedure_ != nullptr) {  // answers the card already gives (procedure "prefill")
    visit_.answers = forms::prefill_answers(*procedure_, visit_.facts(), visit_.answers);
    // ... and those given for an earlier procedure of this visit, which are not asked again.
    visit_.carried.clear();
    for (const forms::Question& q : procedure_->questions) {
      if (!forms::answered_earlier_in_visit(q, visit_.shared)) continue;
      visit_.answers[q.id] = visit_.shared.at(q.share_as);
      visit_.carried.insert(q.id);
    }
  }
  visit_.identity_confirmed = true;
  // The 個人番号's choice, once per procedure that needs it (session_my_number.cpp).
  if (before_questions() == Screen::MyNumberConsent &&
      my_number_choice_ == MyNumberChoice::NotAsked) {
    question_ = 0;
    return_to_check_ = false;
    go(Screen::MyNumberConsent);
    if (!card_connected_) {
      // A later procedure of the visit: the card was let go after the first one's print, and
      // its PIN with it. The cells stay empty; nothing is lost.
      my_number_failed_ = true;
      notice_ =
          say("続けての手続きでは、カードから個人番号を読み取れません。申請書の個人番号の欄は空けて"
              "印刷します。窓口で書いてください。");
    }
    return;
  }
  to_first_question();
}

void Session::set_answer(std::string value) {
  const auto* q = current_question();
  if (q == nullptr || !forms::may_change_answer(*q)) return;
  visit_.answers[q->id] = std::move(value);
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
        const forms::AnswerContext context{view_.procedure_language(),
                                           text::civil_date_in_japan(clock_())};
        if (const auto error = forms::validate_answer(*q, current_answer(), context)) {
          notice_ = *error;
          return;
        }
      } else {
        // What was typed ("昭和55年2月17日", "123-4567", "やまだ") becomes the stored answer.
        const forms::AnswerContext context{view_.procedure_language(),
                                           text::civil_date_in_japan(clock_())};
        auto stored = forms::normalize_answer(*q, current_answer(), context);
        if (!stored) {
          notice_ = stored.error();
          return;
        }
        if (forms::may_change_answer(*q)) visit_.answers[q->id] = std::move(*stored);
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
      if (!visit_.ready.empty()) {  // a bundled procedure: back to the one before
        back_in_bundle();
        return;
      }
      if (visit_.in_visit) {  // back to this visit's list of procedures, the card still read
        wipe_procedure();
        go(Screen::Welcome);
        return;
      }
      end_session(Outcome::Cancelled);
      return;
    case Screen::EnterPin:
      end_session(Outcome::Cancelled);
      return;
    case Screen::MyNumberConsent:
      if (my_number_choice_ == MyNumberChoice::Reading) return;  // the card is being read
      if (!visit_.ready.empty()) {
        back_in_bundle();
        return;
      }
      go(Screen::ConfirmIdentity);
      return;
    case Screen::Question:
      if (return_to_check_) {
        return_to_check_ = false;
        go(Screen::CheckAnswers);
      } else if (question_ == 0) {
        back_before_questions();
      } else {
        --question_;
        go(Screen::Question);
      }
      return;
    case Screen::CheckAnswers: {
      const auto count = questions().size();
      if (count == 0) {
        back_before_questions();
      } else {
        question_ = count - 1;
        go(Screen::Question);
      }
      return;
    }
    case Screen::PaymentProblem:
    case Screen::Related:
      go(Screen::CheckAnswers);
      return;
    case Screen::HandIn:
      go(Screen::CheckAnswers);
      return;
    case Screen::SignPassword:
      password_.wipe();
      delivery_chosen_ = false;  // the resident may choose paper now
      go(Screen::CheckAnswers);
      return;
    default:
      return;
  }
}

void Session::change(std::string_view question_id) {
  if (screen_ != Screen::CheckAnswers) return;
  // A carried answer the resident wants to change is asked in this procedure from now on.
  if (const auto carried = visit_.carried.find(question_id); carried != visit_.carried.end()) {
    visit_.carried.erase(carried);
  }
  const auto index = question_index(question_id);
  if (index >= questions().size()) return;
  question_ = index;
  return_to_check_ = true;
  print_check_ = PrintCheckState::NotChecked;  // the form will change: draw it again
  go(Screen::Question);
}

bool Session::may_jump() const {
  // Only once the resident has confirmed the card's details themselves.
  if (!sign_in_.assisting() || timer_.card_away() || procedure_ == nullptr ||
      !visit_.identity_confirmed)
    return false;
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
    const auto it = visit_.answers.find(q->id);
    if (it == visit_.answers.end()) {
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

}  // namespace madoguchi::kiosk
