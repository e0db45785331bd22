#include "madoguchi/printer/pdf_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "madoguchi/storage/durable_file.hpp"

namespace madoguchi::printer {
namespace {

PrintError io_error(const std::string& what, int err) {
  return PrintError{PrintError::Kind::Io, what + ": " + std::strerror(err)};
}

bool valid_stem(const std::string& stem) {
  return !stem.empty() && stem.front() != '.' && stem.find('/') == std::string::npos &&
         stem.find('\0') == std::string::npos;
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

std::expected<std::filesystem::path, PrintError> write_pdf_file(const std::filesystem::path& dir,
                                                                const std::string& file_stem,
                                                                std::string_view pdf) {
  if (!valid_stem(file_stem)) {
    return std::unexpected(PrintError{
        PrintError::Kind::Io,
        "invalid PDF file name \"" + file_stem + "\" (a plain name without '/' or a leading '.')"});
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return std::unexpected(io_error("cannot create " + dir.string(), ec.value()));

  const std::filesystem::path target = dir / (file_stem + ".pdf");
  std::string temp = (dir / ("." + file_stem + ".pdf.XXXXXX")).string();
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) return std::unexpected(io_error("cannot create a file in " + dir.string(), errno));

  const auto fail = [&](const std::string& what) {
    const int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return std::unexpected(io_error(what + " " + temp, err));
  };
  if (!write_all(fd, pdf)) return fail("cannot write");
  if (::fsync(fd) != 0) return fail("cannot fsync");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return std::unexpected(io_error("cannot close " + temp, err));
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return std::unexpected(io_error("cannot rename to " + target.string(), err));
  }
  // Make the rename itself durable.
  if (const auto failed = storage::fsync_directory(dir)) {
    return std::unexpected(io_error("cannot fsync " + dir.string(), failed.value()));
  }
  return target;
}

}  // namespace madoguchi::printer
