#include "madoguchi/kiosk/state_folder.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

namespace madoguchi::kiosk {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLockFile = "kiosk.lock";

bool inside(const fs::path& path, const fs::path& folder) {
  auto p = path.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
    if (f->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *f) return false;
  }
  return true;
}

}  // namespace

bool in_temporary_directory(const fs::path& folder) {
  std::vector<fs::path> temporary = {"/tmp", "/var/tmp"};
  if (const char* tmpdir = std::getenv("TMPDIR"); tmpdir != nullptr && *tmpdir != '\0') {
    temporary.emplace_back(tmpdir);
  }
  std::error_code ec;
  const fs::path where = fs::weakly_canonical(fs::absolute(folder, ec), ec);
  for (const fs::path& t : temporary) {
    std::error_code tec;
    const fs::path real = fs::weakly_canonical(t, tec);
    if (inside(where, real) || inside(fs::absolute(folder, ec).lexically_normal(), t)) {
      return true;
    }
  }
  return false;
}

std::expected<StateFolder, std::string> StateFolder::take(const fs::path& folder,
                                                          bool for_test_or_demo) {
  const std::string name = folder.string();
  const char* allowed = std::getenv(kTemporaryStateVariable);
  const bool temporary_allowed =
      for_test_or_demo || (allowed != nullptr && std::string_view(allowed) == "1");
  if (!temporary_allowed && in_temporary_directory(folder)) {
    return std::unexpected(
        "--state: " + name +
        ": is in the temporary directory, which is emptied at boot (payments in doubt and "
        "applications not yet delivered would be lost); give a lasting folder such as " +
        std::string(kDefaultStateFolder) + " (tests and demos: --demo, --headless or " +
        kTemporaryStateVariable + "=1)");
  }
  std::error_code ec;
  const auto status = fs::status(folder, ec);
  if (status.type() == fs::file_type::not_found) {
    if (!fs::create_directories(folder, ec) && ec) {
      return std::unexpected("--state: " + name + ": cannot be made: " + ec.message());
    }
    fs::permissions(folder, fs::perms::owner_all, fs::perm_options::replace, ec);
  } else if (status.type() != fs::file_type::directory) {
    return std::unexpected("--state: " + name + ": is not a folder");
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    return std::unexpected("--state: " + name + ": cannot be written: " + std::strerror(errno));
  }
  const fs::path lock_file = folder / kLockFile;
  auto lock = MachineLock::acquire(lock_file, std::chrono::milliseconds(0));
  if (!lock) {
    if (auto holder = lock_holder(lock_file)) {
      return std::unexpected("--state: " + name + ": another kiosk uses this state folder (" +
                             *holder + "); one kiosk per state folder");
    }
    return std::unexpected("--state: " + name + ": " + lock.error());
  }
  StateFolder taken;
  taken.path_ = folder;
  taken.lock_ = std::move(*lock);
  return taken;
}

std::optional<std::string> kiosk_using(const fs::path& folder) {
  return lock_holder(folder / kLockFile);
}

}  // namespace madoguchi::kiosk
