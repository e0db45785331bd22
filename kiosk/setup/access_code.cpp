#include "madoguchi/kiosk/access_code.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <vector>

#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::kiosk {

namespace {

constexpr std::string_view kPrefix = "$argon2id$v=19$";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

// "m=19456,t=2,p=1" → the three numbers.
std::optional<CodeCost> read_cost(std::string_view text) {
  CodeCost cost;
  std::uint32_t* slots[3] = {&cost.memory_kib, &cost.passes, &cost.lanes};
  const char names[3] = {'m', 't', 'p'};
  for (int i = 0; i < 3; ++i) {
    if (text.size() < 3 || text[0] != names[i] || text[1] != '=') return std::nullopt;
    text.remove_prefix(2);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *slots[i]);
    if (ec != std::errc{} || end == text.data()) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (i < 2) {
      if (text.empty() || text[0] != ',') return std::nullopt;
      text.remove_prefix(1);
    }
  }
  if (!text.empty()) return std::nullopt;
  return cost;
}

bool base64_unpadded(std::string_view text) {
  for (const char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) return false;
  }
  return !text.empty();
}

}  // namespace

bool well_formed_code(std::string_view code) {
  if (code.size() < kCodeShortest || code.size() > kCodeLongest) return false;
  for (const char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::expected<std::string, std::string> hash_access_code(std::string_view code, CodeCost cost) {
  if (!well_formed_code(code)) {
    return std::unexpected("the code must be " + std::to_string(kCodeShortest) + " to " +
                           std::to_string(kCodeLongest) + " digits");
  }
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return std::unexpected("no random bytes for the salt");
  }
  const std::size_t length = argon2_encodedlen(cost.passes, cost.memory_kib, cost.lanes, kSaltBytes,
                                               kHashBytes, Argon2_id);
  std::vector<char> encoded(length + 1, '\0');
  const wiping::WipingString copy(code);  // overwritten once it has been used
  const int result =
      argon2id_hash_encoded(cost.passes, cost.memory_kib, cost.lanes, copy.data(), copy.size(),
                            salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (result != ARGON2_OK) {
    return std::unexpected(std::string("Argon2id: ") + argon2_error_message(result));
  }
  return std::string(encoded.data());
}

std::optional<std::string> access_code_hash_problem(std::string_view phc) {
  const std::string expected_form =
      "an Argon2id hash such as $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH is needed";
  if (!phc.starts_with(kPrefix)) return expected_form;
  std::string_view rest = phc.substr(kPrefix.size());
  const auto first = rest.find('$');
  if (first == std::string_view::npos) return expected_form;
  const auto cost = read_cost(rest.substr(0, first));
  if (!cost) return "the costs must read m=…,t=…,p=…; " + expected_form;
  rest.remove_prefix(first + 1);
  const auto second = rest.find('$');
  if (second == std::string_view::npos || !base64_unpadded(rest.substr(0, second)) ||
      !base64_unpadded(rest.substr(second + 1))) {
    return "the salt and the hash must be unpadded Base64; " + expected_form;
  }
  if (second < 22) return "the salt must be at least 16 bytes (22 Base64 characters)";
  if (cost->memory_kib < kCheapestCode.memory_kib || cost->passes < kCheapestCode.passes) {
    return "the costs are too low (at least m=" + std::to_string(kCheapestCode.memory_kib) +
           ",t=" + std::to_string(kCheapestCode.passes) +
           "): a copy of the file would give the code away quickly";
  }
  if (cost->memory_kib > kDearestCode.memory_kib || cost->passes > kDearestCode.passes ||
      cost->lanes > kDearestCode.lanes || cost->lanes < 1) {
    return "the costs are too high (at most m=" + std::to_string(kDearestCode.memory_kib) +
           ",t=" + std::to_string(kDearestCode.passes) +
           ",p=" + std::to_string(kDearestCode.lanes) +
           "): a check would hold the code pad too long";
  }
  return std::nullopt;
}

bool access_code_matches(std::string_view phc, std::string_view code) {
  if (!well_formed_code(code) || access_code_hash_problem(phc)) return false;
  const std::string encoded(phc);
  const wiping::WipingString copy(code);  // overwritten once it has been used
  return argon2id_verify(encoded.c_str(), copy.data(), copy.size()) == ARGON2_OK;
}

}  // namespace madoguchi::kiosk
