// What the kiosk does with its payment journal after a restart, and the clerk's commands
// (kiosk --payments settle|totals|close-day). The payment desk itself is payment/.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/payment/payment_desk.hpp"
#include "madoguchi/submission/outbox.hpp"

namespace madoguchi::kiosk {

// The kiosk's SaleID towards the payment terminal, one per kiosk: MADOGUCHI-<kiosk id>. Two
// kiosks on one terminal keep their payments, totals and settling apart by it (a nexo
// terminal counts totals per SaleID).
std::string sale_id_of_kiosk(const std::string& kiosk_id);

// After a crash or a power cut: settle every payment left in doubt by asking the terminal (never
// by paying again). A payment approved whose paper never came out is handed to the counter when
// its application was kept in the outbox (it reaches the back office; the clerk prints it by
// reception number and the resident signs there), and given back when nothing of the
// application survived the restart.
struct Settlement {
  int resolved = 0;  // outcomes learned from the terminal now
  // Approved, application kept: the counter prints them, under these reception numbers.
  std::vector<std::string> counter_reception_numbers;
  int given_back = 0;         // approved without a kept application: reversed
  int not_given_back = 0;     // ... and the terminal refused or could not be asked: for the clerk
  int still_in_doubt = 0;     // the terminal could not tell: settled on a later start
  std::string clerk_message;  // Japanese, for the log and the staff screen
  int handed_to_counter() const { return static_cast<int>(counter_reception_numbers.size()); }
  bool clean() const { return not_given_back == 0 && still_in_doubt == 0; }
};
// kept_application(payment id): the reception number of the application kept for that payment,
// or nullopt when there is none (or no outbox: then every such payment is given back).
using KeptApplication = std::function<std::optional<std::string>(const std::string& payment_id)>;
// record_state(payment id, state): what became of a kept application's fee (handed to the
// counter), for the back office's record.
using RecordPaymentState =
    std::function<void(const std::string& payment_id, submission::PaymentState state)>;
Settlement settle_after_restart(payment::PaymentDesk& desk,
                                const KeptApplication& kept_application = {},
                                const RecordPaymentState& record_state = {});

// The outbox's answer: an application committed with that payment id (its payment_id column).
KeptApplication kept_in(submission::Outbox& outbox);
// Records the state on that application in the outbox (which sends it to the back office).
RecordPaymentState recorded_in(submission::Outbox& outbox);

nlohmann::json to_json(const Settlement& settlement);
nlohmann::json to_json(const payment::DeskTotals& totals);

}  // namespace madoguchi::kiosk
