#include "madoguchi/kiosk/visit.hpp"

namespace madoguchi::kiosk {

void ResidentIdentity::wipe() {
  wiping::wipe(name);
  wiping::wipe(address);
  wiping::wipe(birth_date);
  wiping::wipe(sex);
}

forms::ResidentFacts Visit::facts() const {
  return {identity.name, identity.address, identity.birth_date, identity.sex};
}

void Visit::wipe_procedure() {
  identity_confirmed = false;
  carried.clear();
  for (auto& [id, value] : answers) wiping::wipe(value);
  answers.clear();
  wiping::wipe(reception_number);
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
