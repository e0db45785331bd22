// Prints a volunteer roster entry for assets/volunteers.json. The code is read from stdin so
// that it stays out of the shell history:
//   printf '%s' "$CODE" | madoguchi_volunteer_code V001 佐藤
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/volunteers.hpp"

int main(int argc, char** argv) {
  using namespace madoguchi::kiosk;
  if (argc != 3) {
    std::cerr << "usage: printf '%s' CODE | madoguchi_volunteer_code ID NAME\n";
    return 2;
  }
  std::string code;
  std::getline(std::cin, code);
  while (!code.empty() && (code.back() == '\r' || code.back() == ' ')) code.pop_back();
  if (code.size() < kVolunteerCodeMin || code.size() > kVolunteerCodeMax ||
      code.find_first_not_of("0123456789") != std::string::npos) {
    std::cerr << "madoguchi_volunteer_code: the code must be " << kVolunteerCodeMin << " to "
              << kVolunteerCodeMax << " digits\n";
    return 2;
  }
  const std::string salt = new_volunteer_salt();
  if (salt.empty()) {
    std::cerr << "madoguchi_volunteer_code: no random bytes for the salt\n";
    return 1;
  }
  const nlohmann::json entry = {{"id", argv[1]},
                                {"name", argv[2]},
                                {"salt", salt},
                                {"code_sha256", volunteer_code_hash(salt, code)}};
  std::cout << entry.dump() << "\n";
  return 0;
}
