#include "support/tool_options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "madoguchi/kiosk/child_process.hpp"

namespace madoguchi::tests {

ToolOptions::ToolOptions(std::string program, std::string description)
    : program_(std::move(program)), description_(std::move(description)) {}

ToolOptions& ToolOptions::flag(const std::string& name, bool& into, const std::string& help) {
  options_.push_back({name, "", help, [&into](const std::string&) -> std::optional<std::string> {
                        into = true;
                        return std::nullopt;
                      }});
  return *this;
}

ToolOptions& ToolOptions::text(const std::string& name, const std::string& metavar,
                               std::string& into, const std::string& help) {
  options_.push_back(
      {name, metavar, help, [&into](const std::string& value) -> std::optional<std::string> {
         if (value.empty()) return "needs a value that is not empty";
         into = value;
         return std::nullopt;
       }});
  return *this;
}

ToolOptions& ToolOptions::number(const std::string& name, const std::string& metavar, int& into,
                                 int lowest, int highest, const std::string& help) {
  options_.push_back(
      {name, metavar, help,
       [&into, lowest, highest](const std::string& value) -> std::optional<std::string> {
         const auto range =
             "a whole number from " + std::to_string(lowest) + " to " + std::to_string(highest);
         errno = 0;
         char* end = nullptr;
         const long n = std::strtol(value.c_str(), &end, 10);
         if (value.empty() || *end != '\0' || errno != 0 || n < lowest || n > highest) {
           return "needs " + range + " (got \"" + value + "\")";
         }
         into = static_cast<int>(n);
         return std::nullopt;
       }});
  return *this;
}

ToolOptions& ToolOptions::number(const std::string& name, const std::string& metavar, double& into,
                                 double lowest, double highest, const std::string& help) {
  options_.push_back(
      {name, metavar, help,
       [&into, lowest, highest](const std::string& value) -> std::optional<std::string> {
         errno = 0;
         char* end = nullptr;
         const double n = std::strtod(value.c_str(), &end);
         if (value.empty() || *end != '\0' || errno != 0 || !std::isfinite(n) || n < lowest ||
             n > highest) {
           std::ostringstream range;
           range << "needs a number from " << lowest << " to " << highest << " (got \"" << value
                 << "\")";
           return range.str();
         }
         into = n;
         return std::nullopt;
       }});
  return *this;
}

ToolOptions& ToolOptions::number(const std::string& name, const std::string& metavar,
                                 std::uint64_t& into, const std::string& help) {
  options_.push_back(
      {name, metavar, help, [&into](const std::string& value) -> std::optional<std::string> {
         errno = 0;
         char* end = nullptr;
         const unsigned long long n = std::strtoull(value.c_str(), &end, 10);
         if (value.empty() || value[0] == '-' || *end != '\0' || errno != 0) {
           return "needs a whole number from 0 to 18446744073709551615 (got \"" + value + "\")";
         }
         into = static_cast<std::uint64_t>(n);
         return std::nullopt;
       }});
  return *this;
}

std::string ToolOptions::usage() const {
  std::string line = "usage: " + program_;
  for (const auto& o : options_) {
    line += " [" + o.name + (o.metavar.empty() ? "" : " " + o.metavar) + "]";
  }
  std::string text = line + "\n";
  if (!description_.empty()) text += "\n" + description_ + "\n";
  text += "\n";
  for (const auto& o : options_) {
    std::string head = "  " + o.name + (o.metavar.empty() ? "" : " " + o.metavar);
    if (head.size() < 22)
      head.resize(22, ' ');
    else
      head += "\n" + std::string(22, ' ');
    text += head + o.help + "\n";
  }
  text += "  --help" + std::string(22 - 8, ' ') + "this text\n";
  return text;
}

std::optional<ToolOptions::Stop> ToolOptions::try_parse(
    const std::vector<std::string>& args) const {
  const auto mistake = [&](const std::string& what) {
    return Stop{2, program_ + ": " + what + "\n" + usage()};
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") return Stop{0, usage()};
    const auto equals = arg.find('=');
    const std::string name = arg.starts_with("--") ? arg.substr(0, equals) : arg;
    const Option* option = nullptr;
    for (const auto& o : options_) {
      if (o.name == name) option = &o;
    }
    if (option == nullptr) {
      return mistake(arg.starts_with("-") ? "unknown option " + arg
                                          : "unexpected argument \"" + arg + "\"");
    }
    std::string value;
    if (option->metavar.empty()) {
      if (equals != std::string::npos) return mistake(name + " takes no value");
    } else if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return mistake(name + " needs a value (" + option->metavar + ")");
    }
    if (auto error = option->apply(value)) return mistake(name + " " + *error);
  }
  return std::nullopt;
}

void ToolOptions::parse(int argc, char** argv) const {
  const auto stop = try_parse(std::vector<std::string>(argv + 1, argv + argc));
  if (!stop) return;
  (stop->status == 0 ? std::cout : std::cerr) << stop->message << std::flush;
  std::exit(stop->status);
}

void start_tool(const ToolOptions& options, int argc, char** argv) {
  options.parse(argc, argv);
  kiosk::stop_children_on_signals();
}

}  // namespace madoguchi::tests
