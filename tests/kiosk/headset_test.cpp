// headset.hpp: what the kiosk makes of a folder of input devices. The switch itself is read
// from a real jack only (no /dev/uinput in CI to make one): these tests hold what can be held
// without one — nothing plugged is said where there is no device, a file that is not a device,
// or a device without the switch; and a missing folder is no error.
#include "madoguchi/kiosk/headset.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace madoguchi::kiosk {
namespace {

namespace fs = std::filesystem;

TEST(Headset, NoFolderNoDeviceAndAFileNamedLikeOneAreNoHeadset) {
  const fs::path folder =
      fs::temp_directory_path() / ("madoguchi-headset-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  EXPECT_FALSE(headset_plugged(folder));
  fs::create_directories(folder);
  EXPECT_FALSE(headset_plugged(folder));
  std::ofstream(folder / "event0") << "not a device";
  EXPECT_FALSE(headset_plugged(folder));
  fs::remove_all(folder);
}

TEST(Headset, ACharacterDeviceWithoutTheSwitchIsNoHeadset) {
  // /dev/null is a character device that answers no input ioctl.
  const fs::path folder =
      fs::temp_directory_path() / ("madoguchi-headset-dev-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder);
  fs::create_symlink("/dev/null", folder / "event3");
  EXPECT_FALSE(headset_plugged(folder));
  fs::remove_all(folder);
}

}  // namespace
}  // namespace madoguchi::kiosk
