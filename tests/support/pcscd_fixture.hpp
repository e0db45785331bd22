// pcscd with a vsmartcard vpcd reader, and the virtual My Number card placed on it:
// the real card stack for integration tests (and the idea behind the kiosk's demo).
//
// pcscd's socket path is compiled in (/run/pcscd/pcscd.comm), so only one pcscd can
// run on the machine at a time. start() takes the machine-wide pcscd lock
// (kiosk::lock_pcscd, kiosk/process/include/madoguchi/kiosk/machine_lock.hpp) first, waiting up to
// 10 minutes for another test run or demo kiosk to finish with pcscd, and pcscd holds it until it
// has stopped. Tests that use this still carry the ctest property RESOURCE_LOCK pcscd (so one
// ctest run does not wait on itself), and start() refuses while a pcscd not started under the
// lock (systemd's) is running.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"
#include "madoguchi/kiosk/machine_lock.hpp"

namespace madoguchi::tests {

// Friendly name of the test reader; pcscd lists slot n as "Madoguchi Test PCD 00 0n".
inline constexpr char kTestReaderName[] = "Madoguchi Test PCD";

// Building blocks, usable on their own (e.g. by the kiosk's --demo).

// Describes a pcscd that is already running or a listener on pcscd's socket, or
// nullopt when the way is clear. A pcscd left behind by a crashed test of ours (its
// owner process is gone) is stopped instead of reported.
std::optional<std::string> other_pcscd_running();

// Writes a reader.conf.d entry for a vpcd reader whose slots listen on TCP `port`
// (slot 0) and `port + 1` (slot 1).
std::expected<void, std::string> write_vpcd_reader_conf(const std::filesystem::path& config_dir,
                                                        const std::string& friendly_name, int port);

// Starts `pcscd -f -c config_dir` (stdout/stderr to log_file) and waits until every
// reader in `readers` is listed by SCardListReaders. `lock` (the pcscd lock, when held) is
// handed to pcscd, which keeps it until it exits.
std::expected<kiosk::ChildProcess, std::string> start_pcscd(
    const std::filesystem::path& config_dir, const std::filesystem::path& log_file,
    const std::vector<std::string>& readers, std::chrono::milliseconds timeout,
    const kiosk::MachineLock* lock = nullptr);

// Polls pcscd until a card is (or is not) present in `reader`.
bool wait_for_card_state(const std::string& reader, bool present,
                         std::chrono::milliseconds timeout);

// A TCP port p with p and p + 1 free on all interfaces (vpcd binds INADDR_ANY); -1 if none.
int free_vpcd_port();

// The virtual-mynumber-card program: $MADOGUCHI_VIRTUAL_CARD, else the build tree's.
std::filesystem::path virtual_card_program();

// tests/personas/<file_name> in the source tree.
std::filesystem::path persona_path(const std::string& file_name);

// The whole stack for one test: a private reader.conf.d, pcscd, and at most one
// virtual card at a time in slot 0. Destruction removes the card, stops pcscd and
// deletes the temporary directory (kept when MADOGUCHI_KEEP_TEST_LOGS is set).
class PcscdWithVirtualReader {
 public:
  static std::expected<std::unique_ptr<PcscdWithVirtualReader>, std::string> start();

  ~PcscdWithVirtualReader();
  PcscdWithVirtualReader(const PcscdWithVirtualReader&) = delete;
  PcscdWithVirtualReader& operator=(const PcscdWithVirtualReader&) = delete;

  std::string reader_name(int slot = 0) const;  // "Madoguchi Test PCD 00 00"
  int port(int slot = 0) const { return port_ + slot; }

  // Starts virtual-mynumber-card with `persona` (plus `extra_args`, e.g. "--not-mynumber")
  // on slot 0 and waits until pcscd reports the card present.
  std::expected<void, std::string> insert_card(const std::filesystem::path& persona,
                                               const std::vector<std::string>& extra_args = {});

  // Stops the virtual card (it closes its socket: the card leaves the reader). With
  // `wait_until_noticed`, also waits until pcscd reports the reader empty.
  void remove_card(bool wait_until_noticed = true);

  bool card_running();

  // The last lines of pcscd's log and of the virtual card's log, for failure messages.
  std::string logs() const;

 private:
  PcscdWithVirtualReader() = default;

  kiosk::MachineLock lock_;  // first member: let go only after pcscd has stopped
  std::filesystem::path dir_;
  int port_ = -1;
  kiosk::ChildProcess pcscd_;
  kiosk::ChildProcess card_;
  int cards_inserted_ = 0;
};

}  // namespace madoguchi::tests
