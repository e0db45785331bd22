// The resident's 4-digit PIN (the 券面事項入力補助用暗証番号), held as card::MyNumber holds the
// 個人番号: in one fixed buffer, never on the heap, wiped when the PIN is destroyed, moved
// from or cleared. It cannot be copied, has no operator<< and no conversion to a string; the
// digits reach only reveal()'s callback (the VERIFY command). The keypad builds it a digit at
// a time; the session moves it into the VerifyPinAndRead command, the device worker hands it to
// MyNumberCard::verify_pin.
#pragma once

#include <array>
#include <cstddef>
#include <iosfwd>
#include <string_view>

namespace madoguchi::card {

class Pin {
 public:
  static constexpr std::size_t kDigits = 4;

  Pin() = default;
  // From digits in hand (tests, tools): up to 4 ASCII digits; anything else (more digits, a
  // letter, a full-width digit) gives an empty Pin, which VERIFY refuses without sending it.
  explicit Pin(std::string_view digits);
  Pin(Pin&& other) noexcept;
  Pin& operator=(Pin&& other) noexcept;
  Pin(const Pin&) = delete;
  Pin& operator=(const Pin&) = delete;
  ~Pin();

  // The keypad: a digit '0'..'9' is added while there is room (anything else is ignored).
  void push_digit(char digit) noexcept;
  void pop_digit() noexcept;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Exactly 4 ASCII digits.
  bool full() const { return size_ == kDigits; }

  // The digits, passed to `use` for the duration of the call only.
  template <typename Use>
  decltype(auto) reveal(Use&& use) const {
    return use(std::string_view(digits_.data(), size_));
  }

  // Wipes the digits now (the destructor and a move do it too).
  void wipe() noexcept;

  // Streaming a PIN into a log is a compile error.
  friend std::ostream& operator<<(std::ostream&, const Pin&) = delete;

 private:
  std::array<char, kDigits> digits_{};
  std::size_t size_ = 0;
};

}  // namespace madoguchi::card
