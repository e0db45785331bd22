// The 基本4情報 (name, address, date of birth, sex) as the My Number card stores them in
// EF 0002 of the 券面事項入力補助AP.
#pragma once

#include <string>

#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::card {

// Each field wipes itself when destroyed or moved from (madoguchi/wiping).
struct BasicInfo {
  wiping::WipingString name;        // UTF-8, family and given name separated by U+3000
  wiping::WipingString address;     // UTF-8, as printed on the card (full-width digits, U+FF0D -)
  wiping::WipingString birth_date;  // "YYYYMMDD", Gregorian
  wiping::WipingString sex;         // "1" male, "2" female; other digits (JIS X 0303) kept raw

  bool operator==(const BasicInfo&) const = default;
};

}  // namespace madoguchi::card
