// Everything the forms module offers, for code that wants a single include.
#pragma once

#include "madoguchi/forms/layout.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/resident.hpp"
#include "madoguchi/forms/staff_files.hpp"
#include "madoguchi/forms/text_fit.hpp"
#include "madoguchi/text/japanese_date.hpp"
