#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "madoguchi/forms/procedure.hpp"

namespace madoguchi::forms {

Procedure listing_of(Procedure procedure) {
  procedure.questions = {};
  procedure.layout = {};
  procedure.listing_only = true;
  return procedure;
}

std::vector<std::string> documents_to_hand_in(const Procedure& procedure, Language language) {
  std::vector<std::string> documents;
  for (const Texts& document : procedure.what_to_bring) {
    const std::string_view text = document.in(language);
    // Full-width and ASCII brackets both: the translations use either.
    std::size_t explained = std::min(text.find("（"), text.find(" ("));
    if (explained == std::string_view::npos) explained = text.find('(');
    documents.emplace_back(
        explained == 0 || explained == std::string_view::npos ? text : text.substr(0, explained));
  }
  return documents;
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
