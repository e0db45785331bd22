// The check's findings (forms' lint, written for the file's author) as the town's staff read
// them in the studio: the place named as they see it — the box by its name on the paper, the
// question by its title and which of its texts — and the findings their edits can cause (boxes
// overlapping, a box past the margin, a text that does not fit, a language missing) said in
// Japanese; any other finding keeps the check's own words after the place.
#pragma once

#include <string>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::studio {

// "枠「氏名」(card.name)", "問い「住民票は何通いりますか」の説明（英語）", "手数料"; English with
// `japanese` false. The pointer itself when it names nothing staff see.
std::string place_in_words(const std::string& pointer, const forms::Procedure& procedure,
                           bool japanese);

// "枠 card.name: 枠「氏名」と重なっています". The file is not named (the studio shows one).
std::string finding_in_words(const forms::LoadError& finding, const forms::Procedure& procedure,
                             bool japanese);

}  // namespace madoguchi::studio
