#include "madoguchi/kiosk/private_memory.hpp"

#include <malloc.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace madoguchi::kiosk {

namespace {

#if !defined(__SANITIZE_ADDRESS__)
constexpr const char* kNoThreadCache = "glibc.malloc.tcache_count=0";

// Runs the program again with the tcache off, unless it already is. Returns only on failure.
std::string turn_off_thread_cache(char** argv) {
  const char* tunables = ::getenv("GLIBC_TUNABLES");
  const std::string now = tunables != nullptr ? tunables : "";
  if (now.find(kNoThreadCache) != std::string::npos) return {};
  const std::string wanted = now.empty() ? kNoThreadCache : now + ":" + kNoThreadCache;
  if (::setenv("GLIBC_TUNABLES", wanted.c_str(), 1) != 0) {
    return std::string("GLIBC_TUNABLES: ") + std::strerror(errno);
  }
  // The program's own path, not /proc/self/exe: the process keeps its name ("kiosk" in ps,
  // in /proc/PID/comm and for whoever looks for it).
  char self[PATH_MAX];
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length > 0) {
    self[length] = '\0';
    ::execv(self, argv);
  } else {
    ::execv("/proc/self/exe", argv);
  }
  const int err = errno;
  // Not executed again: the setting would only confuse a child, so it goes.
  if (tunables != nullptr) {
    ::setenv("GLIBC_TUNABLES", tunables, 1);
  } else {
    ::unsetenv("GLIBC_TUNABLES");
  }
  return std::string("freed small chunks may keep their bytes (cannot execute itself again: ") +
         std::strerror(err) + ")";
}
#endif

}  // namespace

std::vector<std::string> keep_memory_private(char** argv) {
  std::vector<std::string> missing;
#if defined(__SANITIZE_ADDRESS__)
  // The sanitizer build's allocator is AddressSanitizer's (its own quarantine, no tcache, and
  // a mallopt that does nothing): glibc's settings would not apply.
  (void)argv;
#else
  if (auto problem = turn_off_thread_cache(argv); !problem.empty()) {
    missing.push_back(std::move(problem));
  }
  // Fixed thresholds also stop glibc from raising them as big blocks come and go (it would,
  // after the first atlas or PDF page, and then keep such blocks in the heap).
  if (::mallopt(M_MMAP_THRESHOLD, kOwnMappingFrom) != 1 ||
      ::mallopt(M_TRIM_THRESHOLD, kOwnMappingFrom) != 1) {
    missing.emplace_back(
        "big freed blocks may stay in the heap (mallopt M_MMAP_THRESHOLD refused)");
  }
  // Before any thread has allocated: every thread's blocks then come from the one heap.
  if (::mallopt(M_ARENA_MAX, kHeaps) != 1) {
    missing.emplace_back("each thread may get a heap of its own (mallopt M_ARENA_MAX refused)");
  }
#endif
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    missing.emplace_back(std::string("core dumps stay possible (PR_SET_DUMPABLE: ") +
                         std::strerror(errno) + ")");
  }
  const rlimit none{0, 0};
  if (::setrlimit(RLIMIT_CORE, &none) != 0) {
    missing.emplace_back(std::string("core size not limited (RLIMIT_CORE: ") +
                         std::strerror(errno) + ")");
  }
  return missing;
}

std::string overwrite_freed_memory() {
#if !defined(__SANITIZE_ADDRESS__)
  if (::mallopt(M_PERTURB, kFreedMemoryByte) != 1) {
    return "freed memory is not overwritten (mallopt M_PERTURB refused)";
  }
#endif
  return {};
}

}  // namespace madoguchi::kiosk
