// keep_memory_private (kiosk/process/private_memory.hpp) as glibc carries it out: a program
// started the kiosk's way (heap_probe.cpp) whose threads allocate at the same time.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace {

std::string output_of(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  ::pclose(pipe);
  return out;
}

}  // namespace

TEST(PrivateMemory, EveryThreadsBlocksComeFromTheOneHeap) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "not under AddressSanitizer: its allocator is not glibc's";
#endif
  // Four threads holding blocks at once would have four heaps of their own beside the
  // program's (glibc makes up to 8 per core).
  EXPECT_EQ(output_of(HEAP_PROBE), "heaps 1\n");
}
