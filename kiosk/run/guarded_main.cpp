// A program's main: its memory kept private, and no exception left unexplained.
#include <exception>
#include <iostream>

#include "madoguchi/kiosk/private_memory.hpp"
#include "madoguchi/kiosk/run/modes.hpp"

namespace madoguchi::kiosk::run {

int guarded_main(int argc, char** argv, int (*program)(int, char**)) {
  for (const auto& missing : keep_memory_private(argv)) {
    std::cerr << "kiosk: " << missing << "\n";
  }
  try {
    return program(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "kiosk: stopped by an unexpected error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "kiosk: stopped by an unexpected error\n";
  }
  return 1;
}

void overwrite_freed_memory_from_now() {
  if (const std::string missing = overwrite_freed_memory(); !missing.empty()) {
    std::cerr << "kiosk: " << missing << "\n";
  }
}

}  // namespace madoguchi::kiosk::run
