// card::Pin: the PIN cannot be copied, and neither a moved-from nor a destroyed PIN leaves its
// digits in the memory it occupied (a moved-from short std::string keeps its characters:
// libstdc++'s small-string buffer is only marked empty).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>

#include "madoguchi/card/pin.hpp"

namespace {

using madoguchi::card::Pin;

static_assert(!std::is_copy_constructible_v<Pin>, "a PIN must not be copied");
static_assert(!std::is_copy_assignable_v<Pin>, "a PIN must not be copied");
static_assert(std::is_nothrow_move_constructible_v<Pin>);
static_assert(!std::is_convertible_v<Pin, std::string>);

std::string digits_of(const Pin& pin) {
  return pin.reveal([](std::string_view digits) { return std::string(digits); });
}

// Whether the bytes an object occupies hold any of the PIN's digit characters.
bool holds_a_digit(const unsigned char* bytes, std::size_t size) {
  return std::any_of(bytes, bytes + size, [](unsigned char b) { return b >= '0' && b <= '9'; });
}

// A Pin placed in storage the test owns, so its bytes can be read after it is moved from or
// destroyed.
struct PinStorage {
  alignas(Pin) unsigned char bytes[sizeof(Pin)];
  Pin* pin = nullptr;
  explicit PinStorage(std::string_view digits) {
    std::memset(bytes, 0, sizeof bytes);
    pin = new (bytes) Pin(digits);
  }
};

TEST(Pin, KeypadBuildsItADigitAtATime) {
  Pin pin;
  for (const char c : std::string("12x345")) pin.push_digit(c);
  EXPECT_TRUE(pin.full());
  EXPECT_EQ(digits_of(pin), "1234") << "a letter and a fifth digit are ignored";
  pin.pop_digit();
  EXPECT_EQ(pin.size(), 3U);
  EXPECT_FALSE(pin.full());
  pin.push_digit('9');
  EXPECT_EQ(digits_of(pin), "1239");
}

TEST(Pin, DigitsInHandMustBeUpToFourAsciiDigits) {
  EXPECT_TRUE(Pin("0000").full());
  for (const char* bad : {"", "123", "12345", "12a4", "１２３４"}) {
    EXPECT_FALSE(Pin(bad).full()) << bad;
  }
  EXPECT_TRUE(Pin("12345").empty()) << "nothing of a malformed PIN is kept";
}

TEST(Pin, AMovedFromPinLeavesNoDigits) {
  PinStorage from("1234");
  const Pin to(std::move(*from.pin));
  EXPECT_EQ(digits_of(to), "1234");
  EXPECT_TRUE(from.pin->empty());
  EXPECT_FALSE(holds_a_digit(from.bytes, sizeof from.bytes));
  from.pin->~Pin();

  PinStorage assigned_from("5678");
  Pin target("1111");
  target = std::move(*assigned_from.pin);
  EXPECT_EQ(digits_of(target), "5678");
  EXPECT_FALSE(holds_a_digit(assigned_from.bytes, sizeof assigned_from.bytes));
  assigned_from.pin->~Pin();
}

TEST(Pin, ADestroyedPinLeavesNoDigits) {
  PinStorage storage("2468");
  ASSERT_TRUE(holds_a_digit(storage.bytes, sizeof storage.bytes)) << "the digits are inside";
  storage.pin->~Pin();
  EXPECT_FALSE(holds_a_digit(storage.bytes, sizeof storage.bytes));
}

TEST(Pin, AnErasedDigitIsWiped) {
  PinStorage storage("7");
  storage.pin->pop_digit();
  EXPECT_FALSE(holds_a_digit(storage.bytes, sizeof storage.bytes));
  storage.pin->~Pin();
}

}  // namespace
