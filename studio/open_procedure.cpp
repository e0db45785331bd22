#include "open_procedure.hpp"

#include "layout_edit.hpp"

namespace madoguchi::studio {

namespace {

constexpr std::size_t kMostEdits = 500;  // undo reaches this far back

}  // namespace

std::expected<OpenProcedure, std::string> OpenProcedure::open(const std::filesystem::path& file) {
  auto text = read_text_file(file);
  if (!text) return std::unexpected(text.error());
  // A file with faults opens too (staff open it to fix them), as long as it can be read.
  auto draft = forms::read_procedure_draft(*text, file.string());
  if (!draft.procedure) {
    return std::unexpected(draft.problems.empty() ? file.string() + ": cannot be read"
                                                  : draft.problems.back().to_string());
  }
  OpenProcedure open;
  open.file_ = file;
  open.texts_.push_back(*text);
  open.saved_ = std::move(*text);
  open.procedure_ = std::move(*draft.procedure);
  open.findings_ = std::move(draft.problems);
  return open;
}

std::expected<void, forms::LoadError> OpenProcedure::edit(std::string text) {
  if (text == this->text()) return {};
  auto draft = forms::read_procedure_draft(text, file_.string());
  if (!draft.procedure) {
    return std::unexpected(draft.problems.empty()
                               ? forms::LoadError{file_.string(), "", "cannot be read"}
                               : draft.problems.back());
  }
  texts_.resize(at_ + 1);  // an edit after undo drops what could have been redone
  texts_.push_back(std::move(text));
  if (texts_.size() > kMostEdits) texts_.erase(texts_.begin());
  at_ = texts_.size() - 1;
  procedure_ = std::move(*draft.procedure);
  findings_ = std::move(draft.problems);
  return {};
}

void OpenProcedure::take(std::size_t at) {
  at_ = at;
  // Every text kept was read once already.
  auto draft = forms::read_procedure_draft(texts_[at_], file_.string());
  if (draft.procedure) procedure_ = std::move(*draft.procedure);
  findings_ = std::move(draft.problems);
}

bool OpenProcedure::undo() {
  if (!can_undo()) return false;
  take(at_ - 1);
  return true;
}

bool OpenProcedure::redo() {
  if (!can_redo()) return false;
  take(at_ + 1);
  return true;
}

std::expected<void, std::vector<std::string>> OpenProcedure::save() {
  auto saved = save_procedure(file_, text());
  if (saved) saved_ = text();
  return saved;
}

}  // namespace madoguchi::studio
