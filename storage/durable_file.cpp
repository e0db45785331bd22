#include "madoguchi/storage/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace madoguchi::storage {

std::error_code fsync_directory(const std::filesystem::path& dir) noexcept {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return {errno, std::generic_category()};
  const int rc = ::fsync(fd);
  const int err = errno;  // before close() may change it
  ::close(fd);
  if (rc != 0) return {err, std::generic_category()};
  return {};
}

std::error_code write_all(int fd, std::string_view bytes) noexcept {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return {errno, std::generic_category()};
    if (n == 0) return {EIO, std::generic_category()};
    written += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace madoguchi::storage
