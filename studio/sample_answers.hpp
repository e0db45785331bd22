// Answers for a sample page: the procedure's default answers, and for every question it asks
// that has none, a plausible answer of its kind (the first choice, the smallest number, はい, a
// date inside its limits, a sample postal code, phone number, kana or text), so that every box
// of the form has something to show.
#pragma once

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::studio {

forms::Answers sample_answers(const forms::Procedure& procedure,
                              const forms::AnswerContext& context = {});
// The answers `given` (a golden case's, staff's), and sample answers for every other question
// they leave asked: a file of the answers that matter is enough.
forms::Answers sample_answers(const forms::Procedure& procedure, const forms::Answers& given,
                              const forms::AnswerContext& context = {});

}  // namespace madoguchi::studio
