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

}  // namespace madoguchi::storage
