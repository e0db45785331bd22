// The visit: what the kiosk holds of one resident between the card and the last procedure —
// the card's 基本4情報, this procedure's answers and reception number, and the answers shared
// by the procedures of the visit (電話番号, フリガナ…). All of it is wiped when the visit ends.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <vector>

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

// An application of the visit whose questions are answered, waiting for the visit's one payment
// and print: the first ones of a bundle (転入届, then 国民健康保険 加入, …).
struct ReadyApplication {
  const forms::Procedure* procedure = nullptr;  // the session's loaded copy
  forms::Answers answers;
  std::string reception_number;
  CarriedMyNumber my_number;
  std::chrono::system_clock::time_point started{};
  void wipe();
};

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
  // A bundle: the applications answered before this one, paid and printed with it, and the
  // related procedures the resident ticked that are still to be answered (ids, in order).
  std::vector<ReadyApplication> ready;
  std::vector<std::string> queued;
  // Procedures chosen, done or offered in this visit: never offered again in it.
  std::set<std::string, std::less<>> seen;

  // The four facts the forms are filled from.
  const forms::ResidentFacts& facts() const { return identity; }
  // This procedure's answers, number and confirmation, and the bundle's (bytes overwritten); the
  // identity and the shared answers stay for the next procedure of the visit.
  void wipe_procedure();
  // Everything about the resident.
  void wipe();
};

}  // namespace madoguchi::kiosk
