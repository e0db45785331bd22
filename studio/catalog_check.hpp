// The studio's check of a whole catalogue folder, as staff run it before the kiosk does: every
// procedure file linted (forms::lint_procedure_file: unknown keys, boxes off the page, overlaps,
// texts that do not fit, missing translations), and the questions that share an answer across
// procedures compared. One finding per line, "FILE: /POINTER: reason".
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace madoguchi::studio {

struct CatalogCheck {
  int files = 0;
  std::vector<std::string> findings;  // empty: every file can be used as it is
};

CatalogCheck check_catalog(const std::filesystem::path& folder);

}  // namespace madoguchi::studio
