// Prints an entry for the volunteers' roster (/etc/madoguchi/volunteers.json) or, with --staff,
// for the staff's (/etc/madoguchi/staff.json): the id, the name and the code's Argon2id hash.
// The code is read from stdin so that it stays out of the shell history and the process list:
//   printf '%s' "$CODE" | madoguchi_volunteer_code V001 佐藤
//   printf '%s' "$CODE" | madoguchi_volunteer_code --staff S001 田中
// --time measures how long the kiosk takes to check one code on this machine
// (docs/benchmarks.md).
#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/access_code.hpp"

namespace {

int usage() {
  std::cerr << "usage: printf '%s' CODE | madoguchi_volunteer_code [--staff] ID NAME\n"
               "       madoguchi_volunteer_code --time [CHECKS]\n";
  return 2;
}

int measure(int checks) {
  using namespace madoguchi::kiosk;
  const auto phc = hash_access_code("24681357");
  if (!phc) {
    std::cerr << "madoguchi_volunteer_code: " << phc.error() << "\n";
    return 1;
  }
  std::vector<double> ms;
  for (int i = 0; i < checks; ++i) {
    const auto started = std::chrono::steady_clock::now();
    const bool wrong = access_code_matches(*phc, "13572468");
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    if (wrong) return 1;
  }
  std::sort(ms.begin(), ms.end());
  const CodeCost cost;
  std::cout << "one code check (Argon2id m=" << cost.memory_kib << " KiB, t=" << cost.passes
            << ", p=" << cost.lanes << "), " << checks << " checks: median "
            << static_cast<long>(ms[ms.size() / 2]) << " ms, fastest "
            << static_cast<long>(ms.front()) << " ms, slowest " << static_cast<long>(ms.back())
            << " ms\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace madoguchi::kiosk;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--time") {
    int checks = 10;
    if (args.size() == 2) checks = std::clamp(std::atoi(args[1].c_str()), 1, 1000);
    return args.size() <= 2 ? measure(checks) : usage();
  }
  const bool staff = !args.empty() && args[0] == "--staff";
  if (staff) args.erase(args.begin());
  if (args.size() != 2) return usage();
  std::string code;
  std::getline(std::cin, code);
  while (!code.empty() && (code.back() == '\r' || code.back() == ' ')) code.pop_back();
  auto phc = hash_access_code(code);
  std::fill(code.begin(), code.end(), '\0');
  if (!phc) {
    std::cerr << "madoguchi_volunteer_code: " << phc.error() << "\n";
    return 2;
  }
  const nlohmann::json entry = {{"id", args[0]}, {"name", args[1]}, {"code_argon2id", *phc}};
  std::cout << entry.dump() << "\n";
  if (staff) std::cerr << "madoguchi_volunteer_code: an entry for the staff roster\n";
  return 0;
}
