#include "madoguchi/kiosk/visit.hpp"

namespace madoguchi::kiosk {

void ReadyApplication::wipe() {
  for (auto& [id, value] : answers) wiping::wipe(value);
  answers.clear();
  wiping::wipe(reception_number);
  my_number.wipe();
  procedure = nullptr;
}

void Visit::wipe_procedure() {
  for (ReadyApplication& application : ready) application.wipe();
  ready.clear();
  queued.clear();
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
  seen.clear();
  procedures_done = 0;
  wipe_procedure();
}

}  // namespace madoguchi::kiosk
