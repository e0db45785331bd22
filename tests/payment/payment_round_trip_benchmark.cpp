// A payment's round trip through the real adapter and the real simulator (no card delay): over
// HTTPS with message security, as the kiosk pays, against plain HTTP with the same message
// security (what TLS costs) — median and p99 of pay(), and of a status request.
// docs/benchmarks.md ("payment/ — a payment's round trip over HTTPS") quotes it:
//   payment_round_trip_benchmark [--payments N]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "madoguchi/payment/nexo_terminal.hpp"
#include "support/terminal_fixture.hpp"

namespace {

using namespace madoguchi;
using Clock = std::chrono::steady_clock;

struct Figures {
  double median_ms = 0;
  double p99_ms = 0;
  double slowest_ms = 0;
};

Figures figures_of(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  Figures f;
  f.median_ms = times[times.size() / 2];
  f.p99_ms = times[std::min(times.size() - 1, (times.size() * 99) / 100)];
  f.slowest_ms = times.back();
  return f;
}

double since_ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Pays `count` fees and asks `count` statuses; false when one payment was not approved.
bool measure(const char* name, bool plain, int count) {
  tests::TestTerminalOptions options;
  options.plain_http_for_tests = plain;
  tests::TestTerminal terminal(options);
  if (!terminal.running()) return false;
  payment::NexoTerminal kiosk(terminal.address(), terminal.cipher(), "MADOGUCHI-BENCH",
                              terminal.poi_id());
  std::vector<double> pays;
  std::vector<double> statuses;
  static std::atomic<int> serial{0};
  for (int i = 0; i < count + 1; ++i) {
    payment::PaymentRequest request;
    request.sale_transaction_id = "BENCH-" + std::to_string(++serial);
    request.amount_yen = 300;
    auto start = Clock::now();
    const auto paid = kiosk.pay(request, std::chrono::seconds(10));
    const double pay_ms = since_ms(start);
    if (paid.outcome != payment::PaymentOutcome::Approved) {
      std::fprintf(stderr, "%s: payment %d: %s\n", name, i, paid.message.c_str());
      return false;
    }
    start = Clock::now();
    const auto status = kiosk.status(request.sale_transaction_id);
    const double status_ms = since_ms(start);
    if (status.outcome != payment::PaymentOutcome::Approved) return false;
    if (i == 0) continue;  // the first one logs in
    pays.push_back(pay_ms);
    statuses.push_back(status_ms);
  }
  const auto p = figures_of(pays);
  const auto s = figures_of(statuses);
  std::printf(
      "%-32s payment: median %.2f ms, p99 %.2f ms, slowest %.2f ms; status: median %.2f "
      "ms, p99 %.2f ms (%d each)\n",
      name, p.median_ms, p.p99_ms, p.slowest_ms, s.median_ms, s.p99_ms, count);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int count = 200;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--payments") count = std::max(1, std::atoi(argv[++i]));
  }
  const bool tls = measure("HTTPS + message security", false, count);
  const bool plain = measure("plain HTTP + message security", true, count);
  return tls && plain ? 0 : 1;
}
