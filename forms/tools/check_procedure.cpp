// Checks procedure files and prints what is wrong with each, for staff editing the
// catalogue. Exit status 0 when every file can be used, 1 otherwise.
//
//   madoguchi_check_procedure forms/catalog/*.json
#include <cstdio>
#include <string>

#include "madoguchi/forms/procedure.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PROCEDURE.json...\n", argv[0]);
    return 2;
  }
  int broken = 0;
  for (int i = 1; i < argc; ++i) {
    const auto procedure = madoguchi::forms::load_procedure(argv[i]);
    if (procedure) {
      std::printf("%s: OK (%s, %zu questions)\n", argv[i], procedure->title.c_str(),
                  procedure->questions.size());
    } else {
      std::printf("%s\n", procedure.error().to_string().c_str());
      ++broken;
    }
  }
  return broken == 0 ? 0 : 1;
}
