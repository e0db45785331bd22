// Checks procedure files and prints what is wrong with each, for staff editing the
// catalogue. Exit status 0 when every file can be used, 1 otherwise.
//
//   madoguchi_check_procedure forms/catalog/*.json         the first mistake of each file
//   madoguchi_check_procedure --lint forms/catalog/*.json  every problem, one per line:
//       file: /pointer: message
//     and, across the files given, questions that share an answer (share_as) but do not
//     ask the same thing, and offers (offered_after) that could never be made — naming a
//     procedure that is neither among the files given nor beside them in their folder.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/forms/offers.hpp"
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
  if (lint && !loaded.empty()) {
    // The procedures an offer names may be in the catalogue beside the files given.
    std::vector<madoguchi::forms::Procedure> context = loaded;
    const auto folder = std::filesystem::path(loaded.front().file).parent_path();
    for (auto& beside : madoguchi::forms::load_catalog(folder.empty() ? "." : folder).procedures) {
      const bool given = std::any_of(context.begin(), context.end(),
                                     [&](const auto& p) { return p.id == beside.id; });
      if (!given) context.push_back(std::move(beside));
    }
    for (const auto& problem : madoguchi::forms::lint_offers(context)) {
      const bool about_given = std::any_of(loaded.begin(), loaded.end(),
                                           [&](const auto& p) { return p.file == problem.file; });
      if (!about_given) continue;
      std::printf("%s\n", problem.to_string().c_str());
      ++broken;
    }
  }
  return broken == 0 ? 0 : 1;
}
