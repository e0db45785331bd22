// The terminal's shared key as the town keeps it: a small text file that only the kiosk's user
// may read (mode 0600; or the systemd credential terminal-key), with the three values the
// town set on the terminal (Adyen: Customer Area, the terminal's Integrations settings):
//
//   key_identifier = MADOGUCHI
//   key_version = 1
//   passphrase = …
//
// Blank lines and lines starting with # are ignored. docs/payment.md tells how to make it.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

#include "madoguchi/payment/nexo_security.hpp"

namespace madoguchi::payment::nexo {

// The key in `file`, or the first thing wrong with it, naming the file and the line
// ("/etc/madoguchi/terminal-key: line 2: key_version must be a whole number from 0 to
// 2147483647"). Never the passphrase.
std::expected<NexoKey, std::string> read_key_file(const std::filesystem::path& file);

// The same from the file's text (for the tests and the fuzzer); `name` names it in errors.
std::expected<NexoKey, std::string> parse_key_file(std::string_view text, std::string_view name);

// Writes a key file (mode 0600, created new) with a fresh random passphrase: the demo and the
// tests make one for the simulator and the kiosk to share.
std::expected<void, std::string> write_new_key_file(const std::filesystem::path& file,
                                                    std::string_view identifier, int version);

}  // namespace madoguchi::payment::nexo
