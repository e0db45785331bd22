// The values of the kiosk's command-line options, checked before anything starts: each function
// gives the value, or the reason it is refused (main prints "kiosk: --OPTION: reason" and exits
// with 2). Numbers are read whole and in range (never atoi/sscanf, which wrap or read "abc" as 0).
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "madoguchi/kiosk/idle_timer.hpp"

namespace madoguchi::kiosk::command_line {

// A whole decimal number from `lowest` to `highest`: "abc", "12x", "", "99999999999999999999"
// are refused.
std::expected<long long, std::string> whole_number(std::string_view text, long long lowest,
                                                   long long highest);

// A TCP port, 1 to 65535.
std::expected<int, std::string> port(std::string_view text);

struct Endpoint {
  std::string host;
  int port = 0;
};

// "HOST:PORT" ("127.0.0.1:8443", "terminal.local:8443", "[::1]:8443"): a host and a port
// 1–65535. "127.0.0.1" (no port), "host:abc", "host:99999", ":8443" are refused.
std::expected<Endpoint, std::string> endpoint(std::string_view text);

// An IPP printer: "ipp://HOST[:PORT]/PATH" or "ipps://…", the port 1–65535 when given.
std::expected<std::string, std::string> printer_uri(std::string_view text);

// Where applications go: "postgres:CONNINFO" or "dir:PATH", neither empty.
std::expected<std::string, std::string> back_office(std::string_view text);

// "QUIET,COUNTDOWN[,CARD_BACK]" in seconds, each 1 to 3600 (tests use a few seconds).
std::expected<IdleSettings, std::string> idle(std::string_view text);

}  // namespace madoguchi::kiosk::command_line
