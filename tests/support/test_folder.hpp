// A scratch folder for one test of a fixture: <tmp>/madoguchi-<what>-<pid>-<test name>, empty at
// the start (the pid keeps two runs on one machine apart), removed at the end unless
// MADOGUCHI_KEEP_TEST_LOGS is set (docs/testing.md).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace madoguchi::tests {

inline std::filesystem::path make_test_folder(std::string_view what) {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("madoguchi-" + std::string(what) + "-" + std::to_string(::getpid()) + "-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

inline void remove_test_folder(const std::filesystem::path& folder) {
  std::error_code ec;
  if (std::getenv("MADOGUCHI_KEEP_TEST_LOGS") == nullptr) std::filesystem::remove_all(folder, ec);
}

}  // namespace madoguchi::tests
