// The 基本4情報 (name, address, date of birth, sex) as the My Number card stores them in
// EF 0002 of the 券面事項入力補助AP.
#pragma once

#include <string>

namespace madoguchi::card {

struct BasicInfo {
  std::string name;        // UTF-8, family and given name separated by U+3000
  std::string address;     // UTF-8, as printed on the card (full-width digits, U+FF0D hyphen)
  std::string birth_date;  // "YYYYMMDD", Gregorian
  std::string sex;         // "1" male, "2" female; other digits (JIS X 0303) kept raw

  bool operator==(const BasicInfo&) const = default;
};

}  // namespace madoguchi::card
