// The kiosk's state folder: the payment journal, the outbox and its key, the reception numbers,
// the code pads' lock-outs, the start-up report. Losing it loses payments in doubt and
// applications not yet delivered, so:
// - the default is /var/lib/madoguchi (the package makes it, 0700, for the madoguchi user);
// - a folder in the temporary directory (/tmp, /var/tmp, $TMPDIR), which Debian empties at boot,
//   is refused, except for tests and demos: with --demo or --headless, or when the environment
//   has MADOGUCHI_TEMPORARY_STATE=1 (the tests that start a windowed kiosk set it);
// - one kiosk per folder: the kiosk holds flock(2) on <folder>/kiosk.lock for its whole life (the
//   kernel lets go when the process ends, kill -9 included); a second one is refused at once,
//   naming the folder and the first one's pid.
#pragma once

#include <expected>
#include <filesystem>
#include <optional>
#include <string>

#include "madoguchi/kiosk/machine_lock.hpp"

namespace madoguchi::kiosk {

inline constexpr const char* kDefaultStateFolder = "/var/lib/madoguchi";
inline constexpr const char* kTemporaryStateVariable = "MADOGUCHI_TEMPORARY_STATE";

// Whether `folder` is inside /tmp, /var/tmp or $TMPDIR (symbolic links followed).
bool in_temporary_directory(const std::filesystem::path& folder);

class StateFolder {
 public:
  // Makes the folder (0700) when it is missing and takes its lock. `for_test_or_demo`: --demo
  // or --headless, which may keep their state in the temporary directory.
  static std::expected<StateFolder, std::string> take(const std::filesystem::path& folder,
                                                      bool for_test_or_demo);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  MachineLock lock_;
};

// The kiosk that holds `folder` ("pid 4242: /usr/bin/kiosk"), if one runs: the staff commands
// that settle payments (kiosk --payments settle, close-day) do not run beside it.
std::optional<std::string> kiosk_using(const std::filesystem::path& folder);

}  // namespace madoguchi::kiosk
