#include <utility>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {

Procedure listing_of(Procedure procedure) {
  procedure.questions = {};
  procedure.layout = {};
  procedure.listing_only = true;
  return procedure;
}

std::expected<Procedure, std::string> read_whole(const Procedure& listing) {
  auto whole = load_procedure(listing.file);
  if (!whole) return std::unexpected(whole.error().to_string());
  if (whole->id != listing.id) {
    return std::unexpected(listing.file + ": it is now the procedure \"" + whole->id + "\"");
  }
  return std::move(*whole);
}

}  // namespace madoguchi::forms
