#include <map>
#include <string>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {

std::vector<LoadError> lint_copied_descriptions(const std::vector<Procedure>& procedures) {
  std::map<std::string, const Procedure*, std::less<>> first_with;  // description → procedure
  std::vector<LoadError> problems;
  for (const Procedure& procedure : procedures) {
    if (procedure.descriptions.ja.empty()) continue;
    const auto [first, added] = first_with.emplace(procedure.descriptions.ja, &procedure);
    if (added) continue;
    problems.push_back(LoadError{
        procedure.file, "/description",
        "is word for word the description of " + first->second->titles.ja + " (" +
            first->second->file +
            "), left from the procedure this one was made from? Say what this one is for"});
  }
  return problems;
}

}  // namespace madoguchi::forms
