#include "madoguchi/storage/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "madoguchi/storage/durable_file.hpp"

namespace madoguchi::storage {

std::expected<void, std::string> read_private_file(const std::filesystem::path& file,
                                                   std::size_t max_bytes, std::string& into) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    const int err = errno;
    return std::unexpected("cannot open " + file.string() + ": " + std::strerror(err));
  }
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } close{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return std::unexpected(file.string() + " is not a file");
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return std::unexpected(file.string() + " may be read by others (mode " + mode +
                           "); chmod 600 it");
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    return std::unexpected(file.string() + " has " + std::to_string(st.st_size) +
                           " bytes, more than the " + std::to_string(max_bytes) + " expected");
  }
  const std::size_t start = into.size();
  into.resize(start + static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < static_cast<std::size_t>(st.st_size)) {
    const ssize_t n = ::read(fd, into.data() + start + got, into.size() - start - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got != static_cast<std::size_t>(st.st_size)) {
    std::memset(into.data() + start, 0, into.size() - start);
    into.resize(start);
    return std::unexpected("cannot read " + file.string());
  }
  return {};
}

std::optional<std::filesystem::path> systemd_credential(const char* credentials_directory,
                                                        std::string_view name) {
  if (credentials_directory == nullptr || *credentials_directory == '\0') return std::nullopt;
  auto file = std::filesystem::path(credentials_directory) / name;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::nullopt;
  return file;
}

std::expected<void, std::string> write_new_private_file(const std::filesystem::path& file,
                                                        std::string_view bytes) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    const int err = errno;
    return std::unexpected("cannot create " + file.string() + ": " + std::strerror(err));
  }
  const bool synced = !write_all(fd, bytes) && ::fsync(fd) == 0;
  ::close(fd);
  const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  if (!synced || fsync_directory(folder)) {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    return std::unexpected("cannot write " + file.string());
  }
  return {};
}

}  // namespace madoguchi::storage
