#include "sample_resident.hpp"

#include "persona.hpp"

namespace madoguchi::studio {

std::expected<forms::ResidentFacts, std::string> read_sample_resident(
    const std::filesystem::path& persona) {
  auto loaded = card::load_persona(persona);
  if (!loaded) return std::unexpected(loaded.error());
  card::BasicInfo& card = loaded->basic_info;
  return forms::ResidentFacts{std::move(card.name), std::move(card.address),
                              std::move(card.birth_date), std::move(card.sex)};
}

}  // namespace madoguchi::studio
