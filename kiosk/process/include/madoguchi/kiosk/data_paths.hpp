// Where the kiosk and its tools find their data: the procedure catalogue, the language files,
// the town's settings and (demo package, tests) the virtual card's personas.
//
// A program in <prefix>/bin (or any folder of <prefix>) reads <prefix>/share/madoguchi/{catalog,
// lang,samples,personas,rosters,golden}, and the town's settings in /etc/madoguchi
// (<prefix>/etc/madoguchi for a prefix other than /usr; inside a scratch root <root>/usr/bin/kiosk
// reads <root>/etc/madoguchi). The .deb lays them out so, and so does the build tree for the
// programs in build/kiosk (build/share/madoguchi and build/etc/madoguchi link to the source
// folders, kiosk/CMakeLists.txt): the programs do not know where the source tree is.
#pragma once

#include <filesystem>

namespace madoguchi::kiosk {

struct DataFolders {
  std::filesystem::path root;       // share/madoguchi
  std::filesystem::path catalog;    // the procedure files
  std::filesystem::path languages;  // the language files
  std::filesystem::path samples;    // the staff studio's sample residents
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
