// What the kiosk does with its payment journal after a restart, and the clerk's commands
// (kiosk --payments settle|totals|close-day). The payment desk itself is payment/.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "madoguchi/payment/payment_desk.hpp"

namespace madoguchi::kiosk {

// After a crash or a power cut: settle every payment left in doubt by asking the terminal (never
// by paying again), and give back every payment approved whose document was never delivered —
// the resident has gone, and their application did not survive the restart.
struct Settlement {
  int resolved = 0;           // outcomes learned from the terminal now
  int given_back = 0;         // approved without a document: reversed
  int not_given_back = 0;     // ... and the terminal refused or could not be asked: for the clerk
  int still_in_doubt = 0;     // the terminal could not tell: settled on a later start
  std::string clerk_message;  // Japanese, for the log and the staff screen
  bool clean() const { return not_given_back == 0 && still_in_doubt == 0; }
};
Settlement settle_after_restart(payment::PaymentDesk& desk);

nlohmann::json to_json(const Settlement& settlement);
nlohmann::json to_json(const payment::DeskTotals& totals);

}  // namespace madoguchi::kiosk
