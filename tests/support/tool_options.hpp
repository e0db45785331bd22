// The command line of a test tool (the crash and kill matrices, the benchmarks), one way for all:
// --help (-h) prints the usage on stdout and exits 0; an unknown option, a missing value or a
// value that is not a number in its range exits 2 with a message naming it, before anything
// runs. A value follows its option ("--rounds 10") or joins it ("--rounds=10").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::tests {

class ToolOptions {
 public:
  ToolOptions(std::string program, std::string description);

  ToolOptions& flag(const std::string& name, bool& into, const std::string& help);
  ToolOptions& text(const std::string& name, const std::string& metavar, std::string& into,
                    const std::string& help);
  ToolOptions& number(const std::string& name, const std::string& metavar, int& into, int lowest,
                      int highest, const std::string& help);
  ToolOptions& number(const std::string& name, const std::string& metavar, double& into,
                      double lowest, double highest, const std::string& help);
  ToolOptions& number(const std::string& name, const std::string& metavar, std::uint64_t& into,
                      const std::string& help);

  // How parsing ended when it did not simply succeed: the exit status (0 for --help, 2 for a
  // mistake) and what to print (the usage, or the mistake and the usage).
  struct Stop {
    int status = 0;
    std::string message;
  };
  std::optional<Stop> try_parse(const std::vector<std::string>& args) const;

  // try_parse(argv[1..]); on a Stop, prints its message (stdout for --help, stderr for a mistake)
  // and exits with its status.
  void parse(int argc, char** argv) const;

  std::string usage() const;

 private:
  struct Option {
    std::string name;
    std::string metavar;  // empty for a flag
    std::string help;
    std::function<std::optional<std::string>(const std::string&)> apply;  // error, if any
  };
  std::string program_;
  std::string description_;
  std::vector<Option> options_;
};

// What every test tool does first: parse its options (exit 0 on --help, 2 on a mistake), then
// make SIGINT, SIGTERM, SIGHUP and the death of its parent stop every child it starts
// (kiosk::stop_children_on_signals).
void start_tool(const ToolOptions& options, int argc, char** argv);

}  // namespace madoguchi::tests
