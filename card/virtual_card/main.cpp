// virtual-mynumber-card: a virtual My Number card for pcscd's vsmartcard vpcd reader.
//
// It connects as a TCP client to the port vpcd listens on (one port per reader slot),
// which pcscd sees as a card placed on the reader; closing the connection removes it.
// Protocol (shared/reference/mynumber-card.md §8.3): every message is a 2-byte
// big-endian length and a payload. A 1-byte payload is a control code (00 power off,
// 01 power on, 02 reset, 04 get ATR); anything longer is a C-APDU to answer.
//
// Faults on demand (the persona's "faults" object, or the flags below, which win):
// --remove-at-apdu N closes the connection when the Nth APDU arrives, without answering
// (vpcd's sign that the card left, reference §8.2); --delay-ms delays every R-APDU;
// --corrupt-length and --status-word/--at-apdu are the card's own (virtual_card.hpp).
//
// Exit codes: 0 when vpcd closes the connection, when the card leaves by the
// remove-at-apdu fault (without --reconnect) or on SIGTERM/SIGINT, 1 when the
// connection fails, 2 for a bad command line or persona file.

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/wiping/wipe.hpp"
#include "persona.hpp"
#include "test_certificate.hpp"
#include "virtual_card.hpp"

namespace {

using madoguchi::card::Persona;
using madoguchi::card::VirtualMyNumberCard;

constexpr int kExitOk = 0;
constexpr int kExitConnection = 1;
constexpr int kExitUsage = 2;

volatile sig_atomic_t g_stop_requested = 0;

void request_stop(int) { g_stop_requested = 1; }

struct Options {
  std::string persona_file;
  std::string host = "127.0.0.1";
  int port = 35963;  // vpcd's first slot (0x8C7B)
  std::optional<std::vector<std::uint8_t>> atr;
  bool reconnect = false;
  bool not_my_number = false;
  bool verbose = false;
  // Fault flags; each one, when given, replaces the persona's value.
  std::optional<int> remove_at_apdu;
  std::optional<int> delay_ms;
  bool corrupt_length = false;
  std::optional<std::uint16_t> status_word;
  std::optional<int> at_apdu;
  // Printing instead of serving.
  bool print_ca = false;
  bool print_crl = false;
  std::vector<std::string> revoked_personas;
};

void print_usage(std::FILE* out) {
  std::fputs(
      "usage: virtual-mynumber-card --persona FILE [--host 127.0.0.1] [--port 35963]\n"
      "                             [--atr HEX] [--reconnect] [--not-mynumber] [--verbose]\n"
      "  --persona FILE  the resident the card belongs to (docs/persona-format.md)\n"
      "  --host, --port  where pcscd's vpcd reader listens (slot n listens on port + n)\n"
      "  --atr HEX       answer-to-reset to present (default: a contactless My Number ATR)\n"
      "  --reconnect     when vpcd drops the connection, connect again (card re-placed)\n"
      "  --not-mynumber  behave as some other card: 6A 82 to the 券面事項入力補助AP\n"
      "  --verbose       log control codes and APDU headers (never APDU data)\n"
      "       virtual-mynumber-card --print-ca\n"
      "       virtual-mynumber-card --print-crl [--revoke PERSONA_FILE]...\n"
      "  --print-ca      print the test JPKI CA's certificate (PEM) that issues every virtual\n"
      "                  card's certificates, for a back office to trust\n"
      "  --print-crl     print that CA's CRL (PEM), revoking the signature certificate of\n"
      "                  each --revoke persona\n"
      "faults (override the persona's \"faults\"; APDUs count from 1, control codes not):\n"
      "  --remove-at-apdu N    leave the reader when APDU N arrives, without answering\n"
      "  --delay-ms MS         delay every R-APDU by MS (0..60000)\n"
      "  --corrupt-length      EF 0002's FF 20 header declares one byte fewer\n"
      "  --status-word HEX --at-apdu N   answer APDU N with only that status word\n",
      out);
}

std::optional<Options> parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::optional<std::string> inline_value;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
      inline_value = arg.substr(eq + 1);
      arg.resize(eq);
    }
    const auto value = [&]() -> std::optional<std::string> {
      if (inline_value) return inline_value;
      if (i + 1 < argc) return std::string(argv[++i]);
      std::fprintf(stderr, "virtual-mynumber-card: %s needs a value\n", arg.c_str());
      return std::nullopt;
    };
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      std::exit(kExitOk);
    } else if (arg == "--persona") {
      auto v = value();
      if (!v) return std::nullopt;
      options.persona_file = *v;
    } else if (arg == "--host") {
      auto v = value();
      if (!v) return std::nullopt;
      options.host = *v;
    } else if (arg == "--port") {
      auto v = value();
      if (!v) return std::nullopt;
      char* end = nullptr;
      const long port = std::strtol(v->c_str(), &end, 0);
      if (v->empty() || *end != '\0' || port < 1 || port > 65535) {
        std::fprintf(stderr, "virtual-mynumber-card: --port must be 1..65535\n");
        return std::nullopt;
      }
      options.port = static_cast<int>(port);
    } else if (arg == "--atr") {
      auto v = value();
      if (!v) return std::nullopt;
      auto atr = madoguchi::card::parse_atr_hex(*v);
      if (!atr) {
        std::fprintf(stderr, "virtual-mynumber-card: --atr: %s\n", atr.error().c_str());
        return std::nullopt;
      }
      options.atr = std::move(*atr);
    } else if (arg == "--remove-at-apdu" || arg == "--delay-ms" || arg == "--at-apdu") {
      auto v = value();
      if (!v) return std::nullopt;
      const long low = arg == "--delay-ms" ? 0 : 1;
      const long high = arg == "--delay-ms" ? 60000 : 1000000;
      char* end = nullptr;
      const long n = std::strtol(v->c_str(), &end, 10);
      if (v->empty() || *end != '\0' || n < low || n > high) {
        std::fprintf(stderr, "virtual-mynumber-card: %s must be %ld..%ld\n", arg.c_str(), low,
                     high);
        return std::nullopt;
      }
      (arg == "--remove-at-apdu" ? options.remove_at_apdu
       : arg == "--delay-ms"     ? options.delay_ms
                                 : options.at_apdu) = static_cast<int>(n);
    } else if (arg == "--status-word") {
      auto v = value();
      if (!v) return std::nullopt;
      auto sw = madoguchi::card::parse_status_word_hex(*v);
      if (!sw) {
        std::fprintf(stderr, "virtual-mynumber-card: --status-word: %s\n", sw.error().c_str());
        return std::nullopt;
      }
      options.status_word = *sw;
    } else if (arg == "--corrupt-length") {
      options.corrupt_length = true;
    } else if (arg == "--reconnect") {
      options.reconnect = true;
    } else if (arg == "--not-mynumber") {
      options.not_my_number = true;
    } else if (arg == "--verbose") {
      options.verbose = true;
    } else if (arg == "--print-ca") {
      options.print_ca = true;
    } else if (arg == "--print-crl") {
      options.print_crl = true;
    } else if (arg == "--revoke") {
      auto v = value();
      if (!v) return std::nullopt;
      options.revoked_personas.push_back(*v);
    } else {
      std::fprintf(stderr, "virtual-mynumber-card: unknown argument %s\n", arg.c_str());
      return std::nullopt;
    }
  }
  if (options.print_ca || options.print_crl) return options;
  if (options.persona_file.empty()) {
    std::fprintf(stderr, "virtual-mynumber-card: --persona FILE is required\n");
    return std::nullopt;
  }
  if (options.status_word.has_value() != options.at_apdu.has_value()) {
    std::fprintf(stderr, "virtual-mynumber-card: --status-word and --at-apdu go together\n");
    return std::nullopt;
  }
  return options;
}

// The socket to vpcd, with waits that a SIGTERM interrupts (race-free via ppoll: the
// signals are blocked except inside ppoll).
class VpcdConnection {
 public:
  enum class Result { Ok, Closed, Stopped, Failed, Removed };

  explicit VpcdConnection(const sigset_t& wait_mask) : wait_mask_(wait_mask) {}
  ~VpcdConnection() { close(); }
  VpcdConnection(const VpcdConnection&) = delete;
  VpcdConnection& operator=(const VpcdConnection&) = delete;

  bool open(const std::string& host, int port) {
    close();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
      return false;
    }
    for (addrinfo* a = found; a != nullptr && fd_ < 0; a = a->ai_next) {
      const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) continue;
      if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
        fd_ = fd;
      } else {
        ::close(fd);
      }
    }
    ::freeaddrinfo(found);
    if (fd_ < 0) return false;
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return true;
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  Result receive(std::vector<std::uint8_t>& payload) {
    std::array<std::uint8_t, 2> length{};
    if (const auto r = read_exact(length.data(), length.size()); r != Result::Ok) return r;
    payload.resize(static_cast<std::size_t>(length[0] << 8 | length[1]));
    return read_exact(payload.data(), payload.size());
  }

  // Length and payload in one send, so that vpcd never waits for a delayed ACK.
  bool send(std::span<const std::uint8_t> payload) {
    if (payload.size() > 0xFFFF) return false;
    std::vector<std::uint8_t> message = {static_cast<std::uint8_t>(payload.size() >> 8),
                                         static_cast<std::uint8_t>(payload.size() & 0xFF)};
    message.insert(message.end(), payload.begin(), payload.end());
    std::size_t sent = 0;
    while (sent < message.size()) {
      const ssize_t n = ::send(fd_, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

 private:
  Result read_exact(std::uint8_t* buffer, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
      pollfd pfd{fd_, POLLIN, 0};
      if (::ppoll(&pfd, 1, nullptr, &wait_mask_) < 0) {
        if (errno != EINTR) return Result::Failed;
        if (g_stop_requested) return Result::Stopped;
        continue;
      }
      // Debian's vpcd 0.8 sends the length and the payload in two writes; without a
      // quick ACK each APDU waits ~40 ms for our delayed ACK (reference §8.4).
      const int one = 1;
      ::setsockopt(fd_, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
      const ssize_t n = ::recv(fd_, buffer + got, size - got, 0);
      if (n == 0) return Result::Closed;
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        return errno == ECONNRESET ? Result::Closed : Result::Failed;
      }
      got += static_cast<std::size_t>(n);
    }
    return Result::Ok;
  }

  int fd_ = -1;
  sigset_t wait_mask_;
};

// Sleeps up to `ms`; false when a stop was requested.
bool pause_unless_stopped(int ms, const sigset_t& wait_mask) {
  const timespec delay{ms / 1000, (ms % 1000) * 1000000L};
  ::ppoll(nullptr, 0, &delay, &wait_mask);
  return !g_stop_requested;
}

std::string outline(std::span<const std::uint8_t> command) {
  std::string text;
  for (std::size_t i = 0; i < std::min<std::size_t>(4, command.size()); ++i) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%02X ", command[i]);
    text += hex;
  }
  return text;
}

// Answers vpcd until it closes the connection (Closed) or a stop is requested.
VpcdConnection::Result serve(VpcdConnection& vpcd, VirtualMyNumberCard& card, bool verbose,
                             int delay_ms, const sigset_t& wait_mask) {
  std::vector<std::uint8_t> message;
  while (true) {
    if (const auto r = vpcd.receive(message); r != VpcdConnection::Result::Ok) return r;
    if (message.size() == 1) {
      switch (message[0]) {
        case 0x00:
          card.power_off();
          if (verbose) std::fprintf(stderr, "virtual-mynumber-card: power off\n");
          break;
        case 0x01:
          card.power_on();
          if (verbose) std::fprintf(stderr, "virtual-mynumber-card: power on\n");
          break;
        case 0x02:
          card.reset();
          if (verbose) std::fprintf(stderr, "virtual-mynumber-card: reset\n");
          break;
        case 0x04:
          if (!vpcd.send(card.atr())) return VpcdConnection::Result::Failed;
          break;
        default:
          std::fprintf(stderr, "virtual-mynumber-card: unknown control code %02X ignored\n",
                       message[0]);
      }
      continue;
    }
    if (card.removal_due()) {
      madoguchi::wiping::wipe_bytes(message.data(), message.size());
      std::fprintf(stderr, "virtual-mynumber-card: fault: leaving the reader at APDU %d\n",
                   card.apdus_received());
      return VpcdConnection::Result::Removed;
    }
    const auto answer = card.respond(message);
    if (verbose) {
      // The header only: command data may be a PIN.
      std::fprintf(stderr, "virtual-mynumber-card: APDU %s(%zu bytes) -> %02X %02X\n",
                   outline(message).c_str(), message.size(), answer[answer.size() - 2],
                   answer.back());
    }
    madoguchi::wiping::wipe_bytes(message.data(), message.size());
    if (delay_ms > 0 && !pause_unless_stopped(delay_ms, wait_mask)) {
      return VpcdConnection::Result::Stopped;
    }
    if (!vpcd.send(answer)) return VpcdConnection::Result::Failed;
  }
}

// --print-ca and --print-crl: the test CA's certificate, or its CRL revoking the signature
// certificates of the personas given.
int print_test_ca(const Options& options) {
  if (options.print_ca) {
    std::fputs(madoguchi::card::test_ca_certificate_pem().c_str(), stdout);
    return kExitOk;
  }
  std::vector<long> serials;
  for (const auto& file : options.revoked_personas) {
    auto persona = madoguchi::card::load_persona(file);
    if (!persona) {
      std::fprintf(stderr, "virtual-mynumber-card: %s\n", persona.error().c_str());
      return kExitUsage;
    }
    serials.push_back(madoguchi::card::test_certificate_serial(
        persona->my_number, madoguchi::card::CertificateUse::signature));
  }
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto crl = madoguchi::card::make_test_crl(serials, now - std::chrono::hours(1));
  if (!crl) {
    std::fprintf(stderr, "virtual-mynumber-card: %s\n", crl.error().c_str());
    return kExitConnection;
  }
  std::fputs(crl->c_str(), stdout);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = parse_options(argc, argv);
  if (!options) {
    print_usage(stderr);
    return kExitUsage;
  }
  if (options->print_ca || options->print_crl) return print_test_ca(*options);
  auto persona = madoguchi::card::load_persona(options->persona_file);
  if (!persona) {
    std::fprintf(stderr, "virtual-mynumber-card: %s\n", persona.error().c_str());
    return kExitUsage;
  }
  if (options->atr) persona->atr = *options->atr;
  auto& faults = persona->faults;
  if (options->remove_at_apdu) faults.remove_at_apdu = *options->remove_at_apdu;
  if (options->delay_ms) faults.delay_ms = *options->delay_ms;
  if (options->corrupt_length) faults.corrupt_length = true;
  if (options->status_word) {
    faults.status_word = *options->status_word;
    faults.at_apdu = *options->at_apdu;
  }
  if (faults.at_apdu > 0 && faults.at_apdu == faults.remove_at_apdu) {
    std::fprintf(stderr,
                 "virtual-mynumber-card: the card cannot both answer and leave at APDU %d\n",
                 faults.at_apdu);
    return kExitUsage;
  }
  const bool with_faults = faults.any();
  const int delay_ms = faults.delay_ms;
  const int tries = persona->pin_tries_left;
  VirtualMyNumberCard card(std::move(*persona), {.not_my_number = options->not_my_number});

  // SIGTERM/SIGINT stay blocked except while waiting in ppoll, where they interrupt it.
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
  sigset_t stop_signals, wait_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  ::sigprocmask(SIG_BLOCK, &stop_signals, &wait_mask);
  sigdelset(&wait_mask, SIGTERM);
  sigdelset(&wait_mask, SIGINT);

  std::fprintf(stderr, "virtual-mynumber-card: persona %s (PIN tries left %d)%s%s\n",
               options->persona_file.c_str(), tries,
               options->not_my_number ? ", acting as a non-My-Number card" : "",
               with_faults ? ", with faults" : "");

  VpcdConnection vpcd(wait_mask);
  // Without --reconnect, allow vpcd a few seconds to start listening.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (true) {
    if (!vpcd.open(options->host, options->port)) {
      if (!options->reconnect && std::chrono::steady_clock::now() > give_up) {
        std::fprintf(stderr, "virtual-mynumber-card: cannot connect to vpcd at %s:%d: %s\n",
                     options->host.c_str(), options->port, std::strerror(errno));
        return kExitConnection;
      }
      if (!pause_unless_stopped(100, wait_mask)) return kExitOk;
      continue;
    }
    std::fprintf(stderr, "virtual-mynumber-card: card placed on vpcd at %s:%d\n",
                 options->host.c_str(), options->port);
    const auto result = serve(vpcd, card, options->verbose, delay_ms, wait_mask);
    vpcd.close();  // = the card leaves the reader
    switch (result) {
      case VpcdConnection::Result::Stopped:
        std::fprintf(stderr, "virtual-mynumber-card: stopped; card removed\n");
        return kExitOk;
      case VpcdConnection::Result::Failed:
        std::fprintf(stderr, "virtual-mynumber-card: connection to vpcd failed: %s\n",
                     std::strerror(errno));
        if (!options->reconnect) return kExitConnection;
        break;
      case VpcdConnection::Result::Removed:
        std::fprintf(stderr, "virtual-mynumber-card: card removed (fault)\n");
        if (!options->reconnect) return kExitOk;
        break;
      case VpcdConnection::Result::Closed:
      case VpcdConnection::Result::Ok:
        std::fprintf(stderr, "virtual-mynumber-card: vpcd closed the connection\n");
        if (!options->reconnect) return kExitOk;
        break;
    }
    card.power_off();
    if (!pause_unless_stopped(200, wait_mask)) return kExitOk;
  }
}
