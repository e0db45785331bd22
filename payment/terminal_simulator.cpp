// terminal-simulator: a multi-payment terminal speaking nexo Sale-to-POI (JSON, one message per
// line) on a TCP port, for the tests and the kiosk's demo mode. See docs/payment.md.
//
//   terminal-simulator --port N [--host 127.0.0.1] [--ledger FILE.sqlite] [--fault F]
//                      [--approve-delay-ms M] [--card-timeout-ms M] [--reboot-ms M]
//                      [--boot-delay-ms M] [--poi-id POI-1] [--quiet]
//
// A reboot (fault reboot / reboot-before-charge, or the control message {"reboot": true})
// closes every connection and the port, and re-executes this program with the same options
// (fault none) after --reboot-ms: the process id stays, the ledger file is all it remembers.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "madoguchi/payment/json_lines.hpp"
#include "simulator/simulated_terminal.hpp"

namespace {

using madoguchi::payment::LineBuffer;
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
  std::string poi_id = "POI-1";
  bool quiet = false;
};

void usage() {
  std::fprintf(stderr,
               "usage: terminal-simulator --port N [--host 127.0.0.1] [--ledger FILE.sqlite]\n"
               "         [--fault none|decline|insufficient|cancel|timeout|drop-before-response|\n"
               "                  drop-after-response|unknown|unknown-not-charged|offline|hang|\n"
               "                  reboot|reboot-before-charge]   (reboot faults need --ledger)\n"
               "         [--approve-delay-ms M] [--card-timeout-ms M] [--reboot-ms M]\n"
               "         [--boot-delay-ms M] [--poi-id POI-1] [--quiet]\n");
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
    } else {
      return false;
    }
  }
  const bool reboots = options.fault == Fault::Reboot || options.fault == Fault::RebootBeforeCharge;
  return options.port > 0 && (!reboots || options.ledger != ":memory:");
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
                                options.poi_id};
  if (options.quiet) argv.push_back("--quiet");
  return argv;
}

int listen_on(const std::string& host, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1 ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 16) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Writes all of `bytes` to a non-blocking socket, waiting up to two seconds for room.
bool write_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      pollfd pfd{fd, POLLOUT, 0};
      if (::poll(&pfd, 1, 2000) <= 0) return false;
    } else {
      return false;
    }
  }
  return true;
}

class Server {
 public:
  Server(int listen_fd, SimulatedTerminal& terminal) : listen_fd_(listen_fd), terminal_(terminal) {}

  ~Server() {
    for (auto& [id, connection] : connections_) ::close(connection.fd);
    ::close(listen_fd_);
  }

  // Returns true when the terminal is to reboot, false on SIGTERM/SIGINT or an error.
  bool run() {
    while (true) {
      std::vector<pollfd> fds{{g_signal_pipe[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
      std::vector<ConnectionId> ids;
      for (const auto& [id, connection] : connections_) {
        fds.push_back({connection.fd, POLLIN, 0});
        ids.push_back(id);
      }
      int timeout_ms = -1;
      if (const auto next = terminal_.next_deadline()) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now());
        timeout_ms = static_cast<int>(std::max<long long>(0, left.count()));
      }
      if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) {
        log_line(std::string("poll: ") + std::strerror(errno));
        return false;
      }
      if (fds[0].revents != 0) return false;  // SIGTERM or SIGINT
      if (fds[1].revents & POLLIN) accept_all();
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (fds[i + 2].revents != 0) read_from(ids[i]);
      }
      terminal_.advance(Clock::now());
      carry_out(terminal_.take_actions());
      if (reboot_) return true;
    }
  }

 private:
  struct Connection {
    int fd = -1;
    LineBuffer buffer;
  };

  void accept_all() {
    while (true) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (fd < 0) return;
      const ConnectionId id = next_id_++;
      connections_[id].fd = fd;
      terminal_.connected(id);
    }
  }

  void read_from(ConnectionId id) {
    char chunk[16 * 1024];
    while (connections_.contains(id)) {
      auto& connection = connections_[id];
      const ssize_t n = ::recv(connection.fd, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) return;
      if (n <= 0) {
        close_connection(id);
        return;
      }
      connection.buffer.append(std::string_view(chunk, static_cast<std::size_t>(n)));
      while (auto line = connection.buffer.next_line()) {
        terminal_.received(id, *line, Clock::now());
        // A fault may have closed this connection while handling the line.
        carry_out(terminal_.take_actions());
        if (reboot_ || !connections_.contains(id)) return;
      }
      if (connections_[id].buffer.overflowed()) {
        log_line("message too long; closing the connection");
        close_connection(id);
        return;
      }
    }
  }

  void carry_out(const std::vector<Action>& actions) {
    for (const auto& action : actions) {
      if (reboot_) return;  // nothing more leaves a terminal that is going down
      if (action.kind == Action::Kind::Reboot) {
        reboot_ = true;
        return;
      }
      const auto it = connections_.find(action.connection);
      if (it == connections_.end()) continue;  // the Sale System has gone; the ledger remembers
      const int fd = it->second.fd;
      switch (action.kind) {
        case Action::Kind::Send:
          if (!write_all(fd, action.line + "\n")) close_connection(action.connection);
          break;
        case Action::Kind::SendTruncatedAndClose:
          write_all(fd, action.line.substr(0, action.line.size() / 2));
          ::shutdown(fd, SHUT_WR);
          close_connection(action.connection);
          break;
        case Action::Kind::Close:
          close_connection(action.connection);
          break;
        case Action::Kind::Reboot:
          break;
      }
    }
  }

  void close_connection(ConnectionId id) {
    const auto it = connections_.find(id);
    if (it == connections_.end()) return;
    ::close(it->second.fd);
    connections_.erase(it);
    terminal_.disconnected(id);
  }

  int listen_fd_;
  SimulatedTerminal& terminal_;
  std::map<ConnectionId, Connection> connections_;
  ConnectionId next_id_ = 1;
  bool reboot_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) {
    usage();
    return 2;
  }
  if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return 1;
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

  const int listen_fd = listen_on(options.host, options.port);
  if (listen_fd < 0) {
    log_line("cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
             std::strerror(errno));
    return 1;
  }
  log_line("listening on " + options.host + ":" + std::to_string(options.port) + ", fault " +
           std::string(to_string(options.fault)) + ", ledger " + options.ledger);
  bool reboot = false;
  {
    Server server(listen_fd, terminal);
    reboot = server.run();
  }  // every connection and the port are closed here
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
