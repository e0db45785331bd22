// What the kiosk knows about the resident from the My Number card.
#pragma once

#include <string>
#include <string_view>

#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::forms {

// The 基本4情報 as read from the card's 券面事項入力補助AP: the one type that carries them from
// the device worker (which maps card::BasicInfo onto it) through the session to the form. Each
// field wipes itself when destroyed, moved from or assigned over (madoguchi/wiping).
struct ResidentFacts {
  wiping::WipingString name;        // "山田　太郎"
  wiping::WipingString address;     // "東京都千代田区霞が関１－２－３"
  wiping::WipingString birth_date;  // "YYYYMMDD", Gregorian
  wiping::WipingString sex;         // card code: "1" male, "2" female, other codes exist

  // Overwrites all four now (the end of a session), not only when they are destroyed.
  void wipe();
};

// "1" -> "男", "2" -> "女", anything else -> "—" (printed as a neutral dash).
std::string sex_label(std::string_view code);

}  // namespace madoguchi::forms
