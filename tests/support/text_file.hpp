// A whole file as a string (a log, session.json, a report): the tests read files back this way.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace madoguchi::tests {

// The file's bytes; "" when it cannot be read.
inline std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace madoguchi::tests
