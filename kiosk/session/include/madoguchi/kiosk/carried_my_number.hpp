// The 個人番号 as the session, its commands and events carry it: a card::MyNumber (its digits in
// one fixed buffer, wiped when destroyed or moved from; masked() for any screen), which a copy of
// a command copies into a MyNumber of its own, wiped with that copy. Empty: none (the resident
// writes it at the counter, or the card refused it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "madoguchi/card/my_number.hpp"

namespace madoguchi::kiosk {

class CarriedMyNumber {
 public:
  CarriedMyNumber() = default;
  explicit CarriedMyNumber(card::MyNumber number) : number_(std::move(number)) {}
  CarriedMyNumber(const CarriedMyNumber& other) : number_(copy_of(other.number_)) {}
  CarriedMyNumber& operator=(const CarriedMyNumber& other) {
    if (this != &other) number_ = copy_of(other.number_);
    return *this;
  }
  CarriedMyNumber(CarriedMyNumber&& other) noexcept = default;  // MyNumber's move wipes `other`
  CarriedMyNumber& operator=(CarriedMyNumber&& other) noexcept = default;
  ~CarriedMyNumber() = default;  // MyNumber's destructor wipes

  bool empty() const { return !number_ || number_->empty(); }
  // The number, for the one place that reveals it (the form's cells, the outbox's seal).
  const card::MyNumber* get() const { return empty() ? nullptr : &*number_; }
  // "●●●●●●●●2613", or "" when empty: all a screen may show.
  std::string masked() const { return empty() ? std::string() : number_->masked(); }
  // Overwrites the digits now.
  void wipe() noexcept {
    if (number_) number_->wipe();
    number_.reset();
  }

 private:
  static std::optional<card::MyNumber> copy_of(const std::optional<card::MyNumber>& number) {
    if (!number || number->empty()) return std::nullopt;
    auto copy =
        number->reveal([](std::string_view digits) { return card::MyNumber::from_digits(digits); });
    if (!copy) return std::nullopt;
    return std::optional<card::MyNumber>(std::move(*copy));
  }
  std::optional<card::MyNumber> number_;
};

}  // namespace madoguchi::kiosk
