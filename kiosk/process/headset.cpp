#include "madoguchi/kiosk/headset.hpp"

#include <fcntl.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <system_error>

namespace madoguchi::kiosk {

namespace {

constexpr std::size_t kBits = 8 * sizeof(unsigned long);

bool bit(const std::array<unsigned long, SW_CNT / kBits + 1>& bits, int n) {
  return (bits[static_cast<std::size_t>(n) / kBits] >> (static_cast<std::size_t>(n) % kBits)) & 1U;
}

// The switch's state on an open event device: false when it has no such switch.
bool switch_on(int fd) {
  std::array<unsigned long, SW_CNT / kBits + 1> has{};
  std::array<unsigned long, SW_CNT / kBits + 1> on{};
  if (ioctl(fd, EVIOCGBIT(EV_SW, sizeof has), has.data()) < 0) return false;
  if (!bit(has, SW_HEADPHONE_INSERT) && !bit(has, SW_LINEOUT_INSERT)) return false;
  if (ioctl(fd, EVIOCGSW(sizeof on), on.data()) < 0) return false;
  return (bit(has, SW_HEADPHONE_INSERT) && bit(on, SW_HEADPHONE_INSERT)) ||
         (bit(has, SW_LINEOUT_INSERT) && bit(on, SW_LINEOUT_INSERT));
}

}  // namespace

bool headset_plugged(const std::filesystem::path& folder) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (!entry.path().filename().string().starts_with("event")) continue;
    if (!entry.is_character_file(ec)) continue;
    const int fd = ::open(entry.path().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    const bool on = switch_on(fd);
    ::close(fd);
    if (on) return true;
  }
  return false;
}

}  // namespace madoguchi::kiosk
