// The session's core: the screen it shows, the commands it has queued, the clock, and the
// dispatch of what the devices report to the phase it concerns (session_card.cpp,
// session_money.cpp, session_paper.cpp).
#include "madoguchi/kiosk/session.hpp"

#include <utility>
#include <variant>

namespace madoguchi::kiosk {

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
    case Screen::MyNumberConsent:
      return "my_number_consent";
    case Screen::Question:
      return "question";
    case Screen::CheckAnswers:
      return "check_answers";
    case Screen::Related:
      return "related_procedures";
    case Screen::HandIn:
      return "hand_in";
    case Screen::SignPassword:
      return "sign_password";
    case Screen::Signing:
      return "signing";
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

Session::Session(std::vector<forms::Procedure> catalogue)
    : catalogue_(std::move(catalogue)), clock_([] { return std::chrono::system_clock::now(); }) {}

void Session::set_reception_number_source(ReceptionNumberSource source) {
  reception_source_ = std::move(source);
}

void Session::set_clock(std::function<std::chrono::system_clock::time_point()> clock) {
  clock_ = std::move(clock);
  timer_.active(clock_());
}

std::vector<Command> Session::take_commands() { return std::exchange(commands_, {}); }

void Session::go(Screen screen) {
  screen_ = screen;
  notice_.clear();
  notice_values_.clear();
  // A new screen starts the quiet period afresh (a card read or a payment may take a while).
  timer_.restart(clock_ ? clock_() : std::chrono::system_clock::now());
}

void Session::set_translations(std::shared_ptr<const Translations> translations) {
  view_.set_translations(std::move(translations));
}

std::string Session::notice() const { return tr(notice_, notice_values_); }

// Each event to the handler of its phase; an event that does not fit the screen is ignored there.
void Session::on(const DeviceEvent& event) {
  std::visit([this](const auto& reported) { handle(reported); }, event);
}

}  // namespace madoguchi::kiosk
