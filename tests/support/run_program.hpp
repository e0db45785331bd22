// Runs a program of the machine (poppler-utils, xdotool) as a test's oracle or hands, and
// collects what it prints.
#pragma once

#include <string>
#include <vector>

namespace madoguchi::tests {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout only
};

// Runs argv (no shell; argv[0] looked up on PATH) and collects its stdout; stderr is discarded.
CommandResult run_program(const std::vector<std::string>& argv);

}  // namespace madoguchi::tests
