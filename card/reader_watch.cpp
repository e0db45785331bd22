#include "madoguchi/card/reader_watch.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>
#include <winscard.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "reader_names.hpp"

namespace madoguchi::card {

using detail::kReaderListChanges;

namespace {

// Where pcscd listens: PCSCLITE_CSOCK_NAME, as pcsc-lite's client reads it, else its default.
std::filesystem::path service_socket() {
  const char* named = std::getenv("PCSCLITE_CSOCK_NAME");
  return named != nullptr && *named != '\0' ? named : "/run/pcscd/pcscd.comm";
}

// Tries again this often while pcscd is away, even when nothing was seen to change (a safety
// net: the socket's folder is watched, so pcscd coming back is noticed at once).
constexpr int kServiceSafetyNetMs = 5 * 60 * 1000;

}  // namespace

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
  int stop_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);  // written when stopping
  std::condition_variable exited_changed;
  bool exited = false;  // guarded by mutex

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

  // Waits, without waking the machine, until pcscd may be back: its socket's folder (or the
  // nearest folder of its path that exists) changes, the watch stops, or the safety net
  // passes. Without inotify, once a second as before.
  void wait_for_service() {
    int watch_fd = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (watch_fd >= 0) {
      std::filesystem::path folder = service_socket().parent_path();
      std::error_code ec;
      while (!folder.empty() && folder != folder.root_path() &&
             !std::filesystem::is_directory(folder, ec)) {
        folder = folder.parent_path();
      }
      if (::inotify_add_watch(watch_fd, folder.c_str(),
                              IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_ATTRIB) < 0) {
        ::close(watch_fd);
        watch_fd = -1;
      }
    }
    pollfd fds[2] = {{stop_fd, POLLIN, 0}, {watch_fd, POLLIN, 0}};
    if (!stopping) ::poll(fds, watch_fd >= 0 ? 2 : 1, watch_fd >= 0 ? kServiceSafetyNetMs : 1000);
    if (watch_fd >= 0) ::close(watch_fd);
    // pcscd binds its socket a moment before it listens: a few quick tries after a change.
    for (int i = 0; i < 5 && !stopping && fds[1].revents != 0; ++i) {
      if (can_connect()) return;
      pollfd stop{stop_fd, POLLIN, 0};
      ::poll(&stop, 1, 100);
    }
  }

  static bool can_connect() {
    SCARDCONTEXT probe = 0;
    if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &probe) != SCARD_S_SUCCESS) {
      return false;
    }
    SCardReleaseContext(probe);
    return true;
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
      // No timeout: nothing wakes this thread until pcscd reports a change. SCardCancel only
      // interrupts a call in progress, so the destructor cancels until the thread has ended.
      const LONG rv =
          SCardGetStatusChange(context, INFINITE, states.data(), static_cast<DWORD>(states.size()));
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
        wait_for_service();
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
      wait_for_service();
    }
  }
};

ReaderWatch::ReaderWatch(std::function<void(const ReaderEvent&)> on_event)
    : state_(std::make_unique<State>()) {
  state_->on_event = std::move(on_event);
  state_->thread = std::thread([state = state_.get()] {
    state->run();
    const std::lock_guard lock(state->mutex);
    state->exited = true;
    state->exited_changed.notify_all();
  });
}

ReaderWatch::~ReaderWatch() {
  state_->stopping = true;
  if (state_->stop_fd >= 0) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(state_->stop_fd, &one, sizeof one);
  }
  {
    // Cancelled again until the thread has ended: a cancel that lands between two calls of
    // SCardGetStatusChange interrupts nothing.
    std::unique_lock lock(state_->mutex);
    while (!state_->exited) {
      if (state_->has_context) SCardCancel(state_->context);
      state_->exited_changed.wait_for(lock, std::chrono::milliseconds(100));
    }
  }
  if (state_->thread.joinable()) state_->thread.join();
  if (state_->stop_fd >= 0) ::close(state_->stop_fd);
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
