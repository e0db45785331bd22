// Where the programs find their data (kiosk/data_paths.hpp): the installed layout when
// <prefix>/share/madoguchi is beside <prefix>/bin, the source tree otherwise.
#include "madoguchi/kiosk/data_paths.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using madoguchi::kiosk::data_folders_for;

fs::path fresh_root() {
  std::string name = (fs::temp_directory_path() / "madoguchi-data-paths-XXXXXX").string();
  if (::mkdtemp(name.data()) == nullptr) return {};
  return name;
}

TEST(DataPaths, UnderUsrTheSettingsAreInEtcAndTheDataInUsrShare) {
  const fs::path root = fresh_root();
  fs::create_directories(root / "usr/share/madoguchi");
  const auto folders = data_folders_for(root / "usr/bin/kiosk");
  EXPECT_TRUE(folders.installed);
  EXPECT_EQ(folders.catalog, root / "usr/share/madoguchi/catalog");
  EXPECT_EQ(folders.languages, root / "usr/share/madoguchi/lang");
  EXPECT_EQ(folders.personas, root / "usr/share/madoguchi/personas");
  EXPECT_EQ(folders.golden, root / "usr/share/madoguchi/golden");
  EXPECT_EQ(folders.settings, root / "etc/madoguchi");
  fs::remove_all(root);
}

TEST(DataPaths, AnotherPrefixKeepsItsOwnEtc) {
  const fs::path root = fresh_root();
  fs::create_directories(root / "opt/madoguchi/share/madoguchi");
  const auto folders = data_folders_for(root / "opt/madoguchi/bin/kiosk");
  EXPECT_TRUE(folders.installed);
  EXPECT_EQ(folders.settings, root / "opt/madoguchi/etc/madoguchi");
  EXPECT_EQ(folders.catalog, root / "opt/madoguchi/share/madoguchi/catalog");
  fs::remove_all(root);
}

TEST(DataPaths, ABuildTreeProgramUsesTheSourceTree) {
  const fs::path root = fresh_root();
  fs::create_directories(root / "build/kiosk");
  const auto folders = data_folders_for(root / "build/kiosk/kiosk");
  const fs::path source = MADOGUCHI_SOURCE_DIR;
  EXPECT_FALSE(folders.installed);
  EXPECT_EQ(folders.catalog, source / "forms/catalog");
  EXPECT_EQ(folders.languages, source / "assets/lang");
  EXPECT_EQ(folders.settings, source / "assets");
  EXPECT_EQ(folders.personas, source / "tests/personas");
  EXPECT_EQ(folders.root, source);
  fs::remove_all(root);
}

}  // namespace
