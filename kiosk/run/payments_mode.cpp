#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/outbox_key_source.hpp"
#include "madoguchi/kiosk/payments.hpp"
#include "madoguchi/kiosk/run/modes.hpp"
#include "madoguchi/kiosk/state_folder.hpp"
#include "madoguchi/payment/journal.hpp"
#include "madoguchi/payment/nexo_terminal.hpp"

namespace madoguchi::kiosk::run {

namespace fs = std::filesystem;

int payments_mode(const Options& o) {
  overwrite_freed_memory_from_now();
  if (!o.terminal || o.state.empty()) {
    std::cerr << "kiosk: --payments needs --state DIR and --terminal HOST:PORT\n";
    return 2;
  }
  auto journal = payment::PaymentJournal::open(o.state / "payments.sqlite", o.kiosk_id);
  if (!journal) {
    std::cerr << "kiosk: " << journal.error().message << "\n";
    return 1;
  }
  if (o.payments != "totals") {
    if (const auto kiosk_running = kiosk_using(o.state)) {
      std::cerr << "kiosk: --payments " << o.payments << ": a kiosk is running on "
                << o.state.string() << " (" << *kiosk_running
                << "); it settles payments itself: stop it first\n";
      return 2;
    }
  }
  auto terminal = open_terminal(terminal_settings(o), sale_id_of_kiosk(o.kiosk_id));
  if (!terminal) {
    std::cerr << "kiosk: payment terminal: " << terminal.error() << "\n";
    return 2;
  }
  payment::PaymentDesk desk(*journal, **terminal);
  nlohmann::json out;
  bool needs_clerk = false;
  if (o.payments == "settle") {
    // As the kiosk does on start: a paid application kept in the outbox goes to the counter.
    // Read only (no application is sealed here): any key the kiosk could have used will do.
    const auto key =
        outbox_key_source(o.outbox_key, o.state, true, std::getenv("CREDENTIALS_DIRECTORY"));
    submission::OutboxOptions outbox_options;
    outbox_options.key_file = key ? key->file : fs::path();
    outbox_options.create_key = false;
    outbox_options.create = false;
    auto outbox = submission::Outbox::open(o.state / "outbox.sqlite", outbox_options);
    const auto settled = settle_after_restart(desk, outbox ? kept_in(*outbox) : KeptApplication{},
                                              outbox ? recorded_in(*outbox) : RecordPaymentState{});
    out = to_json(settled);
    needs_clerk = !settled.clean();
  } else if (o.payments == "totals" || o.payments == "close-day") {
    const auto totals = o.payments == "totals" ? desk.totals() : desk.close_day();
    out = to_json(totals);
    needs_clerk = !totals.matches;
  } else {
    std::cerr << "kiosk: --payments takes settle, totals or close-day\n";
    return 2;
  }
  std::cout << out.dump(2) << "\n";
  return needs_clerk ? 3 : 0;
}

}  // namespace madoguchi::kiosk::run
