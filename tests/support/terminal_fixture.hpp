// Starts the project's terminal simulator (payment/terminal_simulator.cpp) on a free loopback
// port for integration tests, as the kiosk meets a real terminal: HTTPS with its own test root,
// the shared key in a 0600 file; and talks to its control channel: faults, delays, the ledger.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/payment/nexo_security.hpp"
#include "madoguchi/payment/terminal_post.hpp"

namespace madoguchi::tests {

struct TestTerminalOptions {
  std::string fault = "none";
  int approve_delay_ms = 0;
  bool ledger_file = false;  // keep the ledger in SQLite on disk (survives restart()), else memory
  std::string poi_id = "V400m-324688179";
  int reboot_ms = 200;  // how long a reboot keeps the port closed (reboot faults need ledger_file)
  bool plain_http_for_tests = false;  // no TLS (the impostor tests, the benchmark)
  // Another terminal's key file (the impostor with the wrong passphrase); empty: its own.
  std::filesystem::path key_file;
  // Another terminal's TLS identity (a folder as terminal_certificates.hpp makes); empty: its own.
  std::filesystem::path certificates;
};

// One row of the simulator's ledger.
struct TerminalCharge {
  std::string sale_id;
  std::string sale_transaction_id;
  std::string service_id;
  std::string poi_transaction_id;
  int amount_yen = 0;
  std::string method;
  std::string state;  // InProgress, Approved, Declined, Cancelled, Aborted, Failed
  std::string error_condition;
  bool reversed = false;  // an Approved payment given back by a Reversal
  long long period = 0;   // reconciliation period it was approved in
};

// One reversal the simulator carried out.
struct TerminalReversal {
  std::string sale_id;
  std::string reversal_id;
  std::string original_poi_transaction_id;
  std::string poi_transaction_id;
  int amount_yen = 0;
  std::string method;
  std::string reason;
  long long period = 0;
};

class TestTerminal {
 public:
  // Starts the simulator; records a test failure when it cannot.
  explicit TestTerminal(TestTerminalOptions options = {});
  ~TestTerminal();
  TestTerminal(const TestTerminal&) = delete;
  TestTerminal& operator=(const TestTerminal&) = delete;

  std::string host() const { return "127.0.0.1"; }
  int port() const { return port_; }
  const std::string& poi_id() const { return options_.poi_id; }
  // Where and how the kiosk reaches it: its address, its certificate's name and its root.
  payment::TerminalAddress address() const;
  // The shared key file (0600) the kiosk is given, and the cipher made from it.
  const std::filesystem::path& key_file() const { return key_file_; }
  const payment::nexo::NexoCipher& cipher() const { return *cipher_; }
  // The kiosk's options that point it at this terminal: --terminal HOST:PORT, its POIID, its
  // root and the key file.
  std::vector<std::string> kiosk_options() const;
  // The root certificate the simulator made (what the kiosk trusts).
  std::filesystem::path root_certificate() const { return certificates_ / "root.pem"; }
  // Its TLS identity: root.pem, terminal.pem, terminal.key.
  const std::filesystem::path& certificates() const { return certificates_; }
  bool running() { return process_.running(); }
  const std::filesystem::path& log_file() const { return log_file_; }

  bool set_fault(const std::string& fault);
  bool set_approve_delay(std::chrono::milliseconds delay);
  // Every transaction the simulator has recorded, oldest first.
  std::vector<TerminalCharge> ledger();
  // Only the ones that took money (reversed ones included).
  std::vector<TerminalCharge> approved();
  // Approved and not reversed: the money the terminal kept.
  std::vector<TerminalCharge> charged();
  std::vector<TerminalReversal> reversals();

  // Restarts the terminal through its control channel (needs ledger_file) and, when `wait`,
  // waits until it listens again.
  bool reboot(bool wait = true);
  // Waits until the simulator accepts connections (after a reboot).
  bool wait_until_up(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

  // SIGKILL, like a power cut.
  void kill();
  // SIGTERM; returns the exit status (waitpid style).
  int stop();
  // Starts again on the same port (and the same ledger file, if any).
  bool restart();

  // Sends one control message and returns the SimulatorControlResponse.
  std::optional<nlohmann::json> control(const nlohmann::json& request);

  static std::filesystem::path program();

 private:
  bool start();

  TestTerminalOptions options_;
  std::filesystem::path directory_;
  std::filesystem::path log_file_;
  std::filesystem::path ledger_path_;
  std::filesystem::path key_file_;
  std::filesystem::path certificates_;
  std::optional<payment::nexo::NexoCipher> cipher_;
  int port_ = -1;
  kiosk::ChildProcess process_;
};

}  // namespace madoguchi::tests
