// What the console's window shows, fetched on a thread of its own so the window never waits on
// the back office: the open calls (LISTEN: a new call arrives within a moment, not at the next
// poll), every kiosk's health (every 2 s), and the numbers for the period chosen (every 60 s and
// when the period changes). The window reads a snapshot; a member of staff's "take" goes the
// same way. `wake` is called whenever something new is there to draw.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/counter/call_board.hpp"
#include "madoguchi/counter/kiosk_health.hpp"
#include "madoguchi/counter/visit_book.hpp"

namespace madoguchi::console {

struct CounterView {
  std::vector<counter::Call> calls;  // open, oldest first
  std::vector<counter::KioskReport> kiosks;
  std::optional<counter::VisitReport> numbers;
  int days = 1;            // the numbers' period: the last `days` days, today included
  std::string problem;     // why the back office could not be read just now ("" when it could)
  std::string taken_note;  // what became of the last take ("#12 は他の係員が対応しました")
  std::uint64_t calls_heard = 0;  // grows with every new call heard: the window chimes
  bool loaded = false;            // everything has been read at least once
};

class CounterFeed {
 public:
  CounterFeed(std::string conninfo, int days, std::function<void()> wake);
  ~CounterFeed();
  CounterFeed(const CounterFeed&) = delete;
  CounterFeed& operator=(const CounterFeed&) = delete;

  CounterView view() const;
  void take(std::int64_t call_id);
  void set_period(int days);

 private:
  void run();
  void refresh_calls(counter::CallBoard& board);
  std::string conninfo_;
  std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  CounterView view_;
  std::deque<std::int64_t> to_take_;
  bool period_changed_ = true;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace madoguchi::console
