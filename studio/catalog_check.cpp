#include "catalog_check.hpp"

#include <algorithm>
#include <utility>

#include "madoguchi/forms/offers.hpp"
#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::studio {

CatalogCheck check_catalog(const std::filesystem::path& folder) {
  CatalogCheck check;
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    check.findings.push_back(folder.string() + ": not a folder of procedure files");
    return check;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) check.findings.push_back(folder.string() + ": no procedure file (*.json)");
  std::vector<forms::Procedure> loaded;
  for (const auto& file : files) {
    ++check.files;
    for (const auto& problem : forms::lint_procedure_file(file)) {
      check.findings.push_back(problem.to_string());
    }
    if (auto procedure = forms::load_procedure(file)) loaded.push_back(std::move(*procedure));
  }
  for (const auto& problem : forms::lint_shared_answers(loaded)) {
    check.findings.push_back(problem.to_string());
  }
  for (const auto& problem : forms::lint_offers(loaded)) {
    check.findings.push_back(problem.to_string());
  }
  // The older file first: the newer one of two with the same description is the copy.
  std::vector<forms::Procedure> by_age = std::move(loaded);  // not used after this
  std::stable_sort(by_age.begin(), by_age.end(), [](const auto& a, const auto& b) {
    std::error_code ignored;
    return std::filesystem::last_write_time(a.file, ignored) <
           std::filesystem::last_write_time(b.file, ignored);
  });
  for (const auto& problem : forms::lint_copied_descriptions(by_age)) {
    check.findings.push_back(problem.to_string());
  }
  return check;
}

}  // namespace madoguchi::studio
