#include "madoguchi/card/sign_password.hpp"

#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::card {

namespace {
bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

SignPassword::SignPassword(std::string_view text) {
  if (text.size() > kMaxLength) return;
  for (const char c : text) {
    if (!push(c)) {
      wipe();
      return;
    }
  }
}

SignPassword::SignPassword(SignPassword&& other) noexcept
    : characters_(other.characters_), size_(other.size_) {
  other.wipe();
}

SignPassword& SignPassword::operator=(SignPassword&& other) noexcept {
  if (this != &other) {
    wipe();
    characters_ = other.characters_;
    size_ = other.size_;
    other.wipe();
  }
  return *this;
}

SignPassword::~SignPassword() { wipe(); }

bool SignPassword::push(char c) noexcept {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (size_ >= kMaxLength || !(is_letter(c) || is_digit(c))) return false;
  characters_[size_++] = c;
  return true;
}

void SignPassword::pop() noexcept {
  if (size_ == 0) return;
  --size_;
  wiping::wipe_bytes(&characters_[size_], 1);
}

bool SignPassword::well_formed() const {
  bool letter = false;
  bool digit = false;
  for (std::size_t i = 0; i < size_; ++i) {
    letter = letter || is_letter(characters_[i]);
    digit = digit || is_digit(characters_[i]);
  }
  return size_ >= kMinLength && letter && digit;
}

void SignPassword::wipe() noexcept {
  wiping::wipe_bytes(characters_.data(), characters_.size());
  size_ = 0;
}

}  // namespace madoguchi::card
