#include "madoguchi/storage/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <stdlib.h>

#include <cerrno>
#include <cstring>

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

std::expected<void, std::string> write_file_atomically(const std::filesystem::path& dir,
                                                       const std::string& name,
                                                       std::string_view bytes) {
  std::string temp = (dir / (".madoguchi-" + name + "-XXXXXX")).string();
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) {
    return std::unexpected("cannot create a file in " + dir.string() + ": " + std::strerror(errno));
  }
  int err = write_all(fd, bytes).value();
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  const auto target = dir / name;
  if (err == 0 && ::rename(temp.c_str(), target.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(temp.c_str());
    return std::unexpected("cannot write " + target.string() + ": " + std::strerror(err));
  }
  if (const auto failed = fsync_directory(dir)) {
    return std::unexpected("cannot fsync " + dir.string() + ": " + failed.message());
  }
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
