// Rotating the outbox key: every value sealed with the old key is sealed again with the new one,
// in one SQLite transaction (a rotation killed half-way leaves everything under the old key).
#pragma once

#include <expected>
#include <filesystem>

#include "madoguchi/submission/outbox_key.hpp"
#include "madoguchi/submission/submission_error.hpp"

namespace madoguchi::submission {

struct KeyRotation {
  int resealed = 0;     // values that were sealed with the old key
  int already_new = 0;  // values already sealed with the new key (a rotation run again)
};

// Opens the outbox file (it must exist), reseals in one write transaction, then checkpoints the
// log so no page sealed with the old key is left in it (the outbox deletes securely). Refused,
// changing nothing: the same key twice, a value sealed with a third key (named with its
// application), a value that does not open.
std::expected<KeyRotation, SubmissionError> rotate_outbox_key(const std::filesystem::path& outbox,
                                                              const OutboxKey& old_key,
                                                              const OutboxKey& new_key);

}  // namespace madoguchi::submission
