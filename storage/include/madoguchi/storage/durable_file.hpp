// Making a file's name durable: a file created in or renamed into a folder survives a power cut
// only once the folder itself is fsync'd (POSIX leaves the directory entry in the page cache
// until then). The project's one fsync of a folder: the outbox, the directory drop, the outbox
// key, the PDF files and the code pads' lock-out use it.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace madoguchi::storage {

// fsync(2) of the folder `dir`. An empty error_code when it is on disk; otherwise the errno of
// the open or of the fsync that failed.
[[nodiscard]] std::error_code fsync_directory(const std::filesystem::path& dir) noexcept;

// Writes all of `bytes` to the file descriptor `fd`, again after EINTR and short writes. An
// empty error_code when every byte was written; otherwise the errno of the write that failed.
[[nodiscard]] std::error_code write_all(int fd, std::string_view bytes) noexcept;

// Writes dir/name so that it is the old file or the new one, never half of either, even after
// a power cut: a ".madoguchi-<name>-XXXXXX" temporary (0600), fsync, rename over the old file,
// fsync of the folder. The error names the file and the cause.
std::expected<void, std::string> write_file_atomically(const std::filesystem::path& dir,
                                                       const std::string& name,
                                                       std::string_view bytes);

}  // namespace madoguchi::storage
