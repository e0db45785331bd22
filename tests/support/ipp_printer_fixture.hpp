// A real IPP Everywhere printer for integration tests: CUPS's ippeveprinter on a loopback port,
// printing by copying each job's PDF, and able to run out of paper or jam on request.
//
// Each instance has its own port and temporary directory, so tests may run in parallel.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "madoguchi/kiosk/child_process.hpp"

namespace madoguchi::tests {

// Building blocks, usable on their own.

// ippeveprinter refuses to start (DNS-SD, even with -r off) unless a D-Bus system bus answers.
// Returns the environment entry to give it: empty when the machine's system bus works
// (DBUS_SYSTEM_BUS_ADDRESS or /run/dbus/system_bus_socket), else
// "DBUS_SYSTEM_BUS_ADDRESS=unix:path=<dir>/bus" after starting a private dbus-daemon into
// `bus_daemon`.
std::expected<std::string, std::string> ensure_system_bus(const std::filesystem::path& dir,
                                                          kiosk::ChildProcess& bus_daemon);

// Sends "GET <target>" to 127.0.0.1:port and reads the whole (chunked) answer; the status line.
std::expected<std::string, std::string> http_get(int port, const std::string& target,
                                                 std::chrono::milliseconds timeout);

class TestIppPrinter {
 public:
  // Starts the printer and waits until it accepts connections.
  static std::expected<std::unique_ptr<TestIppPrinter>, std::string> start(
      const std::string& name = "Madoguchi Test Printer");

  // Stops ippeveprinter and any private dbus-daemon and deletes the temporary directory
  // (kept when MADOGUCHI_KEEP_TEST_LOGS is set).
  ~TestIppPrinter();
  TestIppPrinter(const TestIppPrinter&) = delete;
  TestIppPrinter& operator=(const TestIppPrinter&) = delete;

  std::string uri() const;  // "ipp://127.0.0.1:<port>/ipp/print"
  // The same printer over TLS: "ipps://localhost:<port>/ipp/print" (ippeveprinter answers TLS on
  // its one port, with a self-signed certificate it makes on first use in <dir>/keys, ippeveprinter
  // -K).
  std::string secure_uri() const;
  // Restarts the printer on the same port with a new self-signed certificate (a replaced printer,
  // or another device answering at its address).
  std::expected<void, std::string> renew_certificate();
  int port() const { return port_; }
  std::filesystem::path spool_dir() const { return dir_ / "spool"; }

  // The documents the printer received (kept by -k), in job order: "<job-id>-<job-name>.pdf".
  std::vector<std::filesystem::path> received_files() const;

  // Empties (or refills) both paper trays through ippeveprinter's /media web form. While empty
  // the printer reports media-empty, and a job waits in "processing" until refilled.
  std::expected<void, std::string> set_media_empty(bool empty);

  // The next job jams: the print command reports media-jam and fails, so the job is aborted.
  // The printer keeps reporting media-jam until the next job prints (print_test_page()).
  void jam_next_job();
  // The next job jams mid-job and waits, printing, while the printer reports media-jam, until
  // clear_held_jam(); then it prints (a printer with jam recovery).
  void jam_next_job_until_cleared();
  void clear_held_jam();
  // The next job runs out of paper mid-job: it waits, printing, while the printer reports
  // media-empty and media-needed, until load_paper_mid_job(); then it prints.
  void run_out_of_paper_mid_next_job();
  void load_paper_mid_job();
  // The next job sets printer-state-reason `reason` (a keyword ippeveprinter knows: cover-open,
  // toner-low, toner-empty, ...). With hold_until_cleared it waits, printing, until
  // clear_reported_reason() and then clears it; otherwise the reason stays.
  void next_job_reports(const std::string& reason, bool hold_until_cleared);
  void clear_reported_reason();
  // Each job takes this long to print (0: at once).
  void set_print_seconds(double seconds);

  // The clerk prints a test page ("clerk-test-page", through ipptool): after a jam that aborted
  // a job, this is what clears ippeveprinter's media-jam.
  std::expected<void, std::string> print_test_page();

  // What came out of the printer: the spool file names ("<job-id>-<job name>.pdf") of the jobs
  // whose print command succeeded, in order. Aborted and canceled jobs never appear.
  std::vector<std::string> printed_jobs() const;
  // How often the job named job_name came out.
  int times_printed(const std::string& job_name) const;
  // Every print but the clerk's test pages.
  int documents_printed() const;

  // SIGSTOP / SIGCONT to ippeveprinter: a printer that accepts connections and answers nothing.
  // freeze() returns once every thread of it has stopped (not merely once SIGSTOP was sent).
  bool freeze();
  bool thaw();

  // The last lines of ippeveprinter's log, for failure messages.
  std::string logs() const;

 private:
  TestIppPrinter() = default;
  std::expected<void, std::string> launch();  // argv_ on port_, waits until it accepts

  std::filesystem::path dir_;
  int port_ = -1;
  kiosk::ChildProcess bus_;
  kiosk::ChildProcess printer_;
  std::vector<std::string> argv_;  // ippeveprinter's, argv_[2] the port
  std::vector<std::string> env_;
};

}  // namespace madoguchi::tests
