// The kiosk program's run modes, one file each (kiosk/run/*_mode.cpp); main picks one.
#pragma once

#include "madoguchi/kiosk/run/kiosk.hpp"
#include "madoguchi/kiosk/run/options.hpp"

namespace madoguchi::kiosk::run {

// kiosk --check: one line per check on stdout (or JSON); 0 only when nothing is at fault.
[[noreturn]] void check_mode(const Options& o);

// kiosk --payments ACTION: the clerk's view of this kiosk's payment journal and the terminal.
int payments_mode(const Options& o);

// The kiosk on its screen (full screen, or a developer's --windowed) until staff, a signal or
// the window end it; the demo places and takes away the virtual card as the screens ask.
int screen_mode(const Options& o, RunningKiosk& kiosk);

// A program's main around `program`: keeps the process's memory private first (re-executing it
// without glibc's caches, private_memory.hpp), then runs `program`; no exception leaves it
// unexplained, whatever escapes is named on stderr and the program exits 1.
int guarded_main(int argc, char** argv, int (*program)(int, char**));
// From now on freed memory is overwritten (private_memory.hpp, overwrite_freed_memory): once
// the first screen is shown, or at once in the modes without a screen; says so on stderr if not.
void overwrite_freed_memory_from_now();

}  // namespace madoguchi::kiosk::run
