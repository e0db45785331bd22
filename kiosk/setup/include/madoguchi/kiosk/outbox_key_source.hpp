// Where the kiosk takes the outbox key from (docs/submission.md, "The outbox key"), first found:
//   1. --outbox-key FILE;
//   2. the systemd credential outbox-key: $CREDENTIALS_DIRECTORY/outbox-key (the unit's
//      LoadCredential=outbox-key:/etc/madoguchi/outbox.key);
//   3. in the demo and in test runs (--demo, --headless) only: <state>/outbox.key, made on first
//      use, so they need no set-up.
// A key inside the state folder, beside the outbox it seals, is refused in any other run: a copy
// of that folder would carry the numbers and the key that opens them. With no key at all the
// kiosk runs, and the outbox refuses applications that carry a 個人番号 (said at start).
#pragma once

#include <expected>
#include <filesystem>
#include <string>

namespace madoguchi::kiosk {

struct OutboxKeySource {
  std::filesystem::path file;  // empty: no key
  bool create = false;         // made on first use (the demo's and tests' <state>/outbox.key)
  std::string from;            // "--outbox-key", "credential outbox-key", "the demo's state folder"
};

// given: --outbox-key (may be empty); credentials_directory: $CREDENTIALS_DIRECTORY (may be
// null). The error names the key file, the state folder and what to do instead.
std::expected<OutboxKeySource, std::string> outbox_key_source(const std::filesystem::path& given,
                                                              const std::filesystem::path& state,
                                                              bool demo_or_test,
                                                              const char* credentials_directory);

}  // namespace madoguchi::kiosk
