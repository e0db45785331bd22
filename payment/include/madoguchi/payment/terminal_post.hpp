// One HTTPS POST to a payment terminal's local API, as Adyen's local Terminal API takes
// requests: https://HOST:PORT/nexo/, the body one SaleToPOIRequest, the answer one
// SaleToPOIResponse. libcurl (OpenSSL) carries it; the terminal is trusted only when its
// certificate chains to the configured terminal root and names the terminal
// ([model]-[serial].test.terminal.adyen.com), whatever address it is reached at.
#pragma once

#include <atomic>
#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace madoguchi::payment {

struct TerminalAddress {
  std::string host;  // where it is reached: an IP address or a name on the LAN
  int port = 8443;
  // The name its certificate must carry (Adyen: [model]-[serial].test.terminal.adyen.com).
  std::string certificate_name;
  // The only root trusted (PEM): the system's certificate store is not used.
  std::filesystem::path root_certificate;
  // http:// without TLS: only for the tests and benchmarks that measure the difference. The
  // kiosk has no option that sets it.
  bool plain_http_for_tests = false;
};

// The name an Adyen terminal's certificate carries: [POIID].test.terminal.adyen.com in the test
// environment, [POIID].live.terminal.adyen.com in the live one ([POIID] = [model]-[serial]).
std::string terminal_certificate_name(std::string_view poi_id, bool live);

// Why a POST got no answer, and whether the terminal may have had the request.
struct PostFailure {
  enum class Kind {
    NotConnected,  // no connection: the request did not leave the kiosk
    Refused,       // the terminal is not the one trusted (no TLS, another root, another name):
                   // the request did not leave the kiosk
    Lost,          // sent, and the connection ended before the whole answer came
    NoAnswer,      // sent, and no answer within the time given
    Stopped,       // stop() was asked while waiting (sent or not: see may_have_arrived)
    HttpError,     // an HTTP status other than 200
  };
  Kind kind = Kind::NotConnected;
  bool may_have_arrived = false;  // false only when the request surely never reached it
  std::string detail;             // for the journal and the log; never the body
};
std::string_view to_string(PostFailure::Kind kind);

struct PostControl {
  // When set by another thread, ends the wait (libcurl looks at it at least once a second).
  const std::atomic<bool>* stop = nullptr;
  // Called once, when the whole request has been handed to the connection.
  std::function<void()> on_sent;
};

// Posts `body` to https://ADDRESS/`path` and returns the answer's body. `connect_timeout` bounds
// the TCP and TLS set-up, `timeout` the whole exchange. Thread-safe: each call has its own
// connection.
std::expected<std::string, PostFailure> post_to_terminal(const TerminalAddress& address,
                                                         std::string_view path,
                                                         std::string_view body,
                                                         std::chrono::milliseconds connect_timeout,
                                                         std::chrono::milliseconds timeout,
                                                         const PostControl& control = {});

}  // namespace madoguchi::payment
