#include "madoguchi/kiosk/visit.hpp"

namespace madoguchi::kiosk {

void Visit::wipe_procedure() {
  identity_confirmed = false;
  carried.clear();
  for (auto& [id, value] : answers) wiping::wipe(value);
  answers.clear();
  wiping::wipe(reception_number);
  my_number.wipe();
}

void Visit::wipe() {
  identity.wipe();
  for (auto& [name, value] : shared) wiping::wipe(value);
  shared.clear();
  in_visit = false;
  procedures_done = 0;
  wipe_procedure();
}

}  // namespace madoguchi::kiosk
