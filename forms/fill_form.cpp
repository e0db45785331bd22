// Filling a procedure's layout with the resident's card facts and answers.
#include <algorithm>
#include <variant>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/text_fit.hpp"
#include "madoguchi/text/japanese_date.hpp"
#include "values.hpp"

namespace madoguchi::forms {

namespace {

using detail::in_quotes;

constexpr const char* kTick = "✓";

// Everything a field can be bound to, worked out once per form.
class FieldValues {
 public:
  FieldValues(const Procedure& procedure, const ResidentFacts& resident, const Answers& answers,
              const std::string& reception_number, text::CivilDate today, const Office& office,
              const wiping::WipingString* my_number)
      : procedure_(procedure),
        office_(office),
        resident_(resident),
        answers_(answers),
        reception_number_(reception_number),
        today_(today),
        birth_date_(text::parse_yyyymmdd(resident.birth_date)),
        fee_(quote_fee(procedure, answers)),
        my_number_(procedure.needs_my_number ? my_number : nullptr) {}

  // The value, or "" when there is none (then the box stays blank for the pen).
  std::string value(const Binding& binding) const {
    switch (binding.source) {
      case FieldSource::CardName:
        return resident_.name;
      case FieldSource::CardAddress:
        return resident_.address;
      case FieldSource::CardBirthDateWareki:
        return birth_date_ ? text::to_wareki(*birth_date_).value_or("") : "";
      case FieldSource::CardBirthDateSeireki:
        return birth_date_ ? text::to_seireki(*birth_date_) : "";
      case FieldSource::CardSex:
        return sex_label(resident_.sex);
      case FieldSource::AnswerLabel:
        return answer_label(*procedure_.find_question(binding.question_id),
                            answer(binding.question_id));
      case FieldSource::AnswerValue:
        return answer(binding.question_id);
      case FieldSource::FeeTotal:
        return detail::group_digits(fee_.total_yen);
      case FieldSource::FeePerCopy:
        return detail::group_digits(fee_.per_copy_yen);
      case FieldSource::ReceptionNumber:
        return reception_number_;
      case FieldSource::ReceptionDateWareki:
        return text::to_wareki(today_).value_or("");
      case FieldSource::ReceptionDateSeireki:
        return text::to_seireki(today_);
      case FieldSource::OfficeTownName:
        return office_.town_name;
      case FieldSource::OfficeAddressee:
        return office_.addressee;
      case FieldSource::ComputedAge: {
        const auto age = age_from_card(resident_, today_);
        return age ? std::to_string(*age) : "";
      }
      case FieldSource::PageNumber:
        return std::to_string(page_) + " / " + std::to_string(procedure_.layout.pages.size());
      case FieldSource::CardMyNumber:
        return {};  // never a whole value: my_number_digit, one cell at a time
    }
    return {};
  }

  // The 個人番号's digits, one a cell; none when it was not given (written at the counter).
  std::vector<std::string> my_number_digits() const {
    std::vector<std::string> digits;
    if (my_number_ == nullptr) return digits;
    for (const char digit : *my_number_) digits.emplace_back(1, digit);
    return digits;
  }

  std::string answer(std::string_view question_id) const {
    const std::string* found = detail::find_answer(answers_, question_id);
    return found == nullptr ? std::string() : *found;
  }

  void set_page(int page) { page_ = page; }

 private:
  const Procedure& procedure_;
  const Office& office_;
  const ResidentFacts& resident_;
  const Answers& answers_;
  const std::string& reception_number_;
  text::CivilDate today_;
  std::optional<text::CivilDate> birth_date_;
  FeeQuote fee_;
  const wiping::WipingString* my_number_;
  int page_ = 1;
};

std::optional<std::string> check_unknown_answers(const Procedure& procedure,
                                                 const Answers& answers) {
  for (const auto& [id, value] : answers) {
    if (procedure.find_question(id) == nullptr) {
      return "an answer was given for " + in_quotes(id) +
             ", which is not a question of procedure " + in_quotes(procedure.id);
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_answers(const Procedure& procedure, const Answers& answers,
                                         const AnswerContext& context) {
  for (const Question* question : questions_to_ask(procedure, answers)) {
    const std::string* answer = detail::find_answer(answers, question->id);
    if (answer == nullptr && !question->required) continue;  // left empty: printed blank
    if (answer == nullptr) {
      return "question " + in_quotes(question->id) + " of procedure " + in_quotes(procedure.id) +
             " has no answer";
    }
    // A value never typed on the kiosk (prefill "asked": false: the card's address, or the
    // visit's) is printed as the card's own fields are, shrunk to fit: no max_length.
    std::optional<Question> untyped;
    if (question->prefill && !question->prefill->asked && question->max_length > 0) {
      untyped = *question;
      untyped->max_length = 0;
    }
    if (const auto problem = validate_answer(untyped ? *untyped : *question, *answer, context)) {
      return "the answer to question " + in_quotes(question->id) + " of procedure " +
             in_quotes(procedure.id) + " is not acceptable: " + *problem;
    }
  }
  return std::nullopt;
}

template <typename... Visitors>
struct Overloaded : Visitors... {
  using Visitors::operator()...;
};

bool is_card_date(FieldSource source) {
  return source == FieldSource::CardBirthDateWareki || source == FieldSource::CardBirthDateSeireki;
}

// The text box of a field, with its value; notes for staff go to `warnings`.
LayoutText fill_text(const BoundText& field, const FieldValues& values,
                     std::vector<std::string>& warnings) {
  const std::string value = values.value(field.binding);
  LayoutText box = field.box;
  box.text = detail::apply_format(field.format, value);
  box.field = field.field_id;
  if (value.empty() && is_card_date(field.binding.source)) {
    warnings.push_back("field " + in_quotes(field.field_id) +
                       ": the birth date on the card could not be read as a date (or is "
                       "before 明治), so the box is left blank for the resident to write");
  } else if (!text_fits(box.text, box.w_mm, box.h_mm, box.min_size_pt)) {
    const auto needed_mm = static_cast<int>(estimated_text_width_mm(box.text, box.min_size_pt));
    warnings.push_back("field " + in_quotes(field.field_id) +
                       ": the text probably does not fit its " +
                       std::to_string(static_cast<int>(box.w_mm)) + " × " +
                       std::to_string(static_cast<int>(box.h_mm)) +
                       " mm box even at the smallest size; it needs about " +
                       std::to_string(needed_mm) + " mm on one line");
  }
  return box;
}

// A grid's cells, the characters in them and the gaps between them, drawn as boxes and text.
std::expected<std::string, std::string> fill_grid(const BoundGrid& grid, const FieldValues& values,
                                                  FilledPage& page) {
  const bool my_number = grid.binding.source == FieldSource::CardMyNumber;
  const std::vector<std::string> characters =
      grid.field_id.empty() ? std::vector<std::string>()
      : my_number           ? values.my_number_digits()
                            : detail::grid_characters(values.value(grid.binding));
  const auto cells = static_cast<std::size_t>(grid.cells);
  if (characters.size() > cells) {
    return std::unexpected("grid " + in_quotes(grid.field_id) + " has " + std::to_string(cells) +
                           " cells and its value " + std::to_string(characters.size()) +
                           " characters, so it cannot be printed in full");
  }
  const std::size_t first =
      grid.align == Align::Right ? cells - characters.size() : 0;  // cell of characters[0]
  const double min_size = std::min(grid.size_pt, 9.0);
  double x = grid.x_mm;
  std::size_t gap = 0;
  std::string printed;
  const auto cell_text = [&](double left, std::string text) {
    LayoutText box;
    box.x_mm = left;
    box.y_mm = grid.y_mm;
    box.w_mm = grid.cell_w_mm;
    box.h_mm = grid.h_mm;
    box.text = std::move(text);
    box.size_pt = grid.size_pt;
    box.min_size_pt = min_size;
    box.align = Align::Center;
    box.bold = grid.bold;
    box.field = grid.field_id;
    page.items.emplace_back(std::move(box));
  };
  for (std::size_t cell = 0; cell < cells; ++cell) {
    page.items.emplace_back(LayoutRect{x, grid.y_mm, grid.cell_w_mm, grid.h_mm, 0.5, -1});
    if (cell >= first && cell - first < characters.size()) {
      const std::string& character = characters[cell - first];
      if (!my_number) printed += character;  // the 個人番号 stays in its cells only
      cell_text(x, character);
    }
    x += grid.cell_w_mm;
    if (gap < grid.gap_after.size() && static_cast<std::size_t>(grid.gap_after[gap]) == cell + 1) {
      cell_text(x, "－");
      x += grid.cell_w_mm;
      ++gap;
    }
  }
  return printed;
}

}  // namespace

std::expected<FilledForm, std::string> fill_form(
    const Procedure& procedure, const ResidentFacts& resident, const Answers& answers,
    const std::string& reception_number, std::chrono::system_clock::time_point when,
    const Office& office, const wiping::WipingString* my_number) {
  if (auto problem = check_unknown_answers(procedure, answers)) return std::unexpected(*problem);
  const text::CivilDate today = text::civil_date_in_japan(when);
  // Prefilled answers in, answers to questions that are not asked out.
  const Answers used =
      answers_to_asked_questions(procedure, prefill_answers(procedure, resident, answers));
  if (auto problem = check_answers(procedure, used, AnswerContext{Language::Ja, today})) {
    return std::unexpected(*problem);
  }
  if (my_number != nullptr && procedure.needs_my_number &&
      (my_number->size() != 12 || !std::all_of(my_number->begin(), my_number->end(),
                                               [](char c) { return c >= '0' && c <= '9'; }))) {
    return std::unexpected("the 個人番号 given for procedure " + in_quotes(procedure.id) +
                           " is not 12 digits");
  }
  FieldValues values(procedure, resident, used, reception_number, today, office, my_number);

  FilledForm form;
  form.title = procedure.form_title;
  std::optional<std::string> problem;
  for (std::size_t p = 0; p < procedure.layout.pages.size() && !problem; ++p) {
    values.set_page(static_cast<int>(p) + 1);
    FilledPage& page = form.pages.emplace_back();
    page.width_mm = procedure.layout.width_mm;
    page.height_mm = procedure.layout.height_mm;
    for (const LayoutTemplateItem& item : procedure.layout.pages[p].items) {
      std::visit(
          Overloaded{
              [&](const BoundText& field) {
                LayoutText box = fill_text(field, values, form.warnings);
                form.field_values[field.field_id] = box.text;
                page.items.emplace_back(std::move(box));
              },
              [&](const BoundCheck& check) {
                LayoutCheck box = check.box;
                box.checked = values.answer(check.binding.question_id) == check.when;
                form.field_values[check.field_id] = box.checked ? kTick : "";
                page.items.emplace_back(box);
              },
              [&](const BoundGrid& grid) {
                auto printed = fill_grid(grid, values, page);
                if (!printed) {
                  problem = printed.error();
                  return;
                }
                // The 個人番号 is in the drawn cells only: field_values go to the
                // outbox's form_json, where it must never be.
                if (!grid.field_id.empty() && grid.binding.source != FieldSource::CardMyNumber) {
                  form.field_values[grid.field_id] = *printed;
                }
              },
              [&](const auto& fixed) { page.items.emplace_back(fixed); },
          },
          item);
    }
  }
  if (problem) return std::unexpected(*problem);
  return form;
}

}  // namespace madoguchi::forms
