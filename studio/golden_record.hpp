// Golden cases without hand work: once staff have looked at a sample's page and said it is
// right, the studio records what the kiosk prints for that sample (every field, the questions
// asked, the fee) as a golden case in <golden>/<procedure id>.json (docs/procedure-format.md,
// "Golden tests"). The tests then fail if a later change prints that form differently.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::studio {

struct GoldenRecord {
  std::filesystem::path sample;  // the sample resident's file (assets/samples/…)
  std::string sample_label;      // its name in the studio, for the case's name
  std::string today;             // YYYY-MM-DD: the day the fields were printed for
  forms::Answers answers;        // the answers staff chose; the sample answers for the rest
  std::string name;  // what the case shows ("転入で3人加入"); "": after the sample
};

// Adds the case, or replaces the one of the same name (or, unnamed, of the same sample and
// answers); returns how many cases the file now has.
std::expected<int, std::string> record_golden_case(const std::filesystem::path& golden_folder,
                                                   const forms::Procedure& procedure,
                                                   const GoldenRecord& record);

// How many cases <golden>/<id>.json holds (0 when there is none or it is not a golden file).
int golden_case_count(const std::filesystem::path& golden_folder, const std::string& id);

// The answers and day of each case <golden>/<id>.json holds (none when there is none or it is
// not a golden file): the walks of the studio's screens check (screen_audit.hpp).
struct RecordedCase {
  forms::Answers answers;
  std::string today;  // YYYY-MM-DD, "" when the case gives none
};
std::vector<RecordedCase> recorded_cases(const std::filesystem::path& golden_folder,
                                         const std::string& id);

// Today in Japan, YYYY-MM-DD.
std::string today_in_japan();

}  // namespace madoguchi::studio
