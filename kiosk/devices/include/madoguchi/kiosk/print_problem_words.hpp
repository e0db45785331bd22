// What the resident is told when printing fails: the printer reports a typed condition
// (printer::PrintError::Kind), and the kiosk, which alone speaks to the resident, chooses the
// sentence. The sentences are marked with say(), so the language files translate them.
#pragma once

#include <string>

#include "madoguchi/printer/print_error.hpp"

namespace madoguchi::kiosk {

// A short, plain sentence in Japanese (the screens translate it), e.g.
// "プリンターの用紙がありません。係員をお呼びください。"; never the staff's detail.
std::string print_problem_words(const printer::PrintError& error);

}  // namespace madoguchi::kiosk
