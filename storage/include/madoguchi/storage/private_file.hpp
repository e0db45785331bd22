// Reading a secret the town keeps in a file that only the kiosk's user may read (the terminal's
// key passphrase, the outbox key): the project's one check that such a file is what it should
// be before a byte of it is used.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::storage {

// Appends the content of `file` to `into` (the caller's buffer, which the caller wipes) when the
// file is a regular file, not a symbolic link, that neither its group nor others may read or
// write, and of at most `max_bytes`. Otherwise nothing is read and the error names the file and
// what is wrong with it ("… may be read by others (mode 0644); chmod 600 it").
std::expected<void, std::string> read_private_file(const std::filesystem::path& file,
                                                   std::size_t max_bytes, std::string& into);

// The file of the systemd credential `name` ($CREDENTIALS_DIRECTORY/name, what the unit's
// LoadCredential=name:… gave the service), or nothing when there is none.
// `credentials_directory`: the variable's value (may be null or empty).
std::optional<std::filesystem::path> systemd_credential(const char* credentials_directory,
                                                        std::string_view name);

// Creates `file` (never over an existing one, never through a symbolic link) with mode 0600,
// writes `bytes`, and makes it durable (fsync of the file and of its folder). On failure nothing
// is left behind, and the error names the file and the cause.
std::expected<void, std::string> write_new_private_file(const std::filesystem::path& file,
                                                        std::string_view bytes);

}  // namespace madoguchi::storage
