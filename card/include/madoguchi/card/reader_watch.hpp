// Watches the card readers on a thread of its own with SCardGetStatusChange, so the
// kiosk hears at once — without polling — when a card is placed or taken away, a
// reader is plugged in or pulled out, or pcscd goes away and comes back.
//
//   ReaderWatch watch([&](const ReaderEvent& e) { post_to_ui(e); SDL_PushEvent(...); });
//
// The callback runs on the watch's thread; keep it short (queue the event and wake the
// UI). The first events after start describe what is already there (readers present,
// cards already placed). Destruction stops the thread (SCardCancel) and waits for it.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace madoguchi::card {

struct ReaderEvent {
  enum class Kind {
    ReaderAdded,    // a reader appeared (also: every reader present at start)
    ReaderRemoved,  // a reader was unplugged
    CardPlaced,     // a card appeared on `reader` (also: a card already there at start)
    CardRemoved,    // the card left `reader` (also sent for a card on a reader unplugged)
    ServiceLost,    // pcscd stopped; the watch retries every second until it is back
    ServiceBack,    // pcscd answers again (the reader events that follow say what is there)
  };
  Kind kind;
  std::string reader;  // empty for ServiceLost / ServiceBack
};

std::string_view to_string(ReaderEvent::Kind kind);

class ReaderWatch {
 public:
  explicit ReaderWatch(std::function<void(const ReaderEvent&)> on_event);
  ~ReaderWatch();
  ReaderWatch(const ReaderWatch&) = delete;
  ReaderWatch& operator=(const ReaderWatch&) = delete;

  // Whether a card is on `reader` as far as the watch knows (thread-safe).
  bool card_on(const std::string& reader) const;
  // The first reader with a card, "" if none (thread-safe).
  std::string any_reader_with_card() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace madoguchi::card
