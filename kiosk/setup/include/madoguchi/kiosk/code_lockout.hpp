// The lock-out of a code pad after wrong codes: three in a row lock the pad for five minutes.
// Kept in a file of the state folder (<state>/volunteer-code-lockout.json,
// <state>/staff-code-lockout.json), written and fsync'd at every change, so neither a restart
// nor a kill -9 gives a guesser fresh tries.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <string>

namespace madoguchi::kiosk {

class CodeLockout {
 public:
  using Clock = std::chrono::system_clock;
  static constexpr int kTries = 3;
  static constexpr std::chrono::minutes kLockTime{5};

  // Kept in memory only (the accessibility audit, unit tests).
  CodeLockout() = default;
  // Kept in `file`. A missing file is a pad with all its tries. A file that cannot be read
  // (damaged, not ours) starts the pad locked for kLockTime, and the error says so; the kiosk
  // says it on stderr and goes on.
  struct Opened;
  static Opened open(const std::filesystem::path& file, Clock::time_point now);

  bool locked(Clock::time_point now) const { return now < locked_until_; }
  int seconds_left(Clock::time_point now) const;
  // A wrong code; true when it locked the pad. A file that cannot be written is said on
  // stderr (the lock-out holds in memory all the same).
  bool wrong_code(Clock::time_point now);
  // A right code: the wrong ones before it are forgotten.
  void right_code();
  int wrong_codes() const { return wrong_; }

 private:
  void save() const;
  std::filesystem::path file_;  // empty: memory only
  int wrong_ = 0;
  Clock::time_point locked_until_{};
};

struct CodeLockout::Opened {
  CodeLockout lockout;
  std::string problem;  // empty when the file was read (or missing)
};

}  // namespace madoguchi::kiosk
