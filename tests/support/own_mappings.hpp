// This process's mappings of files, as /proc/self/smaps lists them: for tests of what a program
// reads rather than maps, and of libraries loaded only when needed.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace madoguchi::tests {

// Calls `each(rss_kb)` for every mapping of a file whose path contains `path`.
template <typename Each>
void for_each_mapping_of(std::string_view path, Each each) {
  std::ifstream smaps("/proc/self/smaps");
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    const auto space = line.find(' ');
    if (space != std::string::npos && line.find('-') < space) {  // a mapping's first line
      const auto file = line.find(" /");
      inside = file != std::string::npos && line.find(path, file) != std::string::npos;
      if (inside) each(0L);
    } else if (inside && line.starts_with("Rss:")) {
      each(std::atol(line.c_str() + 4));
    }
  }
}

// KiB resident from the files whose path contains `path` (0 when none is mapped).
inline long resident_kb_of(std::string_view path) {
  long kb = 0;
  for_each_mapping_of(path, [&](long rss) { kb += rss; });
  return kb;
}

// Whether a file whose path contains `path` is mapped (resident or not).
inline bool is_mapped(std::string_view path) {
  bool mapped = false;
  for_each_mapping_of(path, [&](long) { mapped = true; });
  return mapped;
}

}  // namespace madoguchi::tests
