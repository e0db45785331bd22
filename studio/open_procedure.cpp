#include "open_procedure.hpp"

#include <fstream>
#include <sstream>

#include "layout_edit.hpp"

namespace madoguchi::studio {

namespace {

constexpr std::size_t kMostEdits = 500;  // undo reaches this far back

}  // namespace

std::expected<OpenProcedure, std::string> OpenProcedure::open(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(file.string() + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  auto procedure = forms::parse_procedure(text.str(), file.string());
  if (!procedure) return std::unexpected(procedure.error().to_string());
  OpenProcedure open;
  open.file_ = file;
  open.texts_.push_back(text.str());
  open.saved_ = text.str();
  open.procedure_ = std::move(*procedure);
  open.findings_ = forms::lint_procedure(open.saved_, file.string());
  return open;
}

std::expected<void, std::string> OpenProcedure::edit(std::string text) {
  if (text == this->text()) return {};
  auto procedure = forms::parse_procedure(text, file_.string());
  if (!procedure) return std::unexpected(procedure.error().to_string());
  texts_.resize(at_ + 1);  // an edit after undo drops what could have been redone
  texts_.push_back(std::move(text));
  if (texts_.size() > kMostEdits) texts_.erase(texts_.begin());
  at_ = texts_.size() - 1;
  procedure_ = std::move(*procedure);
  findings_ = forms::lint_procedure(texts_[at_], file_.string());
  return {};
}

void OpenProcedure::take(std::size_t at) {
  at_ = at;
  // Every text kept was read once already.
  if (auto procedure = forms::parse_procedure(texts_[at_], file_.string())) {
    procedure_ = std::move(*procedure);
  }
  findings_ = forms::lint_procedure(texts_[at_], file_.string());
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
