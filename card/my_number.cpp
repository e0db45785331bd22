#include "madoguchi/card/my_number.hpp"

#include <algorithm>
#include <utility>

#include "madoguchi/card/input_support_ap.hpp"
#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::card {

namespace {

bool all_ascii_digits(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

CardError malformed_my_number(std::string message) {
  return CardError{CardErrorKind::MalformedData, "EF 0001 (個人番号): " + std::move(message)};
}

}  // namespace

std::expected<MyNumber, CardError> MyNumber::from_digits(std::string_view digits) {
  if (digits.size() != kDigits || !all_ascii_digits(digits)) {
    return std::unexpected(
        CardError{CardErrorKind::MalformedData, "a 個人番号 is 12 ASCII digits (got " +
                                                    std::to_string(digits.size()) +
                                                    " characters, not shown)"});
  }
  MyNumber number;
  std::copy(digits.begin(), digits.end(), number.digits_.begin());
  number.empty_ = false;
  return number;
}

MyNumber::MyNumber(MyNumber&& other) noexcept : digits_(other.digits_), empty_(other.empty_) {
  other.wipe();
}

MyNumber& MyNumber::operator=(MyNumber&& other) noexcept {
  if (this != &other) {
    digits_ = other.digits_;
    empty_ = other.empty_;
    other.wipe();
  }
  return *this;
}

MyNumber::~MyNumber() { wipe(); }

void MyNumber::wipe() noexcept {
  wiping::wipe_bytes(digits_.data(), digits_.size());
  empty_ = true;
}

std::string MyNumber::masked() const {
  if (empty_) return {};
  std::string out;
  for (std::size_t i = 0; i < kDigits - 4; ++i) out += "●";
  out.append(digits_.data() + kDigits - 4, 4);
  return out;
}

std::string MyNumber::last_four() const {
  if (empty_) return {};
  return std::string(digits_.data() + kDigits - 4, 4);
}

bool MyNumber::has_valid_check_digit() const {
  if (empty_) return false;
  int sum = 0;
  // digits_[10] is P1 (the digit right before the check digit), digits_[0] is P11.
  for (int n = 1; n <= 11; ++n) {
    const int p = digits_[static_cast<std::size_t>(11 - n)] - '0';
    const int q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const int remainder = sum % 11;
  const int check = remainder <= 1 ? 0 : 11 - remainder;
  return check == digits_[11] - '0';
}

std::expected<MyNumber, CardError> parse_my_number(std::span<const std::uint8_t> file) {
  constexpr std::size_t kHeader = 3;
  if (file.size() < kHeader + MyNumber::kDigits) {
    return std::unexpected(malformed_my_number("the file has " + std::to_string(file.size()) +
                                               " bytes; FF 10 0C and 12 digits need 15"));
  }
  if (file[0] != (kMyNumberTag >> 8) || file[1] != (kMyNumberTag & 0xFF)) {
    return std::unexpected(malformed_my_number("byte 0: expected the tag FF 10"));
  }
  if (file[2] != MyNumber::kDigits) {
    return std::unexpected(
        malformed_my_number("byte 2: the length is " + std::to_string(file[2]) + ", expected 12"));
  }
  for (std::size_t i = kHeader + MyNumber::kDigits; i < file.size(); ++i) {
    if (file[i] != 0xFF) {
      return std::unexpected(malformed_my_number("byte " + std::to_string(i) +
                                                 ": only FF filler may follow the 個人番号"));
    }
  }
  std::array<char, MyNumber::kDigits> digits{};
  for (std::size_t i = 0; i < MyNumber::kDigits; ++i) {
    const auto b = file[kHeader + i];
    if (b < '0' || b > '9') {
      wiping::wipe_bytes(digits.data(), digits.size());
      return std::unexpected(
          malformed_my_number("byte " + std::to_string(kHeader + i) + " is not an ASCII digit"));
    }
    digits[i] = static_cast<char>(b);
  }
  auto number = MyNumber::from_digits(std::string_view(digits.data(), digits.size()));
  wiping::wipe_bytes(digits.data(), digits.size());
  return number;
}

}  // namespace madoguchi::card
