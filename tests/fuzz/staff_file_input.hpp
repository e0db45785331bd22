// For the fuzzers of staff-edited files: the loaders read a path, so each input is written to a
// file in a folder of this process's own (in /dev/shm where there is one; removed at exit), and the
// invariants shared by every loader are checked here.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace madoguchi_fuzz {

[[noreturn]] inline void violated(const char* fuzzer, const char* what) {
  std::fprintf(stderr, "%s: invariant violated: %s\n", fuzzer, what);
  __builtin_trap();
}

// A folder of this process's own under the temporary directory.
class InputFolder {
 public:
  InputFolder() {
    // In memory where the machine has it: a file is written and read for every input.
    const std::filesystem::path shm = "/dev/shm";
    std::error_code no_shm;
    path_ = (std::filesystem::is_directory(shm, no_shm) ? shm
                                                        : std::filesystem::temp_directory_path()) /
            ("madoguchi-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path_);
  }
  ~InputFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

  // Writes the input as `name` in the folder and returns its path.
  std::filesystem::path write(const std::string& name, const std::uint8_t* data,
                              std::size_t size) const {
    const auto file = path_ / name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return file;
  }

 private:
  std::filesystem::path path_;
};

// A refusal names the file it is about (the staff must know which file to fix) and says why.
inline bool names_the_file(std::string_view message, const std::filesystem::path& file) {
  return message.find(file.string()) != std::string_view::npos &&
         message.size() > file.string().size() + 2;
}

}  // namespace madoguchi_fuzz
