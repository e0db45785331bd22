// The visit: what the kiosk holds of one resident between the card and the last procedure —
// the card's 基本4情報, this procedure's answers and reception number, and the answers shared
// by the procedures of the visit (電話番号, フリガナ…). All of it is wiped when the visit ends.
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <string>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::kiosk {

// The 基本4情報 as the kiosk holds it for one session. Each field wipes itself when destroyed
// or moved from (the event that brings it from the device worker, a copy the screens make).
struct ResidentIdentity {
  wiping::WipingString name;
  wiping::WipingString address;
  wiping::WipingString birth_date;  // YYYYMMDD
  wiping::WipingString sex;         // "1", "2", ...
  void wipe();
};

struct Visit {
  ResidentIdentity identity;
  bool identity_confirmed = false;  // by the resident, for this procedure
  forms::Answers answers;           // this procedure's
  std::string reception_number;     // this procedure's, taken once the print check has passed
  // Several procedures for one resident, one card reading.
  bool in_visit = false;
  std::size_t procedures_done = 0;
  forms::SharedAnswers shared;
  std::set<std::string, std::less<>> carried;  // question ids answered earlier in the visit

  // The four facts the forms are filled from.
  forms::ResidentFacts facts() const;
  // This procedure's answers, number and confirmation (bytes overwritten); the identity and the
  // shared answers stay for the next procedure of the visit.
  void wipe_procedure();
  // Everything about the resident.
  void wipe();
};

}  // namespace madoguchi::kiosk
