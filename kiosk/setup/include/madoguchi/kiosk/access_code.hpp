// The codes volunteers and staff type on the kiosk's code pads: 6 to 8 digits, kept only as an
// Argon2id hash in its PHC string form ($argon2id$v=19$m=19456,t=8,p=1$SALT$HASH), so a copy of
// the roster files does not give a code away: each guess costs one Argon2id computation
// (docs/benchmarks.md, "Volunteer and staff codes"). Memory beyond ~20 MiB made a check slower
// in steps on the kiosk-class PC (32 MiB: ~260 ms at t=2), so the time is bought with passes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::kiosk {

inline constexpr std::size_t kCodeShortest = 6;
inline constexpr std::size_t kCodeLongest = 8;

// Argon2id's costs. The defaults take roughly 100–300 ms per check on the kiosk's small PC; an
// entry cheaper than them is refused, one far dearer too (it would hold the code pad for long,
// or take the kiosk's memory).
struct CodeCost {
  std::uint32_t memory_kib = 19456;  // 19 MiB
  std::uint32_t passes = 8;
  std::uint32_t lanes = 1;
};
inline constexpr CodeCost kCheapestCode{19456, 2, 1};
inline constexpr CodeCost kDearestCode{262144, 16, 4};

// 6 to 8 digits.
bool well_formed_code(std::string_view code);

// The PHC string of a new hash of `code` with a fresh random salt; an error when the code is
// not 6 to 8 digits or no random bytes were to be had.
std::expected<std::string, std::string> hash_access_code(std::string_view code, CodeCost cost = {});

// What is wrong with `phc` as a roster entry's code (not Argon2id, costs out of bounds,
// malformed), or nothing.
std::optional<std::string> access_code_hash_problem(std::string_view phc);

// Whether `code` is the one hashed in `phc` (Argon2id, constant-time comparison). False for a
// code that is not 6 to 8 digits, without computing anything.
bool access_code_matches(std::string_view phc, std::string_view code);

}  // namespace madoguchi::kiosk
