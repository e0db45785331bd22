// Where the kiosk's payment terminal is and how the kiosk knows it is the town's: its address,
// its POIID ([model]-[serial], which its certificate names), the terminal root its certificate
// must chain to, and the file with the shared key of the message security (docs/payment.md).
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <string>

#include "madoguchi/payment/nexo_terminal.hpp"

namespace madoguchi::kiosk {

struct TerminalSettings {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: no terminal configured (the desk answers "unavailable")
  std::string poi_id;
  bool live = false;               // the certificate of Adyen's live environment, else the test one
  std::filesystem::path root;      // the terminal root (PEM)
  std::filesystem::path key_file;  // the shared key (mode 0600, payment/nexo_key_file.hpp)

  bool configured() const { return port > 0; }
  std::string where() const { return host + ":" + std::to_string(port); }
};

// The adapter for `settings`, as SaleID `sale_id`; or what is wrong with the settings, naming
// the file and the cause (a key file others may read, a root that is not there). Not configured:
// an adapter that answers "unavailable" to everything.
std::expected<std::unique_ptr<payment::NexoTerminal>, std::string> open_terminal(
    const TerminalSettings& settings, const std::string& sale_id,
    payment::NexoOptions options = {});

}  // namespace madoguchi::kiosk
