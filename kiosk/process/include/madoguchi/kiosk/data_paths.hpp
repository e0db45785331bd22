// Where the kiosk and its tools find their data: the procedure catalogue, the language files,
// the town's settings and (demo package, tests) the virtual card's personas.
//
// Installed (a program in <prefix>/bin with <prefix>/share/madoguchi beside it, as the .deb
// lays it out): <prefix>/share/madoguchi/{catalog,lang,personas,rosters,golden}, and the town's
// settings in /etc/madoguchi (<prefix>/etc/madoguchi for a prefix other than /usr; inside a scratch
// root <root>/usr/bin/kiosk reads <root>/etc/madoguchi). Otherwise the source tree the program was
// built from: forms/catalog, assets/lang, assets, tests/personas, tests/rosters,
// tests/forms/golden.
#pragma once

#include <filesystem>

namespace madoguchi::kiosk {

struct DataFolders {
  bool installed = false;           // true: the installed layout; false: the source tree
  std::filesystem::path root;       // share/madoguchi, or the source tree (scenario paths)
  std::filesystem::path catalog;    // the procedure files
  std::filesystem::path languages;  // the language files
  std::filesystem::path settings;   // the town's office.json, volunteers.json, staff.json
  std::filesystem::path personas;   // the virtual card's personas (the demo package)
  std::filesystem::path rosters;    // the demo's volunteer and staff rosters (the demo package)
  std::filesystem::path golden;     // the procedures' golden cases (the audit's answers)
};

// The folders for a program at `program` (an absolute path to the executable).
DataFolders data_folders_for(const std::filesystem::path& program);

// The folders for the running program (/proc/self/exe).
const DataFolders& data_folders();

}  // namespace madoguchi::kiosk
