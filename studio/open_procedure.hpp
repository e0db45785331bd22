// A procedure file open in the studio: its text as staff have edited it, the procedure read
// from that text, the check's findings on it, and the edits to undo and redo. Every edit is a
// whole new text (layout_edit.hpp writes it), so undo gives back the file byte for byte.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::studio {

class OpenProcedure {
 public:
  static std::expected<OpenProcedure, std::string> open(const std::filesystem::path& file);

  const std::filesystem::path& file() const { return file_; }
  const std::string& text() const { return texts_[at_]; }
  const std::string& saved_text() const { return saved_; }
  // The procedure as the kiosk would read the current text.
  const forms::Procedure& procedure() const { return procedure_; }
  // What the check says of the current text ("/layout/items/3: …"); empty when it passes.
  const std::vector<forms::LoadError>& findings() const { return findings_; }
  bool changed() const { return text() != saved_; }

  // Takes an edited text. Refused, with the finding that says why, when it cannot be read at
  // all (the edit is then not made); a text the check finds faults in (two boxes overlapping
  // half-way through swapping them, a box off the page) is taken, drawn as far as it can be, and
  // its findings shown, as a spreadsheet keeps a cell it marks in red. Saving it is refused until
  // fixed.
  std::expected<void, forms::LoadError> edit(std::string text);
  bool can_undo() const { return at_ > 0; }
  bool can_redo() const { return at_ + 1 < texts_.size(); }
  bool undo();
  bool redo();

  // Writes the current text (layout_edit.hpp's save_procedure): refused with the findings
  // when the check fails.
  std::expected<void, std::vector<std::string>> save();

 private:
  void take(std::size_t at);

  std::filesystem::path file_;
  std::vector<std::string> texts_;  // every text so far; texts_[at_] is shown
  std::size_t at_ = 0;
  std::string saved_;
  forms::Procedure procedure_;
  std::vector<forms::LoadError> findings_;
};

}  // namespace madoguchi::studio
