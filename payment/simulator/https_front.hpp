// The simulator's front door, as an Adyen terminal's local Terminal API: HTTPS (cpp-httplib with
// OpenSSL) on HOST:PORT, one POST /nexo/ per request, every message secured with the shared key
// (nexo_security.hpp), and the tests' control channel POST /control (plain JSON over the same
// TLS). Each request is one "connection" of the SimulatedTerminal: its answer is the action the
// terminal sends to it, which may also be a connection dropped before or in the middle of the
// answer (the faults drop-before-response and drop-after-response).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "madoguchi/payment/nexo_security.hpp"
#include "simulated_terminal.hpp"
#include "terminal_certificates.hpp"

namespace madoguchi::payment::simulator {

class HttpsFront {
 public:
  // `certificates` null: plain HTTP (--plain-http-for-tests).
  HttpsFront(SimulatedTerminal& terminal, const nexo::NexoCipher& cipher,
             const TerminalCertificates* certificates, std::function<void(const std::string&)> log);
  ~HttpsFront();
  HttpsFront(const HttpsFront&) = delete;
  HttpsFront& operator=(const HttpsFront&) = delete;

  // Why the server cannot start (a certificate that does not load), or empty.
  std::string problem() const;
  // Serves until stop() or until the terminal reboots: true for a reboot, false otherwise
  // (stopped, or the port could not be bound: then `bind_failed`).
  bool serve(const std::string& host, int port, bool& bind_failed);
  // From any thread (a signal watcher): ends serve().
  void stop();

 private:
  class State;
  std::unique_ptr<State> state_;
};

}  // namespace madoguchi::payment::simulator
