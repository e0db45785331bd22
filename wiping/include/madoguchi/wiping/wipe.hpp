// Overwriting what held a resident's data before the memory is let go: the one wiping
// primitive of the project (card::Pin, card::MyNumber, the outbox, the session and the screens
// use it). The ground floor below every module: it knows nothing else.
#pragma once

#include <cstddef>
#include <string>
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

// Overwrites a stretch of the calling thread's stack below the current frame: the copies that
// functions which have returned left there (short strings live inside their objects, on the
// stack). Called by each thread that handled a resident, when the visit ends.
void wipe_stack_below() noexcept;

}  // namespace madoguchi::wiping
