// libFuzzer target for the procedure loader (forms/procedure_loader.cpp and what it uses).
//
// Every input is a procedure file as staff could write it. It is given to parse_procedure and
// lint_procedure; a procedure that loads is then used the way the kiosk uses it, with the
// file's default answers: questions_to_ask, answers_to_asked_questions, quote_fee,
// prefill_answers and fill_form for a fixed resident. The invariants below are checked
// independently of the loader's own helpers where that is possible, and a violation stops the
// run with __builtin_trap(), which libFuzzer reports as a crash with the input saved. Built and
// run by scripts/fuzz.sh; see "Fuzzing the procedure loader" in docs/procedure-format.md.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/resident.hpp"

namespace {

namespace forms = madoguchi::forms;
using forms::Condition;
using forms::Procedure;
using forms::Question;
using forms::QuestionKind;

const std::string kFileName = "fuzz/procedure.json";

// Prints which invariant broke (libFuzzer shows stderr with the crash) and traps.
[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "procedure_loader_fuzzer: invariant violated: %s\n", what);
  __builtin_trap();
}

void check(bool ok, const char* what) {
  if (!ok) violated(what);
}

// The wording parse_procedure and lint_procedure use when something other than a load error
// (std::out_of_range, nlohmann::json::type_error, std::bad_variant_access, …) reached their
// catch-all handlers: that is a bug of the loader, not a problem of the file.
bool is_swallowed_exception(const forms::LoadError& error) {
  return error.pointer.empty() && error.line == 0 &&
         std::string_view(error.message).starts_with("could not read the file");
}

void check_load_error(const forms::LoadError& error) {
  check(!error.message.empty(), "a load error has a message");
  check(error.file == kFileName, "a load error carries the file name it was given");
  const std::string text = error.to_string();
  check(text.starts_with(kFileName + ": "), "LoadError::to_string starts with the file name");
  check(text.ends_with(error.message), "LoadError::to_string ends with the message");
  check(error.pointer.empty() || error.pointer.starts_with("/"),
        "a load error's pointer is a JSON pointer (\"\" or \"/…\")");
  check(error.line >= 0 && error.column >= 0, "a load error's line and column are not negative");
  check(!is_swallowed_exception(error),
        "no internal exception is turned into \"could not read the file\"");
}

bool is_decimal(std::string_view text) {
  if (text.empty() || text.size() > 9) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int decimal_value(std::string_view text) {
  int value = 0;
  for (const char c : text) value = value * 10 + (c - '0');
  return value;
}

// A value a condition compares with must be an answer of the question it names: one of its
// choice ids, "yes"/"no", or a whole number in its range (docs/procedure-format.md).
bool is_answer_of(const Question& question, const std::string& value) {
  switch (question.kind) {
    case QuestionKind::Choice:
      for (const auto& choice : question.choices) {
        if (choice.id == value) return true;
      }
      return false;
    case QuestionKind::YesNo:
      return value == "yes" || value == "no";
    case QuestionKind::Number:
      return is_decimal(value) && decimal_value(value) >= question.min &&
             decimal_value(value) <= question.max;
    default:
      return false;
  }
}

// `condition` names only questions among questions[0, end) (each by its id) and only
// values those questions can have; its shape is what the format allows.
void check_condition(const Condition& condition, const Procedure& procedure, std::size_t end,
                     int depth) {
  check(depth <= 64, "conditions are not nested without bound");
  switch (condition.op) {
    case Condition::Op::Equals:
    case Condition::Op::In: {
      check(condition.parts.empty(), "equals/in have no sub-conditions");
      check(condition.op == Condition::Op::In || condition.values.size() == 1,
            "equals compares with exactly one value");
      check(!condition.values.empty(), "in lists at least one value");
      const Question* named = nullptr;
      for (std::size_t i = 0; i < end; ++i) {
        if (procedure.questions[i].id == condition.question) named = &procedure.questions[i];
      }
      check(named != nullptr, "a condition names an earlier question (no dangling condition)");
      check(named->kind == QuestionKind::Choice || named->kind == QuestionKind::YesNo ||
                named->kind == QuestionKind::Number,
            "a condition looks only at a choice, yes_no or number question");
      for (const std::string& value : condition.values) {
        check(is_answer_of(*named, value),
              "a condition compares only with answers of its question");
      }
      return;
    }
    case Condition::Op::Not:
      check(condition.parts.size() == 1, "not has exactly one sub-condition");
      break;
    case Condition::Op::All:
    case Condition::Op::Any:
      check(!condition.parts.empty(), "all/any have at least one sub-condition");
      break;
  }
  check(condition.question.empty() && condition.values.empty(),
        "not/all/any name no question themselves");
  for (const Condition& part : condition.parts) check_condition(part, procedure, end, depth + 1);
}

bool is_question_of(const Procedure& procedure, const Question* question) {
  for (const Question& own : procedure.questions) {
    if (&own == question) return true;
  }
  return false;
}

void check_procedure(const Procedure& procedure) {
  const auto& questions = procedure.questions;
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const Question& question = questions[i];
    check(!question.id.empty(), "every question has an id");
    check(ids.insert(question.id).second, "question ids are unique");
    check(procedure.find_question(question.id) == &question,
          "find_question finds each question by its id");
    if (question.show_if) check_condition(*question.show_if, procedure, i, 0);
    if (question.kind == QuestionKind::Number) {
      check(0 <= question.min && question.min <= question.max, "number range is 0 ≤ min ≤ max");
    }
    if (question.kind == QuestionKind::Choice) {
      check(!question.choices.empty(), "a choice question has choices");
    }
    const bool v1_kind = question.kind == QuestionKind::Choice ||
                         question.kind == QuestionKind::YesNo ||
                         question.kind == QuestionKind::Number;
    if (!question.default_value.empty() && v1_kind) {
      check(is_answer_of(question, question.default_value),
            "a default is an answer of its question");
    }
    if (question.prefill && question.prefill->source == forms::Prefill::Source::Answer) {
      const Question* from = nullptr;
      for (std::size_t k = 0; k < i; ++k) {
        if (questions[k].id == question.prefill->question_id) from = &questions[k];
      }
      check(from != nullptr, "a prefill from an answer names an earlier question");
      check(from->kind == question.kind, "a prefill from an answer names a question of its kind");
    }
  }
  for (const auto& free_case : procedure.fee.free_cases) {
    check_condition(free_case.when, procedure, questions.size(), 0);
  }
  check(procedure.fee.per_copy_yen >= 0 && procedure.fee.per_copy_yen <= 100000,
        "per_copy_yen is from 0 to 100000");
  if (!procedure.fee.copies_question.empty()) {
    const Question* copies = procedure.find_question(procedure.fee.copies_question);
    check(copies != nullptr && copies->kind == QuestionKind::Number,
          "copies_question names a number question");
  }
}

// 山田　太郎, born 1950-04-15, as in the tests; the reception is on 2025-11-22 in Japan.
const forms::ResidentFacts& resident() {
  static const forms::ResidentFacts facts{"山田　太郎", "東京都千代田区霞が関１－２－３",
                                          "19500415", "1"};
  return facts;
}

std::chrono::system_clock::time_point reception_time() {
  using namespace std::chrono;
  return sys_days{year{2025} / November / 22} + hours{1};  // 10:00 JST
}

void use_procedure(const Procedure& procedure) {
  const forms::Answers defaults = forms::default_answers(procedure);
  for (const auto& [id, value] : defaults) {
    check(procedure.find_question(id) != nullptr, "default_answers only answers own questions");
    check(!value.empty(), "default_answers leaves out questions without a default");
  }

  const auto asked = forms::questions_to_ask(procedure, defaults);
  check(asked.size() <= procedure.questions.size(), "no more questions asked than there are");
  const Question* previous = nullptr;
  for (const Question* question : asked) {
    check(question != nullptr && is_question_of(procedure, question),
          "questions_to_ask returns only questions of the procedure");
    check(previous == nullptr || previous < question,
          "questions_to_ask keeps the file's order, each question once");
    previous = question;
  }
  for (const Question& question : procedure.questions) {
    if (question.show_if) continue;
    bool found = false;
    for (const Question* q : asked) found = found || q == &question;
    check(found, "a question without show_if is always asked");
  }

  const forms::Answers kept = forms::answers_to_asked_questions(procedure, defaults);
  for (const auto& [id, value] : kept) {
    bool is_asked = false;
    for (const Question* question : asked) is_asked = is_asked || question->id == id;
    check(is_asked, "answers_to_asked_questions keeps only answers to asked questions");
    const auto given = defaults.find(id);
    check(given != defaults.end() && given->second == value,
          "answers_to_asked_questions keeps the answers as given");
  }

  const forms::FeeQuote fee = forms::quote_fee(procedure, defaults);
  check(fee.total_yen >= 0, "the fee for the default answers is not negative");
  check(fee.copies >= 0, "the number of copies is not negative");
  bool file_fee = fee.per_copy_yen == procedure.fee.per_copy_yen;
  for (const auto& [choice, yen] : procedure.fee.per_copy_by_choice) {
    file_fee = file_fee || fee.per_copy_yen == yen;
  }
  check(file_fee, "the quote uses one of the file's fees (per_copy_yen or per_copy_by)");
  check(fee.free_case == nullptr ? fee.total_yen == fee.per_copy_yen * fee.copies
                                 : fee.total_yen == 0,
        "the total is per_copy × copies, or 0 in a free case");

  const forms::Answers prefilled = forms::prefill_answers(procedure, resident(), defaults);
  for (const auto& [id, value] : prefilled) {
    check(procedure.find_question(id) != nullptr, "prefill_answers only answers own questions");
  }

  const auto form = forms::fill_form(procedure, resident(), defaults, "0042", reception_time());
  if (form) {
    check(form->title == procedure.form_title, "the filled form has the procedure's form title");
    check(!form->pages.empty(), "the filled form has a page");
  } else {
    check(!form.error().empty(), "fill_form explains why it refuses");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto procedure = forms::parse_procedure(text, kFileName);
    const std::vector<forms::LoadError> lint = forms::lint_procedure(text, kFileName);
    // PROCEDURE_FUZZER_VERBOSE=1 build-fuzz/procedure_loader_fuzzer FILE… shows what the loader
    // said about each input, to check seeds and reproduce findings.
    static const bool verbose = std::getenv("PROCEDURE_FUZZER_VERBOSE") != nullptr;
    if (verbose) {
      std::fprintf(stderr, "parse: %s\n", procedure ? "ok" : procedure.error().to_string().c_str());
      for (const auto& problem : lint)
        std::fprintf(stderr, "lint: %s\n", problem.to_string().c_str());
    }
    for (const forms::LoadError& problem : lint) check_load_error(problem);
    if (!procedure) {
      check_load_error(procedure.error());
      check(!lint.empty(), "lint_procedure reports a file that parse_procedure refuses");
      return 0;
    }
    check_procedure(*procedure);
    use_procedure(*procedure);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "procedure_loader_fuzzer: exception escaped: %s\n", e.what());
    violated("no exception escapes the loader or the form engine");
  } catch (...) {
    violated("no exception escapes the loader or the form engine");
  }
  return 0;
}
