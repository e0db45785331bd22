// The idle time-out: when a resident who has walked away is erased. After `quiet` without a
// touch a countdown dialog offers 続ける; `countdown` later the session ends. A card taken off
// the reader mid-way is waited for `card_back` instead. The session says which screens it
// applies to and what ending means; this only keeps the time.
#pragma once

#include <chrono>

namespace madoguchi::kiosk {

// When a resident who has walked away is erased: after `quiet` without a touch a countdown
// dialog offers 続ける; `countdown` later (DESIGN.md: at least 20 s) the session ends.
// A card taken off the reader in the middle of a procedure is waited for `card_back`; then the
// resident is taken to have gone with it, and is erased.
struct IdleSettings {
  std::chrono::seconds quiet{90};
  std::chrono::seconds countdown{30};
  std::chrono::seconds card_back{60};
};

class IdleTimer {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  void set_settings(IdleSettings settings) { settings_ = settings; }
  const IdleSettings& settings() const { return settings_; }

  // The quiet period starts afresh (a new screen, 続ける, the resident back); the countdown closes.
  void restart(TimePoint now);
  // A touch on the screen. While the countdown shows only 続ける closes it: a tap elsewhere must
  // not fall through to a button under the dialog once it is gone.
  void touched(TimePoint now);
  // Activity that does not close the countdown (a code pad's key, its answer).
  void active(TimePoint now) { last_activity_ = now; }
  TimePoint last_activity() const { return last_activity_; }
  bool warning() const { return warning_; }
  int seconds_left(TimePoint now) const;  // the countdown's; -1 when it does not show

  // The card off the reader after its details were read: waited for settings().card_back.
  bool card_away() const { return card_away_; }
  void card_taken_away(TimePoint now);
  void card_back() { card_away_ = false; }
  int card_back_seconds_left(TimePoint now) const;  // -1 when no card is awaited

  enum class Tick {
    Nothing,      // nothing to redraw
    Redraw,       // the countdown opened, closed, or its seconds changed
    CardNotBack,  // the card was not put back in time
    Expired,      // the countdown ran out
  };
  // `applies`: whether the screen shown holds the resident's data (the session decides).
  Tick tick(TimePoint now, bool applies);

 private:
  IdleSettings settings_;
  TimePoint last_activity_{};
  TimePoint warning_since_{};
  bool warning_ = false;
  int shown_seconds_left_ = -1;
  bool card_away_ = false;
  TimePoint card_away_since_{};
};

}  // namespace madoguchi::kiosk
