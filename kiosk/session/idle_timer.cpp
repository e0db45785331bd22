#include "madoguchi/kiosk/idle_timer.hpp"

#include <algorithm>

namespace madoguchi::kiosk {

namespace {

int whole_seconds_left(std::chrono::seconds limit, std::chrono::system_clock::duration passed) {
  const auto left = limit - std::chrono::duration_cast<std::chrono::seconds>(passed);
  return static_cast<int>(std::max<std::chrono::seconds::rep>(0, left.count()));
}

}  // namespace

void IdleTimer::restart(TimePoint now) {
  last_activity_ = now;
  warning_ = false;
}

void IdleTimer::touched(TimePoint now) {
  if (!warning_) last_activity_ = now;
}

int IdleTimer::seconds_left(TimePoint now) const {
  if (!warning_) return -1;
  return whole_seconds_left(settings_.countdown, now - warning_since_);
}

void IdleTimer::card_taken_away(TimePoint now) {
  card_away_ = true;
  card_away_since_ = now;
  warning_ = false;
  shown_seconds_left_ = card_back_seconds_left(now);
}

int IdleTimer::card_back_seconds_left(TimePoint now) const {
  if (!card_away_) return -1;
  return whole_seconds_left(settings_.card_back, now - card_away_since_);
}

IdleTimer::Tick IdleTimer::tick(TimePoint now, bool applies) {
  if (card_away_) {
    if (now - card_away_since_ >= settings_.card_back) return Tick::CardNotBack;
    const int left = card_back_seconds_left(now);
    if (left == shown_seconds_left_) return Tick::Nothing;
    shown_seconds_left_ = left;
    return Tick::Redraw;
  }
  if (!applies) {
    const bool was_warning = warning_;
    warning_ = false;
    return was_warning ? Tick::Redraw : Tick::Nothing;
  }
  if (!warning_) {
    if (now - last_activity_ < settings_.quiet) return Tick::Nothing;
    warning_ = true;
    warning_since_ = now;
    shown_seconds_left_ = seconds_left(now);
    return Tick::Redraw;
  }
  if (now - warning_since_ >= settings_.countdown) {
    warning_ = false;
    return Tick::Expired;
  }
  const int left = seconds_left(now);
  if (left == shown_seconds_left_) return Tick::Nothing;
  shown_seconds_left_ = left;
  return Tick::Redraw;
}

}  // namespace madoguchi::kiosk
