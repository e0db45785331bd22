// Where the kiosk takes the outbox key from: --outbox-key, the systemd credential outbox-key,
// and <state>/outbox.key for the demo and tests only; a key inside the state folder is refused.
#include "madoguchi/kiosk/outbox_key_source.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace madoguchi::kiosk {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class OutboxKeySourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("madoguchi-keysource-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "state");
    fs::create_directories(dir_ / "etc");
    fs::create_directories(dir_ / "credentials");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path touch(const fs::path& file) {
    std::ofstream(file) << "";
    return file;
  }
  fs::path dir_;
};

TEST_F(OutboxKeySourceTest, TheOptionComesFirstThenTheCredential) {
  const fs::path state = dir_ / "state";
  const std::string credentials = (dir_ / "credentials").string();
  touch(dir_ / "credentials" / "outbox-key");
  auto given = outbox_key_source(dir_ / "etc" / "outbox.key", state, false, credentials.c_str());
  ASSERT_TRUE(given) << given.error();
  EXPECT_EQ(given->file, dir_ / "etc" / "outbox.key");
  EXPECT_FALSE(given->create) << "a town's key is made by madoguchi_outbox_key new, not here";

  auto credential = outbox_key_source({}, state, false, credentials.c_str());
  ASSERT_TRUE(credential) << credential.error();
  EXPECT_EQ(credential->file, dir_ / "credentials" / "outbox-key");
  EXPECT_EQ(credential->from, "credential outbox-key");
  EXPECT_FALSE(credential->create);
}

TEST_F(OutboxKeySourceTest, AKeyInTheStateFolderIsRefusedOutsideTheDemoAndTests) {
  const fs::path state = dir_ / "state";
  // Named on the command line, also through ".." or below the folder.
  for (const fs::path& inside :
       {state / "outbox.key", state / "keys" / "k", dir_ / "etc" / ".." / "state" / "outbox.key"}) {
    auto refused = outbox_key_source(inside, state, false, nullptr);
    ASSERT_FALSE(refused) << inside;
    EXPECT_THAT(refused.error(), HasSubstr("lies in the state folder " + state.string()));
    EXPECT_THAT(refused.error(), HasSubstr("--outbox-key"));
  }
  // Left there by an older kiosk, with nothing else configured.
  touch(state / "outbox.key");
  auto left = outbox_key_source({}, state, false, nullptr);
  ASSERT_FALSE(left);
  EXPECT_THAT(left.error(), HasSubstr((state / "outbox.key").string()));
  EXPECT_THAT(left.error(), HasSubstr("credential outbox-key"));

  // The demo and the headless test runs need no set-up: the key is made beside the outbox.
  auto demo = outbox_key_source({}, state, true, nullptr);
  ASSERT_TRUE(demo) << demo.error();
  EXPECT_EQ(demo->file, state / "outbox.key");
  EXPECT_TRUE(demo->create);
  EXPECT_TRUE(outbox_key_source(state / "outbox.key", state, true, nullptr));
}

TEST_F(OutboxKeySourceTest, NoKeyAtAllLeavesTheKioskWithoutOne) {
  const std::string credentials = (dir_ / "credentials").string();  // no outbox-key in it
  auto none = outbox_key_source({}, dir_ / "state", false, credentials.c_str());
  ASSERT_TRUE(none) << none.error();
  EXPECT_TRUE(none->file.empty());
  EXPECT_FALSE(none->create);
  // A key beside the state folder (not in it) is fine.
  EXPECT_TRUE(outbox_key_source(dir_ / "state-outbox.key", dir_ / "state", false, nullptr));
}

}  // namespace
}  // namespace madoguchi::kiosk
