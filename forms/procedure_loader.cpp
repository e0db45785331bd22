// Reading procedure files: the top level, the checks across the whole file and the lint. The
// questions are read by question_reader.cpp, the fee by fee_reader.cpp, the layout by
// layout_loader.cpp.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <variant>

#include "fee_reader.hpp"
#include "json_reader.hpp"
#include "layout_loader.hpp"
#include "madoguchi/forms/offers.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/forms/text_fit.hpp"
#include "offer_reader.hpp"
#include "question_reader.hpp"
#include "values.hpp"

namespace madoguchi::forms {

namespace {

using detail::in_quotes;
using detail::JsonObject;
using detail::kind_name;
using detail::Source;

using detail::read_fee;
using detail::read_id;
using detail::read_questions;

constexpr std::uintmax_t kLargestFileBytes = 1024 * 1024;

// An answer that never reaches the paper would be lost: every question must be printed.
void require_every_answer_printed(const JsonObject& top, const Procedure& procedure) {
  for (std::size_t i = 0; i < procedure.questions.size(); ++i) {
    const std::string& id = procedure.questions[i].id;
    const auto prints_it = [&id](const LayoutTemplateItem& item) {
      return std::visit(
          [&id](const auto& element) {
            using Element = std::decay_t<decltype(element)>;
            if constexpr (std::is_same_v<Element, BoundText> ||
                          std::is_same_v<Element, BoundCheck> ||
                          std::is_same_v<Element, BoundGrid>) {
              return element.binding.question_id == id;
            } else {
              return false;
            }
          },
          item);
    };
    const bool printed = std::any_of(
        procedure.layout.pages.begin(), procedure.layout.pages.end(), [&](const LayoutPage& page) {
          return std::any_of(page.items.begin(), page.items.end(), prints_it);
        });
    if (!printed) {
      top.source().fail(detail::pointer_join(top.pointer_to("questions"), i),
                        "the answer to this question is not printed anywhere: add a field "
                        "bound to \"answer." +
                            id + "\" (or check boxes) to the layout");
    }
  }
}

int read_format_version(const JsonObject& top) {
  const detail::Json& version = top.required("format_version");
  const std::string readable = "1 to " + std::to_string(kProcedureFormatVersion);
  if (!version.is_number_integer()) {
    top.fail_at("format_version", "must be the whole number " + readable);
  }
  const auto number = version.get<long long>();
  if (number < kOldestProcedureFormatVersion || number > kProcedureFormatVersion) {
    top.fail_at("format_version", "this kiosk reads format versions " + readable +
                                      " only, and this file says " + std::to_string(number));
  }
  return static_cast<int>(number);
}

std::set<Applicant> read_applicants(const JsonObject& top) {
  const std::string pointer = top.pointer_to("who_may_apply");
  const auto& items = detail::as_array(top.required("who_may_apply"), pointer, top.source());
  if (items.empty()) top.fail_at("who_may_apply", "name at least one: 本人, 同一世帯, 代理人");
  std::set<Applicant> applicants;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item_pointer = detail::pointer_join(pointer, i);
    const std::string name = items[i].is_string() ? items[i].get<std::string>() : std::string();
    Applicant applicant = Applicant::Self;
    if (name == "本人") {
      applicant = Applicant::Self;
    } else if (name == "同一世帯") {
      applicant = Applicant::SameHousehold;
    } else if (name == "代理人") {
      applicant = Applicant::Agent;
    } else {
      top.source().fail(item_pointer, "must be \"本人\", \"同一世帯\" or \"代理人\"");
    }
    if (!applicants.insert(applicant).second) {
      top.source().fail(item_pointer, in_quotes(name) + " is listed twice");
    }
  }
  return applicants;
}

std::vector<Texts> read_what_to_bring(const JsonObject& top) {
  std::vector<Texts> items;
  if (!top.has("what_to_bring")) return items;
  const std::string pointer = top.pointer_to("what_to_bring");
  const auto& list = detail::as_array(top.required("what_to_bring"), pointer, top.source());
  for (std::size_t i = 0; i < list.size(); ++i) {
    items.push_back(detail::read_texts(list[i], detail::pointer_join(pointer, i), top.source()));
  }
  return items;
}

ProcedureGroup read_group(const JsonObject& top) {
  const std::string name = top.required_text("group");
  std::vector<std::string> names;
  for (int i = 0; i < kProcedureGroupCount; ++i) {
    const auto group = static_cast<ProcedureGroup>(i);
    if (name == group_name(group)) return group;
    names.emplace_back(group_name(group));
  }
  std::string message = "unknown group " + in_quotes(name);
  if (const std::string guess = detail::closest_match(name, names); !guess.empty()) {
    message += " (did you mean " + in_quotes(guess) + "?)";
  }
  top.fail_at("group", message + "; use one of: " + detail::join(names) +
                           " (証明書がほしい, 引っ越し・住所, 子育て・妊娠, 介護・お年寄り, 災害)");
}

Procedure read_procedure(const detail::Json& root, Source& source) {
  const JsonObject top(root, "", source, "a procedure");
  // The version first: a file written for a newer kiosk may have keys this one does not know.
  source.format_version = read_format_version(top);
  Procedure procedure;
  procedure.format_version = source.format_version;
  procedure.file = source.file();
  if (source.format_version >= 3) {
    top.allow_only({"format_version", "id", "title", "form_title", "department", "description",
                    "who_may_apply", "who_may_apply_note", "needs_my_number", "needs_signature",
                    "hand_in", "what_to_bring", "fee", "questions", "layout", "group", "order",
                    "offered_after"});
    procedure.group = read_group(top);
    procedure.order = top.has("order") ? top.required_whole_number("order") : 100;
    if (procedure.order < 1 || procedure.order > 999) {
      top.fail_at("order", "must be a whole number from 1 to 999 (lower comes first)");
    }
  } else if (source.format_version >= 2) {
    top.allow_only({"format_version", "id", "title", "form_title", "department", "description",
                    "who_may_apply", "who_may_apply_note", "needs_my_number", "needs_signature",
                    "hand_in", "what_to_bring", "fee", "questions", "layout"});
  } else {
    top.allow_only({"format_version", "id", "title", "form_title", "department", "description",
                    "who_may_apply", "needs_my_number", "fee", "questions", "layout"});
  }
  procedure.id = read_id(top);
  procedure.titles = top.required_texts("title");
  procedure.title = procedure.titles.ja;
  procedure.form_title = top.required_text("form_title");
  procedure.department = top.required_text("department");
  procedure.descriptions = top.optional_texts("description");
  procedure.description = procedure.descriptions.ja;
  if (source.format_version >= 2) {
    procedure.applicants = read_applicants(top);
    procedure.who_may_apply_texts = top.optional_texts("who_may_apply_note");
    procedure.needs_signature = top.optional_bool("needs_signature", false);
    const std::string hand_in = top.optional_text("hand_in", "paper");
    if (hand_in == "paper") {
      procedure.hand_in = HandIn::Paper;
    } else if (hand_in == "signed") {
      procedure.hand_in = HandIn::Signed;
    } else if (hand_in == "either") {
      procedure.hand_in = HandIn::Either;
    } else {
      top.fail_at("hand_in",
                  "must be \"paper\" (printed, handed in at the counter), \"signed\" (signed with "
                  "the card and sent) or \"either\" (the resident chooses)");
    }
    procedure.what_to_bring = read_what_to_bring(top);
  } else {
    procedure.who_may_apply_texts = top.optional_texts("who_may_apply");
  }
  procedure.who_may_apply = procedure.who_may_apply_texts.ja;
  procedure.needs_my_number = top.optional_bool("needs_my_number", false);
  procedure.questions = read_questions(top);
  procedure.fee = read_fee(top, procedure.questions);
  procedure.layout =
      detail::read_layout(top.required("layout"), top.pointer_to("layout"), source, procedure);
  require_every_answer_printed(top, procedure);
  if (source.format_version >= 3 && top.has("offered_after")) {
    procedure.offered_after = detail::read_offer_rule(top, procedure.id);
  }
  return procedure;
}

// --- lint ------------------------------------------------------------------------------

void lint_translations(const Source& source, std::vector<LoadError>& problems) {
  for (const Language language : kLanguages) {
    if (language == Language::Ja) continue;
    const auto first =
        std::find_if(source.texts().begin(), source.texts().end(), [&](const auto& text) {
          return text.second.has(language) && text.first.find("/messages/") == std::string::npos;
        });
    if (first == source.texts().end()) continue;
    for (const auto& [pointer, texts] : source.texts()) {
      // A message without the language falls back to the kiosk's own in that language.
      if (texts.has(language) || pointer.find("/messages/") != std::string::npos) continue;
      problems.push_back(LoadError{
          source.file(), pointer,
          "has no " + in_quotes(language_code(language)) + " text, while other texts of this " +
              "file have one (the first at " + first->first + "): add it, so that a resident " +
              "reading " + std::string(language_code(language)) + " is not shown Japanese here"});
    }
  }
}

void lint_text_field(const Source& source, const Procedure& procedure,
                     const LayoutTemplateItem& item, const std::string& pointer,
                     std::vector<LoadError>& problems);

// Kana and text answers: the longest one allowed must fit the fields that print it.
void lint_text_fields(const Source& source, const Procedure& procedure,
                      std::vector<LoadError>& problems) {
  for (const LayoutPage& page : procedure.layout.pages) {
    for (std::size_t i = 0; i < page.items.size(); ++i) {
      lint_text_field(source, procedure, page.items[i], detail::pointer_join(page.items_pointer, i),
                      problems);
    }
  }
}

void lint_text_field(const Source& source, const Procedure& procedure,
                     const LayoutTemplateItem& item, const std::string& pointer,
                     std::vector<LoadError>& problems) {
  const auto* field = std::get_if<BoundText>(&item);
  if (field == nullptr || field->binding.question_id.empty()) return;
  const Question* question = procedure.find_question(field->binding.question_id);
  if (question == nullptr || question->max_length <= 0) return;
  std::string longest;
  for (int n = 0; n < question->max_length; ++n) {
    longest += question->kind == QuestionKind::KanaText ? "ア" : "あ";
  }
  const std::string text = detail::apply_format(field->format, longest);
  if (text_fits(text, field->box.w_mm, field->box.h_mm, field->box.min_size_pt)) return;
  problems.push_back(LoadError{source.file(), pointer,
                               "an answer of " + std::to_string(question->max_length) +
                                   " characters (max_length of " + in_quotes(question->id) +
                                   ") does not fit this box even at " +
                                   detail::format_mm(field->box.min_size_pt) +
                                   " pt: make the box wider or taller, or max_length smaller"});
}

}  // namespace

std::string LoadError::to_string() const {
  std::string text = file;
  if (!pointer.empty()) {
    text += ": " + pointer;
  } else if (line > 0) {
    text += ": line " + std::to_string(line) + ", column " + std::to_string(column);
  }
  return text + ": " + message;
}

std::expected<Procedure, LoadError> parse_procedure(std::string_view json_text,
                                                    const std::string& file_name_for_errors) {
  try {
    Source source(file_name_for_errors);
    return read_procedure(detail::parse_json(json_text, source), source);
  } catch (const detail::LoadFailure& failure) {
    return std::unexpected(failure.error);
  } catch (const std::exception& e) {
    return std::unexpected(
        LoadError{file_name_for_errors, "", std::string("could not read the file: ") + e.what()});
  } catch (...) {
    return std::unexpected(LoadError{file_name_for_errors, "", "could not read the file"});
  }
}

std::expected<Procedure, LoadError> load_procedure(const std::filesystem::path& file) {
  const std::string name = file.string();
  auto fail = [&name](std::string message) {
    return std::unexpected(LoadError{name, "", std::move(message)});
  };
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  if (error) return fail("cannot read the file: " + error.message());
  if (size > kLargestFileBytes) {
    return fail("the file is larger than 1 MiB; a procedure file is a few kilobytes");
  }
  std::ifstream in(file, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) {
    return fail("cannot read the file");
  }
  return parse_procedure(text, name);
}

ProcedureDraft read_procedure_draft(std::string_view json_text,
                                    const std::string& file_name_for_errors) {
  Source source(file_name_for_errors);
  source.start_linting();
  ProcedureDraft draft;
  try {
    draft.procedure = read_procedure(detail::parse_json(json_text, source), source);
    draft.problems = source.problems();
    lint_translations(source, draft.problems);
    lint_text_fields(source, *draft.procedure, draft.problems);
  } catch (const detail::LoadFailure& failure) {
    draft.procedure.reset();
    draft.problems = source.problems();
    draft.problems.push_back(failure.error);
  } catch (const std::exception& e) {
    draft.procedure.reset();
    draft.problems = source.problems();
    draft.problems.push_back(
        LoadError{file_name_for_errors, "", std::string("could not read the file: ") + e.what()});
  } catch (...) {
    draft.procedure.reset();
    draft.problems = source.problems();
    draft.problems.push_back(LoadError{file_name_for_errors, "", "could not read the file"});
  }
  return draft;
}

std::vector<LoadError> lint_procedure(std::string_view json_text,
                                      const std::string& file_name_for_errors) {
  return read_procedure_draft(json_text, file_name_for_errors).problems;
}

std::vector<LoadError> lint_procedure_file(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  if (error) return {LoadError{name, "", "cannot read the file: " + error.message()}};
  if (size > kLargestFileBytes) {
    return {
        LoadError{name, "", "the file is larger than 1 MiB; a procedure file is a few kilobytes"}};
  }
  std::ifstream in(file, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) {
    return {LoadError{name, "", "cannot read the file"}};
  }
  return lint_procedure(text, name);
}

namespace {

// What the checks across files (shared answers, offers) need of a procedure: its id, file,
// offer and its questions' ids, kinds, choices and limits (in their places, for the pointers),
// not the questions' words nor the paper.
Procedure checked_across_files(const Procedure& procedure) {
  Procedure kept;
  kept.id = procedure.id;
  kept.file = procedure.file;
  kept.offered_after = procedure.offered_after;
  kept.questions.reserve(procedure.questions.size());
  for (const Question& question : procedure.questions) {
    Question& q = kept.questions.emplace_back();
    q.id = question.id;
    q.kind = question.kind;
    q.min = question.min;
    q.max = question.max;
    q.entry = question.entry;
    q.max_length = question.max_length;
    q.share_as = question.share_as;
    for (const Choice& choice : question.choices) q.choices.emplace_back().id = choice.id;
  }
  return kept;
}

// Every file of the folder as load_catalog describes; each procedure read is handed to `keep`,
// which says what of it the catalogue holds.
Catalog read_catalog(const std::filesystem::path& folder,
                     const std::function<Procedure(Procedure)>& keep) {
  namespace fs = std::filesystem;
  Catalog catalog;
  std::vector<fs::path> files;
  std::error_code error;
  fs::directory_iterator entry(folder, error);
  for (; !error && entry != fs::directory_iterator(); entry.increment(error)) {
    if (entry->path().extension() == ".json") files.push_back(entry->path());
  }
  if (error) {
    catalog.errors.push_back(
        LoadError{folder.string(), "", "cannot read the folder: " + error.message()});
    return catalog;
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string, std::less<>> seen;  // procedure id -> its file
  std::vector<Procedure> across;                         // what the checks across files need
  for (const fs::path& file : files) {
    auto procedure = load_procedure(file);
    if (!procedure) {
      catalog.errors.push_back(std::move(procedure.error()));
      continue;
    }
    const auto [existing, added] = seen.emplace(procedure->id, file.string());
    if (!added) {
      catalog.errors.push_back(LoadError{file.string(), "/id",
                                         "the id " + in_quotes(procedure->id) +
                                             " is already used by " + existing->second +
                                             "; every procedure needs its own id"});
      continue;
    }
    across.push_back(checked_across_files(*procedure));
    catalog.procedures.push_back(keep(std::move(*procedure)));
  }
  // Reported, not refused: an answer the next question would not accept is never carried, an
  // offer that names no procedure is never made.
  for (LoadError& problem : lint_shared_answers(across)) {
    catalog.errors.push_back(std::move(problem));
  }
  for (LoadError& problem : lint_offers(across)) catalog.errors.push_back(std::move(problem));
  return catalog;
}

}  // namespace

Catalog load_catalog(const std::filesystem::path& folder) {
  return read_catalog(folder, [](Procedure procedure) { return procedure; });
}

Catalog load_listings(const std::filesystem::path& folder,
                      const std::function<void(const Procedure&)>& inspect) {
  return read_catalog(folder, [&inspect](Procedure procedure) {
    if (inspect) inspect(procedure);
    return listing_of(std::move(procedure));
  });
}

}  // namespace madoguchi::forms
