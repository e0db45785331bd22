#include "madoguchi/card/pin.hpp"

#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::card {

Pin::Pin(std::string_view digits) {
  if (digits.size() > kDigits) return;
  for (const char c : digits) {
    if (c < '0' || c > '9') {
      wipe();
      return;
    }
    digits_[size_++] = c;
  }
}

Pin::Pin(Pin&& other) noexcept : digits_(other.digits_), size_(other.size_) { other.wipe(); }

Pin& Pin::operator=(Pin&& other) noexcept {
  if (this != &other) {
    wipe();
    digits_ = other.digits_;
    size_ = other.size_;
    other.wipe();
  }
  return *this;
}

Pin::~Pin() { wipe(); }

void Pin::push_digit(char digit) noexcept {
  if (size_ < kDigits && digit >= '0' && digit <= '9') digits_[size_++] = digit;
}

void Pin::pop_digit() noexcept {
  if (size_ == 0) return;
  --size_;
  wiping::wipe_bytes(&digits_[size_], 1);
}

void Pin::wipe() noexcept {
  wiping::wipe_bytes(digits_.data(), digits_.size());
  size_ = 0;
}

}  // namespace madoguchi::card
