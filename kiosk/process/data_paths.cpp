#include "madoguchi/kiosk/data_paths.hpp"

#include <system_error>

namespace madoguchi::kiosk {

namespace fs = std::filesystem;

DataFolders data_folders_for(const fs::path& program) {
  const fs::path prefix = program.parent_path().parent_path();
  const fs::path share = prefix / "share" / "madoguchi";
  // /usr's settings are in /etc (the FHS); any other prefix (the build tree too) keeps its own
  // etc/.
  const fs::path etc = prefix.filename() == "usr" ? prefix.parent_path() / "etc" : prefix / "etc";
  return {.root = share,
          .catalog = share / "catalog",
          .languages = share / "lang",
          .samples = share / "samples",
          .settings = etc / "madoguchi",
          .personas = share / "personas",
          .rosters = share / "rosters",
          .golden = share / "golden"};
}

const DataFolders& data_folders() {
  static const DataFolders folders = [] {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return data_folders_for(ec ? fs::path{} : self);
  }();
  return folders;
}

}  // namespace madoguchi::kiosk
