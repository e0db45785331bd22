// The filled form (forms/) in the printer's drawing model (printer/): the one place where
// the two meet, so that printer/ knows nothing of procedures.
#pragma once

#include "madoguchi/forms/layout.hpp"
#include "madoguchi/printer/document.hpp"

namespace madoguchi::kiosk {

printer::Document to_document(const forms::FilledForm& form);

}  // namespace madoguchi::kiosk
