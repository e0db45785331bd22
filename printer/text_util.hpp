// Small private helpers for building messages (GCC 12 has no <format>).
#pragma once

#include <cstdio>
#include <string>

namespace madoguchi::printer::detail {

// Shortest natural rendering of a number: 12, 0.5, 105.
inline std::string num(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

inline std::string hex4(unsigned value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04X", value);
  return buf;
}

}  // namespace madoguchi::printer::detail
