// The filled form (forms/) in the printer's drawing model (printer/): the one place where
// the two meet, so that printer/ knows nothing of procedures. The kiosk prints through it and
// the staff studio shows the same pages.
#pragma once

#include "madoguchi/forms/layout.hpp"
#include "madoguchi/printer/document.hpp"

namespace madoguchi::paper {

printer::Document to_document(const forms::FilledForm& form);

}  // namespace madoguchi::paper
