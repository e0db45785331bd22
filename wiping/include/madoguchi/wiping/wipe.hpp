// Overwriting what held a resident's data before the memory is let go: the one wiping
// primitive of the project (card::Pin, card::MyNumber, the outbox, the session and the screens
// use it). The ground floor below every module: it knows nothing else.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace madoguchi::wiping {

// Overwrites `size` bytes with zeros in a way the compiler may not drop (explicit_bzero).
void wipe_bytes(void* data, std::size_t size) noexcept;

// Overwrites the whole buffer of `text` (its capacity, not only its length: characters erased
// before may still lie past the end), then empties it and gives the buffer back.
void wipe(std::string& text) noexcept;

// The same for a byte buffer (a card file, a PDF).
void wipe(std::vector<unsigned char>& bytes) noexcept;

// Wipes a string when the scope it guards ends, however it is left.
class WipeAtScopeEnd {
 public:
  explicit WipeAtScopeEnd(std::string& text) : text_(text) {}
  ~WipeAtScopeEnd() { wipe(text_); }
  WipeAtScopeEnd(const WipeAtScopeEnd&) = delete;
  WipeAtScopeEnd& operator=(const WipeAtScopeEnd&) = delete;

 private:
  std::string& text_;
};

// A std::string for what belongs to a resident (a name, an address): its bytes are overwritten
// when it is destroyed, moved from or assigned over — a moved-from short std::string keeps its
// characters (libstdc++'s small-string buffer is only marked empty). Reads as a std::string
// wherever one is read; a copy made into a plain std::string is that code's to wipe.
class WipingString : public std::string {
 public:
  WipingString() = default;
  WipingString(const char* text) : std::string(text) {}                       // NOLINT: implicit
  WipingString(std::string_view text) : std::string(text) {}                  // NOLINT: implicit
  WipingString(const std::string& text) : std::string(text) {}                // NOLINT: implicit
  WipingString(std::string&& text) noexcept : std::string(std::move(text)) {  // NOLINT: implicit
    wipe(text);
  }
  WipingString(const WipingString& other) = default;
  WipingString(WipingString&& other) noexcept : std::string(std::move(other)) { wipe(other); }
  WipingString& operator=(const WipingString& other) {
    if (this != &other) {
      wipe(*this);
      std::string::operator=(other);
    }
    return *this;
  }
  WipingString& operator=(WipingString&& other) noexcept {
    if (this != &other) {
      wipe(*this);
      std::string::operator=(std::move(other));
      wipe(other);
    }
    return *this;
  }
  ~WipingString() { wipe(*this); }
};

// Overwrites a stretch of the calling thread's stack below the current frame: the copies that
// functions which have returned left there (short strings live inside their objects, on the
// stack). Only the pages resident there are written, and they are given back to the kernel
// after (the stack holds only what its deepest call since needs). Called by each thread that
// handled a resident, when the visit ends.
void wipe_stack_below() noexcept;

}  // namespace madoguchi::wiping
