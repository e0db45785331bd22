#include "madoguchi/kiosk/command_line.hpp"

#include <charconv>
#include <vector>

namespace madoguchi::kiosk::command_line {

namespace {

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

std::expected<long long, std::string> whole_number(std::string_view text, long long lowest,
                                                   long long highest) {
  const std::string range =
      "a whole number from " + std::to_string(lowest) + " to " + std::to_string(highest);
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error == std::errc::invalid_argument || end != text.data() + text.size()) {
    return std::unexpected(quoted(text) + " is not " + range);
  }
  if (error == std::errc::result_out_of_range || value < lowest || value > highest) {
    return std::unexpected(quoted(text) + " is out of range: give " + range);
  }
  return value;
}

std::expected<int, std::string> port(std::string_view text) {
  auto number = whole_number(text, 1, 65535);
  if (!number) return std::unexpected("the port " + number.error());
  return static_cast<int>(*number);
}

std::expected<Endpoint, std::string> endpoint(std::string_view text) {
  const auto colon = text.rfind(':');
  const std::string example = "; give HOST:PORT, such as 127.0.0.1:8443";
  if (colon == std::string_view::npos) {
    return std::unexpected(quoted(text) + " has no port" + example);
  }
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);  // [::1]:8443
  } else if (host.find(':') != std::string_view::npos) {
    return std::unexpected(quoted(text) + ": write an IPv6 address in brackets" + example);
  }
  if (host.empty()) return std::unexpected(quoted(text) + " has no host" + example);
  auto number = port(text.substr(colon + 1));
  if (!number) return std::unexpected(quoted(text) + ": " + number.error());
  return Endpoint{std::string(host), *number};
}

std::expected<std::string, std::string> printer_uri(std::string_view text) {
  const std::string example =
      "; give ipp://HOST[:PORT]/PATH or ipps://…, such as "
      "ipp://192.168.1.20:631/ipp/print";
  std::string_view rest;
  if (text.starts_with("ipp://")) {
    rest = text.substr(6);
  } else if (text.starts_with("ipps://")) {
    rest = text.substr(7);
  } else {
    return std::unexpected(quoted(text) + " is not an IPP printer" + example);
  }
  const auto slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  if (slash == std::string_view::npos || slash + 1 >= rest.size()) {
    return std::unexpected(quoted(text) + " has no path (such as /ipp/print)" + example);
  }
  // host, host:port, [v6], [v6]:port
  std::string_view host = authority;
  std::string_view port_text;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      return std::unexpected(quoted(text) + ": no ']'" + example);
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::unexpected(quoted(text) + example);
      port_text = authority.substr(close + 2);
      if (port_text.empty())
        return std::unexpected(quoted(text) + " has ':' but no port" + example);
    }
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
    if (port_text.empty()) return std::unexpected(quoted(text) + " has ':' but no port" + example);
  }
  if (host.empty()) return std::unexpected(quoted(text) + " has no host" + example);
  if (!port_text.empty()) {
    if (auto number = port(port_text); !number) {
      return std::unexpected(quoted(text) + ": " + number.error());
    }
  }
  return std::string(text);
}

std::expected<std::string, std::string> back_office(std::string_view text) {
  const std::string example =
      "; give postgres:CONNINFO (such as postgres:host=db.town dbname=intake user=kiosk "
      "sslmode=verify-full) or dir:PATH";
  if (text.starts_with("postgres:")) {
    if (text.size() == 9) return std::unexpected("postgres: needs a connection string" + example);
    return std::string(text);
  }
  if (text.starts_with("dir:")) {
    if (text.size() == 4) return std::unexpected("dir: needs a directory" + example);
    return std::string(text);
  }
  return std::unexpected(quoted(text) + " is neither postgres: nor dir:" + example);
}

std::expected<IdleSettings, std::string> idle(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    parts.push_back(text.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  const std::string wanted =
      "; give QUIET,COUNTDOWN[,CARD_BACK] in seconds (1 to 3600 each), such as 90,30";
  if (parts.size() < 2 || parts.size() > 3) {
    return std::unexpected(quoted(text) + ": two or three numbers are needed" + wanted);
  }
  IdleSettings settings;
  std::chrono::seconds* into[] = {&settings.quiet, &settings.countdown, &settings.card_back};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    auto seconds = whole_number(parts[i], 1, 3600);
    if (!seconds) return std::unexpected(seconds.error() + wanted);
    *into[i] = std::chrono::seconds(*seconds);
  }
  return settings;
}

}  // namespace madoguchi::kiosk::command_line
