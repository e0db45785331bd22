#include "madoguchi/kiosk/stop_signal.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "madoguchi/kiosk/child_process.hpp"

namespace madoguchi::kiosk {
namespace {

std::atomic<int> g_signal{0};      // the first stop signal, 0 before it
std::atomic<bool> g_armed{false};  // the loop runs: a signal asks it to stop
constexpr long kDeadlineMs = 900;  // the watchdog's limit after the signal
int g_pipe[2] = {-1, -1};          // the handler writes a byte, the watcher reads it

// A plain function (trivially destructible): a signal during static destruction still finds it.
std::atomic<WakeLoop> g_wake{nullptr};

constexpr int kStopSignals[] = {SIGTERM, SIGINT, SIGHUP};

// Raises `signal_number` with its default action, unblocked: the process ends by it, as if the
// kiosk had never caught it (async-signal-safe).
void raise_with_default_action(int signal_number) {
  ::signal(signal_number, SIG_DFL);
  sigset_t unblock;
  sigemptyset(&unblock);
  sigaddset(&unblock, signal_number);
  ::sigprocmask(SIG_UNBLOCK, &unblock, nullptr);
  ::raise(signal_number);
}

// Stops the children and ends the process by `signal_number` (async-signal-safe).
[[noreturn]] void end_now(int signal_number, int grace_ms) {
  stop_all_children(grace_ms);
  raise_with_default_action(signal_number);
  ::_exit(128 + signal_number);
}

void on_signal(int signal_number) {
  const int saved_errno = errno;
  int expected = 0;
  const bool first = g_signal.compare_exchange_strong(expected, signal_number);
  if (!first || !g_armed.load()) end_now(signal_number, 500);  // a second one, or at start-up
  const char byte = 1;
  [[maybe_unused]] const auto n = ::write(g_pipe[1], &byte, 1);
  errno = saved_errno;
}

// Waits for the handler's byte, wakes the loop, and ends the process if the orderly stop has
// not finished by the deadline.
void watch() {
  char byte = 0;
  while (::read(g_pipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
  if (const WakeLoop wake = g_wake.load()) wake();
  std::this_thread::sleep_for(std::chrono::milliseconds(kDeadlineMs));
  const int signal_number = g_signal.load();
  std::fprintf(stderr, "kiosk: still stopping %ld ms after signal %d; ending now\n", kDeadlineMs,
               signal_number);
  end_now(signal_number, 50);
}

// After main has returned and its objects are destroyed (the demo's services stopped): end by
// the stop signal, as the signal's default action would have.
void reraise_at_exit() {
  const int signal_number = g_signal.load();
  if (signal_number == 0) return;
  std::fflush(nullptr);
  raise_with_default_action(signal_number);
}

}  // namespace

void install_stop_signals() {
  if (g_pipe[0] >= 0) return;
  std::atexit(reraise_at_exit);
  if (::pipe2(g_pipe, O_CLOEXEC) != 0) {
    std::perror("kiosk: pipe for stop signals");
    return;
  }
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (const int s : kStopSignals) sigaddset(&action.sa_mask, s);
  for (const int s : kStopSignals) ::sigaction(s, &action, nullptr);
  std::thread(watch).detach();
}

void arm_stop_signals(WakeLoop wake) {
  g_wake = wake;
  g_armed = true;
  // A signal that came in before arming has already ended the process.
}

bool stop_requested() { return g_signal.load() != 0; }

int stop_signal_number() { return g_signal.load(); }

}  // namespace madoguchi::kiosk
