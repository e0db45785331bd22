// What the kiosk knows about the resident from the My Number card.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::forms {

// The 基本4情報 as read from the card's 券面事項入力補助AP.
struct ResidentFacts {
  std::string name;        // "山田　太郎"
  std::string address;     // "東京都千代田区霞が関１－２－３"
  std::string birth_date;  // "YYYYMMDD", Gregorian
  std::string sex;         // card code: "1" male, "2" female, other codes exist
};

// "1" -> "男", "2" -> "女", anything else -> "—" (printed as a neutral dash).
std::string sex_label(std::string_view code);

}  // namespace madoguchi::forms
