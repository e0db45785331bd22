// What `kiosk --demo` (and the end-to-end tests) start when it is not already
// running: pcscd with a private virtual reader, the virtual My Number card
// (placed and removed on demand), and the payment-terminal simulator.
// Everything is stopped when this object goes away. Before it starts pcscd it takes the
// machine-wide pcscd lock (machine_lock.hpp), waiting while a test run or another demo uses
// pcscd; pcscd holds the lock until it has exited.
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <string>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/kiosk/machine_lock.hpp"
#include "madoguchi/kiosk/terminal_settings.hpp"

namespace madoguchi::kiosk {

class EmbeddedServices {
 public:
  struct Options {
    std::filesystem::path work_dir;  // logs, reader config, ledger
    bool card_reader = true;
    bool payment_terminal = true;
  };
  static std::expected<std::unique_ptr<EmbeddedServices>, std::string> start(
      const Options& options);
  ~EmbeddedServices();

  const std::string& reader() const { return reader_; }
  // The simulator as the kiosk reaches it: HTTPS on a loopback port, its own test root and a
  // shared key made in work_dir/terminal on first use.
  const TerminalSettings& terminal() const { return terminal_; }
  bool started_pcscd() const { return pcscd_.pid() > 0; }

  // Places the virtual card of `persona` on the reader / takes it off.
  std::expected<void, std::string> place_card(const std::filesystem::path& persona);
  void remove_card();
  bool card_placed() { return card_.running(); }

 private:
  EmbeddedServices() = default;
  std::expected<void, std::string> start_card_reader();
  std::expected<void, std::string> start_terminal();

  Options options_;
  MachineLock pcscd_lock_;  // before pcscd_: let go only after pcscd has stopped
  ChildProcess pcscd_;
  ChildProcess card_;
  ChildProcess terminal_process_;
  std::string reader_;
  int vpcd_port_ = 0;
  TerminalSettings terminal_;
};

// Lists the PC/SC readers; an error when pcscd does not answer.
std::expected<std::vector<std::string>, std::string> list_pcsc_readers();

}  // namespace madoguchi::kiosk
