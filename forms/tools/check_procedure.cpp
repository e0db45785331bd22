// Checks procedure files and prints what is wrong with each, for staff editing the
// catalogue. Exit status 0 when every file can be used, 1 otherwise.
//
//   madoguchi_check_procedure forms/catalog/*.json         the first mistake of each file
//   madoguchi_check_procedure --lint forms/catalog/*.json  every problem, one per line:
//       file: /pointer: message
//     and, across the files given, questions that share an answer (share_as) but do not
//     ask the same thing.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/forms/procedure.hpp"

int main(int argc, char** argv) {
  int first = 1;
  const bool lint = argc > 1 && std::string_view(argv[1]) == "--lint";
  if (lint) ++first;
  if (argc <= first) {
    std::fprintf(stderr, "usage: %s [--lint] PROCEDURE.json...\n", argv[0]);
    return 2;
  }
  int broken = 0;
  std::vector<madoguchi::forms::Procedure> loaded;  // for the checks across files
  for (int i = first; i < argc; ++i) {
    if (lint) {
      const auto problems = madoguchi::forms::lint_procedure_file(argv[i]);
      for (const auto& problem : problems) std::printf("%s\n", problem.to_string().c_str());
      if (!problems.empty()) ++broken;
      if (auto procedure = madoguchi::forms::load_procedure(argv[i])) {
        loaded.push_back(std::move(*procedure));
      }
      continue;
    }
    const auto procedure = madoguchi::forms::load_procedure(argv[i]);
    if (procedure) {
      std::printf("%s: OK (%s, %zu questions)\n", argv[i], procedure->title.c_str(),
                  procedure->questions.size());
    } else {
      std::printf("%s\n", procedure.error().to_string().c_str());
      ++broken;
    }
  }
  for (const auto& problem : madoguchi::forms::lint_shared_answers(loaded)) {
    std::printf("%s\n", problem.to_string().c_str());
    ++broken;
  }
  return broken == 0 ? 0 : 1;
}
