#include "madoguchi/card/reader_watch.hpp"

#include <winscard.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "reader_names.hpp"

namespace madoguchi::card {

using detail::kReaderListChanges;

std::string_view to_string(ReaderEvent::Kind kind) {
  switch (kind) {
    case ReaderEvent::Kind::ReaderAdded:
      return "ReaderAdded";
    case ReaderEvent::Kind::ReaderRemoved:
      return "ReaderRemoved";
    case ReaderEvent::Kind::CardPlaced:
      return "CardPlaced";
    case ReaderEvent::Kind::CardRemoved:
      return "CardRemoved";
    case ReaderEvent::Kind::ServiceLost:
      return "ServiceLost";
    case ReaderEvent::Kind::ServiceBack:
      return "ServiceBack";
  }
  return "?";
}

struct ReaderWatch::State {
  std::function<void(const ReaderEvent&)> on_event;
  std::atomic<bool> stopping{false};
  std::mutex mutex;  // guards context (for SCardCancel) and cards
  SCARDCONTEXT context = 0;
  bool has_context = false;
  std::map<std::string, bool> cards;  // reader → card present
  std::thread thread;

  void emit(ReaderEvent::Kind kind, const std::string& reader) {
    if (!stopping) on_event(ReaderEvent{kind, reader});
  }

  void set_card(const std::string& reader, bool present) {
    std::lock_guard lock(mutex);
    cards[reader] = present;
  }

  // Forget every reader (pcscd went away): their cards are gone as far as we know.
  void forget_all() {
    std::map<std::string, bool> old;
    {
      std::lock_guard lock(mutex);
      old.swap(cards);
    }
    for (const auto& [reader, present] : old) {
      if (present) emit(ReaderEvent::Kind::CardRemoved, reader);
      emit(ReaderEvent::Kind::ReaderRemoved, reader);
    }
  }

  bool establish() {
    SCARDCONTEXT handle = 0;
    if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &handle) != SCARD_S_SUCCESS) {
      return false;
    }
    std::lock_guard lock(mutex);
    if (stopping) {
      SCardReleaseContext(handle);
      return false;
    }
    context = handle;
    has_context = true;
    return true;
  }

  void release() {
    std::lock_guard lock(mutex);
    if (has_context) SCardReleaseContext(context);
    has_context = false;
  }

  void sleep_a_second() {
    for (int i = 0; i < 10 && !stopping; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  // One connection to pcscd: watch until it fails or we stop. Returns false when pcscd
  // is gone (the caller reconnects), true when stopping.
  bool watch() {
    std::vector<std::string> readers;
    std::vector<DWORD> known;  // last event state per reader
    DWORD list_state = SCARD_STATE_UNAWARE;
    bool fresh_list = true;
    while (!stopping) {
      if (fresh_list) {
        std::vector<std::string> now;
        const LONG rv = detail::list_reader_names(context, now);
        if (rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED ||
            rv == SCARD_E_INVALID_HANDLE) {
          return false;
        }
        // Readers that left, then readers that came.
        std::vector<DWORD> next_known(now.size(), SCARD_STATE_UNAWARE);
        for (std::size_t i = 0; i < readers.size(); ++i) {
          const auto pos = std::find(now.begin(), now.end(), readers[i]);
          if (pos == now.end()) {
            bool had_card = false;
            {
              std::lock_guard lock(mutex);
              had_card = cards[readers[i]];
              cards.erase(readers[i]);
            }
            if (had_card) emit(ReaderEvent::Kind::CardRemoved, readers[i]);
            emit(ReaderEvent::Kind::ReaderRemoved, readers[i]);
          } else {
            next_known[static_cast<std::size_t>(pos - now.begin())] = known[i];
          }
        }
        for (std::size_t i = 0; i < now.size(); ++i) {
          if (std::find(readers.begin(), readers.end(), now[i]) == readers.end()) {
            set_card(now[i], false);
            emit(ReaderEvent::Kind::ReaderAdded, now[i]);
          }
        }
        readers = std::move(now);
        known = std::move(next_known);
        fresh_list = false;
      }

      std::vector<SCARD_READERSTATE> states(readers.size() + 1);
      for (std::size_t i = 0; i < readers.size(); ++i) {
        states[i].szReader = readers[i].c_str();
        states[i].dwCurrentState = known[i];
      }
      states.back().szReader = kReaderListChanges;
      states.back().dwCurrentState = list_state;
      // A bounded wait (not INFINITE): SCardCancel only interrupts a call in progress, so
      // a stop that lands between two calls is noticed within a second.
      const LONG rv =
          SCardGetStatusChange(context, 1000, states.data(), static_cast<DWORD>(states.size()));
      if (stopping) return true;
      if (rv == SCARD_E_CANCELLED || rv == SCARD_E_TIMEOUT) continue;
      if (rv == SCARD_E_UNKNOWN_READER || rv == SCARD_E_READER_UNAVAILABLE) {
        fresh_list = true;
        continue;
      }
      if (rv != SCARD_S_SUCCESS) return false;

      for (std::size_t i = 0; i < readers.size(); ++i) {
        const DWORD event = states[i].dwEventState;
        const bool was_known = known[i] != SCARD_STATE_UNAWARE;
        const bool had = (known[i] & SCARD_STATE_PRESENT) != 0;
        const bool has = (event & SCARD_STATE_PRESENT) != 0;
        if (event & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE)) fresh_list = true;
        if (has != had || (!was_known && has)) {
          set_card(readers[i], has);
          emit(has ? ReaderEvent::Kind::CardPlaced : ReaderEvent::Kind::CardRemoved, readers[i]);
        }
        known[i] = event & ~SCARD_STATE_CHANGED;
      }
      const DWORD list_event = states.back().dwEventState;
      if (list_state != SCARD_STATE_UNAWARE && (list_event & SCARD_STATE_CHANGED)) {
        fresh_list = true;
      }
      list_state = list_event & ~SCARD_STATE_CHANGED;
    }
    return true;
  }

  void run() {
    bool lost = false;
    while (!stopping) {
      if (!establish()) {
        if (!lost) {
          lost = true;
          emit(ReaderEvent::Kind::ServiceLost, "");
        }
        sleep_a_second();
        continue;
      }
      if (lost) {
        lost = false;
        emit(ReaderEvent::Kind::ServiceBack, "");
      }
      const bool stopped = watch();
      release();
      if (stopped) break;
      forget_all();
      lost = true;
      emit(ReaderEvent::Kind::ServiceLost, "");
      sleep_a_second();
    }
  }
};

ReaderWatch::ReaderWatch(std::function<void(const ReaderEvent&)> on_event)
    : state_(std::make_unique<State>()) {
  state_->on_event = std::move(on_event);
  state_->thread = std::thread([state = state_.get()] { state->run(); });
}

ReaderWatch::~ReaderWatch() {
  state_->stopping = true;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->has_context) SCardCancel(state_->context);
  }
  if (state_->thread.joinable()) state_->thread.join();
}

bool ReaderWatch::card_on(const std::string& reader) const {
  std::lock_guard lock(state_->mutex);
  const auto it = state_->cards.find(reader);
  return it != state_->cards.end() && it->second;
}

std::string ReaderWatch::any_reader_with_card() const {
  std::lock_guard lock(state_->mutex);
  for (const auto& [reader, present] : state_->cards) {
    if (present) return reader;
  }
  return {};
}

}  // namespace madoguchi::card
