// wiping::wipe_stack_below: what a deep call left on a thread's stack (a name in its frame) is
// gone afterwards, and the stack keeps no more resident pages than the calls since need.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <thread>
#include <vector>

#include "madoguchi/wiping/wipe.hpp"

namespace {

constexpr std::string_view kName = "髙橋花子　グリーンハイツ";
constexpr std::size_t kDeep = 160 * 1024;

// Leaves the name all down 160 KB of stack, as a deep call (the PDF renderer, SQLite) may.
__attribute__((noinline)) void deep_call(volatile char* sink) {
  char frame[kDeep];
  for (std::size_t at = 0; at + kName.size() < sizeof frame; at += 1024) {
    std::memcpy(frame + at, kName.data(), kName.size());
  }
  sink[0] = frame[kDeep / 2];
}

// Resident pages of [low, high).
long resident_pages(std::uintptr_t low, std::uintptr_t high) {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  low = low / page * page;
  std::vector<unsigned char> resident((high - low + page - 1) / page);
  if (::mincore(reinterpret_cast<void*>(low), high - low, resident.data()) != 0) return -1;
  long count = 0;
  for (const unsigned char r : resident) count += r & 1;
  return count;
}

}  // namespace

TEST(StackWipe, ADeepCallsNameIsGoneAndItsPagesHandedBack) {
  long deep = 0, after = 0;
  bool found = true;
  std::thread([&] {
    pthread_attr_t attr;
    ASSERT_EQ(::pthread_getattr_np(::pthread_self(), &attr), 0);
    void* stack = nullptr;
    std::size_t size = 0;
    ASSERT_EQ(::pthread_attr_getstack(&attr, &stack, &size), 0);
    ::pthread_attr_destroy(&attr);
    const auto low = reinterpret_cast<std::uintptr_t>(stack);
    volatile char sink[1] = {0};
    const auto here = reinterpret_cast<std::uintptr_t>(&sink);
    deep_call(sink);
    deep = resident_pages(low, here);
    madoguchi::wiping::wipe_stack_below();
    after = resident_pages(low, here);
    // Read last: reading the pages handed back maps them again (as zeros).
    const std::string_view stretch(reinterpret_cast<const char*>(here - kDeep - 64 * 1024),
                                   kDeep + 48 * 1024);
    found = stretch.find(kName) != std::string_view::npos;
  }).join();
  EXPECT_GE(deep, static_cast<long>(kDeep / 4096)) << "the deep call's pages";
  EXPECT_FALSE(found) << "the name is still on the stack";
  EXPECT_LE(after, 8) << "pages of the stack still resident below the caller (of " << deep << ")";
}
