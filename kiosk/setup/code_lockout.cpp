#include "madoguchi/kiosk/code_lockout.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "madoguchi/storage/durable_file.hpp"

namespace madoguchi::kiosk {

namespace {

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

CodeLockout::Opened CodeLockout::open(const std::filesystem::path& file, Clock::time_point now) {
  Opened opened;
  opened.lockout.file_ = file;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return opened;
  try {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const auto json = nlohmann::json::parse(text.str());
    const int wrong = json.at("wrong_codes").get<int>();
    const long long until = json.at("locked_until").get<long long>();
    if (wrong < 0 || wrong >= kTries || until < 0) throw std::out_of_range("out of range");
    opened.lockout.wrong_ = wrong;
    opened.lockout.locked_until_ = Clock::time_point(std::chrono::seconds(until));
    // A clock set back (or a file from the future) never locks the pad for more than kLockTime.
    opened.lockout.locked_until_ = std::min(opened.lockout.locked_until_, now + kLockTime);
  } catch (const std::exception& e) {
    opened.lockout.wrong_ = 0;
    opened.lockout.locked_until_ = now + kLockTime;
    opened.problem = file.string() + ": cannot be read (" + e.what() +
                     "); the code pad is locked for " + std::to_string(kLockTime.count()) +
                     " minutes";
    opened.lockout.save();
  }
  return opened;
}

int CodeLockout::seconds_left(Clock::time_point now) const {
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(locked_until_ - now).count();
  return static_cast<int>(std::max<std::chrono::seconds::rep>(0, left));
}

bool CodeLockout::wrong_code(Clock::time_point now) {
  bool locked_now = false;
  if (++wrong_ >= kTries) {
    wrong_ = 0;
    locked_until_ = now + kLockTime;
    locked_now = true;
  }
  save();
  return locked_now;
}

void CodeLockout::right_code() {
  if (wrong_ == 0) return;
  wrong_ = 0;
  save();
}

// Written beside the file, fsync'd, renamed over it, and the folder fsync'd: after a power cut
// the file is the old one or the new one, never a part.
void CodeLockout::save() const {
  if (file_.empty()) return;
  const nlohmann::json json = {
      {"wrong_codes", wrong_},
      {"locked_until",
       std::chrono::duration_cast<std::chrono::seconds>(locked_until_.time_since_epoch()).count()}};
  const std::string text = json.dump() + "\n";
  const std::filesystem::path temporary = file_.string() + ".new";
  const auto fail = [&](const char* what) {
    std::cerr << "kiosk: " << file_.string() << ": " << what << ": " << std::strerror(errno)
              << " (the code pad's lock-out holds until the kiosk stops)\n";
  };
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot write");
  const bool written = write_all(fd, text) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return fail("cannot write");
  if (::rename(temporary.c_str(), file_.c_str()) != 0) return fail("cannot replace");
  // The lock-out holds in memory either way; a folder that cannot be synced only risks the
  // last wrong code after a power cut.
  (void)storage::fsync_directory(file_.parent_path().empty() ? std::filesystem::path(".")
                                                             : file_.parent_path());
}

}  // namespace madoguchi::kiosk
