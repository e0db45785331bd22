// The 個人番号 (My Number), held so that it cannot leak: its digits live in one
// fixed buffer that is wiped when the value is destroyed or moved from, it has no
// operator<< and no conversion to a string, and the only way to the digits is
// reveal(), which hands them to a callback for the one place that needs them
// (the clerk's screen, the encrypted outbox). Everything else uses masked().
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

#include "madoguchi/card/card_error.hpp"

namespace madoguchi::card {

class MyNumber {
 public:
  static constexpr std::size_t kDigits = 12;

  // 12 ASCII digits, or MalformedData (the message never quotes the input).
  static std::expected<MyNumber, CardError> from_digits(std::string_view digits);

  MyNumber(MyNumber&& other) noexcept;
  MyNumber& operator=(MyNumber&& other) noexcept;
  MyNumber(const MyNumber&) = delete;
  MyNumber& operator=(const MyNumber&) = delete;
  ~MyNumber();

  // "●●●●●●●●9012" — what a resident or a volunteer may see; "" when empty.
  std::string masked() const;
  // The last four digits, for a clerk comparing with the card in hand.
  std::string last_four() const;
  // The 12 digits, passed to `use` for the duration of the call only.
  template <typename Use>
  decltype(auto) reveal(Use&& use) const {
    return use(std::string_view(digits_.data(), empty_ ? 0 : kDigits));
  }
  // The check digit (the 12th) agrees with the first eleven (総務省令 rule: weights
  // 2..7,2..6 from the right, 11 − (sum mod 11), 0 when that is 10 or 11).
  bool has_valid_check_digit() const;
  bool empty() const { return empty_; }
  // Wipes the digits now (the destructor does it too).
  void wipe() noexcept;

  // Streaming a 個人番号 into a log is a compile error.
  friend std::ostream& operator<<(std::ostream&, const MyNumber&) = delete;

 private:
  MyNumber() = default;
  std::array<char, kDigits> digits_{};
  bool empty_ = true;
};

// EF 0001 of the 券面事項入力補助AP: FF 10 0C + 12 ASCII digits, optionally followed by
// FF filler. Anything else is MalformedData with the byte offset (never the digits).
std::expected<MyNumber, CardError> parse_my_number(std::span<const std::uint8_t> file);

}  // namespace madoguchi::card
