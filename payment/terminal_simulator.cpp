// terminal-simulator: a multi-payment terminal speaking nexo Sale-to-POI as Adyen's local
// Terminal API does (HTTPS, POST /nexo/, messages secured with the shared key), for the tests
// and the kiosk's demo mode. See docs/payment.md.
//
//   terminal-simulator --port N --key FILE (--certificates DIR | --plain-http-for-tests)
//                      [--host 127.0.0.1] [--ledger FILE.sqlite] [--fault F]
//                      [--approve-delay-ms M] [--card-timeout-ms M] [--reboot-ms M]
//                      [--boot-delay-ms M] [--poi-id V400m-324688179] [--quiet]
//
// --certificates DIR holds the terminal's TLS identity, made there on first use
// (simulator/terminal_certificates.hpp); DIR/root.pem is what the kiosk trusts. --key FILE is
// the shared key (payment/nexo_key_file.hpp). --plain-http-for-tests serves http:// without
// TLS, for the tests that show the kiosk refuses it and the benchmark that measures TLS.
//
// A reboot (fault reboot / reboot-before-charge, or the control message {"reboot": true})
// closes every connection and the port, and re-executes this program with the same options
// (fault none) after --reboot-ms: the process id stays, the ledger file is all it remembers.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/payment/nexo_key_file.hpp"
#include "simulator/https_front.hpp"
#include "simulator/simulated_terminal.hpp"
#include "simulator/terminal_certificates.hpp"

namespace {

using namespace madoguchi::payment::simulator;

int g_signal_pipe[2] = {-1, -1};

void on_signal(int) {
  const char byte = 1;
  [[maybe_unused]] const auto n = ::write(g_signal_pipe[1], &byte, 1);
}

void log_line(const std::string& line) {
  std::fprintf(stderr, "terminal-simulator: %s\n", line.c_str());
}

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string ledger = ":memory:";
  Fault fault = Fault::None;
  int approve_delay_ms = 0;
  int card_timeout_ms = 0;
  int reboot_ms = 1000;
  int boot_delay_ms = 0;  // set by a reboot: the port stays closed this long
  std::string poi_id = "V400m-324688179";
  std::string certificates;  // folder of the TLS identity
  std::string key;           // the shared key file
  bool plain_http_for_tests = false;
  bool quiet = false;
};

void usage() {
  std::fprintf(stderr,
               "usage: terminal-simulator --port N --key FILE\n"
               "         (--certificates DIR | --plain-http-for-tests)\n"
               "         [--host 127.0.0.1] [--ledger FILE.sqlite]\n"
               "         [--fault none|decline|insufficient|cancel|timeout|drop-before-response|\n"
               "                  drop-after-response|unknown|unknown-not-charged|offline|hang|\n"
               "                  reboot|reboot-before-charge]   (reboot faults need --ledger)\n"
               "         [--approve-delay-ms M] [--card-timeout-ms M] [--reboot-ms M]\n"
               "         [--boot-delay-ms M] [--poi-id V400m-324688179] [--quiet]\n");
}

bool parse_int(const std::string& text, int& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

bool parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--quiet") {
      options.quiet = true;
      continue;
    }
    if (flag == "--plain-http-for-tests") {
      options.plain_http_for_tests = true;
      continue;
    }
    if (flag == "--help" || i + 1 >= argc) return false;
    const std::string value = argv[++i];
    if (flag == "--port") {
      if (!parse_int(value, options.port) || options.port <= 0 || options.port > 65535) {
        return false;
      }
    } else if (flag == "--host") {
      options.host = value;
    } else if (flag == "--ledger") {
      options.ledger = value;
    } else if (flag == "--fault") {
      const auto fault = fault_from_string(value);
      if (!fault) return false;
      options.fault = *fault;
    } else if (flag == "--approve-delay-ms") {
      if (!parse_int(value, options.approve_delay_ms) || options.approve_delay_ms < 0) {
        return false;
      }
    } else if (flag == "--card-timeout-ms") {
      if (!parse_int(value, options.card_timeout_ms) || options.card_timeout_ms < 0) return false;
    } else if (flag == "--reboot-ms") {
      if (!parse_int(value, options.reboot_ms) || options.reboot_ms < 0) return false;
    } else if (flag == "--boot-delay-ms") {
      if (!parse_int(value, options.boot_delay_ms) || options.boot_delay_ms < 0) return false;
    } else if (flag == "--poi-id") {
      options.poi_id = value;
    } else if (flag == "--certificates") {
      options.certificates = value;
    } else if (flag == "--key") {
      options.key = value;
    } else {
      return false;
    }
  }
  const bool reboots = options.fault == Fault::Reboot || options.fault == Fault::RebootBeforeCharge;
  const bool one_transport = options.certificates.empty() == options.plain_http_for_tests;
  return options.port > 0 && !options.key.empty() && one_transport &&
         (!reboots || options.ledger != ":memory:");
}

// Waits `ms` unless SIGTERM or SIGINT comes first (false then).
bool sleep_unless_signalled(int ms) {
  pollfd pfd{g_signal_pipe[0], POLLIN, 0};
  return ::poll(&pfd, 1, ms) == 0;
}

// The command line of the rebooted terminal: the same options, no fault, and the settings
// changed at run time.
std::vector<std::string> reboot_arguments(const Options& options,
                                          const TerminalSettings& settings) {
  std::vector<std::string> argv{"terminal-simulator",
                                "--port",
                                std::to_string(options.port),
                                "--host",
                                options.host,
                                "--ledger",
                                options.ledger,
                                "--fault",
                                "none",
                                "--approve-delay-ms",
                                std::to_string(settings.approve_delay.count()),
                                "--card-timeout-ms",
                                std::to_string(settings.card_timeout.count()),
                                "--reboot-ms",
                                std::to_string(settings.reboot_time.count()),
                                "--boot-delay-ms",
                                std::to_string(settings.reboot_time.count()),
                                "--poi-id",
                                options.poi_id,
                                "--key",
                                options.key};
  if (options.plain_http_for_tests) {
    argv.push_back("--plain-http-for-tests");
  } else {
    argv.push_back("--certificates");
    argv.push_back(options.certificates);
  }
  if (options.quiet) argv.push_back("--quiet");
  return argv;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) {
    usage();
    return 2;
  }
  if (::pipe2(g_signal_pipe, O_CLOEXEC) != 0) return 1;
  struct sigaction action {};
  action.sa_handler = on_signal;
  ::sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  if (options.boot_delay_ms > 0) {
    log_line("rebooting: the port opens again in " + std::to_string(options.boot_delay_ms) + " ms");
    if (!sleep_unless_signalled(options.boot_delay_ms)) {
      log_line("stopped");
      return 0;
    }
  }
  auto ledger = Ledger::open(options.ledger);
  if (!ledger) {
    log_line(ledger.error());
    return 1;
  }
  TerminalSettings settings;
  settings.poi_id = options.poi_id;
  settings.fault = options.fault;
  settings.approve_delay = std::chrono::milliseconds(options.approve_delay_ms);
  settings.card_timeout = std::chrono::milliseconds(options.card_timeout_ms);
  settings.reboot_time = std::chrono::milliseconds(options.reboot_ms);
  settings.durable_ledger = options.ledger != ":memory:";
  if (!options.quiet) settings.log = log_line;
  SimulatedTerminal terminal(std::move(*ledger), std::move(settings));

  auto key = madoguchi::payment::nexo::read_key_file(options.key);
  if (!key) {
    log_line(key.error());
    return 1;
  }
  auto cipher = madoguchi::payment::nexo::NexoCipher::from_key(*key);
  if (!cipher) {
    log_line(cipher.error());
    return 1;
  }
  std::optional<TerminalCertificates> certificates;
  if (!options.plain_http_for_tests) {
    auto made = terminal_certificates(options.certificates, options.poi_id);
    if (!made) {
      log_line(made.error());
      return 1;
    }
    certificates = std::move(*made);
  }
  HttpsFront front(terminal, *cipher, certificates ? &*certificates : nullptr,
                   options.quiet
                       ? std::function<void(const std::string&)>([](const std::string&) {})
                       : std::function<void(const std::string&)>(log_line));
  if (const auto problem = front.problem(); !problem.empty()) {
    log_line(problem);
    return 1;
  }
  // SIGTERM or SIGINT ends the server.
  std::thread signal_watch([&front] {
    pollfd pfd{g_signal_pipe[0], POLLIN, 0};
    while (::poll(&pfd, 1, -1) < 0 && errno == EINTR) {
    }
    char byte = 0;
    if (::read(g_signal_pipe[0], &byte, 1) == 1 && byte == 1) front.stop();
  });
  log_line(std::string("listening on ") + (options.plain_http_for_tests ? "http" : "https") +
           "://" + options.host + ":" + std::to_string(options.port) + "/nexo/, fault " +
           std::string(to_string(options.fault)) + ", ledger " + options.ledger);
  bool bind_failed = false;
  const bool reboot = front.serve(options.host, options.port, bind_failed);
  // Wakes the signal watch (a byte other than a signal's).
  const char wake = 2;
  [[maybe_unused]] const auto n = ::write(g_signal_pipe[1], &wake, 1);
  signal_watch.join();
  if (bind_failed) {
    log_line("cannot listen on " + options.host + ":" + std::to_string(options.port) +
             " (taken, or not an address of this machine)");
    return 1;
  }
  if (reboot) {
    const auto arguments = reboot_arguments(options, terminal.settings());
    log_line("reboot: connections closed; what was in progress is forgotten");
    std::vector<char*> next_argv;
    for (const auto& argument : arguments) {
      next_argv.push_back(const_cast<char*>(argument.c_str()));
    }
    next_argv.push_back(nullptr);
    ::execv("/proc/self/exe", next_argv.data());
    log_line(std::string("reboot: cannot restart: ") + std::strerror(errno));
    return 1;
  }
  log_line("stopped");
  return 0;
}
