// The resident's 署名用パスワード (JPKI signature password), held as card::Pin holds the PIN: in
// one fixed buffer, never on the heap, wiped when destroyed, moved from or cleared. It cannot be
// copied, has no operator<< and no conversion to a string; the characters reach only reveal()'s
// callback (C_Login through OpenSC). The keyboard builds it a character at a time (a lower-case
// letter is taken as upper-case: the card compares bytes, and the password is upper-case).
#pragma once

#include <array>
#include <cstddef>
#include <iosfwd>
#include <string_view>

#include "madoguchi/card/jpki_ap.hpp"

namespace madoguchi::card {

class SignPassword {
 public:
  static constexpr std::size_t kMaxLength = kMaxSignPasswordLength;
  static constexpr std::size_t kMinLength = kMinSignPasswordLength;

  SignPassword() = default;
  // From text in hand (tests, the demo's persona): as if typed, character by character; any
  // character the keyboard would not take makes the whole password empty.
  explicit SignPassword(std::string_view text);
  SignPassword(SignPassword&& other) noexcept;
  SignPassword& operator=(SignPassword&& other) noexcept;
  SignPassword(const SignPassword&) = delete;
  SignPassword& operator=(const SignPassword&) = delete;
  ~SignPassword();

  // A–Z, a–z (taken as A–Z) and 0–9, while there is room; anything else is ignored. False
  // when the character was not taken.
  bool push(char c) noexcept;
  void pop() noexcept;
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // 6–16 characters with at least one letter and one digit: the only passwords a card has.
  bool well_formed() const;

  template <typename Use>
  decltype(auto) reveal(Use&& use) const {
    return use(std::string_view(characters_.data(), size_));
  }
  void wipe() noexcept;
  friend std::ostream& operator<<(std::ostream&, const SignPassword&) = delete;

 private:
  std::array<char, kMaxLength> characters_{};
  std::size_t size_ = 0;
};

}  // namespace madoguchi::card
