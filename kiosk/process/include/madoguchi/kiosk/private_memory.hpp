// What the kiosk held of a resident must not outlive the visit in its memory (DESIGN.md "Nothing
// of a resident outlives the visit"). Called first thing in main(), before any thread starts:
//
// - freed heap is overwritten (overwrite_freed_memory, from the end of the start-up on):
//   glibc's M_PERTURB fills every freed chunk (and every chunk malloc hands out) with a byte, so
//   a string freed without wiping leaves no characters; chunks glibc serves with mmap are
//   unmapped on free. glibc's per-thread cache (tcache) keeps up to 7 freed chunks of each size
//   up to 1 KiB *without* perturbing them, and it can only be turned off before the process
//   starts (GLIBC_TUNABLES=glibc.malloc.tcache_count=0, which the service sets): without it
//   the kiosk executes itself again once with that tunable added (same pid, same arguments);
// - big blocks leave the process when freed: from kOwnMappingFrom up, glibc serves a block
//   with a mapping of its own (M_MMAP_THRESHOLD) and unmaps it on free, and it gives back
//   the heap's top once that much is free there (M_TRIM_THRESHOLD). A visit's big buffers (the
//   atlas's pixels, a PDF's pages, a screen's sound) then leave no pages behind either, and
//   the visits' peaks do not pile up in the heap (docs/benchmarks.md, "Memory");
// - one heap for every thread (M_ARENA_MAX kHeaps): glibc would give each thread that allocates
//   (the device worker, the voice, the reader's watch, the courier) a heap of its own, whose
//   pages each keep what that thread once freed, and whose free chunks serve no other thread;
//   the threads allocate little and seldom at once (docs/benchmarks.md, "Stop 6 of issue 22");
// - no core dumps: PR_SET_DUMPABLE 0 (no core file, no ptrace or /proc/PID/mem for other users;
//   root still can, which is how kiosk_memory_trace_test scans the kiosk) and RLIMIT_CORE 0.
//
// Live data is wiped by its holders (card::Pin, card::MyNumber, madoguchi/wiping).
#pragma once

#include <string>
#include <vector>

namespace madoguchi::kiosk {

// The byte freed memory is filled with.
inline constexpr int kFreedMemoryByte = 0xA5;

// The size from which a block gets a mapping of its own (glibc's default is 128 KiB, raised
// as big blocks are freed, up to 32 MiB).
inline constexpr int kOwnMappingFrom = 64 * 1024;

// The heaps glibc may make (the first is the program's own).
inline constexpr int kHeaps = 1;

// Returns one message per protection that could not be set (none on Debian's glibc); the kiosk
// says them on stderr. In the AddressSanitizer build the allocator is ASan's: the glibc
// settings are left out there.
// May not return: executes the program again (argv) with the tcache turned off.
std::vector<std::string> keep_memory_private(char** argv);

// Turns M_PERTURB on; a message when it could not be. The kiosk calls it once its first screen
// is shown, before any resident's data exists: M_PERTURB also fills every block as malloc hands
// it out, and at the start that is 20 MB of fresh pages (the atlas's texture, the frame)
// written for nothing, a third of the start-up's time (docs/benchmarks.md). Programs with no
// start-up to speed call it first thing.
std::string overwrite_freed_memory();

}  // namespace madoguchi::kiosk
