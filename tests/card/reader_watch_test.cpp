// Integration: ReaderWatch against pcscd + vpcd + the virtual card — events arrive for
// what is already there, for a card placed and taken away, and for pcscd stopping.
#include "madoguchi/card/reader_watch.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/pcscd_fixture.hpp"

namespace madoguchi::card {
namespace {

using namespace std::chrono_literals;
using tests::PcscdWithVirtualReader;
using tests::persona_path;

class Events {
 public:
  void add(const ReaderEvent& event) {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
    cv_.notify_all();
  }
  // Waits until an event of `kind` for `reader` arrives after position `from`.
  bool wait_for(ReaderEvent::Kind kind, const std::string& reader, std::size_t from,
                std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] {
      for (std::size_t i = from; i < events_.size(); ++i) {
        if (events_[i].kind == kind && events_[i].reader == reader) return true;
      }
      return false;
    });
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return events_.size();
  }
  std::string dump() {
    std::lock_guard lock(mutex_);
    std::string text;
    for (const auto& e : events_) text += std::string(to_string(e.kind)) + " " + e.reader + "\n";
    return text;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<ReaderEvent> events_;
};

TEST(ReaderWatch, HearsReadersCardsPlacedAndRemovedWithoutPolling) {
  auto stack = PcscdWithVirtualReader::start();
  ASSERT_TRUE(stack) << stack.error();
  const std::string reader = (*stack)->reader_name(0);
  Events events;
  ReaderWatch watch([&](const ReaderEvent& e) { events.add(e); });

  ASSERT_TRUE(events.wait_for(ReaderEvent::Kind::ReaderAdded, reader, 0, 5s)) << events.dump();
  EXPECT_FALSE(watch.card_on(reader));

  auto mark = events.size();
  const auto placed_at = std::chrono::steady_clock::now();
  ASSERT_TRUE((*stack)->insert_card(persona_path("yamada-taro.json")));
  ASSERT_TRUE(events.wait_for(ReaderEvent::Kind::CardPlaced, reader, mark, 5s)) << events.dump();
  EXPECT_TRUE(watch.card_on(reader));
  EXPECT_EQ(watch.any_reader_with_card(), reader);

  mark = events.size();
  (*stack)->remove_card(false);
  ASSERT_TRUE(events.wait_for(ReaderEvent::Kind::CardRemoved, reader, mark, 5s)) << events.dump();
  EXPECT_FALSE(watch.card_on(reader));
  // Well under the 1 s bounded wait: the event comes from pcscd, not from a poll.
  EXPECT_LT(std::chrono::steady_clock::now() - placed_at, 4s);
}

TEST(ReaderWatch, ReportsACardAlreadyThereAtStart) {
  auto stack = PcscdWithVirtualReader::start();
  ASSERT_TRUE(stack) << stack.error();
  ASSERT_TRUE((*stack)->insert_card(persona_path("yamada-taro.json")));
  Events events;
  ReaderWatch watch([&](const ReaderEvent& e) { events.add(e); });
  ASSERT_TRUE(events.wait_for(ReaderEvent::Kind::CardPlaced, (*stack)->reader_name(0), 0, 5s))
      << events.dump();
}

TEST(ReaderWatch, TellsWhenPcscdStopsAndComesBackAndStopsPromptlyItself) {
  Events events;
  std::optional<ReaderWatch> watch;
  {
    auto stack = PcscdWithVirtualReader::start();
    ASSERT_TRUE(stack) << stack.error();
    ASSERT_TRUE((*stack)->insert_card(persona_path("yamada-taro.json")));
    watch.emplace([&](const ReaderEvent& e) { events.add(e); });
    ASSERT_TRUE(events.wait_for(ReaderEvent::Kind::CardPlaced, (*stack)->reader_name(0), 0, 5s))
        << events.dump();
  }  // pcscd stops here
  ASSERT_TRUE(events.wait_for(ReaderEvent::Kind::ServiceLost, "", 0, 10s)) << events.dump();
  EXPECT_TRUE(events.wait_for(ReaderEvent::Kind::CardRemoved, "Madoguchi Test PCD 00 00", 0, 1s))
      << events.dump();

  // pcscd comes back (a restart): the watch reconnects by itself and reports the readers.
  const auto mark = events.size();
  auto again = PcscdWithVirtualReader::start();
  ASSERT_TRUE(again) << again.error();
  ASSERT_TRUE(events.wait_for(ReaderEvent::Kind::ServiceBack, "", mark, 10s)) << events.dump();
  ASSERT_TRUE(events.wait_for(ReaderEvent::Kind::ReaderAdded, (*again)->reader_name(0), mark, 5s))
      << events.dump();

  const auto stop_at = std::chrono::steady_clock::now();
  watch.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_at, 1500ms);
}

// Context switches of every thread of this process so far.
long switches_so_far() {
  long total = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream status(task.path() / "status");
    for (std::string line; std::getline(status, line);) {
      if (line.starts_with("voluntary_ctxt_switches:") ||
          line.starts_with("nonvoluntary_ctxt_switches:")) {
        total += std::atol(line.c_str() + line.find(':') + 1);
      }
    }
  }
  return total;
}

TEST(ReaderWatch, WithoutPcscdItWaitsWithoutWakingAndStillStopsAtOnce) {
  // No pcscd where the watch looks for it: it says so once, then sleeps until the socket's
  // folder changes (issue 22: an idle kiosk wakes nobody). It used to try every 100 ms.
  const auto folder =
      std::filesystem::temp_directory_path() / ("madoguchi-no-pcscd-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  ::setenv("PCSCLITE_CSOCK_NAME", (folder / "pcscd.comm").c_str(), 1);
  Events events;
  std::optional<ReaderWatch> watch;
  watch.emplace([&](const ReaderEvent& e) { events.add(e); });
  ASSERT_TRUE(events.wait_for(ReaderEvent::Kind::ServiceLost, "", 0, 5s)) << events.dump();
  std::this_thread::sleep_for(200ms);
  const long before = switches_so_far();
  std::this_thread::sleep_for(2s);
  const long woken = switches_so_far() - before;
  EXPECT_LE(woken, 4) << "context switches in 2 s with nothing to watch";
  const auto stop_at = std::chrono::steady_clock::now();
  watch.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_at, 500ms);
  ::unsetenv("PCSCLITE_CSOCK_NAME");
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace madoguchi::card
