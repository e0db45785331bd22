#include "madoguchi/wiping/wipe.hpp"

#include <string.h>  // explicit_bzero
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cstdint>

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
  // The stretch below the caller's frame is this array (the calls below run under it). Only its
  // resident pages can hold anything: they are overwritten, then handed back to the kernel, which
  // gives a zero page if the stack grows there again. Overwriting all of it made every page of
  // the stretch resident for the rest of the thread's life (256 KB on each such thread).
  char below[kStackBytes];
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(below);
  const std::uintptr_t first = (start + page - 1) / page * page;
  const std::uintptr_t end = (start + sizeof below) / page * page;
  std::array<unsigned char, kStackBytes / 4096 + 1> resident{};
  const std::size_t pages = (end - first) / page;
  if (page > 4096 || first >= end ||
      ::mincore(reinterpret_cast<void*>(first), end - first, resident.data()) != 0) {
    wipe_bytes(below, sizeof below);  // as before: every byte
    return;
  }
  wipe_bytes(below, first - start);  // the partial pages at both ends
  wipe_bytes(reinterpret_cast<char*>(end), start + sizeof below - end);
  for (std::size_t i = 0; i < pages; ++i) {
    if ((resident[i] & 1U) != 0) wipe_bytes(reinterpret_cast<char*>(first + i * page), page);
  }
  ::madvise(reinterpret_cast<void*>(first), end - first, MADV_DONTNEED);
}

}  // namespace madoguchi::wiping
