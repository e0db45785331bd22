#include "madoguchi/forms/resident.hpp"

namespace madoguchi::forms {

void ResidentFacts::wipe() {
  wiping::wipe(name);
  wiping::wipe(address);
  wiping::wipe(birth_date);
  wiping::wipe(sex);
}

std::string sex_label(std::string_view code) {
  if (code == "1") return "男";
  if (code == "2") return "女";
  return "—";
}

}  // namespace madoguchi::forms
