// Procedures (手続き): what a resident applies for, the questions the kiosk asks, the fee,
// and the paper form it prints. Procedures are read from JSON files that staff edit; the
// format is described in docs/procedure-format.md.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/forms/layout.hpp"
#include "madoguchi/forms/resident.hpp"

namespace madoguchi::forms {

// The procedure file format this build reads.
inline constexpr int kProcedureFormatVersion = 1;

// Why a procedure file could not be used, written for the staff member who edits it.
struct LoadError {
  std::string file;     // as given to the loader: "forms/catalog/juminhyo.json"
  std::string pointer;  // JSON pointer to the culprit, "/questions/2/max"; "" = whole file
  std::string message;  // what is wrong, in plain words
  int line = 0;         // for broken JSON: where the reader gave up (1-based; 0 = unknown)
  int column = 0;       // counted in characters, not bytes

  // "forms/catalog/juminhyo.json: /questions/2/max: must be ≥ min (1)"
  // "forms/catalog/juminhyo.json: line 3, column 14: ..."
  std::string to_string() const;
};

struct Choice {
  std::string id;     // stored as the answer: "self"
  std::string label;  // shown on the button and printed: "本人のみ"
  std::string help;   // a short explanation under the label; may be empty
};

enum class QuestionKind { Number, Choice, YesNo };

// One question, asked on one screen.
struct Question {
  std::string id;
  QuestionKind kind = QuestionKind::Choice;
  std::string title;            // the one question asked on the screen
  std::string help;             // explanation shown under it
  std::string unit;             // Number: "通"
  int min = 0, max = 0;         // Number: the allowed range, inclusive
  std::string default_value;    // choice id / number / "yes"|"no"; may be empty
  std::vector<Choice> choices;  // Choice; YesNo gets {"yes", …}, {"no", …} (labels from file)
  std::string summary_label;    // short label on the check-your-answers screen: "必要な通数"
};

// Question id -> answer value (a choice id, "yes"/"no", or a number in decimal digits).
using Answers = std::map<std::string, std::string, std::less<>>;

// The fee is per_copy_yen × the answer to copies_question (× 1 without such a question).
struct FeeRule {
  int per_copy_yen = 300;
  std::string copies_question;  // id of a Number question; may be empty
};

struct FeeQuote {
  int per_copy_yen = 0;
  int copies = 0;
  int total_yen = 0;
};

struct Procedure {
  int format_version = kProcedureFormatVersion;
  std::string id;             // "juminhyo"
  std::string title;          // what residents ask for: "住民票の写し"
  std::string form_title;     // the printed form's heading: "住民票の写し等交付請求書"
  std::string department;     // "市民課"
  std::string description;    // one or two sentences for the list of procedures
  std::string who_may_apply;  // shown before the first question
  bool needs_my_number = false;  // true only if the form needs the 個人番号
  FeeRule fee;
  std::vector<Question> questions;
  FormLayout layout;

  const Question* find_question(std::string_view question_id) const;
};

// Reads and checks a procedure file. Never throws.
std::expected<Procedure, LoadError> load_procedure(const std::filesystem::path& file);

// Checks a procedure held in memory; `file_name_for_errors` only labels the errors.
std::expected<Procedure, LoadError> parse_procedure(std::string_view json_text,
                                                    const std::string& file_name_for_errors);

// Every procedure file (*.json) in a folder, in file-name order. A broken file does not
// stop the others from loading: it is reported in `errors`, and the kiosk offers the rest.
struct Catalog {
  std::vector<Procedure> procedures;
  std::vector<LoadError> errors;
};
Catalog load_catalog(const std::filesystem::path& folder);

// The questions to ask, in order, given the answers so far. (Every question, for now;
// conditional questions will use `answers`.)
std::vector<const Question*> questions_to_ask(const Procedure& procedure, const Answers& answers);

// std::nullopt if `value` is an acceptable answer; otherwise a message for the resident in
// plain Japanese that says what to do ("1通から10通までの数にしてください").
std::optional<std::string> validate_answer(const Question& question, std::string_view value);

// How an answer reads on the check-your-answers screen and on paper: "2通", "本人のみ",
// "はい". "" for an empty answer; an answer that is not valid is returned unchanged.
std::string answer_label(const Question& question, std::string_view value);

// The file's default answers (questions without a default are left out).
Answers default_answers(const Procedure& procedure);

// The fee for these answers. The answers should have passed validate_answer; a missing or
// unusable number of copies counts as 1.
FeeQuote quote_fee(const Procedure& procedure, const Answers& answers);

// The town hall the kiosk stands in: whom the forms are addressed to. Set per town in
// assets/office.json (read by the kiosk).
struct Office {
  std::string town_name = "まどぐち市";
  std::string addressee = "まどぐち市長";
};

// Lays out the completed form. Fails, with a message for staff and the log (never
// containing the resident's data), if an asked question has no valid answer or an answer
// is given for a question the procedure does not have.
std::expected<FilledForm, std::string> fill_form(const Procedure& procedure,
                                                 const ResidentFacts& resident,
                                                 const Answers& answers,
                                                 const std::string& reception_number,
                                                 std::chrono::system_clock::time_point when,
                                                 const Office& office = {});

}  // namespace madoguchi::forms
