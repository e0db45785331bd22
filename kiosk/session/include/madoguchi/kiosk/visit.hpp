// The visit: what the kiosk holds of one resident between the card and the last procedure —
// the card's 基本4情報, this procedure's answers and reception number, and the answers shared
// by the procedures of the visit (電話番号, フリガナ…). All of it is wiped when the visit ends.
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <string>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/resident.hpp"
#include "madoguchi/kiosk/carried_my_number.hpp"
#include "madoguchi/wiping/wipe.hpp"

namespace madoguchi::kiosk {

// The 基本4情報 as the kiosk holds it for one session. Each field wipes itself when destroyed
// or moved from (the event that brings it from the device worker, a copy the screens make).
// The 基本4情報 as the kiosk holds it for one session: the forms' own type, so the facts go to
// the form without a copy. Each field wipes itself when destroyed or moved from (the event that
// brings it from the device worker, a copy the screens make).
using ResidentIdentity = forms::ResidentFacts;

struct Visit {
  ResidentIdentity identity;
  bool identity_confirmed = false;  // by the resident, for this procedure
  forms::Answers answers;           // this procedure's
  std::string reception_number;     // this procedure's, taken once the print check has passed
  // This procedure's 個人番号, read from the card with the resident's consent (needs_my_number);
  // empty when the resident writes it at the counter. Wiped with the procedure.
  CarriedMyNumber my_number;
  // Several procedures for one resident, one card reading.
  bool in_visit = false;
  std::size_t procedures_done = 0;
  forms::SharedAnswers shared;
  std::set<std::string, std::less<>> carried;  // question ids answered earlier in the visit

  // The four facts the forms are filled from.
  const forms::ResidentFacts& facts() const { return identity; }
  // This procedure's answers, number and confirmation (bytes overwritten); the identity and the
  // shared answers stay for the next procedure of the visit.
  void wipe_procedure();
  // Everything about the resident.
  void wipe();
};

}  // namespace madoguchi::kiosk
