#include <chrono>
#include <iostream>

#include "madoguchi/kiosk/run/modes.hpp"

namespace madoguchi::kiosk::run {

namespace {

// The demo places the virtual card when the kiosk asks for it and takes it away a moment after
// the resident is told to take it.
void demo_card_hand(const Options& o, RunningKiosk& kiosk) {
  auto took_card_at = std::chrono::steady_clock::time_point{};
  EmbeddedServices& services = *kiosk.services;
  kiosk.app->on_screen([&services, &o, took_card_at](Screen screen) mutable {
    if (screen == Screen::PlaceCard && !services.card_placed()) {
      if (auto placed = services.place_card(o.persona); !placed) {
        std::cerr << "kiosk: " << placed.error() << "\n";
      }
    }
    if (screen == Screen::TakeCard || screen == Screen::Counter) {
      if (took_card_at == std::chrono::steady_clock::time_point{}) {
        took_card_at = std::chrono::steady_clock::now();
      } else if (std::chrono::steady_clock::now() - took_card_at > std::chrono::seconds(4)) {
        services.remove_card();
      }
    } else {
      took_card_at = {};
    }
  });
}

}  // namespace

int screen_mode(const Options& o, RunningKiosk& kiosk) {
  if (kiosk.services) demo_card_hand(o, kiosk);
  const auto ending = kiosk.app->run();
  switch (ending) {
    case ui::Ending::StoppedByStaff:
      std::cerr << "kiosk: stopped by staff " << kiosk.session->sign_in().stopped_by() << "\n";
      break;
    case ui::Ending::QuitKey:
      std::cerr << "kiosk: stopped with Ctrl+Esc (--windowed)\n";
      break;
    case ui::Ending::Unasked:
      std::cerr << "kiosk: the window was closed without staff asking (SDL_QUIT); exit 1 so "
                   "that the supervisor starts the kiosk again\n";
      break;
    case ui::Ending::StoppedBySignal:
      break;
  }
  return ui::exit_code(ending);
}

}  // namespace madoguchi::kiosk::run
