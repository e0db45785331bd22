// Where the programs find their data (kiosk/data_paths.hpp): <prefix>/share/madoguchi and the
// settings in etc/madoguchi, installed or in the build tree, which the build lays out alike.
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
  EXPECT_EQ(folders.settings, root / "opt/madoguchi/etc/madoguchi");
  EXPECT_EQ(folders.catalog, root / "opt/madoguchi/share/madoguchi/catalog");
  fs::remove_all(root);
}

TEST(DataPaths, ABuildTreeProgramReadsTheBuildTreesLayout) {
  const fs::path root = fresh_root();
  fs::create_directories(root / "build/kiosk");
  const auto folders = data_folders_for(root / "build/kiosk/kiosk");
  EXPECT_EQ(folders.catalog, root / "build/share/madoguchi/catalog");
  EXPECT_EQ(folders.languages, root / "build/share/madoguchi/lang");
  EXPECT_EQ(folders.settings, root / "build/etc/madoguchi");
  EXPECT_EQ(folders.personas, root / "build/share/madoguchi/personas");
  EXPECT_EQ(folders.root, root / "build/share/madoguchi");
  fs::remove_all(root);
}

// The build links its share/madoguchi and etc/madoguchi to the source folders
// (kiosk/CMakeLists.txt), so the programs of the build tree read what they always read.
TEST(DataPaths, TheBuildTreesLayoutHoldsTheSourceFolders) {
  const fs::path source = MADOGUCHI_SOURCE_DIR;
  const fs::path build = MADOGUCHI_BINARY_DIR;
  const auto folders = data_folders_for(build / "kiosk" / "kiosk");
  const auto same = [](const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec);
  };
  EXPECT_TRUE(same(folders.catalog, source / "forms/catalog"));
  EXPECT_TRUE(same(folders.languages, source / "assets/lang"));
  EXPECT_TRUE(same(folders.settings, source / "assets"));
  EXPECT_TRUE(same(folders.personas, source / "tests/personas"));
  EXPECT_TRUE(same(folders.rosters, source / "tests/rosters"));
  EXPECT_TRUE(same(folders.golden, source / "tests/forms/golden"));
}

}  // namespace
