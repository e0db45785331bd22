// Which screen or dialog the session's state shows; each is drawn in its own file.
#include "screens.hpp"

#include "screen_parts.hpp"

namespace madoguchi::kiosk::ui {

bool screen_animates(const Session& session) {
  if (session.waiting_for_card_back() || session.sign_in().checking()) return true;
  switch (session.screen()) {
    case Screen::PlaceCard:
    case Screen::CheckingCard:
    case Screen::ReadingCard:
    case Screen::Paying:
    case Screen::Printing:
    case Screen::Signing:
    case Screen::Refunding:
      return true;
    case Screen::MyNumberConsent:  // the spinner while the card is read
      return session.my_number_choice() == Session::MyNumberChoice::Reading;
    default:
      return false;
  }
}

namespace {

// A dialog over the screen, if one is open: the first of them takes the frame.
bool draw_dialog(Session& session, Ui& ui, ScreenState& state, double time_seconds) {
  if (session.waiting_for_card_back()) {
    screens::card_back_dialog(session, ui, time_seconds);
  } else if (session.idle_warning()) {
    screens::idle_dialog(session, ui);
  } else if (state.code_pad) {
    screens::code_pad_dialog(session, ui, state);
  } else if (session.sign_in().staff_menu_open()) {
    screens::staff_menu_dialog(session, ui);
  } else if (state.assist_menu) {
    screens::assist_menu_dialog(session, ui, state);
  } else if (state.choosing_language) {
    screens::view_options_dialog(session, ui, state);
  } else {
    return false;
  }
  return true;
}

}  // namespace

void draw_screen(Session& session, Ui& ui, ScreenState& state, double time_seconds) {
  const auto& t = ui.theme();
  ui.use_language(session.view().translations(), session.view().language());
  ui.use_view(session.view().high_contrast(), session.view().large_text());
  ui.use_reach(session.view().low_reach());
  ui.rect(ImVec2(0, 0), ui.screen(), t.background);
  state.now = time_seconds;
  if (!session.sign_in().assisting()) state.assist_menu = false;
  screens::title_bar(session, ui, state);
  if (draw_dialog(session, ui, state, time_seconds)) return;
  switch (session.screen()) {
    case Screen::Welcome:
      screens::welcome(session, ui, state);
      break;
    case Screen::PlaceCard:
      screens::place_card(session, ui, time_seconds);
      break;
    case Screen::CheckingCard:
      screens::checking_card(ui, time_seconds);
      break;
    case Screen::EnterPin:
      screens::pin_entry(session, ui, state);
      break;
    case Screen::ReadingCard:
      screens::reading_card(ui, time_seconds);
      break;
    case Screen::ConfirmIdentity:
      screens::confirm_identity(session, ui, state);
      break;
    case Screen::MyNumberConsent:
      screens::my_number_consent(session, ui, time_seconds);
      break;
    case Screen::Question:
      screens::question(session, ui, state);
      break;
    case Screen::CheckAnswers:
      screens::check_answers(session, ui, state);
      break;
    case Screen::Related:
      screens::related_procedures(session, ui);
      break;
    case Screen::HandIn:
      screens::hand_in(session, ui);
      break;
    case Screen::SignPassword:
      screens::sign_password(session, ui);
      break;
    case Screen::Signing:
      screens::signing(ui, time_seconds);
      break;
    case Screen::Paying:
      screens::paying(session, ui, time_seconds);
      break;
    case Screen::PaymentProblem:
      screens::payment_problem(session, ui);
      break;
    case Screen::Printing:
      screens::printing(session, ui, time_seconds);
      break;
    case Screen::PrintProblem:
      screens::print_problem(session, ui);
      break;
    case Screen::Refunding:
      screens::refunding(ui, time_seconds);
      break;
    case Screen::TakeCard:
      screens::take_card(session, ui);
      break;
    case Screen::Counter:
      screens::counter(session, ui);
      break;
  }
}

}  // namespace madoguchi::kiosk::ui
