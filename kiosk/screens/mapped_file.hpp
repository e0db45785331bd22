// A file mapped read-only (MAP_PRIVATE): its pages come from the page cache as they are read,
// and only those read become resident. The glyph atlas maps its font files for one build
// (glyph_atlas.cpp) and its kept atlas to read it back (glyph_atlas_cache.cpp).
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <filesystem>

namespace madoguchi::kiosk::ui {

class MappedFile {
 public:
  // Not mapped (data() null) when the file cannot be opened or mapped (error() says why), is
  // empty, or is `largest` bytes or more.
  MappedFile(const std::filesystem::path& file, std::size_t largest) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      error_ = errno;
      return;
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0 && static_cast<std::size_t>(st.st_size) < largest) {
      void* data =
          ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (data != MAP_FAILED) {
        data_ = data;
        size_ = static_cast<std::size_t>(st.st_size);
      } else {
        error_ = errno;
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(data_, size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Dear ImGui and FreeType take the data as void* but only read it.
  void* data() const { return data_; }
  const unsigned char* bytes() const { return static_cast<const unsigned char*>(data_); }
  std::size_t size() const { return size_; }
  int error() const { return error_; }  // errno of the open or the mapping; 0 otherwise

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
  int error_ = 0;
};

}  // namespace madoguchi::kiosk::ui
