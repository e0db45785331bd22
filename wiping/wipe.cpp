#include "madoguchi/wiping/wipe.hpp"

#include <string.h>  // explicit_bzero

namespace madoguchi::wiping {

void wipe_bytes(void* data, std::size_t size) noexcept {
  if (data != nullptr && size > 0) ::explicit_bzero(data, size);
}

void wipe(std::string& text) noexcept {
  // resize() to the capacity writes only within the buffer we own (no reallocation), so every
  // byte the buffer ever held is overwritten; shrink_to_fit then frees it.
  text.resize(text.capacity());
  wipe_bytes(text.data(), text.size());
  text.clear();
  text.shrink_to_fit();
}

void wipe(std::vector<unsigned char>& bytes) noexcept {
  wipe_bytes(bytes.data(), bytes.capacity());
  bytes.clear();
  bytes.shrink_to_fit();
}

namespace {

// Deeper than any call made while a resident is served (the PDF renderer and SQLite are the
// deepest; FreeType's rasteriser keeps its work on the heap).
constexpr std::size_t kStackBytes = 256 * 1024;

}  // namespace

__attribute__((noinline)) void wipe_stack_below() noexcept {
  char below[kStackBytes];
  wipe_bytes(below, sizeof below);
}

}  // namespace madoguchi::wiping
