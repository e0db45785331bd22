// The slip's paper by its office.json name: apart from the slip's drawing, so that the settings
// loader (and its fuzzer) need nothing of libharu.
#include <optional>
#include <string_view>

#include "madoguchi/printer/reception_slip.hpp"

namespace madoguchi::printer {

std::optional<SlipPaper> slip_paper_from_name(std::string_view name) {
  if (name == "a6") return SlipPaper::A6;
  if (name == "receipt-80mm") return SlipPaper::Receipt80mm;
  if (name == "a4") return SlipPaper::A4;
  return std::nullopt;
}

}  // namespace madoguchi::printer
