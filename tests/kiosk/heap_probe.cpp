// A program that starts as the kiosk does (keep_memory_private first thing), then lets four
// threads each hold small blocks at the same time and prints how many heaps glibc keeps
// (malloc_info's <heap> elements): "heaps N". Run by private_memory_test.cpp.
#include <malloc.h>

#include <barrier>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include "madoguchi/kiosk/private_memory.hpp"

namespace {

int heaps_now() {
  char* text = nullptr;
  std::size_t size = 0;
  FILE* out = ::open_memstream(&text, &size);
  if (out == nullptr) return -1;
  ::malloc_info(0, out);
  std::fclose(out);
  int heaps = 0;
  const std::string_view info(text, size);
  for (auto at = info.find("<heap nr="); at != std::string_view::npos;
       at = info.find("<heap nr=", at + 1)) {
    ++heaps;
  }
  std::free(text);
  return heaps;
}

}  // namespace

int main(int argc, char** argv) {
  (void)argc;
  for (const auto& missing : madoguchi::kiosk::keep_memory_private(argv)) {
    std::fprintf(stderr, "heap_probe: %s\n", missing.c_str());
  }
  constexpr int kThreads = 4;
  std::barrier holding(kThreads + 1);
  std::barrier counted(kThreads + 1);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&holding, &counted] {
      std::vector<std::unique_ptr<char[]>> blocks;
      for (int n = 0; n < 64; ++n) blocks.push_back(std::make_unique<char[]>(512));
      holding.arrive_and_wait();
      counted.arrive_and_wait();
    });
  }
  holding.arrive_and_wait();
  const int heaps = heaps_now();
  counted.arrive_and_wait();
  for (auto& thread : threads) thread.join();
  std::printf("heaps %d\n", heaps);
  return heaps > 0 ? 0 : 1;
}
